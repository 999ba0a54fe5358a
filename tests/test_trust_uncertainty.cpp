// The per-point uncertainty of a measured curve against the true error on
// the virtual rig, where the true |Z| is known.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>

#include "app/impedance_format.h"
#include "app/impedance_job.h"
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

// RMS over the curve of the |Z| error and of the reported σ, percent.
struct RmsFigures {
    double error_percent = 0.0, sigma_percent = 0.0;
};
RmsFigures rms_figures(const ImpedanceAnalysis& a, const Scenario& s) {
    double err2 = 0.0, sigma2 = 0.0;
    for (std::size_t k = 0; k < a.curve.size(); ++k) {
        const double e = 100.0 * (a.curve.magnitude_ohm[k] / std::abs(dut_impedance(s.dut, a.curve.frequency_hz[k])) - 1.0);
        err2 += e * e;
        sigma2 += a.magnitude_uncertainty_percent[k] * a.magnitude_uncertainty_percent[k];
    }
    const double n = static_cast<double>(a.curve.size());
    return {std::sqrt(err2 / n), std::sqrt(sigma2 / n)};
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

TEST_CASE("four averaged sweeps halve the error and the reported sigma on a noisy bench", "[impedance][trust]") {
    // Noise uncorrelated between sweeps falls as 1/sqrt(N): 0.5 expected for
    // N = 4; 0.7 leaves room for the scatter of a 1 s sweep's RMS over ~230 points.
    const std::uint64_t seed = zbt::test_seed();
    INFO("ZBENCH_TEST_SEED=" << seed);
    Rng rng(seed);
    for (int i = 0; i < 2; ++i) {
        Scenario s = zbt::random_scenario(rng, true);
        s.input.noise_dbfs = -70.0;
        INFO(zbt::describe(s));
        auto c = rig_config(1.0);
        c.analysis.r_ref_nominal_ohm = s.r_ref_ohm;
        SimDevice one_device(s);
        auto one = measure_impedance(one_device, c, nullptr);
        c.averages = 4;
        SimDevice four_device(s);
        auto four = measure_impedance(four_device, c, nullptr);
        REQUIRE(one.ok());
        REQUIRE(four.ok());
        const RmsFigures f1 = rms_figures(one->analysis, s), f4 = rms_figures(four->analysis, s);
        INFO("RMS error " << f1.error_percent << " -> " << f4.error_percent << " %, RMS sigma " << f1.sigma_percent << " -> "
                          << f4.sigma_percent << " %");
        CHECK(f4.error_percent < 0.7 * f1.error_percent);
        CHECK(f4.sigma_percent < 0.7 * f1.sigma_percent);
        CHECK(f4.sigma_percent > 0.35 * f1.sigma_percent);  // and not more than sqrt(N) promises
        CHECK(four->choice.averages == 4);
        // The probe, then four sweeps of 1 s with their silences.
        const auto& sw = four->sweep.config;
        CHECK(four->choice.audio_played_s ==
              Approx(four->safety.probe->duration_s + 4.0 * (sw.duration_s + sw.pre_silence_s + sw.post_silence_s)));
    }
}

TEST_CASE("averages: checked, reported in the JSON, and cancelled between sweeps", "[impedance][trust]") {
    app::ImpedanceRequest r;
    r.sweep_seconds = 0.5;
    for (int bad : {0, 65}) {
        r.averages = bad;
        auto refused = app::run_impedance(r, nullptr);
        REQUIRE_FALSE(refused.ok());
        CHECK(refused.error().setting == "averages");
        CHECK_THAT(refused.error().message, Catch::Contains("{averages}") && Catch::Contains("1 to 64"));
    }
    r.averages = 3;
    auto ok = app::run_impedance(r, nullptr);
    REQUIRE(ok.ok());
    const auto json = app::impedance_report_json(*ok);
    CHECK(json["settings"]["sweep_choice"]["averages"] == 3);
    CHECK(json["settings"]["sweep_choice"]["audio_played_s"].get<double>() > 3.0 * 0.5);

    app::CancelToken cancel;
    std::vector<std::string> stages;
    const ProgressFn progress = [&](double, std::string_view stage) {
        if (stages.empty() || stages.back() != stage) stages.emplace_back(stage);
        if (stage == "sweep 2 of 3") cancel.cancel();
    };
    auto cancelled = app::run_impedance(r, progress, cancel);
    REQUIRE_FALSE(cancelled.ok());
    CHECK(cancelled.error().kind == app::Failure::cancelled);
    CHECK(std::find(stages.begin(), stages.end(), "sweep 1 of 3") != stages.end());
    CHECK(std::find(stages.begin(), stages.end(), "sweep 3 of 3") == stages.end());
}
