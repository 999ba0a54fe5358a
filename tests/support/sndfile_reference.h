// libsndfile as the reference for zbench's own WAV reader and writer
// (io/wav_format.h): what it reads from bytes in memory, and files written
// through it. Only the tests link libsndfile.
#pragma once

#include <sndfile.h>

#include <cstdint>
#include <string>
#include <vector>

namespace zbt {

// What libsndfile reads from `bytes` (sf_open_virtual, SFC_SET_NORM_FLOAT).
struct SndfileRead {
    bool opened = false;
    int channels = 0;
    int sample_rate_hz = 0;
    std::int64_t frames = 0;              // the header's count
    std::vector<float> interleaved;       // what sf_readf_float gave
    std::string comment;
};
SndfileRead sndfile_read(const std::string& bytes);

// Writes interleaved samples through libsndfile (`format` as in SF_INFO) and
// returns the file's bytes. Integer formats take `ints` (sf_writef_int:
// full-scale int32, libsndfile keeps the top bits), float formats `doubles`
// (rounded to float and written with sf_writef_float for SF_FORMAT_FLOAT,
// sf_writef_double otherwise).
std::string sndfile_write(const std::string& path, int format, int channels, int sample_rate_hz,
                          const std::vector<int>& ints, const std::vector<double>& doubles, const std::string& comment);

std::string read_bytes(const std::string& path);

}  // namespace zbt
