// What the noise on a channel is, and what to change: the diagnosis.
//
// Every cause found is listed, each with its own evidence (levels in dBFS,
// AES17; frequencies as measured):
//   ground_loop  the mains comb, its fundamental the strongest line;
//   buzz         the mains comb, a harmonic stronger than the fundamental,
//                or 8 or more harmonics within 20 dB of the strongest
//                (rectifier charging pulses, transformer fields);
//   hf_noise     lines off the mains comb above 2 kHz (switch-mode
//                supplies, USB, the computer);
//   tone         lines off the mains comb below 2 kHz (a leaking signal,
//                crosstalk, a fan or display controller);
//   dc_offset    |DC| above −50 dBFS (0.316 % of full scale), or, once the
//                input sensitivity is known, above 10 mV (then that alone
//                applies: it is what matters to a loudspeaker).
// A line cause is negligible when it is inaudible at monitoring gain
// (audibility.h: below ISO 226's threshold of hearing with a full-scale sine
// at 105 dB SPL), or when it lies more than 10 dB under the channel's
// broadband noise floor (removing it would then lower the noise heard by
// under 0.4 dB). The causes are ordered by audibility, loudest first; DC
// comes last (it is not heard, but it moves a cone and heats a coil).
//
// The channel's kind is its first cause that is not negligible (DC aside);
// "negligible" when lines stand out of the noise but all are negligible;
// "clean" when nothing stands out. Flags: "dc_offset", "clipping" (samples
// at full scale) and "off_comb_tone" (a tone cause that is not negligible
// and not the kind). "Rich in harmonics" is said only when 5 or more mains
// harmonics are detected. The text gives the measured frequencies, the band
// the noise floor was read over, and the remedies that work in practice (one
// power strip, balanced cables, a DI box or isolation transformer, never
// lifting the safety earth).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "hum/harmonics.h"

namespace zb {

enum class HumKind { clean, negligible, ground_loop, buzz, hf_noise, tone, dc_offset };
std::string_view hum_kind_name(HumKind kind);

inline constexpr double kHfToneHz = 2000.0;
inline constexpr double kDcOffsetDbfs = -50.0;
inline constexpr double kDcOffsetVolts = 0.010;
inline constexpr double kBuriedUnderNoiseDb = 10.0;
inline constexpr int kRichInHarmonics = 5;

struct ToneLevel {
    double frequency_hz = 0.0;
    double level_dbfs = 0.0;
};

struct DiagnosisInput {
    bool mains_found = false;
    const HumLevels* hum = nullptr;   // may be null when the mains was not found
    std::vector<ToneLevel> off_comb;  // detected lines off the mains comb, loudest first
    bool anything_stands_out = false;  // any detected harmonic or peak
    double dc_fs = 0.0;
    std::optional<double> full_scale_volts;  // peak volts at 0 dBFS
    std::size_t clipped_samples = 0;
    double noise_floor_dbfs = -400.0;  // over the band below
    double noise_band_lo_hz = 20.0;
    double noise_band_hi_hz = 20000.0;
};

struct HumCause {
    HumKind kind = HumKind::clean;
    double level_dbfs = -400.0;     // total of the cause's lines; DC: 20·log10|dc|
    double frequency_hz = 0.0;      // its strongest line (0 for DC)
    double audibility_db = -400.0;  // audibility.h (−400 for DC)
    bool negligible = false;
    std::string evidence;           // one sentence, measured values
};

struct Diagnosis {
    HumKind kind = HumKind::clean;
    std::vector<HumCause> causes;
    std::vector<std::string> flags;
    std::string text;
};

Diagnosis diagnose(const DiagnosisInput& input);

// The dc_offset rule above.
bool dc_offset_excessive(double dc_fs, std::optional<double> full_scale_volts);

// "20 Hz-20 kHz", "20 Hz-200 Hz": a band as the reports write it.
std::string band_text(double lo_hz, double hi_hz);

}  // namespace zb
