#include "io/wav.h"

#include <sndfile.h>

#include <cmath>

#include "io/atomic_file.h"

namespace zb {

namespace {

struct SndFile {
    SNDFILE* file = nullptr;
    SF_INFO info{};
    ~SndFile() {
        if (file) sf_close(file);
    }
};

// Opens and validates the header: channels, length, rate.
Status open_audio(const std::string& path, const AudioReadLimits& limits, SndFile& f) {
    f.file = sf_open(path.c_str(), SFM_READ, &f.info);
    if (!f.file) {
        const std::string why = sf_strerror(nullptr);
        return make_error(path, ": cannot read audio (", why, "); expected a WAV file");
    }
    const SF_INFO& info = f.info;
    if (info.channels <= 0) return make_error(path, ": audio file has no channels");
    if (info.frames <= 0) return make_error(path, ": audio file holds no samples (zero length)");
    if (info.samplerate < limits.min_sample_rate_hz || info.samplerate > limits.max_sample_rate_hz)
        return make_error(path, ": sample rate ", info.samplerate, " Hz is unsupported here; use ",
                          limits.min_sample_rate_hz, " to ", limits.max_sample_rate_hz, " Hz");
    if (static_cast<std::size_t>(info.frames) > limits.max_frames)
        return make_error(path, ": audio file is too long (", info.frames, " frames)");
    sf_command(f.file, SFC_SET_NORM_FLOAT, nullptr, SF_TRUE);
    return {};
}

}  // namespace

Result<StereoFile> read_stereo_file(const std::string& path, const std::string& what, const AudioReadLimits& limits) {
    SndFile f;
    if (auto st = open_audio(path, limits, f); !st) return st.error();
    if (f.info.channels != 2)
        return make_error(path, ": has ", f.info.channels, " channel", f.info.channels == 1 ? "" : "s", "; ", what);
    std::string comment;
    if (const char* c = sf_get_string(f.file, SF_STR_COMMENT)) comment = c;
    StereoFile out{StereoRecording(static_cast<std::size_t>(f.info.frames), f.info.samplerate), std::move(comment)};
    const sf_count_t got = sf_readf_float(f.file, out.recording.interleaved(), f.info.frames);
    if (got <= 0) return make_error(path, ": audio data could not be read (truncated or corrupt file)");
    out.recording.truncate(static_cast<std::size_t>(got));
    const float* p = out.recording.interleaved();
    for (std::size_t i = 0; i < 2 * static_cast<std::size_t>(got); ++i)
        if (!std::isfinite(p[i]))
            return make_error(path, ": sample ", i / 2, " of channel ", i % 2 + 1, " is not a finite number; the file is corrupt");
    return out;
}

Result<AudioFile> read_audio_file(const std::string& path, const AudioReadLimits& limits) {
    SndFile f;
    if (auto st = open_audio(path, limits, f); !st) return st.error();
    SNDFILE* file = f.file;
    const SF_INFO& info = f.info;

    const auto frames = static_cast<std::size_t>(info.frames);
    const auto channels = static_cast<std::size_t>(info.channels);
    std::vector<float> interleaved(frames * channels);
    const sf_count_t got = sf_readf_float(file, interleaved.data(), info.frames);
    if (got <= 0) return make_error(path, ": audio data could not be read (truncated or corrupt file)");

    AudioFile audio;
    audio.sample_rate_hz = info.samplerate;
    audio.channels.assign(channels, std::vector<float>(static_cast<std::size_t>(got)));
    for (std::size_t i = 0; i < static_cast<std::size_t>(got); ++i) {
        for (std::size_t c = 0; c < channels; ++c) {
            const float v = interleaved[i * channels + c];
            if (!std::isfinite(v))
                return make_error(path, ": sample ", i, " of channel ", c + 1, " is not a finite number; the file is corrupt");
            audio.channels[c][i] = v;
        }
    }
    if (const char* comment = sf_get_string(file, SF_STR_COMMENT)) audio.comment = comment;
    return audio;
}

Status write_wav_float(const std::string& path, const AudioFile& audio) {
    if (audio.channels.empty() || audio.frames() == 0) return make_error(path, ": nothing to write");
    return produce_file_atomic(path, [&](const std::string& temp) -> Status {
        SF_INFO info{};
        info.samplerate = static_cast<int>(std::lround(audio.sample_rate_hz));
        info.channels = static_cast<int>(audio.channels.size());
        info.format = SF_FORMAT_WAV | SF_FORMAT_FLOAT;
        SNDFILE* file = sf_open(temp.c_str(), SFM_WRITE, &info);
        if (!file) return make_error(path, ": cannot write WAV (", sf_strerror(nullptr), ")");
        if (!audio.comment.empty()) sf_set_string(file, SF_STR_COMMENT, audio.comment.c_str());
        const std::size_t frames = audio.frames();
        const std::size_t channels = audio.channels.size();
        std::vector<float> interleaved(frames * channels);
        for (std::size_t i = 0; i < frames; ++i)
            for (std::size_t c = 0; c < channels; ++c) interleaved[i * channels + c] = audio.channels[c][i];
        const sf_count_t wrote = sf_writef_float(file, interleaved.data(), static_cast<sf_count_t>(frames));
        const int close_err = sf_close(file);
        if (wrote != static_cast<sf_count_t>(frames) || close_err != 0)
            return make_error(path, ": WAV write failed (disk full?)");
        return {};
    });
}

}  // namespace zb
