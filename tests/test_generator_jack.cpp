// zbench generate through a real audio server: a JACK server of the test's
// own (dummy driver) and zbench-rig; the tone streams through RtAudio
// (RtAudioDevice::play_stream) and is read back on input A.
#include <catch2/catch.hpp>

#include "app/generate_job.h"
#include "rig/scenario.h"
#include "support/jack_server.h"
#include "support/test_support.h"
#include "util/units.h"

using namespace zb;

TEST_CASE("generate through JACK and zbench-rig: the tone arrives on input A, without gaps", "[jack][generator][acceptance]") {
    zbt::JackServer server;
    zbt::TempDir dir;
    Scenario s = default_scenario();
    s.dut = ResistorDut{8.0};
    const std::string file = dir.file("rig.json");
    zbt::write_text(file, scenario_to_json(s).dump(2));
    zbt::Child rig({zbt::zbench_bin("zbench-rig"), "--sim-scenario", file}, dir.file("rig.log"));
    REQUIRE(server.wait_for_rig(rig, 30.0));

    app::GenerateRequest request;
    request.device.api = "jack";
    request.device.device = "zbench-rig";
    request.device.ignore_server_xruns = true;
    request.frequency_hz = 1000.0;
    request.level_dbfs = -20.0;
    request.seconds = 2.0;
    auto r = app::run_generate(request, nullptr);
    INFO((r.ok() ? std::string() : r.error().message));
    REQUIRE(r.ok());
    CHECK(r->xruns == 0);
    REQUIRE(r->input_a);
    REQUIRE(r->input_a_tail.size() == 48000);
    // The last second of A holds the tone's last ~0.9 s (after the round
    // trip's latency); its middle half second is the steady tone. A gap in
    // the stream would show as a sample far from the fitted sine.
    std::span<const float> a = std::span(r->input_a_tail).subspan(12000, 24000);
    double c = 0.0, q = 0.0;
    for (std::size_t i = 0; i < a.size(); ++i) {
        const double ph = kTwoPi * 1000.0 * static_cast<double>(i) / 48000.0;
        c += a[i] * std::cos(ph);
        q += a[i] * std::sin(ph);
    }
    const double amplitude = 2.0 * std::hypot(c, q) / static_cast<double>(a.size());
    const double phase = std::atan2(c, q);
    double worst = 0.0;
    for (std::size_t i = 0; i < a.size(); ++i)
        worst = std::max(worst, std::abs(a[i] - amplitude * std::sin(kTwoPi * 1000.0 * static_cast<double>(i) / 48000.0 + phase)));
    std::printf("  through JACK: input A tone %.3f dBFS peak, worst deviation from the sine %.2g, input A %.2f dBFS RMS overall\n",
                peak_fs_to_dbfs(amplitude), worst, r->input_a->rms_dbfs);
    CHECK(std::abs(peak_fs_to_dbfs(amplitude) + 20.0) < 0.1);
    CHECK(worst < 1e-3 * amplitude);
}
