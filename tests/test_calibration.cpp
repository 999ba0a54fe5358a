// Calibration fixes a badly set-up rig (issue 6's first acceptance point),
// and the pieces behind it: the joint divider solution, the smoothing of the
// channel match, and the steps' sanity checks.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstdio>

#include "calibration/corrections.h"
#include "calibration/curve_smoothing.h"
#include "support/calibration_support.h"
#include "support/test_support.h"
#include "util/units.h"

using namespace zb;
using namespace zb::calibration;

namespace {

zbt::CurveError error_against_dut(const ImpedanceCurve& curve, const Scenario& s) {
    return zbt::compare_curve(curve, [&](double f) { return dut_impedance(s.dut, f); }, 20.0, 20000.0);
}

constexpr std::initializer_list<Step> kDividerSteps = {Step::channel_match, Step::reference, Step::short_leads,
                                                       Step::open_leads};

}  // namespace

TEST_CASE("calibration fixes a badly set-up rig: a random speaker within 0.3 % and 0.3 degrees", "[calibration][acceptance]") {
    const std::uint64_t seed = zbt::test_seed();
    INFO("ZBENCH_TEST_SEED=" << seed);
    std::printf("calibration acceptance: ZBENCH_TEST_SEED=%llu\n", static_cast<unsigned long long>(seed));
    Rng rng(seed);
    for (int rig = 0; rig < 3; ++rig) {
        Scenario s = zbt::badly_set_up_rig(rng);
        INFO("rig " << rig << ": " << zbt::describe_rig(s));
        SimDevice device(s);

        auto raw = zbt::measure(device, zbt::kNominalRRefOhm, nullptr);
        REQUIRE(raw.ok());
        const auto before = error_against_dut(raw->analysis.curve, s);
        INFO("uncalibrated: |Z| " << 100 * before.max_magnitude_rel << " % at " << before.max_magnitude_at_hz << " Hz, phase "
                                  << before.max_phase_deg << " deg");
        CHECK(before.max_magnitude_rel > 0.03);  // several percent

        const double known = 8.0;
        auto profile = zbt::calibrate(device, zbt::kNominalRRefOhm, kDividerSteps, known);
        INFO((profile.ok() ? std::string() : profile.message()));
        REQUIRE(profile.ok());
        const DividerSolution sol = profile->divider();
        INFO("solved: r_ref " << sol.r_ref_effective_ohm << " leads " << sol.leads_resistance_ohm().value_or(-1) << " zin "
                              << sol.input_b_resistance_ohm().value_or(-1));
        CHECK(sol.r_ref_effective_ohm == Approx(s.r_ref_ohm).epsilon(2e-4));
        CHECK(*sol.leads_resistance_ohm() == Approx(s.leads_ohm).epsilon(0.01));
        REQUIRE(sol.input_b_resistance_ohm().has_value());
        CHECK(*sol.input_b_resistance_ohm() == Approx(s.input.impedance_ohm).epsilon(0.05));
        // The smoothed channel match against the rig's true B/A (gain and roll-offs).
        double worst_ratio = 0.0;
        for (double f = 20.0; f <= 20000.0; f *= 1.1) {
            auto rolloff = [f](double hp, double lp) {
                const std::complex<double> jf(0.0, f);
                return jf / (jf + hp) / (1.0 + jf / lp);
            };
            const auto truth = db_to_gain(s.input.gain_db[1] - s.input.gain_db[0]) *
                               rolloff(s.input.highpass_hz[1], s.input.lowpass_hz[1]) /
                               rolloff(s.input.highpass_hz[0], s.input.lowpass_hz[0]);
            worst_ratio = std::max(worst_ratio, std::abs(curve_at(*sol.channel_ratio, f) / truth - 1.0));
        }
        INFO("channel match: worst |G/G_true - 1| " << worst_ratio);
        std::printf("  rig %d solved: R_ref %+.4f %%, leads %+.3f %%, input B %+.2f %% off the truth; G within %.1e of the truth\n", rig,
                    100 * (sol.r_ref_effective_ohm / s.r_ref_ohm - 1), 100 * (*sol.leads_resistance_ohm() / s.leads_ohm - 1),
                    100 * (sol.input_b_resistance_ohm().value_or(0) / s.input.impedance_ohm - 1), worst_ratio);
        const auto& fit = sol.input_load->fit;
        std::printf("  rig %d open step: y = R/Z_in = %.3e, per-point scatter %.1f %% of it, fit standard error %.3f %% (%zu points)\n",
                    rig, fit.a, 100 * fit.se_a * std::sqrt(double(fit.points)) / fit.a, 100 * fit.se_a / fit.a, fit.points);
        CHECK(worst_ratio < 2e-5);

        // A speaker other than the one the rig was set up with: the bench is the same, the driver is new.
        for (int k = 0; k < 2; ++k) {
            Scenario with_speaker = s;
            with_speaker.dut = SpeakerDut{zbt::random_speaker(rng)};
            with_speaker.seed = rng.next_u64() >> 12;
            INFO("speaker " << k << ": " << zbt::describe_rig(with_speaker));
            SimDevice bench(with_speaker);
            auto uncal = zbt::measure(bench, zbt::kNominalRRefOhm, nullptr);
            auto cal = zbt::measure(bench, zbt::kNominalRRefOhm, &*profile);
            REQUIRE(uncal.ok());
            REQUIRE(cal.ok());
            const auto u = error_against_dut(uncal->analysis.curve, with_speaker);
            const auto e = error_against_dut(cal->analysis.curve, with_speaker);
            std::printf("  rig %d speaker %d: uncalibrated %.2f %% / %.2f deg; calibrated %.4f %% at %.0f Hz / %.4f deg at %.0f Hz\n",
                        rig, k, 100 * u.max_magnitude_rel, u.max_phase_deg, 100 * e.max_magnitude_rel, e.max_magnitude_at_hz,
                        e.max_phase_deg, e.max_phase_at_hz);
            INFO("calibrated: |Z| " << 100 * e.max_magnitude_rel << " % at " << e.max_magnitude_at_hz << " Hz, phase "
                                    << e.max_phase_deg << " deg at " << e.max_phase_at_hz << " Hz");
            CHECK(u.max_magnitude_rel > 0.03);
            CHECK(e.max_magnitude_rel < 0.003);
            CHECK(e.max_phase_deg < 0.3);
        }
    }
}

TEST_CASE("each divider correction removes its own error, and the steps can run in any order", "[calibration]") {
    // A fixed bench and a high-impedance resonance, so every imperfection shows.
    Scenario s;
    s.seed = 7;
    s.output_kind = "amplifier";
    s.r_ref_ohm = 10.3;
    s.leads_ohm = 0.05;
    s.input.impedance_ohm = 20000.0;
    s.input.gain_db = {0.0, 0.7};
    s.input.highpass_hz = {2.0, 3.0};
    s.input.lowpass_hz = {80000.0, 60000.0};
    s.input.noise_dbfs = -112.0;
    SpeakerParams p;
    p.re_ohm = 4.0;
    p.fs_hz = 40.0;
    p.qms = 6.0;
    p.qes = 0.3;  // Res = 80 ohm: input B's 20 kohm reads the peak 0.4 % low
    s.dut = SpeakerDut{p};
    SimDevice device(s);

    auto full = zbt::calibrate(device, 10.0, {Step::channel_match, Step::reference, Step::short_leads, Step::open_leads});
    REQUIRE(full.ok());
    // Another order: the joint solution does not care.
    auto other = zbt::calibrate(device, 10.0, {Step::open_leads, Step::short_leads, Step::reference},
                                8.0, 0.0, [&] {
                                    Profile q = *full;
                                    q.reference.reset();
                                    q.short_leads.reset();
                                    q.open_leads.reset();
                                    return q;
                                }());
    REQUIRE(other.ok());
    CHECK(other->divider().r_ref_effective_ohm == Approx(full->divider().r_ref_effective_ohm).epsilon(1e-5));
    CHECK(*other->divider().leads_resistance_ohm() == Approx(*full->divider().leads_resistance_ohm()).epsilon(1e-3));

    auto error_without = [&](std::optional<Step> left_out) {
        Profile q = *full;
        if (left_out == Step::channel_match) q.channel_match.reset();
        if (left_out == Step::reference) q.reference.reset();
        if (left_out == Step::short_leads) q.short_leads.reset();
        if (left_out == Step::open_leads) q.open_leads.reset();
        auto m = zbt::measure(device, 10.0, &q);
        REQUIRE(m.ok());
        return m->analysis.curve;
    };
    auto at = [&](const ImpedanceCurve& c, double f_hz) {
        std::size_t best = 0;
        for (std::size_t i = 0; i < c.size(); ++i)
            if (std::abs(c.frequency_hz[i] - f_hz) < std::abs(c.frequency_hz[best] - f_hz)) best = i;
        return std::make_pair(c.magnitude_ohm[best] / std::abs(dut_impedance(s.dut, c.frequency_hz[best])) - 1.0,
                              c.frequency_hz[best]);
    };
    const double peak_hz = p.fs_hz, re_hz = 300.0;
    const auto all = error_without(std::nullopt);
    const auto e_all = error_against_dut(all, s);
    std::printf("  all four corrections: %.4f %%, %.4f deg\n", 100 * e_all.max_magnitude_rel, e_all.max_phase_deg);
    CHECK(e_all.max_magnitude_rel < 0.003);

    // Without the reference step |Z| scales by nominal/true R_ref: -2.9 %.
    const auto [no_ref, f1] = at(error_without(Step::reference), re_hz);
    std::printf("  without reference: %+.3f %% at %.0f Hz (expected %+.3f %%)\n", 100 * no_ref, f1, 100 * (10.0 / 10.3 - 1.0));
    CHECK(no_ref == Approx(10.0 / 10.3 - 1.0).margin(0.002));

    // Without the short step the leads add 0.05 ohm, but the reference then
    // also absorbs them (R_k + leads reads as R_k): net +0.05·(1/|Z| − 1/R_k)·|Z|.
    const auto no_short_curve = error_without(Step::short_leads);
    const auto [no_short, f2] = at(no_short_curve, re_hz);
    const double z_re = std::abs(dut_impedance(s.dut, f2));
    const double expected_short = (z_re + 0.05) / z_re * 8.0 / 8.05 - 1.0;
    std::printf("  without short: %+.3f %% at %.0f Hz (expected %+.3f %%)\n", 100 * no_short, f2, 100 * expected_short);
    CHECK(no_short == Approx(expected_short).margin(0.0005));

    // Without the open step input B's 20 kohm shunts the peak: −|Z|/Z_in
    const auto [no_open, f3] = at(error_without(Step::open_leads), peak_hz);
    const double z_peak = std::abs(dut_impedance(s.dut, f3));
    // (the reference step absorbs the 8 ohm resistor's own share, +8/Z_in).
    const double expected_open = -(z_peak - 8.0) / 20000.0;
    std::printf("  without open: %+.3f %% at %.1f Hz (expected %+.3f %%)\n", 100 * no_open, f3, 100 * expected_open);
    CHECK(no_open == Approx(expected_open).margin(0.0003));
    CHECK(no_open < -0.003);

    // Without the channel match. A flat, real gain mismatch G alone would be
    // absorbed by the other steps: (1 − G·t)/(G·t) = (1/G − 1) + (R/G)·Y_B is a
    // shunt (the open step takes it) and a scale (the reference takes it).
    // What they cannot absorb is a mismatch that moves with frequency: here
    // the inputs' different roll-offs (1.4 degrees at 20 Hz, 4.8 at 20 kHz).
    const auto e_no_match = error_against_dut(error_without(Step::channel_match), s);
    std::printf("  without channel match: %.2f %% at %.0f Hz, %.2f deg\n", 100 * e_no_match.max_magnitude_rel,
                e_no_match.max_magnitude_at_hz, e_no_match.max_phase_deg);
    CHECK(e_no_match.max_magnitude_rel > 0.01);
}

TEST_CASE("the channel-match smoothing removes noise without biasing a curved mismatch", "[calibration]") {
    // A realistic mismatch: B's coupling capacitor corner at 3 Hz against
    // A's 2 Hz, B's anti-alias pole at 60 kHz against A's 80 kHz, 0.7 dB.
    auto truth = [](double f) {
        using C = std::complex<double>;
        const C s(0.0, f);
        const C hp_a = s / (s + 2.0), hp_b = s / (s + 3.0);
        const C lp_a = 1.0 / (1.0 + s / 80000.0), lp_b = 1.0 / (1.0 + s / 60000.0);
        return db_to_gain(0.7) * hp_b * lp_b / (hp_a * lp_a);
    };
    ComplexCurve clean, noisy;
    Rng rng(42);
    const double sigma = 1e-4;
    for (double f = 10.0; f <= 20000.0; f *= std::exp2(1.0 / 48.0)) {
        clean.push_back(f, truth(f));
        noisy.push_back(f, truth(f) * std::complex<double>(1.0 + sigma * rng.gaussian(), sigma * rng.gaussian()));
    }
    const ComplexCurve smooth_clean = smooth_log_polynomial(clean, kChannelMatchSmoothingOctaves, 2);
    const ComplexCurve smooth_noisy = smooth_log_polynomial(noisy, kChannelMatchSmoothingOctaves, 2);
    double bias = 0.0, raw_noise = 0.0, smooth_noise = 0.0, average_bias = 0.0;
    for (std::size_t i = 0; i < clean.size(); ++i) {
        bias = std::max(bias, std::abs(smooth_clean.value[i] / clean.value[i] - 1.0));
        raw_noise += std::norm(noisy.value[i] / clean.value[i] - 1.0);
        smooth_noise += std::norm(smooth_noisy.value[i] / clean.value[i] - 1.0);
    }
    // The same window as a moving average (1/3-octave mean of the complex values).
    for (std::size_t i = 0; i < clean.size(); ++i) {
        std::complex<double> sum = 0.0;
        int n = 0;
        for (std::size_t j = 0; j < clean.size(); ++j)
            if (std::abs(std::log2(clean.frequency_hz[j] / clean.frequency_hz[i])) <= kChannelMatchSmoothingOctaves / 2) {
                sum += clean.value[j];
                ++n;
            }
        average_bias = std::max(average_bias, std::abs(sum / double(n) / clean.value[i] - 1.0));
    }
    raw_noise = std::sqrt(raw_noise / double(clean.size()));
    smooth_noise = std::sqrt(smooth_noise / double(clean.size()));
    std::printf("  smoothing: bias %.2e (moving average %.2e), noise %.2e -> %.2e\n", bias, average_bias, raw_noise, smooth_noise);
    CHECK(bias < 1e-5);
    CHECK(average_bias > 10 * bias);
    CHECK(smooth_noise < raw_noise / 2.5);
}

TEST_CASE("calibration steps refuse the wrong wiring with a one-line reason", "[calibration]") {
    Scenario s = default_scenario();  // the woofer on R_ref 10 ohm, wired for measurement
    SimDevice device(s);
    StepContext ctx = zbt::step_context(device, 10.0);
    SafetyReport safety;

    auto cm = run_channel_match(ctx, &safety);  // R_ref not shorted
    REQUIRE_FALSE(cm.ok());
    CHECK_THAT(cm.message(), Catch::Contains("short R_ref"));

    auto open = run_open(ctx, ComplexCurve{}, &safety);  // no channel match yet
    REQUIRE_FALSE(open.ok());
    CHECK_THAT(open.message(), Catch::Contains("run channel-match first"));

    ComplexCurve flat;
    flat.push_back(10.0, 1.0);
    flat.push_back(20000.0, 1.0);
    auto open2 = run_open(ctx, flat, &safety);  // the driver is still there
    REQUIRE_FALSE(open2.ok());
    CHECK_THAT(open2.message(), Catch::Contains("not an open"));

    auto sh = run_short(ctx, flat, &safety);
    REQUIRE_FALSE(sh.ok());
    CHECK_THAT(sh.message(), Catch::Contains("not a short"));

    REQUIRE(device.rewire({WiringKind::resistor, 8.0}).ok());
    auto ref = run_reference(ctx, 80.0, flat, &safety);  // a typo: 80 for 8
    REQUIRE_FALSE(ref.ok());
    CHECK_THAT(ref.message(), Catch::Contains("not near {known_ohms} 80"));
    for (const auto* m : {&cm.message(), &open.message(), &open2.message(), &sh.message(), &ref.message()})
        CHECK(m->find('\n') == std::string::npos);
}
