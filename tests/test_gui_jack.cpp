// zbench-gui on a real audio device: a private JACK server (dummy driver)
// with zbench-rig as the interface, measured through RtAudio exactly as
// `zbench impedance --api jack --device zbench-rig` does, under Xvfb.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <string>

#include "support/gui_support.h"
#include "support/jack_server.h"
#include "support/test_support.h"

TEST_CASE("zbench-gui measures through JACK with zbench-rig as the interface", "[gui][jack]") {
    if (!zbt::have_program("Xvfb")) std::_Exit(77);
    zbt::JackServer server;
    zbt::Xvfb x;
    REQUIRE_FALSE(x.display().empty());
    zbt::TempDir dir;
    zbt::write_text(dir.file("rig.json"), R"({"seed": 5})");
    zbt::Child rig({zbt::zbench_bin("zbench-rig"), "--sim-scenario", dir.file("rig.json")}, dir.file("rig.log"));
    const bool ready = server.wait_for_rig(rig, 30.0);
    INFO(rig.log());
    REQUIRE(ready);
    // JACK_DEFAULT_SERVER (set by JackServer) reaches zbench-gui through the environment.
    const auto r = zbt::run_gui(x.display(), {"--api", "jack", "--device", "zbench-rig", "--output", "amplifier", "--r-ref", "10",
                                              "--ignore-server-xruns", "--run", "impedance", "--screenshot", dir.file("z.png")});
    INFO(r.err << "zbench-rig " << (rig.running() ? "still running" : "exited") << ", its log:\n" << rig.log()
               << "jackd's log:\n" << server.log());
    REQUIRE(r.exit_code == 0);
    const zbt::Png png = zbt::read_png(dir.file("z.png"));
    REQUIRE(png.width == 1280);
    const zbt::PngFacts f = zbt::inspect_gui_png(png);
    CHECK(f.background > 100000u);
    CHECK(f.curve > 1000u);
    // A device that is not there: one line naming what is available, exit 3.
    const auto missing = zbt::run_gui(x.display(), {"--api", "jack", "--device", "no-such-card", "--run", "impedance", "--screenshot",
                                                    dir.file("n.png")});
    CHECK(missing.exit_code == 3);
    CHECK_THAT(missing.err, Catch::Contains("no-such-card"));
}
