#!/usr/bin/env python3
"""Writes the small WAV files the fuzz seed corpus and the bad-input corpus
use (tests/fuzz/corpus/wav/, tests/data/bad/). Committed output; re-run only
to change them: python3 tests/data/make_wav_fixtures.py"""
import math
import os
import struct

HERE = os.path.dirname(os.path.abspath(__file__))


def chunk(tag, payload):
    pad = b"\0" if len(payload) % 2 else b""
    return tag + struct.pack("<I", len(payload)) + payload + pad


def wav(channels, rate, frames, fmt="pcm16", comment=None, samples=None, data_size=None):
    """A RIFF WAVE file; `samples(i, c)` gives sample values in [-1, 1]."""
    bits, tag = {"pcm16": (16, 1), "pcm24": (24, 1), "float": (32, 3), "ext16": (16, 0xFFFE)}[fmt]
    if samples is None:
        samples = lambda i, c: 0.5 * math.sin(2 * math.pi * 1000 * i / rate + c)
    data = bytearray()
    for i in range(frames):
        for c in range(channels):
            v = samples(i, c)
            if fmt == "float":
                data += struct.pack("<f", v)
            elif fmt == "pcm24":
                data += struct.pack("<i", max(-(1 << 23), min((1 << 23) - 1, int(v * (1 << 23)))))[:3]
            else:
                data += struct.pack("<h", max(-32768, min(32767, int(v * 32767))))
    block = channels * bits // 8
    fmt_payload = struct.pack("<HHIIHH", tag, channels, rate, rate * block, block, bits)
    if fmt == "ext16":
        sub = b"\x01\x00\x00\x00\x00\x00\x10\x00\x80\x00\x00\xaa\x00\x38\x9b\x71"
        fmt_payload += struct.pack("<HHI", 22, bits, 3 if channels == 2 else 4) + sub
    body = b"WAVE" + chunk(b"fmt ", fmt_payload)
    if fmt == "float":
        body += chunk(b"fact", struct.pack("<I", frames))
    size = len(data) if data_size is None else data_size
    body += b"data" + struct.pack("<I", size) + bytes(data) + (b"\0" if len(data) % 2 else b"")
    if comment is not None:
        body += chunk(b"LIST", b"INFO" + chunk(b"ICMT", comment.encode() + b"\0"))
    return b"RIFF" + struct.pack("<I", len(body)) + body


def write(path, data):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data)


def flac_header_only(rate, channels, total_samples):
    """A FLAC stream with a STREAMINFO block claiming `total_samples` frames
    and no audio frames at all (a header that lies about the length)."""
    bits = (rate << 44) | ((channels - 1) << 41) | (15 << 36) | total_samples  # 20+3+5+36 bits
    info = struct.pack(">HH", 4096, 4096) + b"\0\0\0" + b"\0\0\0" + bits.to_bytes(8, "big") + b"\0" * 16
    return b"fLaC" + bytes([0x80]) + len(info).to_bytes(3, "big") + info


def main():
    seeds = os.path.join(HERE, "..", "fuzz", "corpus", "wav")
    write(os.path.join(seeds, "stereo_48k_pcm16.wav"), wav(2, 48000, 64))
    write(os.path.join(seeds, "stereo_48k_float_comment.wav"),
          wav(2, 48000, 48, "float", comment='{"zbench_recording": 1, "r_ref_ohm": 10}'))
    write(os.path.join(seeds, "stereo_96k_pcm24.wav"), wav(2, 96000, 40, "pcm24"))
    write(os.path.join(seeds, "quad_44k_ext.wav"), wav(4, 44100, 32, "ext16"))
    write(os.path.join(seeds, "mono_8k.wav"), wav(1, 8000, 64))
    write(os.path.join(seeds, "stereo_float_nan.wav"),
          wav(2, 48000, 16, "float", samples=lambda i, c: float("nan") if i == 7 else 0.1))
    write(os.path.join(seeds, "truncated_data.wav"), wav(2, 48000, 32, data_size=1 << 20))

    bad = os.path.join(HERE, "bad")
    write(os.path.join(bad, "mono.wav"), wav(1, 48000, 4800))
    write(os.path.join(bad, "zero_length.wav"), wav(2, 48000, 0))
    write(os.path.join(bad, "rate_8k.wav"), wav(2, 8000, 8000))
    write(os.path.join(bad, "nan_sample.wav"),
          wav(2, 48000, 4800, "float", samples=lambda i, c: float("inf") if i == 100 else 0.1))
    write(os.path.join(bad, "flac_claims_hours.flac"), flac_header_only(48000, 2, 1_000_000_000))


if __name__ == "__main__":
    main()
