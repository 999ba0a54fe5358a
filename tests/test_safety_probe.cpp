// The probe before every sweep, on the virtual rig: what it measures (load
// and |Z| at its tones against the rig's exact circuit), and each refusal of
// the table with its message.
#include <catch2/catch.hpp>

#include <cmath>

#include "device/sim_device.h"
#include "safety/preflight.h"
#include "safety/probe.h"
#include "safety/probe_signal.h"
#include "safety/format_number.h"
#include "safety/probe_verdict.h"
#include "support/random_scenario.h"
#include "support/test_support.h"
#include "util/rng.h"
#include "util/units.h"

using namespace zb;

namespace {

// Runs the probe on a rig and judges it.
struct Probed {
    ProbeMeasurement m;
    ProbeVerdict v;
};

Probed probe_rig(const Scenario& s, double r_ref_ohm, OutputKind output, bool allow_open = false, bool allow_short = false) {
    SimDevice device(s);
    auto m = run_probe(device, ProbeConfig{}, nullptr);
    REQUIRE(m.ok());
    ProbeRules rules;
    rules.output = output;
    rules.r_ref_ohm = r_ref_ohm;
    rules.allow_no_current = allow_open;
    rules.allow_shorted_dut = allow_short;
    return {*m, judge_probe(*m, rules)};
}

}  // namespace

TEST_CASE("the probe signal is quiet, short, faded and on exact bins away from the mains combs", "[safety][probe]") {
    for (double fs : {44100.0, 48000.0, 96000.0, 192000.0}) {
        auto p = make_probe_signal(ProbeConfig{}, fs);
        REQUIRE(p.ok());
        INFO("fs " << fs);
        CHECK(p->duration_s() <= 0.3 + 1e-9);
        CHECK(p->tone_hz.size() == 8);
        double peak = 0.0;
        for (float v : p->signal) peak = std::max(peak, double(std::abs(v)));
        CHECK(peak_fs_to_dbfs(peak) == Approx(-40.0).margin(0.05));
        CHECK(peak_fs_to_dbfs(peak) <= -40.0 + 1e-6);
        // Fades: the first and last sounding samples are near zero, the tail is silent.
        CHECK(std::abs(p->signal.front()) < 1e-4 * peak + 1e-9);
        CHECK(std::abs(p->signal[p->sound_samples - 1]) < 1e-3 * peak);
        for (std::size_t i = p->sound_samples; i < p->signal.size(); ++i) REQUIRE(p->signal[i] == 0.0f);
        for (double f : p->tone_hz) {
            CHECK(std::fmod(f, 10.0) == Approx(0.0).margin(1e-6));
            // Never on a mains harmonic's bin, usually two bins away.
            CHECK(std::min(std::fmod(f, 50.0), 50.0 - std::fmod(f, 50.0)) >= 10.0 - 1e-6);
            CHECK(std::min(std::fmod(f, 60.0), 60.0 - std::fmod(f, 60.0)) >= 10.0 - 1e-6);
        }
        CHECK(p->tone_hz.front() >= 70.0);
        CHECK(p->tone_hz.back() <= 16000.0);
    }
}

TEST_CASE("the probe reads |Z| and the load at its tones, whatever the latency", "[safety][probe]") {
    const std::uint64_t seed = zbt::test_seed();
    INFO("ZBENCH_TEST_SEED=" << seed);
    Rng rng(seed);
    struct Setup {
        double fs;
        std::int64_t latency;
        double r_ref;
        Dut dut;
        OutputKind output;
        double source_ohm;
    };
    const Setup setups[] = {
        {48000, 0, 10, SpeakerDut{}, OutputKind::amplifier, 0.05},
        {48000, 2000, 10, SpeakerDut{}, OutputKind::amplifier, 0.05},
        {48000, 4800, 22, ResistorDut{4.0}, OutputKind::amplifier, 0.05},
        {44100, 1234, 1000, ResistorDut{8.0}, OutputKind::line, 100.0},
        {96000, 3000, 100, ResistorDut{300.0}, OutputKind::headphone, 10.0},
        {48000, std::int64_t(rng.uniform() * 4800), 1000, SpeakerDut{}, OutputKind::line, 100.0},
    };
    for (const auto& u : setups) {
        Scenario s = default_scenario();
        s.seed = rng.next_u64() >> 12;
        s.sample_rate_hz = u.fs;
        s.input.latency_samples = u.latency;
        s.input.noise_dbfs = -105;
        s.hum.harmonics = {{1, -90}, {3, -95}};
        s.r_ref_ohm = u.r_ref;
        s.source_impedance_ohm = u.source_ohm;
        s.dut = u.dut;
        INFO("fs " << u.fs << " latency " << u.latency << " R_ref " << u.r_ref << " " << dut_model_name(u.dut));
        auto r = probe_rig(s, u.r_ref, u.output);
        CHECK(r.v.refusal == Refusal::none);
        CHECK(r.m.snr_a_db > 60.0);
        double worst = 0.0, true_load_min = 1e300;
        for (std::size_t k = 0; k < r.m.tones.size(); ++k) {
            const double f = r.m.tones[k].frequency_hz;
            // What input B sees: the DUT in parallel with input B's own impedance.
            const auto zd = dut_impedance(s.dut, f);
            const auto zt = zd * s.input.impedance_ohm / (zd + s.input.impedance_ohm);
            // Complex relative error against what noise allows: B's tone is
            // read to 1/sqrt(SNR) (42 dB below A with R_ref 1 kohm and 8 ohm).
            const double err = std::abs(r.v.z_ohm[k] / zt - 1.0);
            const double allowed = 0.001 + 4.0 * db_to_gain(-r.m.tones[k].snr_b_db);
            INFO(f << " Hz: |Z| " << std::abs(r.v.z_ohm[k]) << " true " << std::abs(zt) << ", error " << 100 * err
                   << " %, allowed " << 100 * allowed << " %");
            CHECK(err < allowed);
            worst = std::max(worst, err);
            true_load_min = std::min(true_load_min, std::abs(u.r_ref + zt));
        }
        std::printf("probe: fs %.0f, R_ref %g, %s: worst complex |Z| error %.3f %%, load %.4g ohm (true %.4g)\n", u.fs,
                    u.r_ref, dut_model_name(u.dut), 100 * worst, r.v.load_min_ohm, true_load_min);
        CHECK(r.v.load_min_ohm == Approx(true_load_min).epsilon(0.005));
    }
}

TEST_CASE("the probe refuses each dangerous or broken set-up, with its message", "[safety][probe]") {
    SECTION("no signal on input A: output not connected, or the wrong channel") {
        Scenario s = default_scenario();
        s.input.gain_db = {-200.0, 0.0};
        auto r = probe_rig(s, 10, OutputKind::amplifier);
        CHECK(r.v.refusal == Refusal::no_signal_on_a);
        CHECK_THAT(r.v.message, Catch::Contains("no signal on input A") && Catch::Contains("check the output cable and channel"));
    }
    SECTION("A = B: the DUT is open") {
        Scenario s = default_scenario();
        s.dut = OpenDut{};
        auto r = probe_rig(s, 10, OutputKind::amplifier);
        CHECK(r.v.refusal == Refusal::no_current);
        CHECK(r.v.no_current);
        CHECK_THAT(r.v.message, Catch::Contains("the DUT is open or R_ref is shorted") &&
                                    Catch::Contains("connect the driver, or unshort R_ref"));
    }
    SECTION("A = B: R_ref is shorted") {
        Scenario s = default_scenario();
        s.r_ref_ohm = 0.0;  // both inputs on the drive node
        auto r = probe_rig(s, 10, OutputKind::amplifier);
        CHECK(r.v.refusal == Refusal::no_current);
        CHECK_THAT(r.v.message, Catch::Contains("no current flows"));
    }
    SECTION("B = 0: the DUT is shorted") {
        Scenario s = default_scenario();
        s.dut = ShortDut{};
        s.leads_ohm = 0.1;
        auto r = probe_rig(s, 10, OutputKind::amplifier);
        CHECK(r.v.refusal == Refusal::shorted_dut);
        CHECK(r.v.z_max_ohm == Approx(0.1).epsilon(0.05));
        CHECK_THAT(r.v.message, Catch::Contains("the DUT is shorted; check the driver and leads"));
    }
    SECTION("a speaker on a line output") {
        Scenario s = default_scenario();
        s.output_kind = "line";
        s.source_impedance_ohm = 100.0;
        auto r = probe_rig(s, 10, OutputKind::line);
        CHECK(r.v.refusal == Refusal::load_too_low);
        // Woofer: Re 6.2 ohm; the smallest |R_ref + Z| over the tones is about 16.7 ohm.
        CHECK(r.v.load_min_ohm == Approx(16.7).epsilon(0.03));
        CHECK_THAT(r.v.message, Catch::Contains("is below the line output's 600 ohm minimum: a speaker on a line output") &&
                                    Catch::Contains("use a power amplifier") &&
                                    Catch::Contains("raise R_ref to at least 1000 ohm for a low-level measurement"));
    }
    SECTION("a speaker on a headphone output") {
        Scenario s = default_scenario();
        s.dut = ResistorDut{4.0};
        auto r = probe_rig(s, 10, OutputKind::headphone);
        CHECK(r.v.refusal == Refusal::load_too_low);
        CHECK(r.v.load_min_ohm == Approx(14.0).epsilon(0.01));
        CHECK_THAT(r.v.message, Catch::Contains("load 14 ohm (R_ref 10 ohm + DUT 4 ohm") &&
                                    Catch::Contains("below the headphone output's 32 ohm minimum") &&
                                    Catch::Contains("at least 100 ohm"));
    }
    SECTION("below a power amplifier's 2 ohm") {
        Scenario s = default_scenario();
        s.r_ref_ohm = 0.5;
        s.dut = ResistorDut{1.0};
        auto r = probe_rig(s, 0.5, OutputKind::amplifier);
        CHECK(r.v.refusal == Refusal::load_too_low);
        CHECK(r.v.load_min_ohm == Approx(1.5).epsilon(0.01));
        CHECK_THAT(r.v.message, Catch::Contains("load 1.5 ohm (R_ref 0.5 ohm + DUT ") &&
                                    Catch::Contains("below the power amplifier's 2 ohm minimum; check the driver and leads") &&
                                    Catch::Contains("raise R_ref to at least 4.7 ohm"));
    }
}

TEST_CASE("calibration steps may allow A = B and B = 0, never a low load", "[safety][probe]") {
    Scenario open = default_scenario();
    open.dut = OpenDut{};
    auto r = probe_rig(open, 10, OutputKind::amplifier, true, false);
    CHECK(r.v.refusal == Refusal::none);
    CHECK(r.v.no_current);

    Scenario shorted = default_scenario();
    shorted.dut = ShortDut{};
    r = probe_rig(shorted, 10, OutputKind::amplifier, false, true);
    CHECK(r.v.refusal == Refusal::none);
    CHECK(r.v.shorted_dut);
    CHECK(r.v.load_min_ohm == Approx(10.0).epsilon(0.01));

    // Allowed B = 0, but R_ref 10 ohm on a line output is still too low a load.
    r = probe_rig(shorted, 10, OutputKind::line, false, true);
    CHECK(r.v.refusal == Refusal::load_too_low);
}

namespace {

// A device with inputs A and B swapped (a wiring mistake the rig cannot make).
class SwappedInputs final : public AudioDevice {
public:
    explicit SwappedInputs(Scenario s) : inner_(std::move(s)) {}
    std::string description() const override { return "swapped"; }
    double sample_rate_hz() const override { return inner_.sample_rate_hz(); }
    Result<Capture> play_record(std::span<const float> out, const ProgressFn& p) override {
        auto c = inner_.play_record(out, p);
        if (c) std::swap(c->a, c->b);
        return c;
    }
    Result<Capture> record(std::size_t frames, const ProgressFn& p) override { return inner_.record(frames, p); }

private:
    SimDevice inner_;
};

}  // namespace

TEST_CASE("swapped inputs are refused", "[safety][probe]") {
    SwappedInputs device(default_scenario());
    auto m = run_probe(device, ProbeConfig{}, nullptr);
    REQUIRE(m.ok());
    ProbeRules rules;
    rules.output = OutputKind::amplifier;
    rules.r_ref_ohm = 10;
    auto v = judge_probe(*m, rules);
    CHECK(v.refusal == Refusal::inputs_swapped);
    CHECK_THAT(v.message, Catch::Contains("inputs A and B look swapped"));
}

TEST_CASE("the probe catches clipping at its own low level", "[safety][probe]") {
    Scenario s = default_scenario();
    s.input.dc_volts = {1.5, 0.0};  // input A pinned at full scale
    auto r = probe_rig(s, 10, OutputKind::amplifier);
    CHECK(r.v.refusal == Refusal::clipped);
    CHECK_THAT(r.v.message, Catch::Contains("input A clipped during the probe") && Catch::Contains("input gain"));
}

TEST_CASE("A = B needs matched inputs, or the channel-match calibration", "[safety][probe]") {
    // An open DUT read through inputs whose gains differ by 1 dB: B/A = 0.89,
    // so A - B is 11 % of A and looks like current through ~8 x R_ref.
    Scenario s = default_scenario();
    s.dut = OpenDut{};
    s.input.gain_db = {0.0, -1.0};
    SimDevice device(s);
    auto m = run_probe(device, ProbeConfig{}, nullptr);
    REQUIRE(m.ok());
    ProbeRules rules;
    rules.output = OutputKind::amplifier;
    rules.r_ref_ohm = 10;
    auto v = judge_probe(*m, rules);
    CHECK(v.refusal == Refusal::none);
    CHECK(v.current_ratio_max == Approx(1.0 - db_to_gain(-1.0)).epsilon(0.01));
    // With the channel match a calibration measures (B/A on one node), the open shows.
    rules.channel_ratio = [](double) { return std::complex<double>(db_to_gain(-1.0), 0.0); };
    v = judge_probe(*m, rules);
    CHECK(v.refusal == Refusal::no_current);

    // A DUT 100 x R_ref is refused the same way, with the remedy.
    Scenario big = default_scenario();
    big.dut = ResistorDut{1000.0};
    auto r = probe_rig(big, 10, OutputKind::amplifier);
    CHECK(r.v.refusal == Refusal::no_current);
    CHECK_THAT(r.v.message, Catch::Contains("a DUT above 50 x R_ref needs a larger R_ref"));
    // 300 ohm headphones on R_ref 10 ohm (30 x) still measure.
    big.dut = ResistorDut{300.0};
    CHECK(probe_rig(big, 10, OutputKind::amplifier).v.refusal == Refusal::none);
}

TEST_CASE("a probe load that contradicts the declared R_ref warns; the right R_ref never does", "[safety][probe][trust]") {
    const auto seed = zbt::test_seed();
    INFO("seed " << seed);
    Rng rng(seed);
    for (int i = 0; i < 6; ++i) {
        const Scenario s = zbt::random_scenario(rng, i % 3 != 2);  // four speakers, two resistors
        INFO(zbt::describe(s));
        const Probed right = probe_rig(s, s.r_ref_ohm, OutputKind::amplifier);
        REQUIRE(right.v.refusal == Refusal::none);
        CHECK(right.v.r_ref_doubt.empty());
        // The resistor declared 100 times its value: a driver reads 100 times high and warns; a resistor DUT
        // (flat |Z|, no phase) cannot tell and stays silent.
        const Probed wrong = probe_rig(s, 100.0 * s.r_ref_ohm, OutputKind::amplifier);
        REQUIRE(wrong.v.refusal == Refusal::none);
        if (std::holds_alternative<SpeakerDut>(s.dut)) {
            CHECK_THAT(wrong.v.r_ref_doubt, Catch::Contains("R_ref may be wrong") &&
                                                Catch::Contains("{r_ref} " + format_number(100.0 * s.r_ref_ohm) + " ohm"));
        } else {
            CHECK(wrong.v.r_ref_doubt.empty());
        }
    }
    // The rig's 10 ohm resistor declared as 1 kΩ, the case of the line-output advice: the preflight warns.
    Scenario s;
    SimDevice device(s);
    SafetyReport report;
    REQUIRE(run_preflight(device, safety_config_for_rig(s), 1000.0, -20.0, nullptr, report).ok());
    std::string all;
    for (const auto& w : report.warnings) all += w + "\n";
    CHECK_THAT(all, Catch::Contains("R_ref may be wrong") && Catch::Contains("{r_ref} 1000 ohm"));
}

TEST_CASE("the no-current refusal gives the |Z| bound the probe can support", "[safety][probe]") {
    // |Z| >= R_ref (1 - r) / r where r = max |A - B| / |A|: with r = 1 % and
    // R_ref 10 ohm, |Z| is above 990 ohm; with A = B exactly there is no bound.
    ProbeMeasurement m;
    m.sample_rate_hz = 48000;
    m.snr_a_db = 80;
    for (double f : {100.0, 1000.0, 5000.0}) {
        ProbeTone t;
        t.frequency_hz = f;
        t.a = {0.1, 0.0};
        t.b = {0.099, 0.0};
        t.snr_a_db = t.snr_b_db = t.snr_d_db = 80;
        m.tones.push_back(t);
    }
    ProbeRules rules;
    rules.output = OutputKind::amplifier;
    rules.r_ref_ohm = 10;
    auto v = judge_probe(m, rules);
    REQUIRE(v.refusal == Refusal::no_current);
    CHECK_THAT(v.message, Catch::Contains("|Z| is above 990 ohm"));

    for (auto& t : m.tones) t.b = t.a;
    v = judge_probe(m, rules);
    REQUIRE(v.refusal == Refusal::no_current);
    CHECK_THAT(v.message, Catch::Contains("|Z| is too large to measure"));
    CHECK_THAT(v.message, !Catch::Contains("e+"));
}
