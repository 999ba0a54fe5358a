// zbench-gui end to end under Xvfb: --run impedance|hum --screenshot F.png
// must measure on the virtual rig, save a 1280x800 PNG of the window and exit
// 0; the PNG must hold the plot and its curve. The test starts its own X
// server on a free display and stops it whatever happens; without Xvfb it is
// skipped (exit 77).
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

#include "support/gui_support.h"
#include "support/test_support.h"

namespace {

const char* const kScenario = R"({"seed": 11,
  "hum": {"mains_hz": 50.0, "harmonics": [{"n": 1, "dbfs": -78}, {"n": 3, "dbfs": -86}, {"n": 5, "dbfs": -95}]}})";

}  // namespace

TEST_CASE("zbench-gui measures and saves screenshots under Xvfb", "[gui]") {
    if (!zbt::have_program("Xvfb")) {
        WARN("Xvfb is not installed: skipping (apt-get install xvfb)");
        std::_Exit(77);
    }
    zbt::Xvfb x;
    REQUIRE_FALSE(x.display().empty());
    zbt::TempDir dir;
    zbt::write_text(dir.file("rig.json"), kScenario);
    const std::vector<std::string> common = {"--sim-scenario", dir.file("rig.json"), "--output", "amplifier", "--r-ref", "10"};

    for (const std::string what : {"impedance", "hum"}) {
        INFO(what);
        const std::string png_path = dir.file(what + ".png");
        std::vector<std::string> args = common;
        args.insert(args.end(), {"--run", what, "--screenshot", png_path});
        const auto r = zbt::run_gui(x.display(), args);
        INFO(r.err);
        REQUIRE(r.exit_code == 0);
        const zbt::Png png = zbt::read_png(png_path);
        REQUIRE(png.width == 1280);
        REQUIRE(png.height == 800);
        const zbt::PngFacts f = zbt::inspect_gui_png(png);
        // Not blank: a UI with text, a plot and anti-aliased curves has
        // hundreds of colours; a blank or cleared window has one or two.
        CHECK(f.colours > 200);
        // The plot is there (at least a 500x300 px area of its background) ...
        CHECK(f.background > 100000u);
        // ... and the curve is drawn in it: |Z| over the 10 Hz-20 kHz axis
        // spans the plot's width, so well over a thousand pixels.
        CHECK(f.curve > 1000u);
    }
}

TEST_CASE("zbench-gui's calibration wizard runs a step into a profile the CLI reads", "[gui]") {
    if (!zbt::have_program("Xvfb")) std::_Exit(77);
    zbt::Xvfb x;
    REQUIRE_FALSE(x.display().empty());
    zbt::TempDir dir;
    const std::string profiles = dir.file("profiles");
    for (const char* step : {"loopback", "channel-match"}) {
        INFO(step);
        const auto r = zbt::run_gui(x.display(), {"--run", "calibrate", "--wizard-step", step, "--profile", "guibench", "--profiles-dir",
                                             profiles, "--r-ref", "10", "--screenshot", dir.file(std::string(step) + ".png")});
        INFO(r.err);
        REQUIRE(r.exit_code == 0);
        CHECK(zbt::read_png(dir.file(std::string(step) + ".png")).width == 1280);
    }
    // The same profile store and text as `zbench profiles show`.
    const auto show = zbt::run_process({zbt::zbench_bin(), "profiles", "show", "guibench", "--profiles-dir", profiles});
    INFO(show.err);
    REQUIRE(show.exit_code == 0);
    CHECK_THAT(show.out, Catch::Matches("(.|\n)*loopback +measured (.|\n)*"));
    CHECK_THAT(show.out, Catch::Matches("(.|\n)*channel-match +measured (.|\n)*"));
    CHECK_THAT(show.out, Catch::Contains("nominal 10 ohm"));
    // A step needs its profile name.
    const auto no_profile = zbt::run_gui(x.display(), {"--run", "calibrate", "--wizard-step", "loopback", "--screenshot", dir.file("x.png")});
    CHECK(no_profile.exit_code == 2);
    CHECK_THAT(no_profile.err, Catch::Contains("--profile NAME"));
}

TEST_CASE("zbench-gui fails with one line on a bad option or scenario", "[gui]") {
    if (!zbt::have_program("Xvfb")) std::_Exit(77);
    zbt::Xvfb x;
    REQUIRE_FALSE(x.display().empty());
    zbt::TempDir dir;
    const auto bad_run = zbt::run_gui(x.display(), {"--run", "sweep"});
    CHECK(bad_run.exit_code == 2);
    const auto nothing_to_fit = zbt::run_gui(x.display(), {"--run", "ts"});
    CHECK(nothing_to_fit.exit_code == 2);
    CHECK_THAT(nothing_to_fit.err, Catch::Contains("--run ts needs curves"));
    const auto missing = zbt::run_gui(x.display(), {"--sim-scenario", dir.file("missing.json"), "--run", "impedance", "--screenshot",
                                               dir.file("never.png")});
    CHECK(missing.exit_code == 2);
    CHECK_THAT(missing.err, Catch::Contains("missing.json"));
    CHECK(std::count(missing.err.begin(), missing.err.end(), '\n') == 1);
    CHECK_FALSE(std::filesystem::exists(dir.file("never.png")));
    // A safety refusal: an open DUT (no current) is refused by the probe,
    // with the CLI's exit code; the screenshot shows its dialog.
    zbt::write_text(dir.file("open.json"), R"({"dut": {"model": "open"}})");
    const auto open = zbt::run_gui(x.display(), {"--sim-scenario", dir.file("open.json"), "--run", "impedance", "--screenshot",
                                            dir.file("open.png")});
    CHECK(open.exit_code == 11);
    CHECK_THAT(open.err, Catch::Contains("no current flows"));
    CHECK(std::count(open.err.begin(), open.err.end(), '\n') == 1);
    REQUIRE(std::filesystem::exists(dir.file("open.png")));
    CHECK(zbt::read_png(dir.file("open.png")).width == 1280);
}

TEST_CASE("zbench-gui opens curve files given to it as named overlays and remembers them as recent files", "[gui]") {
    if (!zbt::have_program("Xvfb")) std::_Exit(77);
    zbt::Xvfb x;
    REQUIRE_FALSE(x.display().empty());
    zbt::TempDir dir;
    const std::string free_air = zbt::reference_file("jcandy_speakertools/L16RNX_0g_242_27mV.zma");
    const std::string mass = zbt::reference_file("jcandy_speakertools/L16RNX_8_017g_242_27mV.zma");
    const auto r = zbt::run_gui(x.display(), {free_air, mass, "--screenshot", dir.file("open.png")}, dir.file("config"));
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    const zbt::PngFacts f = zbt::inspect_gui_png(zbt::read_png(dir.file("open.png")));
    // The free-air curve, the first overlay, is drawn in its colour across
    // the plot (about 500 px wide at 1280x800, at least a pixel a column);
    // nothing was measured, so no curve is in the measurement's.
    CHECK(f.overlay > 400u);
    CHECK(f.curve == 0u);
    const std::string recent = zbt::read_text(dir.file("config/zbench/recent-files"));
    CHECK_THAT(recent, Catch::Contains("L16RNX_0g_242_27mV.zma"));
    CHECK_THAT(recent, Catch::Contains("L16RNX_8_017g_242_27mV.zma"));
    // The newest first.
    CHECK(recent.find("L16RNX_8_017g") < recent.find("L16RNX_0g"));

    const auto missing = zbt::run_gui(x.display(), {dir.file("nothing.zma"), "--screenshot", dir.file("never.png")});
    CHECK(missing.exit_code == 2);
    CHECK_THAT(missing.err, Catch::Contains("nothing.zma: no such file"));
    CHECK(std::count(missing.err.begin(), missing.err.end(), '\n') == 1);
    CHECK_FALSE(std::filesystem::exists(dir.file("never.png")));
}

TEST_CASE("zbench-gui fits dual added-mass T/S from opened curves as zbench ts does", "[gui]") {
    if (!zbt::have_program("Xvfb")) std::_Exit(77);
    zbt::Xvfb x;
    REQUIRE_FALSE(x.display().empty());
    zbt::TempDir dir;
    const std::string free_air = zbt::reference_file("jcandy_speakertools/L16RNX_0g_242_27mV.zma");
    const std::string m8 = zbt::reference_file("jcandy_speakertools/L16RNX_8_017g_242_27mV.zma");
    const std::string m16 = zbt::reference_file("jcandy_speakertools/L16RNX_16_048g_242_27mV.zma");
    // Opened files, the T/S panel set up by name, fitted, the window and the plot saved.
    const auto gui = zbt::run_gui(x.display(), {free_air, m8, m16, "--ts-mass", "L16RNX_8_017g_242_27mV=8.017", "--ts-mass",
                                                "L16RNX_16_048g_242_27mV=16.048", "--residual", "--run", "ts", "--screenshot",
                                                dir.file("ts.png"), "--export-plot", dir.file("ts.svg")}, dir.file("config"));
    INFO(gui.err);
    REQUIRE(gui.exit_code == 0);
    CHECK(zbt::read_png(dir.file("ts.png")).width == 1280);
    // The exported plot has the three curves and the fitted model over the free-air one.
    const std::string svg = zbt::read_text(dir.file("ts.svg"));
    CHECK_THAT(svg, Catch::Contains("<title>T/S model (L16RNX_0g_242_27mV)</title>"));
    CHECK_THAT(svg, Catch::Contains("<title>|Z| L16RNX_8_017g_242_27mV</title>"));
    const auto cli = zbt::zbench({"ts", free_air, "--added-mass-zma", m8, "--added-mass-g", "8.017", "--added-mass-zma", m16,
                                  "--added-mass-g", "16.048"});
    INFO(cli.err);
    REQUIRE(cli.exit_code == 0);
    // The same job on the same curves: the same table, line for line, apart
    // from the curves' names (file paths in the CLI, names in the window).
    auto rows = [](const std::string& text) {
        std::vector<std::string> out;
        std::istringstream in(text);
        for (std::string line; std::getline(in, line);)
            for (const char* key : {"  Re ", "  fs ", "  Qms ", "  Qes ", "  Mms ", "  Cms ", "  Bl "})
                if (line.rfind(key, 0) == 0) out.push_back(line);
        return out;
    };
    const auto gui_rows = rows(gui.out);
    CHECK(gui_rows.size() == 7u);
    CHECK(gui_rows == rows(cli.out));
    // The dual-mass figures next to the Klippel LPM estimate in SOURCES.md
    // (Mms 15.3 g, Bl 7.14 T·m): within 5 %, the spread between methods.
    double mms_g = 0.0, bl_tm = 0.0;
    for (const auto& row : gui_rows) {
        if (row.rfind("  Mms ", 0) == 0) mms_g = std::stod(row.substr(6));
        if (row.rfind("  Bl ", 0) == 0) bl_tm = std::stod(row.substr(5));
    }
    CHECK(mms_g == Approx(15.3).epsilon(0.05));
    CHECK(bl_tm == Approx(7.14).epsilon(0.05));
}

TEST_CASE("zbench-gui writes the plot of three opened curves as SVG", "[gui]") {
    if (!zbt::have_program("Xvfb")) std::_Exit(77);
    zbt::Xvfb x;
    REQUIRE_FALSE(x.display().empty());
    zbt::TempDir dir;
    std::vector<std::string> args;
    for (const char* f : {"L16RNX_0g_242_27mV.zma", "L16RNX_8_017g_242_27mV.zma", "L16RNX_16_048g_242_27mV.zma"})
        args.insert(args.end(), {"--open", zbt::reference_file(std::string("jcandy_speakertools/") + f)});
    args.insert(args.end(), {"--export-plot", dir.file("o.svg")});
    const auto r = zbt::run_gui(x.display(), args, dir.file("config"));
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    const std::string svg = zbt::read_text(dir.file("o.svg"));
    // Each curve's |Z| and phase, with its name, and the three axis titles.
    std::size_t paths = 0;
    for (auto p = svg.find("<path class=\"curve\""); p != std::string::npos; p = svg.find("<path class=\"curve\"", p + 1)) ++paths;
    CHECK(paths == 6u);
    for (const char* text : {"<title>|Z| L16RNX_0g_242_27mV</title>", "<title>|Z| L16RNX_16_048g_242_27mV</title>", ">Frequency (Hz)<",
                             ">|Z| (ohm)<", ">phase (deg)<"})
        CHECK_THAT(svg, Catch::Contains(text));
    // The same plot as PNG: the plot widget cut out of the window (about
    // 610x680 px at 1280x800), with the first curve's colour across it.
    args.back() = dir.file("o.png");
    const auto png_run = zbt::run_gui(x.display(), args, dir.file("config"));
    INFO(png_run.err);
    REQUIRE(png_run.exit_code == 0);
    const zbt::Png png = zbt::read_png(dir.file("o.png"));
    CHECK(png.width > 400u);
    CHECK(png.width < 1280u);
    CHECK(png.height > 400u);
    CHECK(png.height < 800u);
    CHECK(zbt::inspect_gui_png(png).overlay > 400u);
    const auto bad = zbt::run_gui(x.display(), {"--export-plot", dir.file("o.jpg")});
    CHECK(bad.exit_code == 2);
    CHECK_THAT(bad.err, Catch::Contains("give an .svg or .png file"));
}
