#include "io/wav.h"

#include <fcntl.h>
#include <sndfile.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <vector>

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
    // Positions outside [0, size] (and offsets that would overflow) are
    // refused, unlike lseek on a file: a damaged header that makes
    // libsndfile seek past the end is refused here, rather than risking a
    // loop inside sf_open_virtual on bytes that are not there.
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

// libsndfile's last error as one line.
std::string sndfile_error(SNDFILE* file) {
    std::string reason = sf_strerror(file);
    std::replace_if(reason.begin(), reason.end(), [](char c) { return c == '\n' || c == '\r'; }, ' ');
    return reason;
}

// An audio file open for reading, with its header's facts.
struct OpenAudio {
    SNDFILE* file = nullptr;
    MemoryFile memory;
    int channels = 0;
    int sample_rate_hz = 0;
    std::int64_t frames = 0;
    std::string comment;
    std::size_t byte_size = 0;

    OpenAudio() = default;
    OpenAudio(const OpenAudio&) = delete;
    OpenAudio& operator=(const OpenAudio&) = delete;
    ~OpenAudio() {
        if (file) sf_close(file);
    }
    // Reads the next `frames` frames (at most), interleaved; returns how many
    // it read (0 at the end or on a read error).
    std::int64_t read_frames(float* out, std::int64_t want) {
        const sf_count_t got = sf_readf_float(file, out, want);
        return got > 0 ? got : 0;
    }
};

// Opens the file or the bytes and validates the header: channels, length, rate.
Status open_audio(const AudioSource& source, const AudioReadLimits& limits, OpenAudio& f) {
    const std::string& path = source.name;
    SF_INFO info{};
    if (source.bytes) {
        static SF_VIRTUAL_IO io{mem_length, mem_seek, mem_read, mem_write, mem_tell};
        f.memory.bytes = *source.bytes;
        f.byte_size = source.bytes->size();
        f.file = sf_open_virtual(&io, SFM_READ, &info, &f.memory);
    } else {
        std::error_code ec;
        if (!std::filesystem::is_regular_file(path, ec))
            return make_error(path, std::filesystem::exists(path, ec) ? ": not a regular file; expected a WAV file"
                                                                      : ": no such file; expected a WAV file");
        const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
        if (fd < 0) return make_error(path, ": cannot read audio (", std::strerror(errno), "); expected a WAV file");
        struct stat st {};
        f.byte_size = ::fstat(fd, &st) == 0 && st.st_size > 0 ? static_cast<std::size_t>(st.st_size) : 0;
        f.file = sf_open_fd(fd, SFM_READ, &info, SF_TRUE);  // closes fd, also when it fails
    }
    if (!f.file) return make_error(path, ": cannot read audio (", sndfile_error(nullptr), "); expected a WAV file");
    sf_command(f.file, SFC_SET_NORM_FLOAT, nullptr, SF_TRUE);
    f.channels = info.channels;
    f.sample_rate_hz = info.samplerate;
    f.frames = info.frames;
    if (const char* c = sf_get_string(f.file, SF_STR_COMMENT)) f.comment = c;
    if (f.channels <= 0) return make_error(path, ": audio file has no channels");
    if (f.frames <= 0) return make_error(path, ": audio file holds no samples (zero length)");
    if (f.sample_rate_hz < limits.min_sample_rate_hz || f.sample_rate_hz > limits.max_sample_rate_hz)
        return make_error(path, ": sample rate ", f.sample_rate_hz, " Hz is unsupported here; use ",
                          limits.min_sample_rate_hz, " to ", limits.max_sample_rate_hz, " Hz");
    if (static_cast<std::size_t>(f.frames) > limits.max_frames)
        return make_error(path, ": audio file is too long (", f.frames, " frames)");
    return {};
}

// True when the header's frame count is consistent with the file's size, so
// that a buffer of that many frames can be allocated up front. No codec
// libsndfile reads stores a sample in less than 1/8 byte except lossless or
// lossy compression of near-silence (FLAC, Vorbis, Opus); a file that claims
// more frames than that is read in blocks instead, so a 100-byte file cannot
// make us allocate gigabytes.
bool frames_plausible(const OpenAudio& f) {
    const auto samples = static_cast<double>(f.frames) * f.channels;
    return samples <= 8.0 * static_cast<double>(f.byte_size) + 65536.0;
}

// Reads all frames, interleaved, in blocks: never more memory than the data
// actually decoded (plus the vector's growth).
std::vector<float> read_blocks(OpenAudio& f) {
    const auto channels = static_cast<std::size_t>(f.channels);
    constexpr std::int64_t kBlockFrames = 65536;
    std::vector<float> data;
    if (frames_plausible(f)) data.reserve(static_cast<std::size_t>(f.frames) * channels);
    std::int64_t total = 0;
    while (total < f.frames) {
        const std::int64_t want = std::min(kBlockFrames, f.frames - total);
        data.resize(static_cast<std::size_t>(total + want) * channels);
        const std::int64_t got = f.read_frames(data.data() + static_cast<std::size_t>(total) * channels, want);
        if (got <= 0) break;
        total += got;
        if (got < want) break;
    }
    data.resize(static_cast<std::size_t>(total) * channels);
    return data;
}

Status check_finite(const std::string& path, const float* p, std::size_t frames, std::size_t channels) {
    // A branch-free pass first (it vectorises), then a search only when
    // something is wrong. A float is inf or NaN exactly when its exponent
    // bits are all ones.
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

Result<StereoFile> read_stereo(const AudioSource& source, const std::string& what, const AudioReadLimits& limits) {
    const std::string& path = source.name;
    OpenAudio f;
    if (auto st = open_audio(source, limits, f); !st) return st.error();
    if (f.channels != 2) return make_error(path, ": has ", f.channels, " channel", f.channels == 1 ? "" : "s", "; ", what);
    if (frames_plausible(f)) {
        // Decoded straight into the analysis buffer (no copy).
        StereoFile out{StereoRecording(static_cast<std::size_t>(f.frames), f.sample_rate_hz), std::move(f.comment)};
        const std::int64_t got = f.read_frames(out.recording.interleaved(), f.frames);
        if (got <= 0) return make_error(path, ": audio data could not be read (truncated or corrupt file)");
        out.recording.truncate(static_cast<std::size_t>(got));
        if (auto st = check_finite(path, out.recording.interleaved(), static_cast<std::size_t>(got), 2); !st) return st.error();
        return out;
    }
    const std::vector<float> data = read_blocks(f);
    const std::size_t frames = data.size() / 2;
    if (frames == 0) return make_error(path, ": audio data could not be read (truncated or corrupt file)");
    if (auto st = check_finite(path, data.data(), frames, 2); !st) return st.error();
    StereoFile out{StereoRecording(frames, f.sample_rate_hz), std::move(f.comment)};
    std::copy(data.begin(), data.end(), out.recording.interleaved());
    return out;
}

Result<AudioFile> read_audio(const AudioSource& source, const AudioReadLimits& limits) {
    const std::string& path = source.name;
    OpenAudio f;
    if (auto st = open_audio(source, limits, f); !st) return st.error();
    const auto channels = static_cast<std::size_t>(f.channels);
    const std::vector<float> interleaved = read_blocks(f);
    const std::size_t frames = interleaved.size() / channels;
    if (frames == 0) return make_error(path, ": audio data could not be read (truncated or corrupt file)");
    if (auto st = check_finite(path, interleaved.data(), frames, channels); !st) return st.error();

    AudioFile audio;
    audio.sample_rate_hz = f.sample_rate_hz;
    audio.channels.assign(channels, std::vector<float>(frames));
    for (std::size_t i = 0; i < frames; ++i)
        for (std::size_t c = 0; c < channels; ++c) audio.channels[c][i] = interleaved[i * channels + c];
    audio.comment = std::move(f.comment);
    return audio;
}

// Writes `audio` as a 32-bit float WAV at `temp_path`.
Status write_float_wav(const std::string& path, const std::string& temp_path, const AudioFile& audio, int rate_hz) {
    const std::size_t channels = audio.channels.size(), frames = audio.frames();
    SF_INFO info{};
    info.samplerate = rate_hz;
    info.channels = static_cast<int>(channels);
    info.format = SF_FORMAT_WAV | SF_FORMAT_FLOAT;
    SNDFILE* file = sf_open(temp_path.c_str(), SFM_WRITE, &info);
    if (!file) return make_error(path, ": cannot write audio (", sndfile_error(nullptr), ")");
    // The comment goes in the header (LIST/INFO/ICMT), so it is set first.
    if (!audio.comment.empty() && sf_set_string(file, SF_STR_COMMENT, audio.comment.c_str()) != 0) {
        const std::string why = sndfile_error(file);
        sf_close(file);
        return make_error(path, ": cannot store the recording's settings in the file (", why, ")");
    }
    constexpr std::size_t kBlockFrames = 16384;
    std::vector<float> block(kBlockFrames * channels);
    for (std::size_t start = 0; start < frames; start += kBlockFrames) {
        const std::size_t n = std::min(kBlockFrames, frames - start);
        for (std::size_t i = 0; i < n; ++i)
            for (std::size_t c = 0; c < channels; ++c) block[i * channels + c] = audio.channels[c][start + i];
        if (sf_writef_float(file, block.data(), static_cast<sf_count_t>(n)) != static_cast<sf_count_t>(n)) {
            const std::string why = sndfile_error(file);
            sf_close(file);
            return make_error(path, ": cannot write audio (", why, ")");
        }
    }
    if (sf_close(file) != 0) return make_error(path, ": cannot write audio (", sndfile_error(nullptr), ")");
    return {};
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
    for (const auto& channel : audio.channels)
        if (channel.size() != audio.frames()) return make_error(path, ": channels of unequal length; nothing written");
    const double rate_hz = std::round(audio.sample_rate_hz);
    if (!(rate_hz >= 1.0 && rate_hz <= 2147483647.0))
        return make_error(path, ": sample rate ", audio.sample_rate_hz, " Hz cannot be written to a WAV file");
    // A RIFF size field counts at most 4 GiB; leave room for the header and
    // the comment.
    const double data_bytes = 4.0 * static_cast<double>(audio.frames()) * static_cast<double>(audio.channels.size());
    if (data_bytes + static_cast<double>(audio.comment.size()) + 65536.0 > 4294967295.0)
        return make_error(path, ": too long for a WAV file (over 4 GiB); record less");
    return produce_file_atomic(path, [&](const std::string& temp_path) {
        return write_float_wav(path, temp_path, audio, static_cast<int>(rate_hz));
    });
}

}  // namespace zb
