// What the noise on a channel is, and what to change: the diagnosis.
//
// Kinds, decided in this order (levels in dBFS, AES17):
//   clean        nothing stands out of the noise (no harmonic, no peak 10 dB
//                above the local floor), or neither the total hum nor any
//                tone off the mains comb reaches −100 dBFS: inaudible at any
//                sane monitoring level;
//   hf_noise     a tone off the mains comb, above 2 kHz, at −100 dBFS or more
//                and louder than the strongest mains component (switch-mode
//                supplies, USB, the computer);
//   tone         the same below 2 kHz (zbench's addition: a leaking signal,
//                crosstalk, a fan controller; none of the kinds fits);
//   buzz         the 2nd harmonic is the strongest mains component, or 8 or
//                more detected harmonics lie within 20 dB of the strongest,
//                or a harmonic above the 2nd is the strongest (rectifier
//                charging pulses, transformer fields);
//   ground_loop  the fundamental is the strongest mains component.
// Flags: "dc_offset" when |DC| exceeds −50 dBFS (0.316 % of full scale), or,
// once the input sensitivity is known, 10 mV (then that threshold alone
// applies: it is what matters to a loudspeaker); "clipping" when samples reach
// full scale; "off_comb_tone" when a tone off the mains comb reaches −100
// dBFS without being the kind's cause.
// The text says what was found, in plain language, with the remedies that
// work in practice (one power strip, balanced cables, a DI box or isolation
// transformer, never lifting the safety earth).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "hum/harmonics.h"

namespace zb {

enum class HumKind { clean, ground_loop, buzz, hf_noise, tone };
std::string_view hum_kind_name(HumKind kind);

inline constexpr double kAudibleLevelDbfs = -100.0;
inline constexpr double kHfToneHz = 2000.0;
inline constexpr double kDcOffsetDbfs = -50.0;
inline constexpr double kDcOffsetVolts = 0.010;

struct ToneLevel {
    double frequency_hz = 0.0;
    double level_dbfs = 0.0;
};

struct DiagnosisInput {
    bool mains_found = false;
    double mains_nominal_hz = 50.0;
    const HumLevels* hum = nullptr;  // may be null when the mains was not found
    std::optional<ToneLevel> loudest_off_comb;  // the loudest detected tone off the mains comb
    bool anything_stands_out = false;           // any detected harmonic or peak
    double dc_fs = 0.0;
    std::optional<double> full_scale_volts;     // peak volts at 0 dBFS
    std::size_t clipped_samples = 0;
    double noise_floor_dbfs = -400.0;           // 20 Hz–20 kHz
};

struct Diagnosis {
    HumKind kind = HumKind::clean;
    std::vector<std::string> flags;
    std::string text;
};

Diagnosis diagnose(const DiagnosisInput& input);

// The dc_offset rule above.
bool dc_offset_excessive(double dc_fs, std::optional<double> full_scale_volts);

}  // namespace zb
