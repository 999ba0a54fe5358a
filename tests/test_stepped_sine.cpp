// Stepped-sine impedance (measure/stepped_sine.h) on the virtual rig: the
// plan's exact periods, random DUTs against their models with noise and hum,
// a click in the middle of the measurement, and `zbench impedance
// --stimulus stepped-sine` end to end.
#include <catch2/catch.hpp>

#include <chrono>
#include <nlohmann/json.hpp>

#include "device/sim_device.h"
#include "measure/stepped_sine.h"
#include "model/dut.h"
#include "support/random_scenario.h"
#include "support/test_support.h"

using namespace zb;

namespace {

ImpedanceMeasurementConfig config_for(const Scenario& s) {
    ImpedanceMeasurementConfig c;
    c.analysis.r_ref_nominal_ohm = s.r_ref_ohm;
    c.analysis.grid = {10.0, 20000.0, 12};
    c.safety.output = OutputKind::amplifier;  // these rigs drive R_ref from a power amplifier
    return c;
}

zbt::CurveError error_of(const ImpedanceCurve& curve, const Scenario& s) {
    return zbt::compare_curve(curve, [&](double f) { return dut_impedance(s.dut, f); }, 20.0, 20000.0);
}

}  // namespace

TEST_CASE("the stepped sine's windows hold whole periods in whole samples", "[stepped_sine]") {
    auto plan = plan_stepped_sine({}, {10.0, 20000.0, 12}, 48000.0);
    REQUIRE(plan.ok());
    // log2(2000) = 10.97 octaves at 12 per octave: 132 points from 10 Hz, and 20 kHz itself.
    CHECK(plan->points.size() == 133);
    const double seconds = plan->duration_s(48000.0);
    std::printf("  10 Hz to 20 kHz at 12 per octave: %zu tones, %.1f s\n", plan->points.size(), seconds);
    CHECK(seconds < 70.0);
    for (const auto& p : plan->points) {
        const double periods = p.frequency_hz * static_cast<double>(p.window_length) / 48000.0;
        CHECK(periods == Approx(p.periods).epsilon(1e-12));
        CHECK(p.periods >= 20);
        CHECK(p.window >= p.start + 2400);  // 50 ms of settling at least
    }
    // Synchronous detection of a pure tone with DC and harmonics: exactly
    // the tone's own ratio.
    const SteppedSinePoint p = plan->points[40];
    std::vector<float> a(plan->length), b(plan->length);
    for (std::size_t i = 0; i < a.size(); ++i) {
        const double ph = kTwoPi * p.frequency_hz * static_cast<double>(i) / 48000.0;
        a[i] = static_cast<float>(0.5 * std::sin(ph) + 0.1 * std::sin(3 * ph) + 0.05);
        b[i] = static_cast<float>(0.2 * std::sin(ph + 0.3) + 0.1 * std::cos(2 * ph) - 0.02);
    }
    SteppedSinePlan one;
    one.points = {p};
    one.length = plan->length;
    const auto t = detect_transfer(one, a, b);
    CHECK(std::abs(t[0] - std::polar(0.4, 0.3)) < 1e-6);
}

TEST_CASE("stepped sine: random DUTs within 0.5 % and 0.5 degree, with noise and hum; a click costs no accuracy",
          "[stepped_sine][acceptance][slow]") {
    const std::uint64_t seed = zbt::test_seed();
    INFO("ZBENCH_TEST_SEED=" << seed);
    Rng rng(seed);
    for (int i = 0; i < 6; ++i) {
        Scenario s = zbt::random_scenario(rng, i % 3 != 0);
        s.input.noise_dbfs = -100.0;
        INFO("case " << i << ": " << zbt::describe(s));
        SimDevice device(s);
        const auto started = std::chrono::steady_clock::now();
        auto m = measure_stepped_sine(device, config_for(s), {}, nullptr);
        const double compute_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
        REQUIRE(m.ok());
        const auto err = error_of(m->analysis.curve, s);
        std::printf("  case %d: |Z| error %.4f %% at %.1f Hz, phase %.4f deg at %.1f Hz (%.1f s of audio, %.1f s to simulate)\n", i,
                    100 * err.max_magnitude_rel, err.max_magnitude_at_hz, err.max_phase_deg, err.max_phase_at_hz,
                    static_cast<double>(m->capture.a.size()) / 48000.0, compute_s);
        CHECK(err.max_magnitude_rel < 0.005);
        CHECK(err.max_phase_deg < 0.5);
    }
}

TEST_CASE("stepped sine: a click in the middle of the measurement moves the curve by under 1 %", "[stepped_sine][acceptance]") {
    // A woofer at fs 40 Hz; the click (one sample at -6 dBFS on both inputs,
    // 26 dB above the sweep's level) lands in the middle of the tones.
    Scenario s = default_scenario();
    s.input.noise_dbfs = -100.0;
    s.hum.harmonics = {{1, -90.0}, {3, -96.0}};
    auto clean = [&] {
        SimDevice device(s);
        return measure_stepped_sine(device, config_for(s), {}, nullptr);
    }();
    REQUIRE(clean.ok());
    CHECK(*std::max_element(clean->capture.a.begin(), clean->capture.a.end()) < 0.2f);
    // The probe plays first (0.3 s); the tones then take about 63 s.
    for (double at_s : {30.0, 32.0, 60.2}) {
        Scenario clicked = s;
        clicked.input.clicks = {{at_s, -6.0}};
        SimDevice device(clicked);
        auto m = measure_stepped_sine(device, config_for(s), {}, nullptr);
        REQUIRE(m.ok());
        // The click is in the capture: 0.5 of full scale on a -20 dBFS tone.
        CHECK(*std::max_element(m->capture.a.begin(), m->capture.a.end()) > 0.4f);
        const auto err = error_of(m->analysis.curve, s);
        // How far the click moved any point from the clean run's.
        double moved = 0.0;
        for (std::size_t k = 0; k < m->analysis.curve.size(); ++k)
            moved = std::max(moved, std::abs(m->analysis.curve.z(k) / clean->analysis.curve.z(k) - 1.0));
        std::printf("  click at %.1f s: |Z| error %.4f %% at %.1f Hz, phase %.4f deg (without the click %.4f %%); "
                    "no point moved by more than %.4f %%\n",
                    at_s, 100 * err.max_magnitude_rel, err.max_magnitude_at_hz, err.max_phase_deg,
                    100 * error_of(clean->analysis.curve, s).max_magnitude_rel, 100 * moved);
        CHECK(moved > 0.0);  // the click reached the detection (and was voted down)
        CHECK(err.max_magnitude_rel < 0.01);
        CHECK(err.max_phase_deg < 0.6);
    }
    // The same click in the middle of a 4 s sweep (0.3 s probe, 0.5 s of
    // silence, then the sweep), for comparison.
    Scenario clicked = s;
    clicked.input.clicks = {{2.8, -6.0}};
    SimDevice device(clicked);
    ImpedanceMeasurementConfig sweep_config = config_for(s);
    sweep_config.analysis.grid.points_per_octave = 48;
    auto swept = measure_impedance(device, sweep_config, nullptr);
    REQUIRE(swept.ok());
    CHECK(*std::max_element(swept->capture.a.begin(), swept->capture.a.end()) > 0.4f);
    const auto err = error_of(swept->analysis.curve, s);
    std::printf("  the sweep with the click: |Z| error %.4f %% at %.1f Hz, phase %.4f deg\n", 100 * err.max_magnitude_rel,
                err.max_magnitude_at_hz, err.max_phase_deg);
}

TEST_CASE("zbench impedance --stimulus stepped-sine: the JSON settings name the stimulus; sweep-only options refused",
          "[stepped_sine][acceptance]") {
    zbt::TempDir dir;
    auto r = zbt::zbench({"impedance", "--stimulus", "stepped-sine", "--steps-per-octave", "6", "--fmin", "20", "--fmax", "2000",
                          "--json", dir.file("z.json"), "-q"});
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    const auto j = nlohmann::json::parse(zbt::read_text(dir.file("z.json")));
    CHECK(j["settings"]["stimulus"] == "stepped-sine");
    CHECK(j["settings"]["stepped_sine"]["steps_per_octave"] == 6);
    CHECK(j["settings"]["points_per_octave"] == 6);
    CHECK(j["settings"]["level_dbfs"] == -20.0);
    CHECK(j["settings"]["sweep"].is_null());
    CHECK(j["impedance"]["frequency_hz"].size() == make_log_grid({20.0, 2000.0, 6}).size());
    auto sweep = zbt::zbench({"impedance", "--json", dir.file("s.json"), "-q"});
    REQUIRE(sweep.exit_code == 0);
    CHECK(nlohmann::json::parse(zbt::read_text(dir.file("s.json")))["settings"]["stimulus"] == "sweep");

    const std::pair<std::vector<std::string>, std::string> refused[] = {
        {{"--smoothing", "6"}, "--smoothing applies to a sweep"},
        {{"--from-wav", "x.wav"}, "--stimulus stepped-sine measures on a device; --from-wav analyses a sweep's recording"},
        {{"--save-recording", dir.file("r.wav")}, "--save-recording keeps a sweep's recording"},
        {{"--steps-per-octave", "0"}, "--steps-per-octave 0 is out of range"},
    };
    for (const auto& [extra, message] : refused) {
        std::vector<std::string> args = {"impedance", "--stimulus", "stepped-sine"};
        args.insert(args.end(), extra.begin(), extra.end());
        auto bad = zbt::zbench(args);
        INFO(bad.err);
        CHECK(bad.exit_code == 2);
        CHECK(zbt::count_lines(bad.err) == 1);
        CHECK_THAT(bad.err, Catch::Contains(message));
    }
}
