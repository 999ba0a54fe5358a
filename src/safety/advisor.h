// The connection advisor: what is connected, judged from its impedance
// curve, and how to connect it to an audio interface.
//
// Classification (|Z| over the curve; "median" over the whole curve, which
// is robust to a resonance peak or a rising inductive top end; z_min is the
// IEC 60268-5 minimum above the resonance, measure/impedance_summary.h):
//   short            median < 0.5 Ω (test leads and contacts read 0.05–0.3 Ω)
//   open             median ≥ 200 kΩ (nothing, or only the interface's input
//                    impedance, is there; an instrument input also reads so)
//   line_input       median ≥ 5 kΩ: an active monitor's or an amplifier's
//                    input (bridging inputs are 10–50 kΩ)
//   passive_speaker  z_min < 25.6 Ω, i.e. an IEC nominal of 2–16 Ω (16 Ω is
//                    the largest rating whose 80 % z_min may undercut); a
//                    resonance at 400 Hz or above marks a tweeter, which gets
//                    crossover or series-capacitor advice, never full range
//   headphones       z_min from 25.6 Ω up to 600 Ω (nominal: |Z| at 1 kHz)
//   unknown          600 Ω to 5 kΩ: a vintage 600 Ω input, a passive network…
// The advice follows the connection table users know: studio monitors need
// no amplifier and take balanced TRS/XLR; bookshelf and hi-fi passive
// speakers need an amplifier and speaker wire; PC multimedia speakers take a
// 3.5 mm to dual-TS cable.
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>

#include "model/impedance_curve.h"
#include "util/result.h"

namespace zb {

enum class ConnectedKind { passive_speaker, headphones, line_input, open, short_circuit, unknown };

// "passive_speaker", "headphones", "line_input", "open", "short", "unknown".
std::string_view connected_kind_name(ConnectedKind kind);

struct Advice {
    ConnectedKind kind = ConnectedKind::unknown;
    double nominal_ohm = 0.0;
    double median_ohm = 0.0;
    double z_min_ohm = 0.0, z_max_ohm = 0.0;  // over the curve
    bool needs_amplifier = false;
    std::string summary;  // "a passive speaker, nominal 8 ohm"
    std::string advice;   // one paragraph
};

Result<Advice> advise_connection(const ImpedanceCurve& curve);

// {"kind", "nominal_ohm", "needs_amplifier", "advice", "summary", "median_ohm", "z_min_ohm", "z_max_ohm"}
nlohmann::json advice_json(const Advice& advice);

}  // namespace zb
