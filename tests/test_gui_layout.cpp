// zbench-gui --check-layout under Xvfb: with the L16RNX curves opened and
// fitted (dual added mass), a rig measurement, a hum spectrum, advice and a
// calibration profile in the panels, no label is clipped at the three window sizes the GUI is made
// for, nor at twice the scale; at 640x480 the check fails and names what it
// found cut.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <string>
#include <vector>

#include "support/gui_support.h"
#include "support/test_support.h"

namespace {

std::vector<std::string> l16rnx_args() {
    std::vector<std::string> args;
    for (const char* f : {"L16RNX_0g_242_27mV.zma", "L16RNX_8_017g_242_27mV.zma", "L16RNX_16_048g_242_27mV.zma"})
        args.push_back(zbt::reference_file(std::string("jcandy_speakertools/") + f));
    args.insert(args.end(), {"--ts-mass", "L16RNX_8_017g_242_27mV=8.017", "--ts-mass", "L16RNX_16_048g_242_27mV=16.048"});
    return args;
}

}  // namespace

TEST_CASE("zbench-gui --check-layout finds no clipped label at 1024x640, 1280x800, 1920x1080 and at scale 2", "[gui]") {
    if (!zbt::have_program("Xvfb")) {
        WARN("Xvfb is not installed: skipping (apt-get install xvfb)");
        std::_Exit(77);
    }
    zbt::Xvfb x;
    REQUIRE_FALSE(x.display().empty());
    zbt::TempDir dir;
    // A profile in the profiles folder, for the Profiles tab and the Setup panel's drop-down.
    const auto made = zbt::zbench({"calibrate", "loopback", "--profile", "bench", "--profiles-dir", dir.file("profiles")});
    INFO(made.err);
    REQUIRE(made.exit_code == 0);
    // HiDPI: --scale 2 in a 2048x1280 window is 1024x640 at twice the size.
    struct Size {
        int width, height;
        const char* scale;
    };
    for (const Size& s : {Size{1024, 640, "1"}, Size{1280, 800, "1"}, Size{1920, 1080, "1"}, Size{2048, 1280, "2"}}) {
        const std::string size = std::to_string(s.width) + "x" + std::to_string(s.height);
        INFO(size << " scale " << s.scale);
        std::vector<std::string> args = l16rnx_args();
        args.insert(args.end(), {"--check-layout", "--width", std::to_string(s.width), "--height", std::to_string(s.height), "--scale",
                                 s.scale, "--profiles-dir", dir.file("profiles")});
        const auto r = zbt::run_gui(x.display(), args, dir.file("config"));
        INFO(r.out);
        INFO(r.err);
        CHECK(r.exit_code == 0);
        CHECK_THAT(r.out, Catch::Contains("check-layout at " + size + ": 0 clipped label(s)"));
    }
}

TEST_CASE("zbench-gui --check-layout fails at 640x480 and names the clipped labels", "[gui]") {
    if (!zbt::have_program("Xvfb")) std::_Exit(77);
    zbt::Xvfb x;
    REQUIRE_FALSE(x.display().empty());
    zbt::TempDir dir;
    const auto r = zbt::run_gui(x.display(), {"--check-layout", "--width", "640", "--height", "480"}, dir.file("config"));
    INFO(r.out);
    INFO(r.err);
    CHECK(r.exit_code == 1);
    // The Generator tab's first line is wider than its 356 px, and the
    // short-leads wiring label has a fifth of the diagram: both cut.
    CHECK_THAT(r.out, Catch::Contains("clipped: generator tab, main: \"Plays on the Setup panel's device"));
    CHECK_THAT(r.out, Catch::Contains("clipped: calibration tab, short step, main: \"clips sho"));
    CHECK_THAT(r.out, Catch::Matches("(.|\n)*needs more than [0-9]+ px, has [0-9]+ px(.|\n)*"));
    CHECK_THAT(r.out, Catch::Contains("check-layout at 640x480: "));
    CHECK_THAT(r.out, !Catch::Contains(": 0 clipped label(s)"));
}
