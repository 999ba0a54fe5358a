// A virtual-rig scenario: everything between the interface's DAC and its ADCs
// that shapes what inputs A and B record. Read from a JSON file
// (--sim-scenario) or the built-in default (a typical 6.5" woofer on a power
// amplifier, R_ref 10 Ω, 48 kHz). Keys and units are listed in docs/file-formats.md; the
// parser rejects unknown keys and out-of-range values with the field's name.
#pragma once

#include <nlohmann/json.hpp>

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "model/divider.h"
#include "model/dut.h"
#include "util/result.h"

namespace zb {

struct HumHarmonic {
    int n = 1;
    double level_dbfs = -80.0;  // peak level of that sine, AES17
};

struct HumTone {
    double frequency_hz = 15625.0;
    double level_dbfs = -70.0;
};

struct HumConfig {
    double mains_hz = 50.0;
    std::vector<HumHarmonic> harmonics;
    std::vector<HumTone> tones;  // off the mains comb (switch-mode supplies, USB)
    double drift_hz = 0.0;       // peak deviation of a sinusoidal mains-frequency wander
    double drift_period_s = 60.0;
};

struct InputClick {
    double time_s = 0.0;
    double level_dbfs = -20.0;
};

struct InputConfig {
    double impedance_ohm = 1e6;
    std::array<double, 2> gain_db{0.0, 0.0};
    double noise_dbfs = -110.0;  // white, each channel, AES17 RMS level
    // Low-frequency noise (a microphone's rumble, 1/f noise of a preamp),
    // each channel: white noise through a one-pole low-pass at the corner, so
    // its density is flat below the corner and falls 6 dB per octave above.
    // AES17 RMS level; −400 is none.
    double lf_noise_dbfs = -400.0;
    double lf_noise_corner_hz = 20.0;
    std::array<double, 2> dc_volts{0.0, 0.0};
    std::int64_t latency_samples = 0;
    // The inputs' sample clock against the output's, in parts per million:
    // the inputs sample at fs·(1 + clock_ppm·1e-6) (two devices, e.g. a
    // Pulse sink and source on different hardware; ±100 is realistic).
    // Virtual rig only (rig/clock_drift.h).
    double clock_ppm = 0.0;
    // Each input's own first-order roll-offs (0 = none): a coupling
    // capacitor's high-pass and an anti-alias filter's low-pass. Different
    // corners on A and B make the channel mismatch frequency-dependent.
    std::array<double, 2> highpass_hz{0.0, 0.0};
    std::array<double, 2> lowpass_hz{0.0, 0.0};
    // Impulsive clicks (a relay, static discharge) on both inputs: one
    // sample of `level_dbfs` peak at `time_s` on the rig's clock.
    std::vector<InputClick> clicks;
    bool swap_ab = false;  // the two input cables swapped: input A records the DUT node, B the drive node
};

struct Scenario {
    std::string source = "built-in default";  // file it came from
    double sample_rate_hz = 48000.0;
    std::uint64_t seed = 1;
    double full_scale_volts = 1.0;  // peak volts at 0 dBFS, output and inputs
    double source_impedance_ohm = 0.05;
    double r_ref_ohm = 10.0;  // the TRUE value; 0 = shorted
    double leads_ohm = 0.0;
    std::string output_kind = "amplifier";  // what drives R_ref: line, headphone, amplifier
    // The output stage's weak memoryless nonlinearity, y = x + k2·x² + k3·x³
    // (x, y in fractions of full scale): the Taylor expansion of any smooth
    // amplifier transfer curve. At peak amplitude x̂ it makes H2 = k2·x̂/2 and
    // H3 = k3·x̂²/4 of the drive voltage. Offline rig only.
    double output_k2 = 0.0, output_k3 = 0.0;
    Dut dut = SpeakerDut{};
    InputConfig input;
    HumConfig hum;

    DividerCircuit circuit() const {
        return {source_impedance_ohm, r_ref_ohm, leads_ohm, input.impedance_ohm};
    }
};

Scenario default_scenario();
// `base_dir` resolves relative paths (a "zma" DUT's file) against the scenario's directory.
Result<Scenario> parse_scenario(const nlohmann::json& json, const std::string& source, const std::string& base_dir);
Result<Scenario> load_scenario(const std::string& path);
nlohmann::json scenario_to_json(const Scenario& scenario);

}  // namespace zb
