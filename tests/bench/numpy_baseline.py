#!/usr/bin/env python3
"""The straightforward numpy/scipy way to get impedance from a two-channel
R_ref recording: full-length FFTs of both channels, H = B/(A-B) per bin,
interpolated onto the same 48-PPO grid zbench writes (10 Hz upward).

Usage: numpy_baseline.py RECORDING.wav R_REF_OHM OUT.txt [FMAX_HZ]
Prints the compute time (everything after the file is read) in ms on stdout
and writes "freq |Z| phase_deg" rows to OUT.txt.
"""
import sys
import time

import numpy as np
from scipy.io import wavfile


def main():
    path, r_ref, out = sys.argv[1], float(sys.argv[2]), sys.argv[3]
    fmax = float(sys.argv[4]) if len(sys.argv) > 4 else 20000.0
    rate, data = wavfile.read(path)

    t0 = time.perf_counter()
    a = data[:, 0].astype(np.float64)
    b = data[:, 1].astype(np.float64)
    A = np.fft.rfft(a)
    B = np.fft.rfft(b)
    z = r_ref * B / (A - B)
    f = np.fft.rfftfreq(len(a), 1.0 / rate)
    k = int(np.floor(48 * np.log2(fmax / 10.0) + 1e-9))
    grid = 10.0 * 2.0 ** (np.arange(k + 1) / 48.0)
    mag = np.interp(grid, f, np.abs(z))
    phase = np.interp(grid, f, np.unwrap(np.angle(z)))
    t1 = time.perf_counter()

    print(f"{(t1 - t0) * 1e3:.3f}")
    np.savetxt(out, np.column_stack([grid, mag, np.degrees(phase)]), fmt="%.6f")


if __name__ == "__main__":
    main()
