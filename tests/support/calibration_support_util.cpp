#include "support/calibration_support.h"

#include <cmath>
#include <sstream>

#include "calibration/corrections.h"
#include "dsp/log_grid.h"

namespace zbt {

using namespace zb;
using namespace zb::calibration;

namespace {

double log_uniform(Rng& rng, double lo, double hi) { return lo * std::pow(hi / lo, rng.uniform()); }
double sign(Rng& rng) { return rng.uniform() < 0.5 ? -1.0 : 1.0; }

}  // namespace

Scenario badly_set_up_rig(Rng& rng) {
    Scenario s;
    s.seed = rng.next_u64() >> 12;
    s.output_kind = "amplifier";
    s.r_ref_ohm = kNominalRRefOhm * (1.0 + sign(rng) * (0.02 + 0.02 * rng.uniform()));
    s.leads_ohm = 0.05;
    s.input.impedance_ohm = 20000.0;
    const double mismatch_db = sign(rng) * (0.5 + 0.5 * rng.uniform());
    const double common_db = 2.0 * rng.uniform() - 1.0;
    s.input.gain_db = {common_db, common_db + mismatch_db};
    s.input.noise_dbfs = -112.0;
    // Real inputs also differ in their roll-offs, so the mismatch moves with
    // frequency: coupling capacitors at 1.5-2.5 Hz, B's corner 10-40 % off
    // A's; anti-alias poles at 60-100 kHz, B's 5-20 % off.
    const double hp = 1.5 + rng.uniform(), lp = 60000.0 + 40000.0 * rng.uniform();
    s.input.highpass_hz = {hp, hp * (1.0 + sign(rng) * (0.1 + 0.3 * rng.uniform()))};
    s.input.lowpass_hz = {lp, lp * (1.0 + sign(rng) * (0.05 + 0.15 * rng.uniform()))};
    s.input.latency_samples = static_cast<std::int64_t>(rng.uniform() * 1000.0);
    s.hum.mains_hz = rng.uniform() < 0.5 ? 50.0 : 60.0;
    s.hum.harmonics = {{1, -100.0}, {3, -106.0}};
    s.dut = SpeakerDut{random_speaker(rng)};
    return s;
}

SpeakerParams random_speaker(Rng& rng) {
    // The foundation's random speakers (tests/test_impedance.cpp).
    SpeakerParams p;
    p.re_ohm = log_uniform(rng, 3, 8);
    p.le_h = log_uniform(rng, 5e-5, 1e-3);
    p.l2_h = log_uniform(rng, 1e-4, 2e-3);
    p.r2_ohm = log_uniform(rng, 1, 10);
    p.fs_hz = log_uniform(rng, 20, 150);
    p.qms = 1.5 + 7.5 * rng.uniform();
    p.qes = log_uniform(rng, 0.25, 1.0);
    return p;
}

std::string describe_rig(const Scenario& s) {
    std::ostringstream o;
    o << "true r_ref " << s.r_ref_ohm << " gain_db [" << s.input.gain_db[0] << ", " << s.input.gain_db[1] << "] leads "
      << s.leads_ohm << " zin " << s.input.impedance_ohm << " noise " << s.input.noise_dbfs << " latency "
      << s.input.latency_samples << " mains " << s.hum.mains_hz << " highpass_hz [" << s.input.highpass_hz[0] << ", "
      << s.input.highpass_hz[1] << "] lowpass_hz [" << s.input.lowpass_hz[0] << ", " << s.input.lowpass_hz[1] << "]";
    if (auto* sp = std::get_if<SpeakerDut>(&s.dut))
        o << " speaker Re " << sp->params.re_ohm << " fs " << sp->params.fs_hz << " Qms " << sp->params.qms << " Qes "
          << sp->params.qes << " Le " << sp->params.le_h << " L2 " << sp->params.l2_h << " R2 " << sp->params.r2_ohm;
    return o.str();
}

StepContext step_context(SimDevice& device, double nominal) {
    StepContext c;
    c.device = &device;
    c.safety = safety_config_for_rig(device.scenario());
    c.r_ref_nominal_ohm = nominal;
    c.grid = {10.0, default_fmax_hz(device.sample_rate_hz()), 48};
    return c;
}

Result<Profile> calibrate(SimDevice& device, double nominal, std::initializer_list<Step> steps, double known_ohm,
                          double volts_rms, Profile p) {
    if (p.device.description.empty()) {
        p.device.description = device.description();
        p.device.sample_rate_hz = device.sample_rate_hz();
        p.created_utc = utc_timestamp_now();
        p.r_ref_nominal_ohm = nominal;
        p.output = OutputKind::amplifier;
    }
    for (Step step : steps) {
        if (auto st = device.rewire(rig_wiring(step, known_ohm)); !st) return st.error();
        StepContext ctx = step_context(device, nominal);
        const DividerSolution before = p.divider();
        const ComplexCurve g = before.channel_ratio ? *before.channel_ratio : ComplexCurve{};
        SafetyReport safety;
        Status status;
        switch (step) {
            case Step::loopback: {
                auto r = run_loopback(ctx);
                if (r) p.loopback = std::move(*r);
                else status = r.error();
                break;
            }
            case Step::channel_match: {
                auto r = run_channel_match(ctx, &safety);
                if (r) p.channel_match = std::move(*r);
                else status = r.error();
                break;
            }
            case Step::reference: {
                auto r = run_reference(ctx, known_ohm, g, &safety);
                if (r) p.reference = std::move(*r);
                else status = r.error();
                break;
            }
            case Step::short_leads: {
                auto r = run_short(ctx, g, &safety);
                if (r) p.short_leads = std::move(*r);
                else status = r.error();
                break;
            }
            case Step::open_leads: {
                auto r = run_open(ctx, g, &safety);
                if (r) p.open_leads = std::move(*r);
                else status = r.error();
                break;
            }
            case Step::sensitivity: {
                auto tone = measure_sensitivity_tone(ctx, SensitivityConfig{}, g);
                if (!tone) {
                    status = tone.error();
                    break;
                }
                auto r = make_sensitivity_step(*tone, volts_rms);
                if (r) p.sensitivity = std::move(*r);
                else status = r.error();
                break;
            }
        }
        if (auto st = device.rewire({}); !st) return st.error();
        if (!status) return status.error();
    }
    p.modified_utc = utc_timestamp_now();
    return p;
}

Result<ImpedanceMeasurement> measure(SimDevice& device, double nominal, const Profile* profile) {
    ImpedanceMeasurementConfig c;
    c.analysis.r_ref_nominal_ohm = nominal;
    c.analysis.grid = {10.0, 20000.0, 48};
    c.safety = safety_config_for_rig(device.scenario());
    if (profile) apply_to_impedance(*profile, c);
    return measure_impedance(device, c, nullptr);
}

}  // namespace zbt
