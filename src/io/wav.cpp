#include "io/wav.h"

#include <sndfile.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <filesystem>

#include "io/atomic_file.h"

namespace zb {

namespace {

// libsndfile's virtual I/O on bytes in memory (read-only).
struct MemoryFile {
    std::string_view bytes;
    sf_count_t pos = 0;
};

sf_count_t mem_length(void* user) { return static_cast<sf_count_t>(static_cast<MemoryFile*>(user)->bytes.size()); }
sf_count_t mem_tell(void* user) { return static_cast<MemoryFile*>(user)->pos; }
sf_count_t mem_seek(sf_count_t offset, int whence, void* user) {
    auto* m = static_cast<MemoryFile*>(user);
    const auto size = static_cast<sf_count_t>(m->bytes.size());
    sf_count_t base = 0;
    if (whence == SEEK_CUR) base = m->pos;
    else if (whence == SEEK_END) base = size;
    else if (whence != SEEK_SET) return -1;
    // Refuse positions outside [0, size] (and offsets that would overflow).
    if (offset < -base || offset > size - base) return -1;
    m->pos = base + offset;
    return m->pos;
}
sf_count_t mem_read(void* ptr, sf_count_t count, void* user) {
    auto* m = static_cast<MemoryFile*>(user);
    const auto size = static_cast<sf_count_t>(m->bytes.size());
    if (count <= 0 || m->pos >= size) return 0;
    const sf_count_t n = std::min(count, size - m->pos);
    std::memcpy(ptr, m->bytes.data() + m->pos, static_cast<std::size_t>(n));
    m->pos += n;
    return n;
}
sf_count_t mem_write(const void*, sf_count_t, void*) { return 0; }

// Where the bytes come from: a file (path) or memory (bytes, named `name`).
struct AudioSource {
    const std::string& name;
    const std::string_view* bytes = nullptr;  // null: read the file `name`
};

struct SndFile {
    SNDFILE* file = nullptr;
    SF_INFO info{};
    MemoryFile memory;
    std::size_t byte_size = 0;
    ~SndFile() {
        if (file) sf_close(file);
    }
};

// Opens and validates the header: channels, length, rate.
Status open_audio(const AudioSource& source, const AudioReadLimits& limits, SndFile& f) {
    const std::string& path = source.name;
    if (source.bytes) {
        static SF_VIRTUAL_IO io{mem_length, mem_seek, mem_read, mem_write, mem_tell};
        f.memory.bytes = *source.bytes;
        f.byte_size = source.bytes->size();
        f.file = sf_open_virtual(&io, SFM_READ, &f.info, &f.memory);
    } else {
        std::error_code ec;
        if (!std::filesystem::is_regular_file(path, ec))
            return make_error(path, std::filesystem::exists(path, ec) ? ": not a regular file; expected a WAV file"
                                                                      : ": no such file; expected a WAV file");
        f.byte_size = static_cast<std::size_t>(std::filesystem::file_size(path, ec));
        f.file = sf_open(path.c_str(), SFM_READ, &f.info);
    }
    if (!f.file) {
        std::string why = sf_strerror(nullptr);
        std::replace_if(why.begin(), why.end(), [](char c) { return c == '\n' || c == '\r'; }, ' ');
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

// True when the header's frame count is consistent with the file's size, so
// that a buffer of that many frames can be allocated up front. No codec
// libsndfile reads stores a sample in less than 1/8 byte except lossless or
// lossy compression of near-silence (FLAC, Vorbis, Opus); a file that claims
// more frames than that is read in blocks instead, so a 100-byte file cannot
// make us allocate gigabytes.
bool frames_plausible(const SndFile& f) {
    const auto samples = static_cast<double>(f.info.frames) * f.info.channels;
    return samples <= 8.0 * static_cast<double>(f.byte_size) + 65536.0;
}

// Reads all frames, interleaved, in blocks: never more memory than the data
// actually decoded (plus the vector's growth).
std::vector<float> read_blocks(SndFile& f) {
    const auto channels = static_cast<std::size_t>(f.info.channels);
    constexpr sf_count_t kBlockFrames = 65536;
    std::vector<float> data;
    if (frames_plausible(f)) data.reserve(static_cast<std::size_t>(f.info.frames) * channels);
    sf_count_t total = 0;
    while (total < f.info.frames) {
        const sf_count_t want = std::min(kBlockFrames, f.info.frames - total);
        data.resize(static_cast<std::size_t>(total + want) * channels);
        const sf_count_t got = sf_readf_float(f.file, data.data() + static_cast<std::size_t>(total) * channels, want);
        if (got <= 0) break;
        total += got;
        if (got < want) break;
    }
    data.resize(static_cast<std::size_t>(total) * channels);
    return data;
}

Status check_finite(const std::string& path, const float* p, std::size_t frames, std::size_t channels) {
    // A branch-free pass first (it vectorises: ~10x faster than stopping at
    // the first bad sample), then a search only when something is wrong.
    // A float is inf or NaN exactly when its exponent bits are all ones.
    const std::size_t count = frames * channels;
    std::uint32_t any_bad = 0;
    for (std::size_t i = 0; i < count; ++i) {
        std::uint32_t bits;
        std::memcpy(&bits, p + i, sizeof bits);
        any_bad |= static_cast<std::uint32_t>((bits & 0x7f800000u) == 0x7f800000u);
    }
    if (!any_bad) return {};
    for (std::size_t i = 0; i < count; ++i)
        if (!std::isfinite(p[i]))
            return make_error(path, ": sample ", i / channels, " of channel ", i % channels + 1,
                              " is not a finite number; the file is corrupt");
    return {};
}

std::string comment_of(SndFile& f) {
    const char* c = sf_get_string(f.file, SF_STR_COMMENT);
    return c ? std::string(c) : std::string();
}

Result<StereoFile> read_stereo(const AudioSource& source, const std::string& what, const AudioReadLimits& limits) {
    const std::string& path = source.name;
    SndFile f;
    if (auto st = open_audio(source, limits, f); !st) return st.error();
    if (f.info.channels != 2)
        return make_error(path, ": has ", f.info.channels, " channel", f.info.channels == 1 ? "" : "s", "; ", what);
    std::string comment = comment_of(f);
    if (frames_plausible(f)) {
        // The fast path: decode straight into the analysis buffer (no copy).
        StereoFile out{StereoRecording(static_cast<std::size_t>(f.info.frames), f.info.samplerate), std::move(comment)};
        const sf_count_t got = sf_readf_float(f.file, out.recording.interleaved(), f.info.frames);
        if (got <= 0) return make_error(path, ": audio data could not be read (truncated or corrupt file)");
        out.recording.truncate(static_cast<std::size_t>(got));
        if (auto st = check_finite(path, out.recording.interleaved(), static_cast<std::size_t>(got), 2); !st) return st.error();
        return out;
    }
    const std::vector<float> data = read_blocks(f);
    const std::size_t frames = data.size() / 2;
    if (frames == 0) return make_error(path, ": audio data could not be read (truncated or corrupt file)");
    if (auto st = check_finite(path, data.data(), frames, 2); !st) return st.error();
    StereoFile out{StereoRecording(frames, f.info.samplerate), std::move(comment)};
    std::copy(data.begin(), data.end(), out.recording.interleaved());
    return out;
}

Result<AudioFile> read_audio(const AudioSource& source, const AudioReadLimits& limits) {
    const std::string& path = source.name;
    SndFile f;
    if (auto st = open_audio(source, limits, f); !st) return st.error();
    const auto channels = static_cast<std::size_t>(f.info.channels);
    const std::vector<float> interleaved = read_blocks(f);
    const std::size_t frames = interleaved.size() / channels;
    if (frames == 0) return make_error(path, ": audio data could not be read (truncated or corrupt file)");
    if (auto st = check_finite(path, interleaved.data(), frames, channels); !st) return st.error();

    AudioFile audio;
    audio.sample_rate_hz = f.info.samplerate;
    audio.channels.assign(channels, std::vector<float>(frames));
    for (std::size_t i = 0; i < frames; ++i)
        for (std::size_t c = 0; c < channels; ++c) audio.channels[c][i] = interleaved[i * channels + c];
    audio.comment = comment_of(f);
    return audio;
}

}  // namespace

Result<StereoFile> read_stereo_file(const std::string& path, const std::string& what, const AudioReadLimits& limits) {
    return read_stereo(AudioSource{path}, what, limits);
}

Result<StereoFile> read_stereo_bytes(std::string_view bytes, const std::string& name, const std::string& what,
                                     const AudioReadLimits& limits) {
    return read_stereo(AudioSource{name, &bytes}, what, limits);
}

Result<AudioFile> read_audio_file(const std::string& path, const AudioReadLimits& limits) {
    return read_audio(AudioSource{path}, limits);
}

Result<AudioFile> read_audio_bytes(std::string_view bytes, const std::string& name, const AudioReadLimits& limits) {
    return read_audio(AudioSource{name, &bytes}, limits);
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
