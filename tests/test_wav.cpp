// Audio files through libsndfile (io/wav.h): known samples in several file
// formats read back to the exact normalised value, files and bytes in memory
// read alike, the writer's float WAV and its embedded settings, and damaged
// files refused with one-line errors.
#include <catch2/catch.hpp>

#include <sndfile.h>

#include <cmath>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "io/wav.h"
#include "measure/recording_metadata.h"
#include "support/test_support.h"

using namespace zb;

namespace {

std::string file_bytes(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

// Writes full-scale int32 samples (interleaved) through libsndfile in
// `format`; libsndfile keeps the top bits the format holds.
void write_ints(const std::string& path, int format, int channels, int rate_hz, const std::vector<int>& interleaved) {
    SF_INFO info{};
    info.samplerate = rate_hz;
    info.channels = channels;
    info.format = format;
    SNDFILE* f = sf_open(path.c_str(), SFM_WRITE, &info);
    REQUIRE(f != nullptr);
    const auto frames = static_cast<sf_count_t>(interleaved.size() / static_cast<std::size_t>(channels));
    CHECK(sf_writef_int(f, interleaved.data(), frames) == frames);
    sf_close(f);
}

// Samples with every bit of a 24-bit word in use (top 24 bits of an int32),
// both extremes included.
std::vector<int> pcm24_samples(std::size_t n) {
    std::vector<int> v(n);
    std::uint32_t state = 12345;
    for (auto& x : v) {
        state = state * 1664525u + 1013904223u;
        x = static_cast<int>(state & 0xffffff00u);
    }
    v[0] = INT32_MIN;
    v[1] = static_cast<int>(0x7fffff00u);
    return v;
}

}  // namespace

TEST_CASE("24-bit samples in WAV, AIFF and FLAC read as s/2^23 exactly, from files and from bytes", "[wav]") {
    zbt::TempDir dir;
    const std::size_t frames = 501;  // odd: an odd-sized data chunk
    const std::vector<int> ints = pcm24_samples(2 * frames);
    struct Case {
        const char* name;
        int format;
    };
    for (const Case c : {Case{"x.wav", SF_FORMAT_WAV | SF_FORMAT_PCM_24}, Case{"x-ext.wav", SF_FORMAT_WAVEX | SF_FORMAT_PCM_24},
                         Case{"x.aiff", SF_FORMAT_AIFF | SF_FORMAT_PCM_24}, Case{"x.flac", SF_FORMAT_FLAC | SF_FORMAT_PCM_24}}) {
        INFO(c.name);
        const std::string path = dir.file(c.name);
        write_ints(path, c.format, 2, 44100, ints);
        const auto audio = read_audio_file(path);
        REQUIRE(audio.ok());
        CHECK(audio->sample_rate_hz == 44100.0);
        REQUIRE(audio->channels.size() == 2);
        REQUIRE(audio->frames() == frames);
        std::size_t wrong = 0;
        for (std::size_t i = 0; i < frames; ++i)
            for (std::size_t ch = 0; ch < 2; ++ch) {
                // A 24-bit word is exact in a float; so is its quotient by 2^23.
                const float expected = static_cast<float>((ints[2 * i + ch] >> 8) / 8388608.0);
                wrong += audio->channels[ch][i] != expected;
            }
        CHECK(wrong == 0);
        CHECK(audio->channels[0][0] == -1.0f);
        const auto stereo = read_stereo_file(path, "two are needed");
        REQUIRE(stereo.ok());
        REQUIRE(stereo->recording.frames() == frames);
        const auto from_bytes = read_stereo_bytes(file_bytes(path), path, "two are needed");
        REQUIRE(from_bytes.ok());
        REQUIRE(from_bytes->recording.frames() == frames);
        std::size_t differ = 0;
        for (std::size_t i = 0; i < frames; ++i) {
            differ += stereo->recording.a(i) != audio->channels[0][i] || stereo->recording.b(i) != audio->channels[1][i];
            differ += from_bytes->recording.a(i) != audio->channels[0][i] || from_bytes->recording.b(i) != audio->channels[1][i];
        }
        CHECK(differ == 0);
    }
}

TEST_CASE("write_wav_float writes a float WAV with its settings, bit-exact, and leaves no temporary file", "[wav]") {
    zbt::TempDir dir;
    AudioFile audio;
    audio.sample_rate_hz = 96000;
    audio.channels.assign(3, std::vector<float>(40000));  // more than one of the writer's blocks
    for (std::size_t i = 0; i < 40000; ++i)
        for (std::size_t c = 0; c < 3; ++c)
            audio.channels[c][i] = static_cast<float>(std::sin(0.001 * static_cast<double>(i * (c + 1)))) * 0.999f;
    audio.channels[1][7] = 1.5f;     // floats above full scale are kept, not clipped
    audio.channels[2][8] = 1e-40f;   // and subnormals
    SweepConfig sweep;
    audio.comment = format_recording_metadata({sweep, 8.2, "headphone"});
    const std::string path = dir.file("rec.wav");
    REQUIRE(write_wav_float(path, audio).ok());
    CHECK(dir.list() == std::vector<std::string>{"rec.wav"});

    SF_INFO info{};
    SNDFILE* f = sf_open(path.c_str(), SFM_READ, &info);
    REQUIRE(f != nullptr);
    CHECK(info.format == (SF_FORMAT_WAV | SF_FORMAT_FLOAT));
    sf_close(f);

    const auto back = read_audio_file(path);
    REQUIRE(back.ok());
    CHECK(back->sample_rate_hz == 96000.0);
    CHECK(back->channels == audio.channels);
    const auto meta = parse_recording_metadata(back->comment, path);
    REQUIRE(meta.ok());
    REQUIRE(meta->has_value());
    CHECK((*meta)->r_ref_ohm == 8.2);
    CHECK((*meta)->output_kind == "headphone");

    // Replacing an existing file, and the errors that write nothing.
    audio.comment.clear();
    REQUIRE(write_wav_float(path, audio).ok());
    const auto again = read_audio_file(path);
    REQUIRE(again.ok());
    CHECK(again->comment.empty());
    AudioFile unequal;
    unequal.sample_rate_hz = 48000;
    unequal.channels = {{0.0f, 1.0f}, {0.0f}};
    CHECK_THAT(write_wav_float(dir.file("u.wav"), unequal).message(), Catch::Contains("unequal length"));
    const auto no_dir = write_wav_float(dir.file("missing/x.wav"), audio);
    REQUIRE_FALSE(no_dir.ok());
    CHECK_THAT(no_dir.message(), Catch::Contains("missing/x.wav"));
    CHECK(dir.list() == std::vector<std::string>{"rec.wav"});
}

TEST_CASE("truncated and damaged audio files are refused with one line naming the file, or read", "[wav]") {
    zbt::TempDir dir;
    AudioFile audio;
    audio.sample_rate_hz = 48000;
    audio.channels.assign(2, std::vector<float>(64));
    for (std::size_t i = 0; i < 64; ++i) audio.channels[0][i] = audio.channels[1][i] = 0.01f * static_cast<float>(i);
    audio.comment = "{\"zbench_recording\":1}";
    REQUIRE(write_wav_float(dir.file("f.wav"), audio).ok());
    write_ints(dir.file("p.flac"), SF_FORMAT_FLAC | SF_FORMAT_PCM_16, 2, 48000, pcm24_samples(2 * 300));
    std::size_t refused = 0, read = 0;
    for (const std::string name : {"f.wav", "p.flac"}) {
        const std::string base = file_bytes(dir.file(name));
        REQUIRE(base.size() > 100);
        std::uint32_t state = 777;
        for (std::size_t k = 0; k < base.size() + 600; ++k) {
            std::string bytes = base.substr(0, std::min(k, base.size()));  // every truncation, then damage
            if (k >= base.size()) {
                state = state * 1664525u + 1013904223u;
                bytes[(state >> 8) % std::min<std::size_t>(bytes.size(), 120)] = static_cast<char>(state >> 24);
            }
            const auto a = read_audio_bytes(bytes, "x.wav");
            const auto s = read_stereo_bytes(bytes, "x.wav", "two are needed");
            for (const std::string& m : {a.ok() ? std::string() : a.message(), s.ok() ? std::string() : s.message()}) {
                if (m.empty()) continue;
                INFO(m);
                CHECK(m.find('\n') == std::string::npos);
                CHECK(m.rfind("x.wav: ", 0) == 0);
            }
            if (a.ok()) {
                for (const auto& c : a->channels)
                    for (float v : c) REQUIRE(std::isfinite(v));
            }
            (a.ok() ? read : refused) += 1;
        }
    }
    // Both outcomes occur: the loop tested both paths.
    CHECK(refused > 100);
    CHECK(read > 10);
    const auto missing = read_audio_file(dir.file("none.wav"));
    CHECK_THAT(missing.message(), Catch::EndsWith("none.wav: no such file; expected a WAV file"));
    const auto directory = read_audio_file(dir.path());
    CHECK_THAT(directory.message(), Catch::Contains("not a regular file"));
    const auto mono = read_stereo_file(dir.file("f.wav"), "two are needed");
    REQUIRE(mono.ok());
    audio.channels.pop_back();
    REQUIRE(write_wav_float(dir.file("m.wav"), audio).ok());
    CHECK_THAT(read_stereo_file(dir.file("m.wav"), "two are needed").message(), Catch::EndsWith("has 1 channel; two are needed"));
}

TEST_CASE("a recording whose settings hold a key with a newline gives a one-line error", "[wav]") {
    // Found by fuzzing: the unknown key is shown escaped.
    const std::string path = zbt::test_data("fuzz-regressions/wav/wav_metadata_key_newline.wav");
    const auto stereo = read_stereo_file(path, "two are needed");
    REQUIRE(stereo.ok());
    const auto meta = parse_recording_metadata(stereo->comment, path);
    REQUIRE_FALSE(meta.ok());
    CHECK(meta.message().find('\n') == std::string::npos);
    CHECK_THAT(meta.message(), Catch::Contains("\\n") && Catch::Contains("unknown key"));
}
