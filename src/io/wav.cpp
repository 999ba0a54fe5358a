#include "io/wav.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <bit>
#include <cerrno>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <functional>
#include <optional>
#include <vector>

#include "io/atomic_file.h"
#include "io/sndfile_library.h"
#include "io/wav_format.h"

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
    // Unlike lseek on a file, so libsndfile refuses a few damaged files here
    // that it reads from disk (our WAV reader, tried first, reads bytes and
    // files alike). Kept: a differential fuzzing run that allowed seeks past
    // the end once hung inside sf_open_virtual (not reproduced since).
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

// Reads exactly n bytes at `offset` (pread: the descriptor's position is untouched).
bool pread_all(int fd, std::uint64_t offset, void* out, std::size_t n) {
    auto* p = static_cast<char*>(out);
    while (n > 0) {
        const ssize_t got = ::pread(fd, p, n, static_cast<off_t>(offset));
        if (got < 0 && errno == EINTR) continue;
        if (got <= 0) return false;
        p += got;
        n -= static_cast<std::size_t>(got);
        offset += static_cast<std::uint64_t>(got);
    }
    return true;
}

// An open audio file, read by our WAV reader or by libsndfile.
struct OpenAudio {
    int channels = 0;
    int sample_rate_hz = 0;
    std::int64_t frames = 0;
    std::string comment;
    std::size_t byte_size = 0;
    // Reads the next `frames` frames (at most), interleaved; returns how many
    // it read (0 at the end or on a read error).
    std::function<std::int64_t(float* out, std::int64_t frames)> read_frames;

    int fd = -1;
    const SndfileLibrary* sndfile = nullptr;
    SNDFILE* sndfile_file = nullptr;
    MemoryFile memory;

    OpenAudio() = default;
    OpenAudio(const OpenAudio&) = delete;
    OpenAudio& operator=(const OpenAudio&) = delete;
    ~OpenAudio() {
        if (sndfile_file) sndfile->close(sndfile_file);
        if (fd >= 0) ::close(fd);
    }
};

// Our reader: the samples of `layout`, block by block through `read_at`.
void use_wav_reader(OpenAudio& f, const WavLayout& layout, WavReadAt read_at) {
    f.channels = static_cast<int>(layout.channels);
    f.sample_rate_hz = static_cast<int>(layout.sample_rate_hz);
    f.frames = static_cast<std::int64_t>(layout.frames);
    f.comment = layout.comment;
    f.read_frames = [layout, read_at = std::move(read_at), next = std::uint64_t{0},
                     raw = std::vector<unsigned char>()](float* out, std::int64_t want) mutable -> std::int64_t {
        const std::size_t frame_bytes = layout.frame_bytes();
        const std::uint64_t n = std::min<std::uint64_t>(static_cast<std::uint64_t>(std::max<std::int64_t>(want, 0)),
                                                        layout.frames - next);
        const std::uint64_t offset = layout.data_offset_bytes + next * frame_bytes;
        if (layout.encoding == WavEncoding::float32 && std::endian::native == std::endian::little) {
            // Already the output's format: one read straight into it.
            if (n == 0 || !read_at(offset, out, static_cast<std::size_t>(n * frame_bytes))) return 0;
            next += n;
            return static_cast<std::int64_t>(n);
        }
        // Other encodings go through a small raw buffer, block by block.
        constexpr std::size_t kBlockBytes = 256 * 1024;
        const std::size_t block_frames = std::max<std::size_t>(1, kBlockBytes / frame_bytes);
        std::uint64_t done = 0;
        while (done < n) {
            const std::size_t k = static_cast<std::size_t>(std::min<std::uint64_t>(block_frames, n - done));
            raw.resize(k * frame_bytes);
            if (!read_at(offset + done * frame_bytes, raw.data(), raw.size())) break;
            decode_wav_samples(raw.data(), k * layout.channels, layout.encoding,
                               out + static_cast<std::size_t>(done) * layout.channels);
            done += k;
        }
        next += done;
        return static_cast<std::int64_t>(done);
    };
}

// The fallback: libsndfile, loaded now if it was not yet.
Status use_sndfile(OpenAudio& f, const AudioSource& source) {
    const std::string& path = source.name;
    std::string why;
    f.sndfile = sndfile_library(&why);
    if (!f.sndfile)
        return make_error(path, ": cannot read audio: this format needs ", kSndfileSoname, " (", why,
                          "); install the Debian package ", kSndfilePackage, " or convert the file to a PCM or float WAV");
    SF_INFO info{};
    if (source.bytes) {
        static SF_VIRTUAL_IO io{mem_length, mem_seek, mem_read, mem_write, mem_tell};
        f.memory.bytes = *source.bytes;
        f.sndfile_file = f.sndfile->open_virtual(&io, SFM_READ, &info, &f.memory);
    } else {
        f.sndfile_file = f.sndfile->open_fd(f.fd, SFM_READ, &info, SF_FALSE);
    }
    if (!f.sndfile_file) {
        std::string reason = f.sndfile->strerror(nullptr);
        std::replace_if(reason.begin(), reason.end(), [](char c) { return c == '\n' || c == '\r'; }, ' ');
        return make_error(path, ": cannot read audio (", reason, "); expected a WAV file");
    }
    f.sndfile->command(f.sndfile_file, SFC_SET_NORM_FLOAT, nullptr, SF_TRUE);
    f.channels = info.channels;
    f.sample_rate_hz = info.samplerate;
    f.frames = info.frames;
    if (const char* c = f.sndfile->get_string(f.sndfile_file, SF_STR_COMMENT)) f.comment = c;
    f.read_frames = [lib = f.sndfile, file = f.sndfile_file](float* out, std::int64_t want) -> std::int64_t {
        const sf_count_t got = lib->readf_float(file, out, want);
        return got > 0 ? got : 0;
    };
    return {};
}

// Opens and validates the header: channels, length, rate.
Status open_audio(const AudioSource& source, const AudioReadLimits& limits, OpenAudio& f) {
    const std::string& path = source.name;
    std::optional<WavLayout> layout;
    if (source.bytes) {
        const std::string_view bytes = *source.bytes;
        f.byte_size = bytes.size();
        WavReadAt read_at = [bytes](std::uint64_t offset, void* out, std::size_t n) {
            if (offset > bytes.size() || n > bytes.size() - offset) return false;
            std::memcpy(out, bytes.data() + offset, n);
            return true;
        };
        layout = parse_wav_layout(read_at, bytes.size());
        if (layout) use_wav_reader(f, *layout, std::move(read_at));
    } else {
        std::error_code ec;
        if (!std::filesystem::is_regular_file(path, ec))
            return make_error(path, std::filesystem::exists(path, ec) ? ": not a regular file; expected a WAV file"
                                                                      : ": no such file; expected a WAV file");
        f.fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
        if (f.fd < 0) return make_error(path, ": cannot read audio (", std::strerror(errno), "); expected a WAV file");
        struct stat st {};
        f.byte_size = ::fstat(f.fd, &st) == 0 && st.st_size > 0 ? static_cast<std::size_t>(st.st_size) : 0;
        WavReadAt read_at = [fd = f.fd, size = f.byte_size](std::uint64_t offset, void* out, std::size_t n) {
            if (offset > size || n > size - offset) return false;
            return pread_all(fd, offset, out, n);
        };
        layout = parse_wav_layout(read_at, f.byte_size);
        if (layout) use_wav_reader(f, *layout, std::move(read_at));
    }
    if (!layout)
        if (auto st = use_sndfile(f, source); !st) return st;
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
// make us allocate gigabytes. Always true for the files our WAV reader reads.
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

Result<StereoFile> read_stereo(const AudioSource& source, const std::string& what, const AudioReadLimits& limits) {
    const std::string& path = source.name;
    OpenAudio f;
    if (auto st = open_audio(source, limits, f); !st) return st.error();
    if (f.channels != 2) return make_error(path, ": has ", f.channels, " channel", f.channels == 1 ? "" : "s", "; ", what);
    if (frames_plausible(f)) {
        // The fast path: decode straight into the analysis buffer (no copy).
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
    const auto bytes = encode_wav_float(audio.channels, static_cast<std::uint32_t>(rate_hz), audio.comment,
                                        static_cast<std::uint32_t>(std::time(nullptr)));
    if (!bytes) return make_error(path, ": too long for a WAV file (over 4 GiB); record less");
    return write_file_atomic(path, *bytes);
}

}  // namespace zb
