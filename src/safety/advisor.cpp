#include "safety/advisor.h"

#include <algorithm>
#include <cmath>
#include <vector>

#include "measure/impedance_summary.h"
#include "safety/format_number.h"
#include "util/units.h"

namespace zb {

namespace {

constexpr double kShortOhm = 0.5;
constexpr double kOpenOhm = 200e3;
constexpr double kLineInputOhm = 5e3;
constexpr double kSpeakerMaxZminOhm = 0.8 * 32.0;
constexpr double kHeadphonesMaxOhm = 600.0;
// Woofers resonate at 15-100 Hz and mid-ranges at 50-300 Hz; a resonance at
// 400 Hz or higher is a dome tweeter's (500-2000 Hz) or a tiny mid-range's.
constexpr double kTweeterMinFsHz = 400.0;

// |Z| at f, log-log interpolated (the curve's nearest end outside its range).
double magnitude_at(const ImpedanceCurve& c, double f) {
    if (f <= c.frequency_hz.front()) return c.magnitude_ohm.front();
    if (f >= c.frequency_hz.back()) return c.magnitude_ohm.back();
    const auto it = std::lower_bound(c.frequency_hz.begin(), c.frequency_hz.end(), f);
    const std::size_t i = static_cast<std::size_t>(it - c.frequency_hz.begin());
    const double f0 = c.frequency_hz[i - 1], f1 = c.frequency_hz[i];
    const double z0 = std::max(c.magnitude_ohm[i - 1], 1e-12), z1 = std::max(c.magnitude_ohm[i], 1e-12);
    const double u = std::log(f / f0) / std::log(f1 / f0);
    return std::exp(std::log(z0) + u * (std::log(z1) - std::log(z0)));
}

std::string ohm(double v) { return format_number(v) + " ohm"; }

}  // namespace

std::string_view connected_kind_name(ConnectedKind k) {
    switch (k) {
        case ConnectedKind::passive_speaker: return "passive_speaker";
        case ConnectedKind::headphones: return "headphones";
        case ConnectedKind::line_input: return "line_input";
        case ConnectedKind::open: return "open";
        case ConnectedKind::short_circuit: return "short";
        case ConnectedKind::unknown: return "unknown";
    }
    return "unknown";
}

Result<Advice> advise_connection(const ImpedanceCurve& curve) {
    if (curve.size() < 3) return make_error("the impedance curve has ", curve.size(), " points; at least 3 are needed");
    Advice a;
    std::vector<double> m = curve.magnitude_ohm;
    std::nth_element(m.begin(), m.begin() + m.size() / 2, m.end());
    a.median_ohm = m[m.size() / 2];
    a.z_min_ohm = *std::min_element(curve.magnitude_ohm.begin(), curve.magnitude_ohm.end());
    a.z_max_ohm = *std::max_element(curve.magnitude_ohm.begin(), curve.magnitude_ohm.end());
    const ImpedanceSummary s = summarise_impedance(curve);

    if (a.median_ohm < kShortOhm) {
        a.kind = ConnectedKind::short_circuit;
        a.nominal_ohm = a.median_ohm;
        a.summary = "a short circuit (" + ohm(a.median_ohm) + ")";
        a.advice = "The leads are shorted or the driver's coil is: check the driver and leads. Never drive a short from "
                   "any output.";
    } else if (a.median_ohm >= kOpenOhm) {
        a.kind = ConnectedKind::open;
        a.nominal_ohm = a.median_ohm;
        a.summary = "an open circuit (" + ohm(a.median_ohm) + ")";
        a.advice = "Nothing seems connected (or an input of 200 kohm or more, such as an instrument input): check the "
                   "leads, the clips and the driver's terminals.";
    } else if (a.median_ohm >= kLineInputOhm) {
        a.kind = ConnectedKind::line_input;
        a.nominal_ohm = magnitude_at(curve, 1000.0);
        a.summary = "a line-level input (" + ohm(a.nominal_ohm) + " at 1 kHz), e.g. an active monitor or an amplifier input";
        a.advice = "No amplifier needed: connect it directly to the interface's line output. Studio monitors: use "
                   "balanced TRS or XLR cables (TRS to XLR for an XLR input), which reject hum. PC multimedia speakers "
                   "take a 3.5 mm stereo plug: use a 3.5 mm TRS to dual-TS (or dual-RCA) cable from the left and right "
                   "line outputs. Hi-fi amplifier inputs: TS or RCA cables.";
    } else if (s.z_min_ohm < kSpeakerMaxZminOhm) {
        a.kind = ConnectedKind::passive_speaker;
        a.needs_amplifier = true;
        a.nominal_ohm = s.nominal_ohm;
        a.summary = "a passive speaker, nominal " + ohm(s.nominal_ohm);
        if (s.has_resonance && s.z_max_frequency_hz >= kTweeterMinFsHz) {
            // A first-order high-pass at 3·fs: C = 1/(2π·3fs·R_nominal).
            const double c_uf = 1e6 / (kTwoPi * 3.0 * s.z_max_frequency_hz * s.nominal_ohm);
            a.summary = "a tweeter (or small mid-range) driver, resonance " + format_number(s.z_max_frequency_hz) +
                        " Hz, nominal " + ohm(s.nominal_ohm);
            a.advice = "Never give it a full-range signal: bass below its resonance moves the diaphragm to destruction. "
                       "Drive it from a power amplifier only through its crossover, or for tests through a series "
                       "capacitor (about " + format_number(std::round(c_uf * 10.0) / 10.0) + " uF, a first-order "
                       "high-pass near " + format_number(3.0 * s.z_max_frequency_hz) + " Hz), at a low level.";
            return a;
        }
        a.advice = "It needs a power amplifier: connect the interface's line output to the amplifier's input, and the "
                   "amplifier to the speaker with speaker wire of 12-14 AWG (2.5-4 mm2), as for any bookshelf or hi-fi "
                   "passive speaker. Never connect it to a line or headphone output directly.";
        if (s.nominal_ohm < 4.0)
            a.advice += " At " + ohm(s.nominal_ohm) + ", check that the amplifier is rated for loads this low.";
    } else if (s.z_min_ohm < kHeadphonesMaxOhm) {
        a.kind = ConnectedKind::headphones;
        a.nominal_ohm = magnitude_at(curve, 1000.0);
        a.summary = "headphones, about " + ohm(a.nominal_ohm) + " at 1 kHz";
        a.advice = "Plug them into the interface's headphone output, not a line output; no amplifier needed.";
        if (a.nominal_ohm >= 150.0)
            a.advice += " High-impedance headphones like these need voltage: turn the headphone level up gradually, or "
                        "use a dedicated headphone amplifier if they sound quiet.";
    } else {
        a.kind = ConnectedKind::unknown;
        a.nominal_ohm = magnitude_at(curve, 1000.0);
        a.summary = "something of " + ohm(a.nominal_ohm) + " at 1 kHz";
        a.advice = "Between headphones (up to 600 ohm) and a line input (5 kohm and up): perhaps a vintage 600 ohm line "
                   "input or a passive network; check its manual before connecting it to an output.";
    }
    return a;
}

nlohmann::json advice_json(const Advice& a) {
    return {{"kind", connected_kind_name(a.kind)},
            {"nominal_ohm", a.nominal_ohm},
            {"needs_amplifier", a.needs_amplifier},
            {"advice", a.advice},
            {"summary", a.summary},
            {"median_ohm", a.median_ohm},
            {"z_min_ohm", a.z_min_ohm},
            {"z_max_ohm", a.z_max_ohm}};
}

}  // namespace zb
