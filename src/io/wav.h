// Audio file input and WAV output through libsndfile (http://libsndfile.github.io/libsndfile/).
//
// read_audio_file reads whatever libsndfile reads (WAV PCM and float,
// WAVE_FORMAT_EXTENSIBLE, RF64, AIFF, FLAC, ...) and returns de-interleaved
// float channels in fractions of full scale (SFC_SET_NORM_FLOAT: a 24-bit
// sample s reads as s/2^23). It rejects what would poison an analysis: zero
// channels or frames, rates outside the caller's range, NaN or infinite
// samples. zbench embeds its measurement settings as JSON in the file's
// comment string (SF_STR_COMMENT, a WAV's LIST/INFO/ICMT), so that an offline
// analysis of its own recordings knows the stimulus and R_ref. The header's
// frame count is not trusted for allocation beyond what the file's size
// makes plausible (see frames_plausible in wav.cpp).
//
// Threading: the functions share no state; libsndfile handles are per call.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "dsp/stereo_recording.h"
#include "util/result.h"

namespace zb {

struct AudioFile {
    double sample_rate_hz = 0.0;
    std::vector<std::vector<float>> channels;
    std::string comment;  // the file's comment string, "" if none

    std::size_t frames() const { return channels.empty() ? 0 : channels.front().size(); }
};

struct AudioReadLimits {
    double min_sample_rate_hz = 400.0;
    double max_sample_rate_hz = 384000.0;
    std::size_t max_frames = 384000u * 3600u;  // one hour at 384 kHz
};

Result<AudioFile> read_audio_file(const std::string& path, const AudioReadLimits& limits = {});
// The same on bytes in memory; `name` names them in errors.
Result<AudioFile> read_audio_bytes(std::string_view bytes, const std::string& name, const AudioReadLimits& limits = {});

// A two-channel file read straight into an analysis buffer (no copies).
struct StereoFile {
    StereoRecording recording;
    std::string comment;
};
// `what` says what the two channels are for, for the error when the file has
// another channel count.
Result<StereoFile> read_stereo_file(const std::string& path, const std::string& what, const AudioReadLimits& limits = {});
Result<StereoFile> read_stereo_bytes(std::string_view bytes, const std::string& name, const std::string& what,
                                     const AudioReadLimits& limits = {});

// Writes a 32-bit float WAV (exact for 24-bit data) through libsndfile,
// atomically (io/atomic_file.h); the comment goes in LIST/INFO/ICMT.
Status write_wav_float(const std::string& path, const AudioFile& audio);

}  // namespace zb
