// The real-time rig (partitioned convolution of the circuit's responses, then
// the shared impairments) against the offline rig and the analytic model,
// without any audio server: block by block, as zbench-rig runs it.
#include <catch2/catch.hpp>

#include <cmath>

#include "device/audio_device.h"
#include "dsp/sweep.h"
#include "measure/impedance_measurement.h"
#include "rig/realtime_rig.h"
#include "rig/virtual_rig.h"
#include "support/random_scenario.h"
#include "support/test_support.h"

using namespace zb;

namespace {

// Streams whole blocks through a RealtimeRig; returns `frames` samples
// starting `skip` samples after the first drive sample.
RigCapture stream_through(RealtimeRig& rig, std::span<const float> drive, std::size_t skip) {
    const std::size_t B = rig.block_frames();
    const std::size_t frames = drive.size();
    const std::size_t total = ((frames + skip + B - 1) / B) * B;
    std::vector<float> in(total, 0.0f), a(total), b(total);
    std::copy(drive.begin(), drive.end(), in.begin());
    for (std::size_t t = 0; t < total; t += B) rig.process(in.data() + t, a.data() + t, b.data() + t);
    RigCapture cap;
    cap.a.assign(a.begin() + skip, a.begin() + skip + frames);
    cap.b.assign(b.begin() + skip, b.begin() + skip + frames);
    return cap;
}

// The real-time rig behind the AudioDevice interface, its pre-delay removed so
// that its latency is the scenario's, like the offline rig's.
class RealtimeRigDevice final : public AudioDevice {
public:
    explicit RealtimeRigDevice(std::unique_ptr<RealtimeRig> rig) : rig_(std::move(rig)) {}
    std::string description() const override { return "real-time rig"; }
    double sample_rate_hz() const override { return rig_->scenario().sample_rate_hz; }
    Result<Capture> play_record(std::span<const float> output, const ProgressFn&) override {
        const std::size_t pre = rig_->latency_frames() - static_cast<std::size_t>(rig_->scenario().input.latency_samples);
        RigCapture rc = stream_through(*rig_, output, pre);
        Capture c;
        c.sample_rate_hz = sample_rate_hz();
        c.a = std::move(rc.a);
        c.b = std::move(rc.b);
        return c;
    }
    Result<Capture> record(std::size_t frames, const ProgressFn& p) override {
        return play_record(std::vector<float>(frames, 0.0f), p);
    }

private:
    std::unique_ptr<RealtimeRig> rig_;
};

}  // namespace

TEST_CASE("the real-time rig reproduces the offline rig sample by sample", "[realtime_rig]") {
    // Same scenario, hum, DC and noise included; the offline rig gets the
    // real-time rig's pre-delay as extra latency so the two line up. The
    // drive stays below 16 kHz, well under the real-time rig's common taper
    // (0.45·fs), so the only differences are rounding and, where that flips
    // a 24-bit step, one quantisation step.
    Scenario s = default_scenario();
    SpeakerParams p;
    p.fs_hz = 20.0;
    p.qms = 9.0;
    p.qes = 0.8;
    s.dut = SpeakerDut{p};
    s.r_ref_ohm = 100.0;
    s.input.latency_samples = 321;
    s.input.dc_volts = {0.002, -0.001};
    s.input.gain_db = {0.3, -0.2};
    s.hum.harmonics = {{1, -90}, {3, -100}};
    s.hum.drift_hz = 0.05;
    auto rt = RealtimeRig::create(s);
    REQUIRE(rt.ok());
    INFO("response " << (*rt)->response_frames() << " samples, truncated at " << (*rt)->truncation_level_db() << " dB");
    CHECK((*rt)->truncation_level_db() <= -150.0);

    SweepConfig sc;
    sc.start_hz = 5;
    sc.end_hz = 16000;
    sc.duration_s = 3;
    auto sweep = make_sweep(sc);
    REQUIRE(sweep.ok());
    const RigCapture live = stream_through(**rt, sweep->signal, 0);

    Scenario offline_s = s;
    offline_s.input.latency_samples += static_cast<std::int64_t>((*rt)->latency_frames() - 321);
    VirtualRig offline(offline_s);
    const RigCapture ref = offline.play_record(sweep->signal);
    double err_a = 0, err_b = 0, peak_b = 0;
    for (std::size_t i = 0; i < ref.a.size(); ++i) {
        err_a = std::max(err_a, double(std::abs(live.a[i] - ref.a[i])));
        err_b = std::max(err_b, double(std::abs(live.b[i] - ref.b[i])));
        peak_b = std::max(peak_b, double(std::abs(ref.b[i])));
    }
    INFO("max difference A " << err_a << ", B " << err_b << " (full scale 1, peak of B " << peak_b << ")");
    CHECK(err_a < 4 * 0x1.0p-23);
    CHECK(err_b < 4 * 0x1.0p-23);
}

TEST_CASE("random DUTs on the real-time rig measure within 1 % and 1 degree", "[realtime_rig][acceptance]") {
    const std::uint64_t seed = zbt::test_seed();
    INFO("ZBENCH_TEST_SEED=" << seed);
    Rng rng(seed);
    for (int i = 0; i < 8; ++i) {
        Scenario s = zbt::random_scenario(rng, i % 2 == 1);
        if (i == 7) {  // always include the hardest case: Q = 9 at 20 Hz behind 100 ohm
            SpeakerParams p;
            p.fs_hz = 20.0;
            p.qms = 9.0;
            p.qes = 1.0;
            s.dut = SpeakerDut{p};
            s.r_ref_ohm = 100.0;
        }
        INFO("case " << i << ": " << zbt::describe(s));
        auto rt = RealtimeRig::create(s);
        REQUIRE(rt.ok());
        RealtimeRigDevice device(std::move(*rt));
        ImpedanceMeasurementConfig c;
        c.analysis.r_ref_nominal_ohm = s.r_ref_ohm;
        c.analysis.grid = {10.0, 20000.0, 48};
        c.safety = safety_config_for_rig(s);
        auto m = measure_impedance(device, c, nullptr);
        REQUIRE(m.ok());
        const auto err = zbt::compare_curve(m->analysis.curve, [&](double f) { return dut_impedance(s.dut, f); }, 20.0, 20000.0);
        INFO("|Z| error " << 100 * err.max_magnitude_rel << " % at " << err.max_magnitude_at_hz << " Hz, phase error "
                          << err.max_phase_deg << " deg at " << err.max_phase_at_hz << " Hz");
        CHECK(err.max_magnitude_rel < 0.01);
        CHECK(err.max_phase_deg < 1.0);
        REQUIRE(m->analysis.latency_samples.has_value());
        CHECK(*m->analysis.latency_samples == Approx(double(s.input.latency_samples)).margin(0.5));
    }
}

TEST_CASE("the real-time rig refuses a response it cannot hold", "[realtime_rig]") {
    Scenario s = default_scenario();
    s.dut = ResistorDut{8.0};
    RealtimeRigConfig c;
    c.block_frames = 7;
    auto bad = RealtimeRig::create(s, c);
    REQUIRE_FALSE(bad.ok());
    CHECK_THAT(bad.message(), Catch::Contains("block size"));
    // A resistor has a response of a handful of samples: one partition.
    auto ok = RealtimeRig::create(s);
    INFO((ok.ok() ? std::string("created") : ok.message()));
    REQUIRE(ok.ok());
    CHECK((*ok)->response_frames() < 1024);
    // A second input clock needs the offline rig's resampler: said, not ignored.
    s.input.clock_ppm = 100.0;
    auto drifting = RealtimeRig::create(s);
    REQUIRE_FALSE(drifting.ok());
    CHECK_THAT(drifting.message(), Catch::Contains("input.clock_ppm") && Catch::Contains("offline rig only"));
}
