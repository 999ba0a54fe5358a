// zbench-gui end to end under Xvfb: --run impedance|hum --screenshot F.png
// must measure on the virtual rig, save a 1280x800 PNG of the window and exit
// 0; the PNG must hold the plot and its curve. The test starts its own X
// server on a free display and stops it whatever happens; without Xvfb it is
// skipped (exit 77).
#include <catch2/catch.hpp>
#include <png.h>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "support/test_support.h"

namespace {

// What zbench-gui draws: |Z| and input A's spectrum in amber
// (gui/theme.h kCurveA), the plot background (gui/plot_widget.cpp).
constexpr unsigned char kCurve[3] = {255, 196, 0};
constexpr unsigned char kPlotBackground[3] = {18, 20, 26};

const char* const kScenario = R"({"seed": 11,
  "hum": {"mains_hz": 50.0, "harmonics": [{"n": 1, "dbfs": -78}, {"n": 3, "dbfs": -86}, {"n": 5, "dbfs": -95}]}})";

bool have_program(const std::string& name) {
    const char* path = std::getenv("PATH");
    std::string dirs = path ? path : "/usr/bin:/bin";
    std::size_t start = 0;
    while (start <= dirs.size()) {
        const std::size_t end = std::min(dirs.find(':', start), dirs.size());
        if (::access((dirs.substr(start, end - start) + "/" + name).c_str(), X_OK) == 0) return true;
        start = end + 1;
    }
    return false;
}

// "/tmp/.X91-lock", "/tmp/.X11-unix/X91" (appended piecewise: GCC 12's
// -Wrestrict misfires on "literal" + std::string&&).
std::string x_path(const char* prefix, int display, const char* suffix) {
    std::string path(prefix);
    path += std::to_string(display);
    path += suffix;
    return path;
}

// An Xvfb on the first free display from :91, killed by the destructor.
class Xvfb {
public:
    Xvfb() {
        for (int d = 91; d < 140; ++d) {
            // A display is taken when its lock file or socket exists.
            if (std::filesystem::exists(x_path("/tmp/.X", d, "-lock")) || std::filesystem::exists(x_path("/tmp/.X11-unix/X", d, "")))
                continue;
            const std::string display = x_path(":", d, "");
            std::fflush(stdout);  // or the child's freopen() writes our buffered output again
            std::fflush(stderr);
            pid_ = ::fork();
            if (pid_ == 0) {
                ::setpgid(0, 0);
                std::freopen("/dev/null", "w", stderr);
                std::freopen("/dev/null", "w", stdout);
                ::execlp("Xvfb", "Xvfb", display.c_str(), "-screen", "0", "1600x1000x24", "-nolisten", "tcp", nullptr);
                std::_Exit(127);
            }
            // Ready when the socket appears (or the server died: try the next display).
            for (int i = 0; i < 100; ++i) {
                if (std::filesystem::exists(x_path("/tmp/.X11-unix/X", d, ""))) {
                    display_ = display;
                    return;
                }
                int status = 0;
                if (::waitpid(pid_, &status, WNOHANG) == pid_) {
                    pid_ = -1;
                    break;
                }
                std::this_thread::sleep_for(std::chrono::milliseconds(50));
            }
            stop();
        }
    }
    ~Xvfb() { stop(); }
    const std::string& display() const { return display_; }

private:
    void stop() {
        if (pid_ <= 0) return;
        ::kill(pid_, SIGTERM);
        int status = 0;
        for (int i = 0; i < 50 && ::waitpid(pid_, &status, WNOHANG) == 0; ++i)
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        if (::waitpid(pid_, &status, WNOHANG) == 0) {
            ::kill(pid_, SIGKILL);
            ::waitpid(pid_, &status, 0);
        }
        pid_ = -1;
    }
    pid_t pid_ = -1;
    std::string display_;
};

struct Png {
    unsigned width = 0, height = 0;
    std::vector<unsigned char> rgba;
    const unsigned char* at(unsigned x, unsigned y) const { return &rgba[(static_cast<std::size_t>(y) * width + x) * 4]; }
};

Png read_png(const std::string& path) {
    png_image image{};
    image.version = PNG_IMAGE_VERSION;
    Png out;
    if (!png_image_begin_read_from_file(&image, path.c_str())) return out;
    image.format = PNG_FORMAT_RGBA;
    out.rgba.resize(PNG_IMAGE_SIZE(image));
    if (!png_image_finish_read(&image, nullptr, out.rgba.data(), 0, nullptr)) {
        png_image_free(&image);
        return Png{};
    }
    out.width = image.width;
    out.height = image.height;
    return out;
}

bool near(const unsigned char* p, const unsigned char* c, int tolerance) {
    for (int i = 0; i < 3; ++i)
        if (std::abs(int(p[i]) - int(c[i])) > tolerance) return false;
    return true;
}

struct PngFacts {
    std::size_t colours = 0;      // distinct RGB values
    std::size_t background = 0;   // plot-background pixels
    std::size_t curve = 0;        // curve-colour pixels inside the plot's bounding box
};

PngFacts inspect(const Png& png) {
    PngFacts f;
    std::set<unsigned> colours;
    // The plot area: the bounding box of plot-background pixels.
    unsigned x0 = png.width, x1 = 0, y0 = png.height, y1 = 0;
    for (unsigned y = 0; y < png.height; ++y)
        for (unsigned x = 0; x < png.width; ++x) {
            const unsigned char* p = png.at(x, y);
            colours.insert(unsigned(p[0]) << 16 | unsigned(p[1]) << 8 | p[2]);
            if (near(p, kPlotBackground, 0)) {
                ++f.background;
                x0 = std::min(x0, x);
                x1 = std::max(x1, x);
                y0 = std::min(y0, y);
                y1 = std::max(y1, y);
            }
        }
    f.colours = colours.size();
    for (unsigned y = y0; y <= y1 && y < png.height; ++y)
        for (unsigned x = x0; x <= x1 && x < png.width; ++x)
            if (near(png.at(x, y), kCurve, 12)) ++f.curve;
    return f;
}

zbt::ProcessResult run_gui(const std::string& display, const std::vector<std::string>& args) {
    std::vector<std::string> argv = {"/usr/bin/env", "DISPLAY=" + display, "LIBGL_ALWAYS_SOFTWARE=1", zbt::zbench_bin("zbench-gui")};
    argv.insert(argv.end(), args.begin(), args.end());
    return zbt::run_process(argv);
}

}  // namespace

TEST_CASE("zbench-gui measures and saves screenshots under Xvfb", "[gui]") {
    if (!have_program("Xvfb")) {
        WARN("Xvfb is not installed: skipping (apt-get install xvfb)");
        std::_Exit(77);
    }
    Xvfb x;
    REQUIRE_FALSE(x.display().empty());
    zbt::TempDir dir;
    zbt::write_text(dir.file("rig.json"), kScenario);
    const std::vector<std::string> common = {"--sim-scenario", dir.file("rig.json"), "--output", "amplifier", "--r-ref", "10"};

    for (const std::string what : {"impedance", "hum"}) {
        INFO(what);
        const std::string png_path = dir.file(what + ".png");
        std::vector<std::string> args = common;
        args.insert(args.end(), {"--run", what, "--screenshot", png_path});
        const auto r = run_gui(x.display(), args);
        INFO(r.err);
        REQUIRE(r.exit_code == 0);
        const Png png = read_png(png_path);
        REQUIRE(png.width == 1280);
        REQUIRE(png.height == 800);
        const PngFacts f = inspect(png);
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
    if (!have_program("Xvfb")) std::_Exit(77);
    Xvfb x;
    REQUIRE_FALSE(x.display().empty());
    zbt::TempDir dir;
    const std::string profiles = dir.file("profiles");
    for (const char* step : {"loopback", "channel-match"}) {
        INFO(step);
        const auto r = run_gui(x.display(), {"--run", "calibrate", "--wizard-step", step, "--profile", "guibench", "--profiles-dir",
                                             profiles, "--r-ref", "10", "--screenshot", dir.file(std::string(step) + ".png")});
        INFO(r.err);
        REQUIRE(r.exit_code == 0);
        CHECK(read_png(dir.file(std::string(step) + ".png")).width == 1280);
    }
    // The same profile store and text as `zbench profiles show`.
    const auto show = zbt::run_process({zbt::zbench_bin(), "profiles", "show", "guibench", "--profiles-dir", profiles});
    INFO(show.err);
    REQUIRE(show.exit_code == 0);
    CHECK_THAT(show.out, Catch::Matches("(.|\n)*loopback +measured (.|\n)*"));
    CHECK_THAT(show.out, Catch::Matches("(.|\n)*channel-match +measured (.|\n)*"));
    CHECK_THAT(show.out, Catch::Contains("nominal 10 ohm"));
    // A step needs its profile name.
    const auto no_profile = run_gui(x.display(), {"--run", "calibrate", "--wizard-step", "loopback", "--screenshot", dir.file("x.png")});
    CHECK(no_profile.exit_code == 2);
    CHECK_THAT(no_profile.err, Catch::Contains("--profile NAME"));
}

TEST_CASE("zbench-gui fails with one line on a bad option or scenario", "[gui]") {
    if (!have_program("Xvfb")) std::_Exit(77);
    Xvfb x;
    REQUIRE_FALSE(x.display().empty());
    zbt::TempDir dir;
    const auto bad_run = run_gui(x.display(), {"--run", "ts"});
    CHECK(bad_run.exit_code == 2);
    const auto missing = run_gui(x.display(), {"--sim-scenario", dir.file("missing.json"), "--run", "impedance", "--screenshot",
                                               dir.file("never.png")});
    CHECK(missing.exit_code == 2);
    CHECK_THAT(missing.err, Catch::Contains("missing.json"));
    CHECK(std::count(missing.err.begin(), missing.err.end(), '\n') == 1);
    CHECK_FALSE(std::filesystem::exists(dir.file("never.png")));
    // A safety refusal: an open DUT (no current) is refused by the probe,
    // with the CLI's exit code and no screenshot.
    zbt::write_text(dir.file("open.json"), R"({"dut": {"model": "open"}})");
    const auto open = run_gui(x.display(), {"--sim-scenario", dir.file("open.json"), "--run", "impedance", "--screenshot",
                                            dir.file("open.png")});
    CHECK(open.exit_code == 11);
    CHECK_THAT(open.err, Catch::Contains("no current flows"));
    CHECK(std::count(open.err.begin(), open.err.end(), '\n') == 1);
    CHECK_FALSE(std::filesystem::exists(dir.file("open.png")));
}
