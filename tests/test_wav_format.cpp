// zbench's own WAV reader and writer (io/wav_format.h, io/wav.h) against
// libsndfile, which they replace for WAV files: the same samples bit for bit,
// the same comment, the same frame count and the same accept/refuse decision
// on damaged files; everything else goes to libsndfile (loaded on demand).
#include <catch2/catch.hpp>

#include <algorithm>
#include <climits>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <random>

#include "io/wav.h"
#include "io/wav_format.h"
#include "support/sndfile_reference.h"
#include "support/test_support.h"

using namespace zb;

namespace {

bool has_layout(const std::string& bytes) {
    const WavReadAt read_at = [&](std::uint64_t offset, void* out, std::size_t n) {
        if (offset > bytes.size() || n > bytes.size() - offset) return false;
        std::memcpy(out, bytes.data() + offset, n);
        return true;
    };
    return parse_wav_layout(read_at, bytes.size()).has_value();
}

std::size_t bit_mismatches(const float* a, const float* b, std::size_t n) {
    std::size_t bad = 0;
    for (std::size_t i = 0; i < n; ++i) bad += std::memcmp(a + i, b + i, sizeof(float)) != 0;
    return bad;
}

// Reads `bytes` with read_audio_bytes and read_stereo_bytes and checks both
// against libsndfile: same decision; when read, same rate, comment and bits.
// Returns false (after failed CHECKs) when they differ.
bool same_as_sndfile(const std::string& bytes) {
    const zbt::SndfileRead ref = zbt::sndfile_read(bytes);
    const AudioReadLimits limits;
    bool ref_ok = ref.opened && ref.channels > 0 && ref.frames > 0 && !ref.interleaved.empty() &&
                  ref.sample_rate_hz >= limits.min_sample_rate_hz && ref.sample_rate_hz <= limits.max_sample_rate_hz;
    for (float x : ref.interleaved) ref_ok = ref_ok && std::isfinite(x);
    const auto ours = read_audio_bytes(bytes, "x.wav");
    bool same = ours.ok() == ref_ok;
    if (!ours.ok()) {
        same = same && ours.message().find('\n') == std::string::npos && ours.message().rfind("x.wav: ", 0) == 0;
    } else if (ref_ok) {
        const auto channels = static_cast<std::size_t>(ref.channels);
        const std::size_t frames = ref.interleaved.size() / channels;
        same = same && ours->channels.size() == channels && ours->frames() == frames &&
               ours->sample_rate_hz == ref.sample_rate_hz && ours->comment == ref.comment;
        std::vector<float> interleaved(frames * channels);
        for (std::size_t i = 0; same && i < frames; ++i)
            for (std::size_t c = 0; c < channels; ++c) interleaved[i * channels + c] = ours->channels[c][i];
        same = same && bit_mismatches(interleaved.data(), ref.interleaved.data(), interleaved.size()) == 0;
        if (channels == 2) {
            const auto stereo = read_stereo_bytes(bytes, "x.wav", "two needed");
            same = same && stereo.ok() && stereo->recording.frames() == frames && stereo->comment == ref.comment &&
                   bit_mismatches(stereo->recording.interleaved(), ref.interleaved.data(), 2 * frames) == 0;
        }
    }
    CHECK(ours.ok() == ref_ok);
    if (!ours.ok()) CHECK(ours.message().find('\n') == std::string::npos);
    CHECK(same);
    return same;
}

// Samples that reach every bit of each encoding (ints: full-scale int32;
// floats: uniform in [-1, 1) with full mantissas, plus a few subnormals).
std::vector<int> random_ints(std::mt19937_64& rng, std::size_t n) {
    std::vector<int> v(n);
    for (auto& x : v) x = static_cast<int>(static_cast<std::uint32_t>(rng()));
    if (n > 2) v[0] = INT32_MIN, v[1] = INT32_MAX;
    return v;
}
std::vector<double> random_doubles(std::mt19937_64& rng, std::size_t n) {
    std::uniform_real_distribution<double> u(-1.0, 1.0);
    std::vector<double> v(n);
    for (auto& x : v) x = u(rng);
    if (n > 3) v[0] = 1e-40, v[1] = -3e-45, v[2] = -1.0;
    return v;
}

// RIFF/WAVE bytes built by hand, for layouts libsndfile does not write.
std::string le(std::uint64_t v, int bytes) {  // bytes up to 8
    std::string s;
    for (int i = 0; i < bytes; ++i) s.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
    return s;
}
std::string chunk(const std::string& id, const std::string& body, std::uint32_t declared, bool pad = true) {
    return id + le(declared, 4) + body + (pad && body.size() % 2 ? std::string(1, '\0') : "");
}
std::string chunk(const std::string& id, const std::string& body) {
    return chunk(id, body, static_cast<std::uint32_t>(body.size()));
}
std::string fmt_body(int format, int channels, int rate, int bits, int container_bits = 0) {
    const int block = channels * (container_bits ? container_bits : bits) / 8;
    return le(format == 0xfffe ? 0xfffe : format, 2) + le(channels, 2) + le(rate, 4) + le(rate * block, 4) +
           le(block, 2) + le(container_bits ? container_bits : bits, 2);
}
std::string extensible_fmt(int subformat, int channels, int rate, int container_bits, int valid_bits) {
    return fmt_body(0xfffe, channels, rate, valid_bits, container_bits) + le(22, 2) + le(valid_bits, 2) + le(3, 4) +
           le(subformat, 4) + std::string("\x00\x00\x10\x00\x80\x00\x00\xaa\x00\x38\x9b\x71", 12);
}
std::string riff(const std::string& chunks) { return "RIFF" + le(4 + chunks.size(), 4) + "WAVE" + chunks; }
std::string pcm16_data(std::mt19937_64& rng, std::size_t samples) {
    std::string s;
    for (std::size_t i = 0; i < samples; ++i) s += le(static_cast<std::uint32_t>(rng()), 2);
    return s;
}

}  // namespace

TEST_CASE("our WAV reader gives libsndfile's samples, rate and comment bit for bit", "[wav]") {
    const auto seed = zbt::test_seed();
    INFO("seed " << seed);
    std::mt19937_64 rng(seed);
    zbt::TempDir dir;
    const int majors[] = {SF_FORMAT_WAV, SF_FORMAT_WAVEX};
    const int subs[] = {SF_FORMAT_PCM_16, SF_FORMAT_PCM_24, SF_FORMAT_PCM_32, SF_FORMAT_FLOAT, SF_FORMAT_DOUBLE};
    for (int major : majors)
        for (int sub : subs)
            for (int channels : {1, 2, 3, 5, 8}) {
                const std::size_t frames = 777;  // odd: an odd-sized data chunk for 24-bit mono
                const bool is_float = sub == SF_FORMAT_FLOAT || sub == SF_FORMAT_DOUBLE;
                const auto n = frames * static_cast<std::size_t>(channels);
                const std::string comment = "{\"zbench_recording\":1,\"channels\":" + std::to_string(channels) + "}";
                const std::string path = dir.file("x.wav");
                const std::string bytes = zbt::sndfile_write(path, major | sub, channels, 96000,
                                                             is_float ? std::vector<int>{} : random_ints(rng, n),
                                                             is_float ? random_doubles(rng, n) : std::vector<double>{}, comment);
                INFO("format 0x" << std::hex << (major | sub) << std::dec << ", " << channels << " channels");
                REQUIRE(bytes.size() > 44);
                CHECK(has_layout(bytes));  // read without libsndfile
                CHECK(same_as_sndfile(bytes));
                // The file path (pread) gives the same as the bytes.
                const auto from_file = read_audio_file(path);
                const auto from_bytes = read_audio_bytes(bytes, path);
                REQUIRE(from_file.ok());
                REQUIRE(from_bytes.ok());
                CHECK(from_file->channels == from_bytes->channels);
                CHECK(from_file->comment == comment);
                if (channels == 2) {
                    const auto stereo = read_stereo_file(path, "two needed");
                    REQUIRE(stereo.ok());
                    CHECK(bit_mismatches(stereo->recording.interleaved(), zbt::sndfile_read(bytes).interleaved.data(),
                                         2 * frames) == 0);
                }
            }
}

TEST_CASE("WAV layouts from other writers: read like libsndfile, or left to it", "[wav]") {
    std::mt19937_64 rng(zbt::test_seed());
    const std::string fmt16 = chunk("fmt ", fmt_body(1, 2, 48000, 16));
    const std::string data = pcm16_data(rng, 2 * 300);
    const std::string info = chunk("LIST", "INFO" + chunk("INAM", std::string("name\0", 5)) +
                                               chunk("ICMT", "hello", 5, false) + "X");  // odd size, pad byte 'X'
    struct Case {
        const char* what;
        std::string bytes;
        bool ours;  // read without libsndfile
    };
    const std::vector<Case> cases = {
        {"fmt of 18 bytes", riff(chunk("fmt ", fmt_body(1, 2, 48000, 16) + le(0, 2)) + chunk("data", data)), true},
        {"JUNK first", riff(chunk("JUNK", std::string(28, '\0')) + fmt16 + chunk("data", data)), true},
        {"LIST/INFO after the data", riff(fmt16 + chunk("data", data) + info), true},
        {"data running past the end", riff(fmt16 + chunk("data", data, 4 * 1000)), true},
        {"data of size 0xffffffff", riff(fmt16 + chunk("data", data, 0xffffffffu)), true},
        // libsndfile seeks past such a chunk's end: refused on bytes whose
        // virtual seek stopped at the end, read from a file (found by fuzzing).
        {"odd-sized data running past the end", riff(fmt16 + chunk("data", data, 33023)), true},
        {"3 stray bytes at the end", riff(fmt16 + chunk("data", data)) + "abc", true},
        {"fact and PEAK", riff(fmt16 + chunk("fact", le(300, 4)) + chunk("PEAK", std::string(24, '\1')) + chunk("data", data)), true},
        {"an ICMT of 2046 characters", riff(fmt16 + chunk("LIST", "INFO" + chunk("ICMT", std::string(2046, 'c') + '\0')) +
                                            chunk("data", data)), false},
        {"an unknown chunk", riff(fmt16 + chunk("abcd", "12") + chunk("data", data)), false},
        {"LIST/adtl", riff(fmt16 + chunk("LIST", "adtl" + chunk("labl", le(1, 4) + "x")) + chunk("data", data)), false},
        {"24 valid bits in 32", riff(chunk("fmt ", extensible_fmt(1, 2, 48000, 32, 24)) + chunk("data", data)), false},
        {"fact of 8 bytes", riff(fmt16 + chunk("fact", le(300, 8)) + chunk("data", data)), false},
        {"PEAK before fmt", riff(chunk("PEAK", std::string(24, '\1')) + fmt16 + chunk("data", data)), false},
        {"odd data before a LIST", riff(chunk("fmt ", fmt_body(1, 1, 48000, 24)) + chunk("data", data.substr(0, 3 * 101)) + info), false},
        {"8-bit", riff(chunk("fmt ", fmt_body(1, 2, 48000, 8)) + chunk("data", data)), false},
        {"block align off", riff(chunk("fmt ", fmt_body(1, 2, 48000, 16).replace(12, 2, le(6, 2))) + chunk("data", data)), false},
        {"two fmt chunks", riff(fmt16 + fmt16 + chunk("data", data)), false},
        {"empty data (never closed)", riff(fmt16 + chunk("data", "")) + data, false},
        {"RIFX", "RIFX" + riff(fmt16 + chunk("data", data)).substr(4), false},
    };
    for (const auto& c : cases) {
        INFO(c.what);
        CHECK(has_layout(c.bytes) == c.ours);
        CHECK(same_as_sndfile(c.bytes));
    }
}

TEST_CASE("audio files our reader leaves to libsndfile are read through it", "[wav]") {
    std::mt19937_64 rng(zbt::test_seed());
    zbt::TempDir dir;
    struct Case {
        const char* name;
        int format;
    };
    for (const Case c : {Case{"x.aiff", SF_FORMAT_AIFF | SF_FORMAT_PCM_24}, Case{"x.flac", SF_FORMAT_FLAC | SF_FORMAT_PCM_16},
                         Case{"x.rf64", SF_FORMAT_RF64 | SF_FORMAT_FLOAT}, Case{"x8.wav", SF_FORMAT_WAV | SF_FORMAT_PCM_U8},
                         Case{"x.caf", SF_FORMAT_CAF | SF_FORMAT_FLOAT}}) {
        INFO(c.name);
        const bool is_float = (c.format & SF_FORMAT_SUBMASK) == SF_FORMAT_FLOAT;
        const std::string bytes = zbt::sndfile_write(dir.file(c.name), c.format, 2, 44100,
                                                     is_float ? std::vector<int>{} : random_ints(rng, 2 * 500),
                                                     is_float ? random_doubles(rng, 2 * 500) : std::vector<double>{}, "");
        REQUIRE(!bytes.empty());
        CHECK_FALSE(has_layout(bytes));
        CHECK(same_as_sndfile(bytes));
        const auto file = read_stereo_file(dir.file(c.name), "two needed");
        REQUIRE(file.ok());
        CHECK(file->recording.frames() == 500);
    }
}

TEST_CASE("write_wav_float writes the file libsndfile writes, and libsndfile reads it back", "[wav]") {
    std::mt19937_64 rng(zbt::test_seed());
    zbt::TempDir dir;
    for (int channels : {1, 2, 3}) {
        for (const std::string comment : {"", "a", "ab", "{\"r_ref_ohm\":10.0}"}) {
            INFO(channels << " channels, comment '" << comment << "'");
            AudioFile audio;
            audio.sample_rate_hz = 48000;
            audio.comment = comment;
            const auto samples = random_doubles(rng, 1001 * static_cast<std::size_t>(channels));
            audio.channels.assign(static_cast<std::size_t>(channels), std::vector<float>(1001));
            for (std::size_t i = 0; i < samples.size(); ++i)
                audio.channels[i % channels][i / channels] = static_cast<float>(samples[i]);
            REQUIRE(write_wav_float(dir.file("ours.wav"), audio).ok());
            std::string ours = zbt::read_bytes(dir.file("ours.wav"));
            std::vector<double> as_float(samples.size());
            for (std::size_t i = 0; i < samples.size(); ++i) as_float[i] = static_cast<float>(samples[i]);
            std::string theirs = zbt::sndfile_write(dir.file("theirs.wav"), SF_FORMAT_WAV | SF_FORMAT_FLOAT, channels,
                                                    48000, {}, as_float, comment);
            // Identical but for the PEAK chunk's time stamp (4 bytes after "PEAK", size, version).
            const auto peak = ours.find("PEAK");
            REQUIRE(peak != std::string::npos);
            REQUIRE(theirs.find("PEAK") == peak);
            ours.replace(peak + 12, 4, 4, '\0');
            theirs.replace(peak + 12, 4, 4, '\0');
            CHECK(ours.size() == theirs.size());
            const auto differ = std::mismatch(ours.begin(), ours.end(), theirs.begin(), theirs.end());
            CHECK(differ.first - ours.begin() == static_cast<std::ptrdiff_t>(ours.size()));  // no byte differs

            const zbt::SndfileRead back = zbt::sndfile_read(zbt::read_bytes(dir.file("ours.wav")));
            REQUIRE(back.opened);
            CHECK(back.sample_rate_hz == 48000);
            CHECK(back.channels == channels);
            CHECK(back.comment == comment);
            std::vector<float> interleaved(samples.size());
            for (std::size_t i = 0; i < samples.size(); ++i) interleaved[i] = audio.channels[i % channels][i / channels];
            REQUIRE(back.interleaved.size() == interleaved.size());
            CHECK(bit_mismatches(back.interleaved.data(), interleaved.data(), interleaved.size()) == 0);
        }
    }
    CHECK(dir.list() == std::vector<std::string>{"ours.wav", "theirs.wav"});  // no temporary left over
}

TEST_CASE("truncated and damaged WAV files: libsndfile's decision, one-line errors, no crash", "[wav]") {
    const auto seed = zbt::test_seed();
    INFO("seed " << seed);
    std::mt19937_64 rng(seed);
    zbt::TempDir dir;
    std::vector<std::string> bases;
    bases.push_back(zbt::sndfile_write(dir.file("f.wav"), SF_FORMAT_WAV | SF_FORMAT_FLOAT, 2, 48000, {},
                                       random_doubles(rng, 2 * 40), "{\"zbench_recording\":1}"));
    bases.push_back(zbt::sndfile_write(dir.file("p.wav"), SF_FORMAT_WAVEX | SF_FORMAT_PCM_24, 3, 44100,
                                       random_ints(rng, 3 * 30), {}, "comment"));
    bases.push_back(riff(chunk("fmt ", fmt_body(1, 2, 48000, 16)) + chunk("data", pcm16_data(rng, 2 * 50)) +
                         chunk("LIST", "INFO" + chunk("ICMT", std::string("after\0", 6)))));
    std::size_t differing = 0, cases = 0, ours = 0;
    for (const std::string& base : bases) {
        REQUIRE(base.size() > 100);
        for (std::size_t n = 0; n < base.size(); ++n, ++cases) {
            differing += !same_as_sndfile(base.substr(0, n));
            ours += has_layout(base.substr(0, n));
        }
        // Damage 1 to 4 random bytes.
        for (int k = 0; k < 1500; ++k, ++cases) {
            std::string bytes = base;
            const int hits = 1 + static_cast<int>(rng() % 4);
            for (int h = 0; h < hits; ++h) {
                // Mostly in the header, sometimes anywhere (e.g. a LIST after the data).
                const std::size_t at = rng() % (k % 4 == 0 ? bytes.size() : std::min<std::size_t>(bytes.size(), 120));
                bytes[at] = rng() % 3 == 0 ? static_cast<char>(bytes[at] ^ (1 << (rng() % 8))) : static_cast<char>(rng());
            }
            differing += !same_as_sndfile(bytes);
            ours += has_layout(bytes);
        }
    }
    INFO(differing << " of " << cases << " damaged files read differently from libsndfile; " << ours
                   << " were read without it");
    CHECK(differing == 0);
    // Most truncations and a good share of the damaged headers stay with our
    // reader (the rest go to libsndfile): the comparison is not a vacuous one.
    CHECK(ours > cases / 5);
}

TEST_CASE("without libsndfile, zbench reads and writes WAVs and names the package for other formats", "[wav]") {
    // zbench loads libsndfile only for files our WAV reader leaves to it
    // (io/sndfile_library.h). Hide the library in a private mount namespace:
    // needs root and unshare, so the test is skipped (exit 77) elsewhere.
    const zbt::LibraryHider hider("libsndfile.so.1");
    const auto hidden = [&](const std::string& command) { return hider.run(command); };
    zbt::TempDir dir;
    std::string zbench = zbt::zbench_bin();  // quoted for the shell (built in place: GCC 12's -Wrestrict
    zbench.insert(zbench.begin(), '\'');     // misfires on "'" + string)
    zbench.push_back('\'');
    const std::string wav = dir.file("rec.wav"), aiff = dir.file("rec.aiff");
    // A measurement on the virtual rig, saved as a WAV and analysed again.
    const auto rig = hidden(zbench + " impedance -q --out '" + dir.file("rig.zma") + "' --save-recording '" + wav + "'");
    INFO(rig.err);
    REQUIRE(rig.exit_code == 0);
    const auto again = hidden(zbench + " impedance -q --from-wav '" + wav + "' --out '" + dir.file("wav.zma") + "'");
    INFO(again.err);
    CHECK(again.exit_code == 0);
    // The same recording as a float AIFF: only libsndfile reads that.
    const auto audio = read_audio_file(wav);
    REQUIRE(audio.ok());
    std::vector<double> interleaved;
    for (std::size_t i = 0; i < audio->frames(); ++i)
        for (const auto& channel : audio->channels) interleaved.push_back(channel[i]);
    REQUIRE_FALSE(zbt::sndfile_write(aiff, SF_FORMAT_AIFF | SF_FORMAT_FLOAT, 2, 48000, {}, interleaved, audio->comment).empty());
    const auto refused = hidden(zbench + " impedance -q --from-wav '" + aiff + "' --out '" + dir.file("x.zma") + "'");
    INFO(refused.err);
    CHECK(refused.exit_code > 0);
    CHECK(refused.exit_code < 128);
    CHECK(zbt::count_lines(refused.err) == 1);
    CHECK_THAT(refused.err, Catch::Contains(aiff) && Catch::Contains("needs libsndfile.so.1") &&
                                Catch::Contains("Debian package libsndfile1"));
    CHECK_FALSE(std::filesystem::exists(dir.file("x.zma")));
    // With libsndfile there, the AIFF gives the WAV's curve exactly.
    const auto read = zbt::zbench({"impedance", "-q", "--from-wav", aiff, "--out", dir.file("aiff.zma")});
    INFO(read.err);
    CHECK(read.exit_code == 0);
    CHECK(zbt::read_text(dir.file("aiff.zma")) == zbt::read_text(dir.file("wav.zma")));
}
