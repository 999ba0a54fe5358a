// Applying a calibration profile.
//
// Impedance (apply_to_impedance): the analysis's z_from_transfer becomes the
// divider solution's corrected impedance (calibration/divider_solution.h):
//   t = T/G (channel match),  Z = R_eff·( 1/((1 − t)/t − y(f)) − l(f) )
// i.e. channel gain and phase mismatch, effective R_ref, lead impedance
// subtracted, input B's loading removed (as REW does) — each only if the
// profile holds its step. The probe's channel_ratio and the level limits'
// volts come from the profile too.
//
// Levels (for `zbench hum` and anything else that reads levels): the profile's
// sensitivity step gives each input's volts per full scale (peak volts for a
// 0 dBFS sine). Then, for a component of peak amplitude p (fractions of full
// scale) on that input:
//   level_dbv  = 20·log10(p·V_fs/√2)          (dBV: relative to 1 V RMS)
//   level_mv   = 1000·p·V_fs/√2               (mV RMS)
//   dc_volts   = dc_fs·V_fs
// A caller with a profile does, in order:
//   1. load it (ProfileStore::load) and check it against the device
//      (check_profile_device, honouring --force);
//   2. V_fs = input_volts_per_fs(profile, Input::a) (or Input::b for a level
//      read on input B); nullopt when the profile has no sensitivity step:
//      then report dBFS only, and say so;
//   3. convert with sine_peak_fs_to_dbv / sine_peak_fs_to_mv_rms / dc_fs_to_volts;
//   4. record profile_report(...) in its JSON report.
#pragma once

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <vector>

#include "calibration/profile.h"
#include "measure/impedance_measurement.h"

namespace zb::calibration {

// Volts per full scale (peak volts for a 0 dBFS sine) of an input, or of the
// output (the drive node); nullopt without a sensitivity step.
std::optional<double> input_volts_per_fs(const Profile& profile, Input input = Input::a);
std::optional<double> output_volts_per_fs(const Profile& profile);

double sine_peak_fs_to_dbv(double peak_fs, double volts_per_fs);
double sine_peak_fs_to_mv_rms(double peak_fs, double volts_per_fs);
double dc_fs_to_volts(double dc_fs, double volts_per_fs);

// What applying a profile to an impedance measurement did.
struct AppliedCorrections {
    std::vector<std::string> applied;  // "channel_match", "effective_r_ref", "leads", "input_b_loading", "volts"
    std::vector<std::string> not_in_profile;
    DividerSolution divider;
};

// Sets config.analysis.z_from_transfer (when the profile has divider steps),
// config.safety.channel_ratio and the volts. config.analysis.r_ref_ohm must be
// the profile's nominal R_ref (the probe's load check uses it).
AppliedCorrections apply_to_impedance(const Profile& profile, ImpedanceMeasurementConfig& config);

// For a JSON report: {"name", "file", "version", "forced", "warnings",
// "device", "sample_rate_hz", "steps": {step: measured_utc}, "applied",
// "not_in_profile", "corrections": {...the values used...}}.
nlohmann::json profile_report(const Profile& profile, const std::string& name, const std::string& file, bool forced,
                              const std::vector<std::string>& warnings, const AppliedCorrections* applied);

// One line for a terminal: "profile P: channel match, R_ref 10.31 ohm (nominal 10), leads 0.050 ohm, input B 20.0 kohm".
std::string describe_corrections(const std::string& name, const AppliedCorrections& applied, const Profile& profile);

}  // namespace zb::calibration
