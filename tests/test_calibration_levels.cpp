// Calibration of levels and of the chain: the sensitivity step end to end
// (issue 6's second acceptance point: a −80 dBFS mains component reads the
// right dBV), and the loopback step's latency and response.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstdio>
#include <numbers>

#include "calibration/corrections.h"
#include "measure/hum_removal.h"
#include "model/divider.h"
#include "support/calibration_support.h"
#include "support/test_support.h"
#include "util/units.h"

using namespace zb;
using namespace zb::calibration;

namespace {

// An input's first-order roll-offs, as the rig applies them.
std::complex<double> rolloff(double f, double hp, double lp) {
    const std::complex<double> s(0.0, f);
    std::complex<double> h = 1.0;
    if (hp > 0.0) h *= s / (s + hp);
    if (lp > 0.0) h /= 1.0 + s / lp;
    return h;
}

// What a voltmeter on the drive node reads while the sensitivity tone plays.
double meter_volts_rms(const Scenario& s, const SensitivityConfig& tone) {
    auto wired = apply_wiring(s, rig_wiring(Step::sensitivity));
    REQUIRE(wired.ok());
    const auto node = divider_response(wired->circuit(), wired->dut, tone.frequency_hz);
    return dbfs_to_peak_fs(tone.level_dbfs) * s.full_scale_volts * std::abs(node.a) / std::numbers::sqrt2;
}

double log_uniform(Rng& rng, double lo, double hi) { return lo * std::pow(hi / lo, rng.uniform()); }

}  // namespace

TEST_CASE("after the sensitivity step a -80 dBFS mains component reads the right dBV", "[calibration][acceptance]") {
    const std::uint64_t seed = zbt::test_seed();
    INFO("ZBENCH_TEST_SEED=" << seed);
    std::printf("sensitivity acceptance: ZBENCH_TEST_SEED=%llu\n", static_cast<unsigned long long>(seed));
    Rng rng(seed);
    for (int trial = 0; trial < 4; ++trial) {
        Scenario s = zbt::badly_set_up_rig(rng);
        s.full_scale_volts = log_uniform(rng, 0.3, 5.0);  // an interface's peak volts at full scale
        s.hum.harmonics = {{1, -80.0}, {2, -96.0}, {3, -90.0}};
        s.input.dc_volts = {0.01 * (2.0 * rng.uniform() - 1.0), 0.01 * (2.0 * rng.uniform() - 1.0)};
        INFO("trial " << trial << ": full_scale_volts " << s.full_scale_volts << " " << zbt::describe_rig(s));
        SimDevice device(s);

        const double volts = meter_volts_rms(s, SensitivityConfig{});
        auto profile = zbt::calibrate(device, zbt::kNominalRRefOhm, {Step::channel_match, Step::sensitivity}, 8.0, volts);
        INFO((profile.ok() ? std::string() : profile.message()));
        REQUIRE(profile.ok());

        // The hum, as a hum command would read it: 2 s with the output silent,
        // DC and mains harmonics fitted (measure/hum_removal.h).
        const double fs = s.sample_rate_hz;
        auto cap = device.record(static_cast<std::size_t>(2.0 * fs), nullptr);
        REQUIRE(cap.ok());
        const StridedView chans[2] = {StridedView::of(cap->a), StridedView::of(cap->b)};
        const Segment all{0, cap->a.size()};
        const HumFit hum = fit_hum(chans, fs, std::span<const Segment>(&all, 1));
        REQUIRE(hum.found);
        for (int ch = 0; ch < 2; ++ch) {
            const Input input = ch == 0 ? Input::a : Input::b;
            const auto vpfs = input_volts_per_fs(*profile, input);
            REQUIRE(vpfs.has_value());
            const HumComponent* fundamental = nullptr;
            for (const auto& c : hum.channels[ch].components)
                if (c.harmonic == 1) fundamental = &c;
            REQUIRE(fundamental != nullptr);
            const double measured_dbv = sine_peak_fs_to_dbv(fundamental->amplitude_fs(), *vpfs);
            // The truth: the rig adds hum as −80 dBFS at the converter, i.e. a
            // voltage of 10^(−80/20)·V_fs/(gain·|roll-off|) at the input's terminals.
            const double gain = db_to_gain(s.input.gain_db[ch]) *
                                std::abs(rolloff(s.hum.mains_hz, s.input.highpass_hz[ch], s.input.lowpass_hz[ch]));
            const double true_dbv = volts_rms_to_dbv(dbfs_to_peak_fs(-80.0) * s.full_scale_volts / gain / std::numbers::sqrt2);
            const double naive_dbv = volts_rms_to_dbv(dbfs_to_peak_fs(-80.0) / std::numbers::sqrt2);  // "1 V at full scale"
            std::printf("  trial %d input %c: -80 dBFS hum reads %.3f dBV, true %.3f dBV (error %+.4f dB; "
                        "without the profile %+.2f dB off)\n",
                        trial, ch == 0 ? 'A' : 'B', measured_dbv, true_dbv, measured_dbv - true_dbv, naive_dbv - true_dbv);
            CHECK(measured_dbv == Approx(true_dbv).margin(0.3));
            // What it actually achieves: the volts per full scale are read at the
            // tone's 315 Hz, so the input's own roll-off between there and the
            // mains (a 2 Hz coupling corner: 0.01 dB at 50 Hz) is what remains.
            CHECK(measured_dbv == Approx(true_dbv).margin(0.05));
            // DC in volts, same convention.
            const double true_dc = s.input.dc_volts[ch] / db_to_gain(s.input.gain_db[ch]);
            CHECK(dc_fs_to_volts(hum.channels[ch].dc_fs, *vpfs) == Approx(true_dc).margin(2e-5));
        }
        CHECK(*output_volts_per_fs(*profile) == Approx(s.full_scale_volts).epsilon(1e-4));
        CHECK(sine_peak_fs_to_mv_rms(1.0, 1.0) == Approx(1000.0 / std::numbers::sqrt2));
    }
}

TEST_CASE("the sensitivity step refuses a driver left connected and tones on the mains comb", "[calibration]") {
    SimDevice device(default_scenario());  // wired for measurement: the driver is there
    StepContext ctx = zbt::step_context(device, 10.0);
    auto tone = measure_sensitivity_tone(ctx, SensitivityConfig{}, ComplexCurve{});
    REQUIRE_FALSE(tone.ok());
    CHECK_THAT(tone.message(), Catch::Contains("not on the same node"));
    SensitivityConfig bad;
    bad.frequency_hz = 300.0;  // 6 × 50 Hz
    CHECK_FALSE(validate_sensitivity_config(bad).ok());
    bad.frequency_hz = 317.0;  // not a multiple of 5 Hz
    CHECK_FALSE(validate_sensitivity_config(bad).ok());
    SensitivityTone t;
    t.config = SensitivityConfig{};
    t.peak_a_fs = t.peak_b_fs = 0.25;
    CHECK_FALSE(make_sensitivity_step(t, 0.0).ok());
    auto step = make_sensitivity_step(t, 0.5);
    REQUIRE(step.ok());
    CHECK(step->input_volts_per_fs(Input::a) == Approx(0.5 * std::numbers::sqrt2 / 0.25));
}

TEST_CASE("the loopback step reads the latency and the chain's response", "[calibration]") {
    const std::uint64_t seed = zbt::test_seed();
    INFO("ZBENCH_TEST_SEED=" << seed);
    Rng rng(seed);
    Scenario s = zbt::badly_set_up_rig(rng);
    s.input.latency_samples = 100 + static_cast<std::int64_t>(rng.uniform() * 1900.0);
    INFO(zbt::describe_rig(s));
    SimDevice device(s);
    auto profile = zbt::calibrate(device, zbt::kNominalRRefOhm, {Step::loopback});
    INFO((profile.ok() ? std::string() : profile.message()));
    REQUIRE(profile.ok());
    const auto& lb = *profile->loopback;
    // The latency includes the input's filters' group delay (an 80 kHz pole
    // adds 0.1 sample), and the response is stated relative to it.
    CHECK(lb.latency_samples == Approx(double(s.input.latency_samples)).margin(0.15));
    const double excess_samples = lb.latency_samples - double(s.input.latency_samples);
    auto wired = apply_wiring(s, rig_wiring(Step::loopback));
    REQUIRE(wired.ok());
    double worst_db = 0.0, worst_deg = 0.0;
    for (std::size_t i = 0; i < lb.response.size(); ++i) {
        const double f = lb.response.frequency_hz[i];
        if (f < 20.0 || f > 20000.0) continue;
        const auto truth = divider_response(wired->circuit(), wired->dut, f).a * db_to_gain(s.input.gain_db[0]) *
                           rolloff(f, s.input.highpass_hz[0], s.input.lowpass_hz[0]);
        const auto ratio = lb.response.value[i] / truth * std::polar(1.0, -kTwoPi * f * excess_samples / s.sample_rate_hz);
        worst_db = std::max(worst_db, std::abs(gain_to_db(std::abs(ratio))));
        worst_deg = std::max(worst_deg, std::abs(rad_to_deg(std::arg(ratio))));
    }
    std::printf("  loopback: latency %.3f samples (true %lld), response within %.4f dB and %.4f deg of the truth\n",
                lb.latency_samples, static_cast<long long>(s.input.latency_samples), worst_db, worst_deg);
    CHECK(worst_db < 0.01);
    CHECK(worst_deg < 0.1);

    // A round trip as long as a desktop audio server's (24000 samples, 0.5 s
    // at 48 kHz): the probe plays again with room for it, and the step reads it.
    Scenario slow = s;
    slow.input.latency_samples = 24000;
    SimDevice slow_device(slow);
    auto late = zbt::calibrate(slow_device, zbt::kNominalRRefOhm, {Step::loopback});
    INFO((late.ok() ? std::string() : late.message()));
    REQUIRE(late.ok());
    CHECK(late->loopback->latency_samples == Approx(24000.0 + excess_samples).margin(0.15));

    // With input A unconnected the probe refuses before any sweep plays.
    Scenario dead = s;
    dead.input.gain_db[0] = -200.0;
    SimDevice dead_device(dead);
    auto none = zbt::calibrate(dead_device, zbt::kNominalRRefOhm, {Step::loopback});
    REQUIRE_FALSE(none.ok());
    CHECK_THAT(none.message(), Catch::Contains("no signal on input A"));
}
