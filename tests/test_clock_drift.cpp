// Two sample clocks: the virtual rig's inputs sampling the output's signal at
// fs·(1 + clock_ppm·1e-6) (rig/clock_drift.h), and impedance measured through
// such a rig.
#include <catch2/catch.hpp>

#include <cmath>
#include <numbers>
#include <vector>

#include "device/sim_device.h"
#include "measure/impedance_measurement.h"
#include "model/dut.h"
#include "rig/clock_drift.h"
#include "support/random_scenario.h"
#include "support/test_support.h"
#include "util/rng.h"

using namespace zb;

TEST_CASE("a tone sampled on a drifting clock is the continuous tone at the input's instants", "[rig][drift]") {
    // The interpolation's error budget: under −80 dB of the signal below 0.45 fs.
    const double fs = 48000.0;
    for (double f_hz : {50.0, 1000.0, 15000.0, 21000.0}) {
        for (double ppm : {-100.0, 100.0}) {
            const std::size_t n = 48000;
            std::vector<double> v(n);
            for (std::size_t m = 0; m < n; ++m) v[m] = 0.5 * std::sin(2.0 * std::numbers::pi * f_hz * static_cast<double>(m) / fs);
            std::vector<float> out(n);
            const std::int64_t latency = 100;
            sample_on_drifting_clock(v, ppm, latency, out);
            double worst = 0.0;
            // Away from the ends, where the kernel runs off the signal.
            for (std::size_t t = 1000; t < n - 1000; ++t) {
                const double tau = static_cast<double>(t) / (1.0 + ppm * 1e-6) - static_cast<double>(latency);
                const double want = 0.5 * std::sin(2.0 * std::numbers::pi * f_hz * tau / fs);
                worst = std::max(worst, std::abs(out[t] - want));
            }
            INFO(f_hz << " Hz at " << ppm << " ppm: worst error " << 20 * std::log10(worst / 0.5) << " dB");
            CHECK(worst < 0.5 * 1e-4);  // −80 dB
        }
    }
}

TEST_CASE("random DUTs measure within 1 % and 1 degree with the input clock 100 ppm off", "[rig][drift][acceptance]") {
    const std::uint64_t seed = zbt::test_seed();
    INFO("ZBENCH_TEST_SEED=" << seed);
    Rng rng(seed);
    for (int i = 0; i < 8; ++i) {
        Scenario s = zbt::random_scenario(rng, i % 2 == 1);
        s.input.clock_ppm = i % 4 < 2 ? 100.0 : -100.0;
        // Pulse and PipeWire latencies, up to 0.15 s: the safety probe's
        // 100 ms tail (safety/probe_signal.h) leaves no room for more.
        s.input.latency_samples = static_cast<std::int64_t>(rng.uniform() * 7200.0);
        INFO("case " << i << ": " << zbt::describe(s) << " clock " << s.input.clock_ppm << " ppm");
        SimDevice device(s);
        ImpedanceMeasurementConfig c;
        c.analysis.r_ref_nominal_ohm = s.r_ref_ohm;
        c.analysis.grid = {10.0, 20000.0, 48};
        c.safety.output = OutputKind::amplifier;
        auto m = measure_impedance(device, c, nullptr);
        INFO((m ? std::string() : m.message()));
        REQUIRE(m.ok());
        const auto err = zbt::compare_curve(m->analysis.curve, [&](double f) { return dut_impedance(s.dut, f); }, 20.0, 20000.0);
        INFO("|Z| error " << 100 * err.max_magnitude_rel << " % at " << err.max_magnitude_at_hz << " Hz, phase error "
                          << err.max_phase_deg << " deg at " << err.max_phase_at_hz << " Hz");
        CHECK(err.max_magnitude_rel < 0.01);
        CHECK(err.max_phase_deg < 1.0);
        std::printf("  drift %+.0f ppm, latency %lld: |Z| error %.4f %% at %.0f Hz, phase %.4f deg at %.0f Hz\n",
                    s.input.clock_ppm, static_cast<long long>(s.input.latency_samples), 100 * err.max_magnitude_rel,
                    err.max_magnitude_at_hz, err.max_phase_deg, err.max_phase_at_hz);
    }
}
