#include "support/sndfile_reference.h"

#include <algorithm>
#include <cstring>
#include <fstream>
#include <limits>
#include <sstream>

namespace zbt {

namespace {

struct Memory {
    const std::string* bytes;
    sf_count_t pos = 0;
};

sf_count_t length(void* user) { return static_cast<sf_count_t>(static_cast<Memory*>(user)->bytes->size()); }
sf_count_t tell(void* user) { return static_cast<Memory*>(user)->pos; }
sf_count_t seek(sf_count_t offset, int whence, void* user) {
    auto* m = static_cast<Memory*>(user);
    const auto size = static_cast<sf_count_t>(m->bytes->size());
    const sf_count_t base = whence == SEEK_CUR ? m->pos : whence == SEEK_END ? size : 0;
    // As lseek: past the end is allowed, so libsndfile decides as on a file.
    if (offset < -base || offset > std::numeric_limits<sf_count_t>::max() - base) return -1;
    m->pos = base + offset;
    return m->pos;
}
sf_count_t read(void* ptr, sf_count_t count, void* user) {
    auto* m = static_cast<Memory*>(user);
    const auto size = static_cast<sf_count_t>(m->bytes->size());
    if (count <= 0 || m->pos >= size) return 0;
    const sf_count_t n = std::min(count, size - m->pos);
    std::memcpy(ptr, m->bytes->data() + m->pos, static_cast<std::size_t>(n));
    m->pos += n;
    return n;
}
sf_count_t write(const void*, sf_count_t, void*) { return 0; }

}  // namespace

SndfileRead sndfile_read(const std::string& bytes) {
    SndfileRead out;
    SF_VIRTUAL_IO io{length, seek, read, write, tell};
    Memory memory{&bytes};
    SF_INFO info{};
    SNDFILE* f = sf_open_virtual(&io, SFM_READ, &info, &memory);
    if (!f) return out;
    out.opened = true;
    sf_command(f, SFC_SET_NORM_FLOAT, nullptr, SF_TRUE);
    out.channels = info.channels;
    out.sample_rate_hz = info.samplerate;
    out.frames = info.frames;
    if (const char* c = sf_get_string(f, SF_STR_COMMENT)) out.comment = c;
    // Block by block, as a header may claim far more frames than it holds.
    std::vector<float> block(4096 * static_cast<std::size_t>(std::max(info.channels, 1)));
    for (sf_count_t total = 0; info.channels > 0 && total < info.frames;) {
        const sf_count_t want = std::min<sf_count_t>(4096, info.frames - total);
        const sf_count_t got = sf_readf_float(f, block.data(), want);
        if (got <= 0) break;
        out.interleaved.insert(out.interleaved.end(), block.begin(), block.begin() + got * info.channels);
        total += got;
        if (got < want) break;
    }
    sf_close(f);
    return out;
}

std::string sndfile_write(const std::string& path, int format, int channels, int sample_rate_hz,
                          const std::vector<int>& ints, const std::vector<double>& doubles, const std::string& comment) {
    SF_INFO info{};
    info.samplerate = sample_rate_hz;
    info.channels = channels;
    info.format = format;
    SNDFILE* f = sf_open(path.c_str(), SFM_WRITE, &info);
    if (!f) return {};
    if (!comment.empty()) sf_set_string(f, SF_STR_COMMENT, comment.c_str());
    if (!ints.empty()) {
        sf_writef_int(f, ints.data(), static_cast<sf_count_t>(ints.size()) / channels);
    } else if ((format & SF_FORMAT_SUBMASK) == SF_FORMAT_FLOAT) {
        // sf_writef_float, as zbench wrote its WAVs: libsndfile's double-to-float
        // path computes the PEAK chunk in blocks that need not hold whole frames.
        const std::vector<float> floats(doubles.begin(), doubles.end());
        sf_writef_float(f, floats.data(), static_cast<sf_count_t>(floats.size()) / channels);
    } else {
        sf_writef_double(f, doubles.data(), static_cast<sf_count_t>(doubles.size()) / channels);
    }
    sf_close(f);
    return read_bytes(path);
}

std::string read_bytes(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

}  // namespace zbt
