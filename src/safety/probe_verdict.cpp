#include "safety/probe_verdict.h"

#include <algorithm>
#include <cmath>

#include "safety/format_number.h"
#include "util/units.h"

namespace zb {

namespace {

std::string ohm(double v) { return format_number(v) + " ohm"; }

// What a load of this size usually is, for the load message.
std::string what_it_is(double z_ohm, OutputKind output) {
    const std::string on = " on a " + std::string(output_kind_label(output));
    if (z_ohm < 25.0) return "a speaker" + on;
    return "headphones or a similar load" + on;
}

}  // namespace

ProbeVerdict judge_probe(const ProbeMeasurement& p, const ProbeRules& r) {
    ProbeVerdict v;
    auto refuse = [&](Refusal why, std::string message) {
        if (v.refusal == Refusal::none) {
            v.refusal = why;
            v.message = "probe: " + std::move(message);
        }
    };

    // Estimates per tone.
    v.z_min_ohm = 1e300;
    v.load_min_ohm = 1e300;
    std::size_t louder_b = 0;
    double dut_fraction_min = 1e300;
    bool all_no_current = !p.tones.empty(), all_short = !p.tones.empty();
    for (const auto& tone : p.tones) {
        ProbeTone t = tone;
        if (r.channel_ratio) t.b /= r.channel_ratio(t.frequency_hz);
        const double abs_a = std::max(std::abs(t.a), 1e-300);
        const std::complex<double> d = t.a - t.b;
        const double abs_d = std::max(std::abs(d), 1e-300);
        const std::complex<double> z = r.r_ref_ohm * t.b / (d == 0.0 ? std::complex<double>(1e-300) : d);
        const double load = r.r_ref_ohm * abs_a / abs_d;
        v.z_ohm.push_back(z);
        v.load_ohm.push_back(load);
        v.z_min_ohm = std::min(v.z_min_ohm, std::abs(z));
        v.z_max_ohm = std::max(v.z_max_ohm, std::abs(z));
        v.z_phase_max_deg = std::max(v.z_phase_max_deg, std::abs(rad_to_deg(std::arg(z))));
        v.dut_fraction_max = std::max(v.dut_fraction_max, std::abs(t.b) / abs_a);
        dut_fraction_min = std::min(dut_fraction_min, std::abs(t.b) / abs_a);
        v.current_ratio_max = std::max(v.current_ratio_max, abs_d / abs_a);
        if (load < v.load_min_ohm) {
            v.load_min_ohm = load;
            v.load_min_frequency_hz = t.frequency_hz;
            v.z_at_load_min_ohm = std::abs(z);
        }
        louder_b += std::abs(t.b) > r.swapped_ratio * abs_a;
        all_no_current = all_no_current && abs_d < r.no_current_ratio * abs_a;
        all_short = all_short && std::abs(z) < r.short_max_ohm;
    }
    v.no_current = all_no_current;
    v.shorted_dut = all_short;

    if (p.clipped_a + p.clipped_b > 0)
        refuse(Refusal::clipped, std::string("input ") + (p.clipped_a > 0 ? "A" : "B") + " clipped during the probe, at only " +
                                     format_number(p.level_dbfs) +
                                     " dBFS: the input gain is far too high; lower the interface's input gain and measure again");
    if (p.snr_a_db < r.min_snr_a_db)
        refuse(Refusal::no_signal_on_a,
               "no signal on input A (the probe's tones stand " + format_number(p.snr_a_db) + " dB above its noise, " +
                   format_number(r.min_snr_a_db) + " dB needed" +
                   (p.late ? ", also when played again with " + format_number(kLateProbeTailS) + " s to come back" : "") +
                   "): the output is not connected, or the wrong channel is used; check the output cable and "
                   "channel, and that input A is on the drive node (top of R_ref)");
    if (2 * louder_b > p.tones.size())
        refuse(Refusal::inputs_swapped,
               "input B reads " + format_number(gain_to_db(v.dut_fraction_max)) +
                   " dB above input A, which a passive divider cannot do: inputs A and B look swapped; put input A on the "
                   "drive node (top of R_ref) and input B between R_ref and the driver");
    if (v.no_current && !r.allow_no_current) {
        // |B| >= |A| - |A - B|, so |Z| = R_ref |B| / |A - B| >= R_ref (1 - ratio) / ratio.
        const double ratio = v.current_ratio_max;
        const double z_floor_ohm = ratio > 0.0 && ratio < 1.0 ? r.r_ref_ohm * (1.0 - ratio) / ratio : 0.0;
        const std::string z_bound = ratio > 1e-12 && z_floor_ohm < 1e12 ? "|Z| is above " + ohm(z_floor_ohm)
                                                                         : "|Z| is too large to measure";
        refuse(Refusal::no_current,
               "inputs A and B read the same (A - B is at most " + format_number(100.0 * ratio) + " % of A, so " +
                   z_bound +
                   "): no current flows, the DUT is open or R_ref is shorted; connect the driver, or unshort R_ref (a DUT above " +
                   format_number(1.0 / r.no_current_ratio) + " x R_ref needs a larger R_ref)");
    }
    if (v.shorted_dut && !r.allow_shorted_dut)
        refuse(Refusal::shorted_dut, "input B reads almost nothing (|Z| at most " + ohm(v.z_max_ohm) + ", below " +
                                         ohm(r.short_max_ohm) + "): the DUT is shorted; check the driver and leads");
    const double minimum = minimum_load_ohm(r.output);
    if (v.load_min_ohm < minimum) {
        std::string advice = r.output == OutputKind::amplifier
                                 ? "check the driver and leads for a short, or raise R_ref to at least " +
                                       ohm(recommended_r_ref_ohm(r.output))
                                 : "use a power amplifier ({output} amplifier), or raise R_ref to at least " +
                                       ohm(recommended_r_ref_ohm(r.output)) + " for a low-level measurement";
        refuse(Refusal::load_too_low,
               "load " + ohm(v.load_min_ohm) + " (R_ref " + ohm(r.r_ref_ohm) + " + DUT " + ohm(v.z_at_load_min_ohm) + " at " +
                   format_number(v.load_min_frequency_hz) + " Hz) is below the " + std::string(output_kind_label(r.output)) +
                   "'s " + ohm(minimum) + " minimum" +
                   (r.output == OutputKind::amplifier ? "" : ": " + what_it_is(v.z_at_load_min_ohm, r.output)) + "; " + advice);
    }
    const bool driver_like = v.z_max_ohm > 1.5 * v.z_min_ohm || v.z_phase_max_deg > 15.0;
    if (v.refusal == Refusal::none && driver_like && v.z_min_ohm > r.driver_max_ohm)
        v.r_ref_doubt = "probe: the load looks like a driver but reads " + ohm(v.z_min_ohm) + " to " + ohm(v.z_max_ohm) +
                        " (|B/A| at least " + format_number(dut_fraction_min) + "), where a loudspeaker's lowest |Z| is 2 to " +
                        ohm(r.driver_max_ohm) + ": R_ref may be wrong; check that {r_ref} " + ohm(r.r_ref_ohm) +
                        " is the resistor actually fitted (or ignore this for a high-impedance driver such as headphones)";
    return v;
}

}  // namespace zb
