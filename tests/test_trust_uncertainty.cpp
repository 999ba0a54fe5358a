// The per-point uncertainty of a measured curve against the true error on
// the virtual rig, where the true |Z| is known.
#include <catch2/catch.hpp>

#include <cmath>

#include "device/sim_device.h"
#include "measure/impedance_measurement.h"
#include "support/random_scenario.h"
#include "support/test_support.h"
#include "util/rng.h"

using namespace zb;

namespace {

ImpedanceMeasurementConfig rig_config(double sweep_seconds, double level_dbfs = -20.0) {
    ImpedanceMeasurementConfig c;
    c.analysis.r_ref_nominal_ohm = 10.0;
    c.analysis.grid = {20.0, 20000.0, 24};
    c.safety.output = OutputKind::amplifier;
    c.sweep_seconds = sweep_seconds;
    c.level_dbfs = level_dbfs;
    return c;
}

}  // namespace

TEST_CASE("at -70 dBFS noise the reported sigma covers the true error and does not overstate it", "[impedance][trust]") {
    const std::uint64_t seed = zbt::test_seed();
    INFO("ZBENCH_TEST_SEED=" << seed);
    Rng rng(seed);
    for (int i = 0; i < 4; ++i) {
        Scenario s = zbt::random_scenario(rng, true);
        s.input.noise_dbfs = -70.0;
        INFO("case " << i << ": " << zbt::describe(s));
        SimDevice device(s);
        auto c = rig_config(i % 2 == 0 ? 1.0 : 4.0);
        c.analysis.r_ref_nominal_ohm = s.r_ref_ohm;
        auto m = measure_impedance(device, c, nullptr);
        REQUIRE(m.ok());
        const auto& curve = m->analysis.curve;
        const auto& sigma = m->analysis.magnitude_uncertainty_percent;
        const auto& sigma_phase = m->analysis.phase_uncertainty_deg;
        REQUIRE(sigma.size() == curve.size());
        REQUIRE(sigma_phase.size() == curve.size());
        std::size_t inside = 0, inside_phase = 0;
        double err2 = 0.0, sigma2 = 0.0;
        for (std::size_t k = 0; k < curve.size(); ++k) {
            const auto zt = dut_impedance(s.dut, curve.frequency_hz[k]);
            const double e = 100.0 * (curve.magnitude_ohm[k] / std::abs(zt) - 1.0);
            const double ep = curve.phase_deg[k] - rad_to_deg(std::arg(zt));
            inside += std::abs(e) <= 3.0 * sigma[k];
            inside_phase += std::abs(ep) <= 3.0 * sigma_phase[k];
            err2 += e * e;
            sigma2 += sigma[k] * sigma[k];
        }
        const double n = static_cast<double>(curve.size());
        const double rms_err = std::sqrt(err2 / n), rms_sigma = std::sqrt(sigma2 / n);
        INFO("within 3 sigma: " << inside << " of " << curve.size() << " (phase " << inside_phase << "); RMS error "
                                << rms_err << " %, RMS sigma " << rms_sigma << " %");
        CHECK(static_cast<double>(inside) >= 0.95 * n);
        CHECK(static_cast<double>(inside_phase) >= 0.95 * n);
        CHECK(rms_sigma <= 10.0 * rms_err);
    }
}

TEST_CASE("a noise-limited curve says so in words, naming the level", "[impedance][trust]") {
    Scenario s;
    SimDevice device(s);
    auto m = measure_impedance(device, rig_config(1.0, -70.0), nullptr);
    REQUIRE(m.ok());
    std::string all;
    for (const auto& w : m->analysis.warnings) all += w + "\n";
    INFO(all);
    CHECK_THAT(all, Catch::Contains("noise limits the curve") && Catch::Contains("{level}"));

    SimDevice quiet(s);
    auto loud = measure_impedance(quiet, rig_config(1.0, -20.0), nullptr);
    REQUIRE(loud.ok());
    for (const auto& w : loud->analysis.warnings) CHECK_THAT(w, !Catch::Contains("noise limits"));
}
