// RIFF/WAVE files read and written without libsndfile.
//
// The reader understands the layouts that libsndfile writes and that
// recorders commonly produce: a RIFF/WAVE file with one `fmt ` chunk
// (WAVE_FORMAT_PCM 16/24/32-bit, WAVE_FORMAT_IEEE_FLOAT 32/64-bit, or
// WAVE_FORMAT_EXTENSIBLE with the PCM or IEEE-float subformat and all bits
// valid), any channel count up to 256, one `data` chunk, and optionally
// `fact`, `PEAK`, `LIST`/`INFO` (whose ICMT is the comment), `JUNK` and
// `PAD ` chunks. It reads them exactly as libsndfile 1.2 does: the same
// frame count (a data chunk running past the end of the file is cut at
// the end, as libsndfile does), the same comment (ICMT up to its first NUL;
// libsndfile ignores an ICMT of 2048 bytes or more, so such a file is left
// to it) and bit-identical samples with SFC_SET_NORM_FLOAT: int16/2^15,
// int24/2^23, int32 rounded to float then /2^31, float as is, double
// rounded to float. Anything else (other chunks, odd chunk sizes, a second
// fmt or data chunk, RIFX, RF64, 8-bit, compressed formats, AIFF, FLAC...)
// gives std::nullopt, and the caller hands the file to libsndfile
// (io/sndfile_library.h), which then decides and words any error.
//
// Every read is bounds-checked through ReadAt: a header can claim anything,
// and nothing is allocated from its sizes beyond what the file holds.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace zb {

enum class WavEncoding { pcm16, pcm24, pcm32, float32, float64 };

std::size_t bytes_per_sample(WavEncoding encoding);

struct WavLayout {
    WavEncoding encoding = WavEncoding::float32;
    std::uint32_t channels = 0;
    std::uint32_t sample_rate_hz = 0;
    std::uint64_t data_offset_bytes = 0;  // from the start of the file
    std::uint64_t frames = 0;
    std::string comment;  // "" if none

    std::size_t frame_bytes() const { return channels * bytes_per_sample(encoding); }
};

// Copies the file's bytes [offset, offset + n) to `out`; false when they are
// not all in the file (or cannot be read).
using WavReadAt = std::function<bool(std::uint64_t offset, void* out, std::size_t n)>;

// The layout of a WAV file this reader handles, or std::nullopt for libsndfile.
std::optional<WavLayout> parse_wav_layout(const WavReadAt& read_at, std::uint64_t file_bytes);

// Converts `samples` little-endian samples to floats in fractions of full
// scale, bit for bit as libsndfile's sf_readf_float with SFC_SET_NORM_FLOAT.
void decode_wav_samples(const unsigned char* raw, std::size_t samples, WavEncoding encoding, float* out);

// A 32-bit float WAV file laid out as libsndfile writes one (SF_FORMAT_WAV |
// SF_FORMAT_FLOAT): fmt (IEEE float), fact, LIST/INFO/ICMT when the comment
// is not empty, PEAK (per-channel peak and its first frame, stamped with
// `peak_timestamp`, seconds since 1970) and data. The comment ends at its
// first NUL, as a C string would. Channels of equal length; std::nullopt
// when the file would exceed the 4 GiB a RIFF size can describe.
std::optional<std::string> encode_wav_float(const std::vector<std::vector<float>>& channels, std::uint32_t sample_rate_hz,
                                            std::string_view comment, std::uint32_t peak_timestamp);

}  // namespace zb
