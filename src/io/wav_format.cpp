#include "io/wav_format.h"

#include <algorithm>
#include <array>
#include <bit>
#include <cmath>
#include <cstring>

namespace zb {

namespace {

// Chunk identifiers, as the four bytes read as a little-endian word.
constexpr std::uint32_t fourcc(const char (&s)[5]) {
    return static_cast<std::uint32_t>(static_cast<unsigned char>(s[0])) |
           static_cast<std::uint32_t>(static_cast<unsigned char>(s[1])) << 8 |
           static_cast<std::uint32_t>(static_cast<unsigned char>(s[2])) << 16 |
           static_cast<std::uint32_t>(static_cast<unsigned char>(s[3])) << 24;
}

std::uint16_t le16(const unsigned char* p) { return static_cast<std::uint16_t>(p[0] | p[1] << 8); }
std::uint32_t le32(const unsigned char* p) {
    return static_cast<std::uint32_t>(p[0]) | static_cast<std::uint32_t>(p[1]) << 8 |
           static_cast<std::uint32_t>(p[2]) << 16 | static_cast<std::uint32_t>(p[3]) << 24;
}

void put16(std::string& s, std::uint32_t v) {
    s.push_back(static_cast<char>(v & 0xff));
    s.push_back(static_cast<char>((v >> 8) & 0xff));
}
void put32(std::string& s, std::uint32_t v) {
    put16(s, v & 0xffff);
    put16(s, v >> 16);
}
void put_id(std::string& s, const char (&id)[5]) { s.append(id, 4); }

constexpr std::uint16_t kFormatPcm = 0x0001;
constexpr std::uint16_t kFormatFloat = 0x0003;
constexpr std::uint16_t kFormatExtensible = 0xfffe;
// KSDATAFORMAT_SUBTYPE_PCM / _IEEE_FLOAT: the format tag, then this GUID tail.
constexpr std::array<unsigned char, 14> kSubformatGuidTail{0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x80,
                                                           0x00, 0x00, 0xaa, 0x00, 0x38, 0x9b, 0x71};

constexpr std::uint32_t kMaxChannels = 256;
constexpr std::uint32_t kMaxChunks = 1024;         // more is not a file we wrote or met
constexpr std::uint32_t kMaxListBytes = 1u << 20;  // a LIST/INFO chunk we read whole
// libsndfile (wavlike_subchunk_parse) ignores an INFO string of this size or more.
constexpr std::uint32_t kSndfileInfoStringLimit = 2048;

// The INFO subchunks libsndfile 1.2 knows; any other id inside the list is
// left to libsndfile.
bool known_info_id(std::uint32_t id) {
    static constexpr std::array<std::uint32_t, 14> ids{
        fourcc("ISFT"), fourcc("ICOP"), fourcc("IARL"), fourcc("IART"), fourcc("ICMT"), fourcc("ICRD"), fourcc("IENG"),
        fourcc("IGNR"), fourcc("INAM"), fourcc("IPRD"), fourcc("ISBJ"), fourcc("ISRC"), fourcc("IAUT"), fourcc("ITRK")};
    return std::find(ids.begin(), ids.end(), id) != ids.end();
}

// The `fmt ` chunk: the encoding, channel count and rate, or nullopt.
bool parse_fmt(const unsigned char* p, std::uint32_t size, WavLayout& out) {
    if (size < 16) return false;
    std::uint16_t format = le16(p);
    const std::uint32_t channels = le16(p + 2);
    const std::uint32_t rate = le32(p + 4);
    const std::uint32_t block_align = le16(p + 12);
    const std::uint32_t bits = le16(p + 14);
    if (size == 18) {
        if (format == kFormatExtensible || le16(p + 16) != 0) return false;
    } else if (size == 40 && format == kFormatExtensible) {
        const std::uint32_t extra = le16(p + 16), valid_bits = le16(p + 18);
        const std::uint32_t tag = le32(p + 24);
        if (extra != 22 || valid_bits != bits || (tag != kFormatPcm && tag != kFormatFloat)) return false;
        if (!std::equal(kSubformatGuidTail.begin(), kSubformatGuidTail.end(), p + 26)) return false;
        format = static_cast<std::uint16_t>(tag);
    } else if (size != 16 || format == kFormatExtensible) {
        return false;
    }
    if (channels == 0 || channels > kMaxChannels) return false;
    if (rate == 0 || rate > 0x7fffffffu) return false;  // libsndfile holds the rate in an int
    if (format == kFormatPcm && bits == 16) out.encoding = WavEncoding::pcm16;
    else if (format == kFormatPcm && bits == 24) out.encoding = WavEncoding::pcm24;
    else if (format == kFormatPcm && bits == 32) out.encoding = WavEncoding::pcm32;
    else if (format == kFormatFloat && bits == 32) out.encoding = WavEncoding::float32;
    else if (format == kFormatFloat && bits == 64) out.encoding = WavEncoding::float64;
    else return false;
    // libsndfile steps through the data by bits/8 * channels whatever the
    // header's block alignment says; a file where they differ is not ours.
    if (block_align != channels * bits / 8) return false;
    out.channels = channels;
    out.sample_rate_hz = rate;
    return true;
}

// A LIST chunk: only an INFO list of well-formed, known subchunks; sets
// `comment` to its ICMT (up to the first NUL, as libsndfile stores it).
bool parse_info_list(const WavReadAt& read_at, std::uint64_t body, std::uint32_t size, std::string& comment) {
    if (size <= 8 || size > kMaxListBytes) return false;
    std::string list(size, '\0');
    if (!read_at(body, list.data(), size)) return false;
    const auto* p = reinterpret_cast<const unsigned char*>(list.data());
    if (le32(p) != fourcc("INFO")) return false;
    bool have_comment = false;
    for (std::size_t at = 4; at < size;) {
        if (size - at < 8) return false;
        const std::uint32_t id = le32(p + at);
        // libsndfile reads the pad byte as part of the string (in 64 bits
        // here: 0xffffffff plus its pad must not wrap to 0).
        std::uint64_t length = le32(p + at + 4);
        length += length & 1;
        if (!known_info_id(id) || length >= kSndfileInfoStringLimit || length > size - at - 8) return false;
        if (id == fourcc("ICMT")) {
            if (have_comment) return false;
            have_comment = true;
            const char* s = list.data() + at + 8;
            comment.assign(s, std::find(s, s + length, '\0'));
        }
        at += 8 + length;
    }
    return true;
}

}  // namespace

std::size_t bytes_per_sample(WavEncoding encoding) {
    switch (encoding) {
    case WavEncoding::pcm16: return 2;
    case WavEncoding::pcm24: return 3;
    case WavEncoding::pcm32: return 4;
    case WavEncoding::float32: return 4;
    case WavEncoding::float64: return 8;
    }
    return 0;
}

std::optional<WavLayout> parse_wav_layout(const WavReadAt& read_at, std::uint64_t file_bytes) {
    unsigned char head[12];
    if (file_bytes < 12 || !read_at(0, head, 12)) return std::nullopt;
    if (le32(head) != fourcc("RIFF") || le32(head + 8) != fourcc("WAVE")) return std::nullopt;
    // The RIFF size is not used: libsndfile reads chunks to the end of the file.
    WavLayout layout;
    bool have_fmt = false, have_data = false;
    std::uint64_t data_bytes = 0;
    std::uint64_t at = 12;
    for (std::uint32_t chunk = 0;; ++chunk) {
        // libsndfile stops when 4 bytes or fewer are left (e.g. a pad byte).
        if (file_bytes - at <= 4) break;
        if (file_bytes - at < 8 || chunk == kMaxChunks) return std::nullopt;
        unsigned char header[8];
        if (!read_at(at, header, 8)) return std::nullopt;
        const std::uint32_t id = le32(header), size = le32(header + 4);
        const std::uint64_t body = at + 8, left = file_bytes - body;
        if (id == fourcc("data")) {
            // An empty data chunk may be a file that was never closed, which
            // libsndfile repairs: leave it to libsndfile.
            if (have_data || !have_fmt || size == 0) return std::nullopt;
            have_data = true;
            layout.data_offset_bytes = body;
            data_bytes = std::min<std::uint64_t>(size, left);
            // libsndfile refuses WavPack or Ogg data inside a WAV.
            unsigned char magic[4];
            if (data_bytes < 4 || !read_at(body, magic, 4)) return std::nullopt;
            if (le32(magic) == fourcc("wvpk") || le32(magic) == fourcc("OggS")) return std::nullopt;
            if (size >= left) break;  // cut at the end of the file, as libsndfile does
            if ((size & 1) != 0 && left - size > 4) return std::nullopt;  // pad rules differ: libsndfile's call
            at = body + size;
            continue;
        }
        if ((size & 1) != 0 || size > left) return std::nullopt;
        if (id == fourcc("fmt ")) {
            if (have_fmt || size > 40) return std::nullopt;
            unsigned char fmt[40];
            if (!read_at(body, fmt, size) || !parse_fmt(fmt, size, layout)) return std::nullopt;
            have_fmt = true;
        } else if (id == fourcc("fact")) {
            if (size != 4) return std::nullopt;
        } else if (id == fourcc("PEAK")) {
            // libsndfile fails on a PEAK chunk before fmt or of another size.
            if (!have_fmt || size != 8 + 8 * layout.channels) return std::nullopt;
        } else if (id == fourcc("LIST")) {
            if (!parse_info_list(read_at, body, size, layout.comment)) return std::nullopt;
        } else if (id != fourcc("JUNK") && id != fourcc("junk") && id != fourcc("PAD ")) {
            return std::nullopt;
        }
        at = body + size;
    }
    if (!have_data) return std::nullopt;
    layout.frames = data_bytes / layout.frame_bytes();
    return layout;
}

void decode_wav_samples(const unsigned char* raw, std::size_t samples, WavEncoding encoding, float* out) {
    // libsndfile's normalisation factors are powers of two, so multiplying
    // by them is exact and equals its (float)x * factor.
    switch (encoding) {
    case WavEncoding::pcm16:
        for (std::size_t i = 0; i < samples; ++i)
            out[i] = static_cast<float>(static_cast<std::int16_t>(le16(raw + 2 * i))) * (1.0f / 32768.0f);
        break;
    case WavEncoding::pcm24:
        // Left-justified in 32 bits, as libsndfile does, then /2^31 (= /2^23).
        for (std::size_t i = 0; i < samples; ++i) {
            const unsigned char* p = raw + 3 * i;
            const auto v = static_cast<std::int32_t>(static_cast<std::uint32_t>(p[0]) << 8 |
                                                     static_cast<std::uint32_t>(p[1]) << 16 |
                                                     static_cast<std::uint32_t>(p[2]) << 24);
            out[i] = static_cast<float>(v) * (1.0f / 2147483648.0f);
        }
        break;
    case WavEncoding::pcm32:
        for (std::size_t i = 0; i < samples; ++i)
            out[i] = static_cast<float>(static_cast<std::int32_t>(le32(raw + 4 * i))) * (1.0f / 2147483648.0f);
        break;
    case WavEncoding::float32:
        if constexpr (std::endian::native == std::endian::little) {
            std::memcpy(out, raw, samples * sizeof(float));
        } else {
            for (std::size_t i = 0; i < samples; ++i) out[i] = std::bit_cast<float>(le32(raw + 4 * i));
        }
        break;
    case WavEncoding::float64:
        for (std::size_t i = 0; i < samples; ++i) {
            const std::uint64_t bits = le32(raw + 8 * i) | static_cast<std::uint64_t>(le32(raw + 8 * i + 4)) << 32;
            out[i] = static_cast<float>(std::bit_cast<double>(bits));
        }
        break;
    }
}

std::optional<std::string> encode_wav_float(const std::vector<std::vector<float>>& channels, std::uint32_t sample_rate_hz,
                                            std::string_view comment, std::uint32_t peak_timestamp) {
    comment = comment.substr(0, std::min(comment.size(), comment.find('\0')));
    const std::uint64_t count = channels.size();
    const std::uint64_t frames = channels.empty() ? 0 : channels.front().size();
    // ICMT holds the string and its NUL, padded to an even size (libsndfile's layout).
    const std::uint64_t icmt_bytes = comment.empty() ? 0 : (comment.size() + 2) & ~std::uint64_t{1};
    const std::uint64_t list_bytes = comment.empty() ? 0 : 8 + 4 + 8 + icmt_bytes;
    const std::uint64_t peak_bytes = 8 + 8 * count;
    const std::uint64_t data_bytes = frames * count * 4;
    const std::uint64_t riff_bytes = 4 + (8 + 16) + (8 + 4) + list_bytes + (8 + peak_bytes) + 8 + data_bytes;
    if (riff_bytes > 0xffffffffu || count > 0xffffu || frames > 0xffffffffu) return std::nullopt;

    std::string out;
    out.reserve(static_cast<std::size_t>(8 + riff_bytes));
    put_id(out, "RIFF");
    put32(out, static_cast<std::uint32_t>(riff_bytes));
    put_id(out, "WAVE");
    put_id(out, "fmt ");
    put32(out, 16);
    put16(out, kFormatFloat);
    put16(out, static_cast<std::uint32_t>(count));
    put32(out, sample_rate_hz);
    put32(out, static_cast<std::uint32_t>(sample_rate_hz * count * 4));
    put16(out, static_cast<std::uint32_t>(count * 4));
    put16(out, 32);
    put_id(out, "fact");
    put32(out, 4);
    put32(out, static_cast<std::uint32_t>(frames));
    if (!comment.empty()) {
        put_id(out, "LIST");
        put32(out, static_cast<std::uint32_t>(list_bytes - 8));
        put_id(out, "INFO");
        put_id(out, "ICMT");
        put32(out, static_cast<std::uint32_t>(icmt_bytes));
        out.append(comment);
        out.append(icmt_bytes - comment.size(), '\0');
    }
    // PEAK: version 1, time stamp, then per channel the largest magnitude and
    // the first frame where it occurs (0 and 0 for a silent channel).
    put_id(out, "PEAK");
    put32(out, static_cast<std::uint32_t>(peak_bytes));
    put32(out, 1);
    put32(out, peak_timestamp);
    for (const auto& channel : channels) {
        float peak = 0.0f;
        std::uint32_t position = 0;
        for (std::size_t i = 0; i < channel.size(); ++i)
            if (std::fabs(channel[i]) > peak) {
                peak = std::fabs(channel[i]);
                position = static_cast<std::uint32_t>(i);
            }
        put32(out, std::bit_cast<std::uint32_t>(peak));
        put32(out, position);
    }
    put_id(out, "data");
    put32(out, static_cast<std::uint32_t>(data_bytes));
    const std::size_t data_at = out.size();
    out.resize(data_at + static_cast<std::size_t>(data_bytes));
    for (std::size_t c = 0; c < count; ++c) {
        const std::vector<float>& channel = channels[c];
        for (std::size_t i = 0; i < frames; ++i) {
            const std::uint32_t bits = std::bit_cast<std::uint32_t>(channel[i]);
            char* p = out.data() + data_at + 4 * (i * count + c);
            p[0] = static_cast<char>(bits & 0xff);
            p[1] = static_cast<char>((bits >> 8) & 0xff);
            p[2] = static_cast<char>((bits >> 16) & 0xff);
            p[3] = static_cast<char>(bits >> 24);
        }
    }
    return out;
}

}  // namespace zb
