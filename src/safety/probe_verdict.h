// What the probe's phasors mean for the gear, and whether the sweep may play.
//
// The divider (docs/hardware.md "Wiring"): the same current flows through R_ref and
// the DUT, so per tone, with A the drive node and B across the DUT,
//   T = B/A,   Z = R_ref·T/(1 − T),   load = R_ref + Z = R_ref·A/(A − B).
// The load is the impedance the output drives; its smallest magnitude over
// the tones is checked against the output's minimum (safety/output_kind.h).
// The checks, in order (the first that fails refuses):
//   clipped         any sample at full scale during the probe (−40 dBFS!)
//   no_signal_on_a  A's tones < 20 dB above A's noise floor
//   inputs_swapped  |B| > 1.5·|A| at most tones (a passive divider has |T| ≤ 1)
//   no_current      |A − B| < 0.02·|A| at every tone, i.e. |Z| > ~50·R_ref:
//                   an open DUT or a shorted R_ref (allow_no_current skips it).
//                   2 % tolerates a 0.17 dB gain mismatch between the inputs
//                   (which alone makes an open read |1 − T| = mismatch); a
//                   channel-match calibration (channel_ratio) removes it. A
//                   DUT above 50·R_ref is also refused: B/A then hardly
//                   differs from 1 and the curve would be mostly mismatch.
//   shorted_dut     |Z| < 0.5 Ω at every tone (allow_shorted_dut skips it)
//   load_too_low    min |R_ref + Z| below the output's minimum
// Not a refusal, a warning (r_ref_doubt): a load that looks like a driver
// (|Z| varies by 1.5× or more over the tones, or its phase leaves ±15°: a
// voice coil's inductance, a resonance) yet never reads below 100 Ω. A
// loudspeaker's |Z| between 80 Hz and 16 kHz falls to about Re, 2 to ~70 Ω
// for real drivers, so such a reading is what a resistor declared larger
// than it is gives (Z scales with the declared R_ref: 1 kΩ declared for a
// 10 Ω fitted reads 100 times high). In divider terms: |B/A| stays above
// 100/(100 + R_ref) at every tone. A resistor DUT (flat |Z|, ~0° phase)
// never triggers it; a genuine high-impedance driver (headphones) may, and
// the warning says so.
// Noise only ever inflates |A − B| and |B|, so a noisy probe errs towards
// "current flows" and "not shorted" and never invents a refusal; the load
// estimate, R_ref·|A|/|A − B|, errs low (safe side) when A − B is noisy.
// The probe trusts the R_ref value it is given: a 10 Ω resistor declared
// as 1 kΩ reads as a 1 kΩ-plus load.
#pragma once

#include <complex>
#include <functional>
#include <string>
#include <vector>

#include "safety/output_kind.h"
#include "safety/probe.h"
#include "safety/refusal.h"

namespace zb {

struct ProbeRules {
    OutputKind output = OutputKind::line;
    double r_ref_ohm = 0.0;          // the user's value
    bool allow_no_current = false;   // calibration: open leads, or R_ref shorted (channel match)
    bool allow_shorted_dut = false;  // calibration: leads shorted at the clips, or B unused (loopback)
    double min_snr_a_db = kProbeMinSnrDb;
    double swapped_ratio = 1.5;
    double no_current_ratio = 0.02;
    // B/A with both inputs on the same node, against frequency (the
    // calibration's channel match); empty = ideal inputs. B is divided by it.
    std::function<std::complex<double>(double frequency_hz)> channel_ratio;
    double short_max_ohm = 0.5;
    double driver_max_ohm = 100.0;     // r_ref_doubt: the lowest |Z| a driver can plausibly keep above
};

struct ProbeVerdict {
    Refusal refusal = Refusal::none;
    std::string message;                  // one line; empty when the sweep may play
    std::vector<std::complex<double>> z_ohm;  // per tone
    std::vector<double> load_ohm;             // per tone, |R_ref + Z|
    double load_min_ohm = 0.0;
    double load_min_frequency_hz = 0.0;
    double z_at_load_min_ohm = 0.0;
    double z_min_ohm = 0.0, z_max_ohm = 0.0;  // |Z| over the tones
    double dut_fraction_max = 0.0;             // max |B/A|: the DUT's share of the drive voltage
    double current_ratio_max = 0.0;            // max |A − B|/|A|
    bool no_current = false;                   // seen, even when allowed
    bool shorted_dut = false;
    double z_phase_max_deg = 0.0;              // max |arg Z| over the tones
    std::string r_ref_doubt;                   // a warning when the load contradicts the declared R_ref
};

ProbeVerdict judge_probe(const ProbeMeasurement& probe, const ProbeRules& rules);

}  // namespace zb
