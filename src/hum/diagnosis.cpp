#include "hum/diagnosis.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "hum/audibility.h"
#include "util/printf_string.h"
#include "util/units.h"
#include "util/units.h"

namespace zb {

namespace {

std::string frequency_text(double hz) { return hz >= 1000.0 ? printf_string("%.2f kHz", hz / 1000.0) : printf_string("%.2f Hz", hz); }

const char* ordinal_suffix(int n) {
    if (n % 100 >= 11 && n % 100 <= 13) return "th";
    switch (n % 10) {
        case 1: return "st";
        case 2: return "nd";
        case 3: return "rd";
        default: return "th";
    }
}

constexpr const char* kHfRemedies =
    " That is typical of switch-mode power supplies, USB and computer noise. Try another USB port, or a powered USB hub"
    " with its own supply; run a laptop from its battery to test; power everything from one power strip; use balanced"
    " TRS or XLR cables; a USB isolator, a DI box or an isolation transformer keeps the computer's noise out.";

constexpr const char* kToneRemedies =
    " Something is leaking a signal into the input (crosstalk from another channel, a fan or display controller, a test"
    " tone). Unplug sources one at a time to find it; use balanced TRS or XLR cables; a DI box or an isolation"
    " transformer breaks a shared ground path.";

double power_sum_dbfs(double a_dbfs, double b_dbfs) {
    return power_ratio_to_db(db_to_power_ratio(a_dbfs) + db_to_power_ratio(b_dbfs));
}

// The mains comb as one cause: ground loop or buzz.
std::optional<HumCause> mains_cause(const HumLevels& hum) {
    if (hum.strongest_n == 0 || !hum.total_hum_dbfs) return std::nullopt;
    const HarmonicLevel* strongest = nullptr;
    std::vector<LineAtFrequency> lines;
    int detected = 0;
    for (const auto& h : hum.harmonics) {
        if (!h.detected) continue;
        ++detected;
        lines.push_back({h.frequency_hz, h.level_dbfs});
        if (h.n == hum.strongest_n) strongest = &h;
    }
    if (!strongest) return std::nullopt;
    int near_strongest = 0;
    for (const auto& h : hum.harmonics)
        if (h.detected && h.level_dbfs >= strongest->level_dbfs - 20.0) ++near_strongest;
    HumCause c;
    c.level_dbfs = *hum.total_hum_dbfs;
    c.frequency_hz = strongest->frequency_hz;
    c.audibility_db = audibility_db(lines);
    const bool rich = detected >= kRichInHarmonics;
    if (strongest->n == 1 && near_strongest < 8) {
        c.kind = HumKind::ground_loop;
        c.evidence = printf_string("the %s mains fundamental is the strongest hum line (%.1f dBFS; total hum %.1f dBFS, %d harmonic%s"
                            " detected).",
                            frequency_text(strongest->frequency_hz).c_str(), strongest->level_dbfs, c.level_dbfs, detected,
                            detected == 1 ? "" : "s");
    } else {
        c.kind = HumKind::buzz;
        std::string why = strongest->n == 1
                              ? printf_string("%d harmonics lie within 20 dB of the %s fundamental", near_strongest,
                                       frequency_text(strongest->frequency_hz).c_str())
                              : printf_string("the %d%s harmonic at %s is the strongest hum line (%.1f dBFS)", strongest->n,
                                       ordinal_suffix(strongest->n), frequency_text(strongest->frequency_hz).c_str(),
                                       strongest->level_dbfs);
        c.evidence = printf_string("%s; total hum %.1f dBFS, %d harmonic%s detected%s.", why.c_str(), c.level_dbfs, detected,
                            detected == 1 ? "" : "s", rich ? ": the hum is rich in harmonics" : "");
    }
    return c;
}

// Lines off the comb on one side of 2 kHz as one cause.
std::optional<HumCause> tone_cause(std::span<const ToneLevel> tones, bool hf) {
    HumCause c;
    c.kind = hf ? HumKind::hf_noise : HumKind::tone;
    std::vector<LineAtFrequency> lines;
    const ToneLevel* loudest = nullptr;
    double total = -400.0;
    for (const auto& t : tones) {
        if ((t.frequency_hz > kHfToneHz) != hf) continue;
        lines.push_back({t.frequency_hz, t.level_dbfs});
        total = total <= -400.0 ? t.level_dbfs : power_sum_dbfs(total, t.level_dbfs);
        if (!loudest || t.level_dbfs > loudest->level_dbfs) loudest = &t;
    }
    if (!loudest) return std::nullopt;
    c.level_dbfs = total;
    c.frequency_hz = loudest->frequency_hz;
    c.audibility_db = audibility_db(lines);
    c.evidence = printf_string("a line at %s, not on the mains comb, at %.1f dBFS", frequency_text(loudest->frequency_hz).c_str(),
                        loudest->level_dbfs);
    if (lines.size() > 1)
        c.evidence += printf_string(", and %zu more %s 2 kHz (%.1f dBFS together)", lines.size() - 1, hf ? "above" : "below", total);
    c.evidence += ".";
    return c;
}

std::string cause_heading(HumKind kind) {
    switch (kind) {
        case HumKind::ground_loop: return "Ground loop: ";
        case HumKind::buzz: return "Buzz: ";
        case HumKind::hf_noise: return "High-frequency noise: ";
        case HumKind::tone: return "Tone: ";
        default: return "";
    }
}



constexpr const char* kNeverLiftEarth =
    " Never lift the safety earth (no cheater plugs): it is what keeps a faulty chassis from becoming live.";

constexpr const char* kGroundRemedies =
    " Change one thing at a time and measure again: power the computer, the interface and the monitors from one"
    " power strip; use balanced TRS or XLR cables between the interface and the monitors; if a device has to stay"
    " on another outlet (a laptop charger, a TV or cable-TV feed, a second room), put a DI box or an isolation"
    " transformer in its signal path.";

std::string dc_text(double dc_fs, std::optional<double> volts) {
    std::string t = printf_string(" DC offset: the input sits at %+.2f %% of full scale (%.1f dBFS", 100.0 * dc_fs,
                           peak_fs_to_dbfs(std::abs(dc_fs)));
    if (volts) t += printf_string(", %+.1f mV", 1000.0 * dc_fs * *volts);
    t += "). DC pushes a cone out of its rest position and heats the voice coil. Find the device that produces it by"
         " disconnecting sources one at a time; a device with DC on its output needs service, and until then a"
         " DC-blocking capacitor keeps it away from the amplifier.";
    return t;
}

}  // namespace

std::string_view hum_kind_name(HumKind kind) {
    switch (kind) {
        case HumKind::clean: return "clean";
        case HumKind::negligible: return "negligible";
        case HumKind::ground_loop: return "ground_loop";
        case HumKind::buzz: return "buzz";
        case HumKind::hf_noise: return "hf_noise";
        case HumKind::tone: return "tone";
        case HumKind::dc_offset: return "dc_offset";
    }
    return "?";
}

bool dc_offset_excessive(double dc_fs, std::optional<double> full_scale_volts) {
    if (full_scale_volts) return std::abs(dc_fs * *full_scale_volts) > kDcOffsetVolts;
    return std::abs(dc_fs) > db_to_gain(kDcOffsetDbfs);
}

std::string band_text(double lo_hz, double hi_hz) {
    auto one = [](double hz) { return hz >= 1000.0 ? printf_string("%.3g kHz", hz / 1000.0) : printf_string("%.3g Hz", hz); };
    return one(lo_hz) + "-" + one(hi_hz);
}

Diagnosis diagnose(const DiagnosisInput& in) {
    Diagnosis d;
    std::vector<HumCause> lines;
    if (in.mains_found && in.hum)
        if (auto c = mains_cause(*in.hum)) lines.push_back(std::move(*c));
    for (const bool hf : {true, false})
        if (auto c = tone_cause(in.off_comb, hf)) lines.push_back(std::move(*c));
    for (auto& c : lines) c.negligible = c.audibility_db < 0.0 || c.level_dbfs < in.noise_floor_dbfs - kBuriedUnderNoiseDb;
    std::stable_sort(lines.begin(), lines.end(), [](const HumCause& a, const HumCause& b) { return a.audibility_db > b.audibility_db; });
    d.causes = lines;
    const std::string band = band_text(in.noise_band_lo_hz, in.noise_band_hi_hz);

    const HumCause* first = nullptr;
    for (const auto& c : lines)
        if (!c.negligible && !first) first = &c;
    if (!in.anything_stands_out || lines.empty()) {
        d.kind = HumKind::clean;
        d.text = printf_string("Clean: nothing stands out of the noise (noise floor %.1f dBFS, %s): nothing to fix.", in.noise_floor_dbfs,
                        band.c_str());
    } else if (!first) {
        d.kind = HumKind::negligible;
        d.text = "Negligible: ";
        for (std::size_t i = 0; i < lines.size(); ++i) {
            const auto& c = lines[i];
            d.text += (i ? "; " : "") + std::string(c.kind == HumKind::ground_loop || c.kind == HumKind::buzz ? "total hum" : "a line at " + frequency_text(c.frequency_hz)) +
                      printf_string(" %.1f dBFS (%.1f dB %s the threshold of hearing at monitoring gain)", c.level_dbfs, std::abs(c.audibility_db),
                             c.audibility_db < 0.0 ? "under" : "over");
        }
        d.text += printf_string(". Each stays inaudible with a full-scale sine at %.0f dB SPL, or more than %.0f dB under the noise floor"
                         " (%.1f dBFS, %s): nothing to fix.",
                         kMonitorSplAtFullScaleDb, kBuriedUnderNoiseDb, in.noise_floor_dbfs, band.c_str());
    } else {
        d.kind = first->kind;
        bool ground_said = false, hf_said = false, tone_said = false;
        for (const auto& c : lines) {
            if (c.negligible) continue;
            if (!d.text.empty()) d.text += " ";
            d.text += cause_heading(c.kind) + c.evidence + printf_string(" It is %.1f dB over the threshold of hearing at monitoring gain.", c.audibility_db);
            if (c.kind == HumKind::ground_loop)
                d.text += " Current flowing between devices earthed at different points runs through the cable shields, and its"
                          " voltage drop adds to the signal.";
            if (c.kind == HumKind::buzz)
                d.text += " That is the signature of a power supply's rectifier charging pulses reaching the audio through a"
                          " shared ground or a nearby transformer. Keep signal cables away from power supplies, wall-wart"
                          " adapters and power cords.";
            if ((c.kind == HumKind::ground_loop || c.kind == HumKind::buzz) && !ground_said) {
                d.text += kGroundRemedies;
                ground_said = true;
            }
            if (c.kind == HumKind::hf_noise && !hf_said) {
                d.text += kHfRemedies;
                hf_said = true;
            }
            if (c.kind == HumKind::tone && !tone_said) {
                d.text += kToneRemedies;
                tone_said = true;
            }
            if ((c.kind == HumKind::hf_noise || c.kind == HumKind::tone) && &c != first) d.flags.push_back("off_comb_tone");
        }
        d.text += kNeverLiftEarth;
    }

    if (dc_offset_excessive(in.dc_fs, in.full_scale_volts)) {
        HumCause c;
        c.kind = HumKind::dc_offset;
        c.level_dbfs = peak_fs_to_dbfs(std::abs(in.dc_fs));
        c.evidence = printf_string("the input sits at %+.2f %% of full scale (%.1f dBFS", 100.0 * in.dc_fs, c.level_dbfs);
        if (in.full_scale_volts) c.evidence += printf_string(", %+.1f mV", 1000.0 * in.dc_fs * *in.full_scale_volts);
        c.evidence += ").";
        d.causes.push_back(c);
        d.flags.push_back("dc_offset");
        d.text += dc_text(in.dc_fs, in.full_scale_volts);
    }
    if (in.clipped_samples > 0) {
        d.flags.push_back("clipping");
        d.text += printf_string(" The input clipped (%zu samples at full scale): lower the input gain and measure again.",
                         in.clipped_samples);
    }
    return d;
}

}  // namespace zb
