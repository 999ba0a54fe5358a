// File formats: .zma/.txt/.csv impedance tables from other tools, WAV, atomic writes.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <sstream>

#include "io/atomic_file.h"
#include "io/wav.h"
#include "io/zma.h"
#include "measure/recording_metadata.h"
#include "support/test_support.h"
#include "util/rng.h"

using namespace zb;

TEST_CASE("every real .zma in the reference data parses", "[zma]") {
    const std::string root = zbt::reference_file("jonronen_speaker-measurements");
    std::size_t files = 0;
    for (const auto& e : std::filesystem::recursive_directory_iterator(root)) {
        if (e.path().extension() != ".zma") continue;
        auto c = load_zma(e.path().string());
        INFO(e.path().string());
        REQUIRE(c.ok());
        CHECK(c->size() >= 300);
        for (std::size_t i = 1; i < c->size(); ++i) REQUIRE(c->frequency_hz[i] > c->frequency_hz[i - 1]);
        ++files;
    }
    CHECK(files >= 17);
}

TEST_CASE("WT Pro files with banner headers, CRLF and scientific notation parse", "[zma]") {
    auto free_air = load_zma(zbt::reference_file("jcandy_speakertools/L16RNX_0g_242_27mV.zma"));
    REQUIRE(free_air.ok());
    CHECK(free_air->size() == 386);
    CHECK(free_air->frequency_hz.front() == 10.0);
    CHECK(free_air->magnitude_ohm.front() == 7.1179);
    CHECK(free_air->phase_deg.front() == 25.2241);
    auto sci = load_zma(zbt::reference_file("jcandy_speakertools/L16RNX_16_048g_242_27mV.zma"));
    REQUIRE(sci.ok());
    CHECK(sci->magnitude_ohm.front() == 7.3166);
    auto crlf = load_zma(zbt::reference_file("jcandy_speakertools/sample.zma"));
    REQUIRE(crlf.ok());
    CHECK(crlf->size() == 386);
}

TEST_CASE("a tab-separated table with a text header and phase in radians parses", "[zma]") {
    auto c = load_zma(zbt::reference_file("yankz12_audiolib-elac/test_impedance.txt"), ZmaReadOptions{true});
    REQUIRE(c.ok());
    CHECK(c->size() == 9999);
    CHECK(c->phase_deg.front() == Approx(55.245872448682336e-3 * 180 / M_PI));
}

TEST_CASE("separators, CRLF, a UTF-8 BOM and a CSV header row are all accepted", "[zma]") {
    const char* texts[] = {
        "10 5 1\n20 6 2\n40 7 3\n",
        "10\t5\t1\r\n20\t6\t2\r\n40\t7\t3\r\n",
        "10,5,1\n20,6,2\n40,7,3\n",
        "\xEF\xBB\xBF* header\n10;5;1\n20;6;2\n40;7;3",
        "frequency_hz,magnitude_ohm,phase_deg\n10,5,1\n20,6,2\n40,7,3\n",
        "Freq(Hz)  Z(Ohms)  Phase(degrees)\n1.0e1 5E0 +1\n2e1 6 2\n4e1 7 3 99\n",
        "\n\n* a\n\n10 5 1\n\n20 6 2\n40 7 3\n\n",
    };
    for (const char* t : texts) {
        auto c = parse_zma(t, "t.zma");
        INFO(t);
        REQUIRE(c.ok());
        CHECK(c->size() == 3);
        CHECK(c->magnitude_ohm[2] == 7.0);
        CHECK(c->phase_deg[2] == 3.0);
    }
}

TEST_CASE("malformed tables are refused with the file, line and reason", "[zma]") {
    struct Case {
        std::string text, needle;
    };
    const Case cases[] = {
        {"", "t.zma: no data rows"},
        {"* only a header\n", "t.zma: no data rows"},
        {"10 5 1\n20 6 2\n15 7 3\n", "t.zma: line 3: frequency 15 Hz is lower than the line before"},
        {"20 5 1\n10 6 2\n40 7 3\n", "t.zma: line 3: frequency 40 Hz is higher than the line before"},
        {"10 5 1\n10 6 2\n40 7 3\n", "t.zma: line 2: frequency 10 Hz is repeated"},
        {"10 5 1\n20 -6 2\n40 7 3\n", "t.zma: line 2: |Z| -6 ohm is negative"},
        {"10 5 1\n20 6\n40 7 3\n", "t.zma: line 2: expected 3 columns"},
        {"10 5 1\n20 6 2\nfoo bar\n", "t.zma: line 3: expected numbers"},
        {std::string("\xFF\xFE" "1\0" "0\0", 6), "UTF-16"},
        {std::string("\x01\x02\x03\x00\x10", 5), "t.zma"},
        {"10 5 1\n20 1e999 2\n40 7 3\n", "line 2: number out of range"},
        {"10 5 1\n20 6 2\n", "only 2 data rows"},
        {"10 5 1\n20 6 2\n40 7 3000\n", "line 3: phase 3000 deg is out of range"},
    };
    for (const auto& c : cases) {
        auto r = parse_zma(c.text, "t.zma");
        INFO(c.text);
        REQUIRE_FALSE(r.ok());
        CHECK_THAT(r.message(), Catch::Contains(c.needle));
        CHECK(r.message().find('\n') == std::string::npos);
    }
}

TEST_CASE("a file with descending frequencies reads as the same curve, ascending", "[zma]") {
    const std::string text = zbt::read_text(zbt::reference_file("jcandy_speakertools/L16RNX_0g_242_27mV.zma"));
    auto ascending = parse_zma(text, "a.zma");
    REQUIRE(ascending.ok());
    // The data rows in reverse order, under the same header.
    std::vector<std::string> header, rows;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) (line.find('*') == std::string::npos ? rows : header).push_back(line);
    std::string reversed;
    for (const auto& h : header) reversed += h + "\n";
    for (auto it = rows.rbegin(); it != rows.rend(); ++it) reversed += *it + "\n";
    auto descending = parse_zma(reversed, "d.zma");
    REQUIRE(descending.ok());
    CHECK(descending->frequency_hz == ascending->frequency_hz);
    CHECK(descending->magnitude_ohm == ascending->magnitude_ohm);
    CHECK(descending->phase_deg == ascending->phase_deg);
}

TEST_CASE("zbench's own ZMA and CSV round-trip", "[zma]") {
    ImpedanceCurve curve;
    for (int i = 0; i < 50; ++i) curve.push_back(10.0 * std::exp2(i / 48.0), std::polar(5.0 + i, 0.01 * i - 0.2));
    auto back = parse_zma(format_zma(curve, {"zbench test", "Freq(Hz)\tZ(Ohms)\tPhase(degrees)"}), "x.zma");
    REQUIRE(back.ok());
    REQUIRE(back->size() == curve.size());
    for (std::size_t i = 0; i < curve.size(); ++i) {
        CHECK(back->frequency_hz[i] == Approx(curve.frequency_hz[i]).margin(1e-6));  // %.6f
        CHECK(back->magnitude_ohm[i] == Approx(curve.magnitude_ohm[i]).epsilon(1e-7));
        CHECK(back->phase_deg[i] == Approx(curve.phase_deg[i]).margin(1e-4));
    }
    auto csv = parse_zma(format_impedance_csv(curve), "x.csv");
    REQUIRE(csv.ok());
    CHECK(csv->size() == curve.size());
}

TEST_CASE("ZMA and CSV keep extreme values: tiny frequencies stay positive, huge |Z| stays whole", "[zma]") {
    ImpedanceCurve curve;
    // 1e-8 Hz to 1e5 Hz, |Z| from 1e-9 to 1e300 ohm, phases of every size.
    const double freqs[] = {1e-8, 3e-7, 2e-6, 5e-4, 0.05, 0.3, 20.0, 1234.5678, 99999.0};
    const double mags[] = {1e-9, 2.5e-4, 0.07, 0.5, 6.0, 1e6, 3e11, 1e15, 1e300};
    const double phases[] = {-0.00001, 0.0, 89.9999, -90.0, 1e-7, 45.5, -179.0, 180.0, 0.25};
    for (int i = 0; i < 9; ++i) curve.push_back(freqs[i], std::polar(mags[i], phases[i] * 3.14159265358979 / 180.0));
    for (const auto& text : {format_zma(curve, {"extremes"}), format_impedance_csv(curve)}) {
        auto back = parse_zma(text, "x");
        INFO(text);
        REQUIRE(back.ok());
        REQUIRE(back->size() == curve.size());
        for (std::size_t i = 0; i < curve.size(); ++i) {
            CHECK(back->frequency_hz[i] == Approx(curve.frequency_hz[i]).epsilon(1e-7));
            CHECK(back->magnitude_ohm[i] == Approx(curve.magnitude_ohm[i]).epsilon(1e-7));
            CHECK(back->phase_deg[i] == Approx(curve.phase_deg[i]).margin(1e-4));
        }
        for (std::size_t at = 0, end; at < text.size(); at = end + 1) {  // no line is long
            end = text.find('\n', at);
            CHECK(end - at < 60);
        }
    }
}

TEST_CASE("ZMA numbers are the characters printf writes (%.6f, %.4f, else %.9g)", "[zma]") {
    // The writer formats with std::to_chars for speed; REW-style files must
    // stay exactly what the printf-based writer produced.
    Rng rng(7);
    ImpedanceCurve curve;
    double f = 1e-9;
    for (int i = 0; i < 4000; ++i) {
        f *= 1.0 + 0.02 * rng.uniform();
        const double mag = std::exp(60.0 * rng.uniform() - 30.0);
        curve.push_back(f, std::polar(mag, (2.0 * rng.uniform() - 1.0) * M_PI));
    }
    curve.push_back(f * 2.0, {0.0, 0.0});
    std::string expected;
    auto number = [&](double v, int decimals) {
        char buf[64];
        const double m = std::abs(v);
        if (m == 0.0 || (m >= 0.1 && m < 1e12)) std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
        else std::snprintf(buf, sizeof buf, "%.9g", v);
        expected += buf;
    };
    expected = "frequency_hz,magnitude_ohm,phase_deg\n";
    for (std::size_t i = 0; i < curve.size(); ++i) {
        number(curve.frequency_hz[i], 6);
        expected += ',';
        number(curve.magnitude_ohm[i], 6);
        expected += ',';
        number(curve.phase_deg[i], 4);
        expected += '\n';
    }
    CHECK(format_impedance_csv(curve) == expected);
}

TEST_CASE("WAV files round-trip exactly, with zbench's metadata", "[wav]") {
    zbt::TempDir dir;
    AudioFile audio;
    audio.sample_rate_hz = 48000;
    audio.channels = {{0.0f, 0.5f, -0.25f, 1.0f / 8388608.0f}, {1.0f, -1.0f, 0.125f, 0.0f}};
    SweepConfig sweep;
    audio.comment = format_recording_metadata({sweep, 47.0, "amplifier"});
    REQUIRE(write_wav_float(dir.file("x.wav"), audio).ok());
    auto back = read_audio_file(dir.file("x.wav"));
    REQUIRE(back.ok());
    CHECK(back->channels == audio.channels);
    CHECK(back->sample_rate_hz == 48000);
    auto meta = parse_recording_metadata(back->comment, "x.wav");
    REQUIRE(meta.ok());
    REQUIRE(meta->has_value());
    CHECK((*meta)->r_ref_ohm == 47.0);
    CHECK((*meta)->output_kind == "amplifier");
    CHECK((*meta)->sweep.duration_s == sweep.duration_s);
    CHECK(dir.list() == std::vector<std::string>{"x.wav"});  // no temporary left over
}

TEST_CASE("bad audio files are refused clearly", "[wav]") {
    zbt::TempDir dir;
    zbt::write_text(dir.file("junk.wav"), "this is not audio");
    auto junk = read_audio_file(dir.file("junk.wav"));
    REQUIRE_FALSE(junk.ok());
    CHECK_THAT(junk.message(), Catch::Contains("junk.wav: cannot read audio"));
    auto missing = read_audio_file(dir.file("missing.wav"));
    REQUIRE_FALSE(missing.ok());
    AudioFile nan;
    nan.sample_rate_hz = 48000;
    nan.channels = {{0.0f, std::nanf("")}};
    REQUIRE(write_wav_float(dir.file("nan.wav"), nan).ok());
    auto r = read_audio_file(dir.file("nan.wav"));
    REQUIRE_FALSE(r.ok());
    CHECK_THAT(r.message(), Catch::Contains("not a finite number"));
    AudioFile slow;
    slow.sample_rate_hz = 200;
    slow.channels = {{0.0f, 0.1f}};
    REQUIRE(write_wav_float(dir.file("slow.wav"), slow).ok());
    auto s = read_audio_file(dir.file("slow.wav"));
    REQUIRE_FALSE(s.ok());
    CHECK_THAT(s.message(), Catch::Contains("sample rate 200 Hz is unsupported"));
}

TEST_CASE("atomic writes replace a file whole and leave nothing behind on failure", "[io]") {
    zbt::TempDir dir;
    REQUIRE(write_file_atomic(dir.file("a.txt"), "first").ok());
    REQUIRE(write_file_atomic(dir.file("a.txt"), "second").ok());
    CHECK(zbt::read_text(dir.file("a.txt")) == "second");
    CHECK(dir.list() == std::vector<std::string>{"a.txt"});
    auto bad = write_file_atomic(dir.file("no/such/dir/a.txt"), "x");
    REQUIRE_FALSE(bad.ok());
    CHECK_THAT(bad.message(), Catch::Contains("cannot create a file"));
    auto failing = produce_file_atomic(dir.file("b.txt"), [](const std::string&) -> Status { return make_error("nope"); });
    CHECK_FALSE(failing.ok());
    CHECK(dir.list() == std::vector<std::string>{"a.txt"});
}

TEST_CASE("decimal commas are read when semicolons or tabs separate the columns", "[zma]") {
    auto semi = parse_zma("* ARTA export\n10,000000;7,701948;32,7360\n20,000000;9,5;-1,25\n40,5;8;-3\n", "semi.txt");
    INFO((semi.ok() ? "" : semi.message()));
    REQUIRE(semi.ok());
    REQUIRE(semi->size() == 3);
    CHECK(semi->frequency_hz[0] == 10.0);
    CHECK(semi->magnitude_ohm[0] == Approx(7.701948));
    CHECK(semi->phase_deg[0] == Approx(32.736));
    CHECK(semi->phase_deg[1] == Approx(-1.25));
    CHECK(semi->frequency_hz[2] == Approx(40.5));
    auto tab = parse_zma("10,5\t7,7\t32,7\n20,25\t9,5\t-1,25\n40\t8\t-3\n", "tab.txt");
    REQUIRE(tab.ok());
    CHECK(tab->frequency_hz[0] == Approx(10.5));
    CHECK(tab->magnitude_ohm[1] == Approx(9.5));
    // Commas stay separators in a comma-separated file with decimal points.
    auto csv = parse_zma("10.5,7.7,32.7\n20,9.5,-1.25\n40,8,-3\n", "c.csv");
    REQUIRE(csv.ok());
    CHECK(csv->frequency_hz[1] == 20.0);
    CHECK(csv->magnitude_ohm[1] == Approx(9.5));
}

TEST_CASE("the ZMA zbench writes is ASCII, space-separated and ascending", "[zma]") {
    ImpedanceCurve curve;
    // Built out of order, with one frequency twice.
    for (double f : {100.0, 10.0, 1000.0, 50.0, 100.0}) curve.push_back(f, std::polar(6.0 + f * 1e-3, 0.3));
    const std::string text = format_zma(curve, {"zbench 1.0", "Freq(Hz)\tZ(\xCE\xA9)\tPhase(\xC2\xB0)", "caf\xC3\xA9"});
    INFO(text);
    for (unsigned char c : text) CHECK((c == '\n' || (c >= 0x20 && c < 0x7F)));
    CHECK(text.find('\t') == std::string::npos);
    CHECK_THAT(text, Catch::Contains("Z(ohm)"));
    CHECK_THAT(text, Catch::Contains("Phase(deg)"));
    auto back = parse_zma(text, "x.zma");
    REQUIRE(back.ok());
    REQUIRE(back->size() == 4);
    for (std::size_t i = 1; i < back->size(); ++i) CHECK(back->frequency_hz[i] > back->frequency_hz[i - 1]);
    // Data lines: three fields separated by single spaces.
    std::size_t data_lines = 0;
    for (std::size_t at = 0, end; at < text.size(); at = end + 1) {
        end = text.find('\n', at);
        const std::string line = text.substr(at, end - at);
        if (line.empty() || line[0] == '*') continue;
        ++data_lines;
        CHECK(std::count(line.begin(), line.end(), ' ') == 2);
        CHECK(line.find("  ") == std::string::npos);
    }
    CHECK(data_lines == 4);
    // At most 256 header lines.
    std::vector<std::string> many(300, "h");
    const std::string capped = format_zma(curve, many);
    CHECK(std::count(capped.begin(), capped.end(), '*') == 256);
}
