#include "hum/diagnosis.h"

#include <algorithm>
#include <cmath>
#include <cstdarg>
#include <cstdio>

#include "util/units.h"

namespace zb {

namespace {

std::string format(const char* fmt, ...) {
    char buffer[512];
    va_list args;
    va_start(args, fmt);
    std::vsnprintf(buffer, sizeof buffer, fmt, args);
    va_end(args);
    return buffer;
}

std::string frequency_text(double hz) { return hz >= 1000.0 ? format("%.2f kHz", hz / 1000.0) : format("%.1f Hz", hz); }

constexpr const char* kNeverLiftEarth =
    " Never lift the safety earth (no cheater plugs): it is what keeps a faulty chassis from becoming live.";

constexpr const char* kGroundRemedies =
    " Change one thing at a time and measure again: power the computer, the interface and the monitors from one"
    " power strip; use balanced TRS or XLR cables between the interface and the monitors; if a device has to stay"
    " on another outlet (a laptop charger, a TV or cable-TV feed, a second room), put a DI box or an isolation"
    " transformer in its signal path.";

std::string dc_text(double dc_fs, std::optional<double> volts) {
    std::string t = format(" DC offset: the input sits at %+.2f %% of full scale (%.1f dBFS", 100.0 * dc_fs,
                           20.0 * std::log10(std::abs(dc_fs)));
    if (volts) t += format(", %+.1f mV", 1000.0 * dc_fs * *volts);
    t += "). DC pushes a cone out of its rest position and heats the voice coil. Find the device that produces it by"
         " disconnecting sources one at a time; a device with DC on its output needs service, and until then a"
         " DC-blocking capacitor keeps it away from the amplifier.";
    return t;
}

}  // namespace

std::string_view hum_kind_name(HumKind kind) {
    switch (kind) {
        case HumKind::clean: return "clean";
        case HumKind::ground_loop: return "ground_loop";
        case HumKind::buzz: return "buzz";
        case HumKind::hf_noise: return "hf_noise";
        case HumKind::tone: return "tone";
    }
    return "?";
}

bool dc_offset_excessive(double dc_fs, std::optional<double> full_scale_volts) {
    if (full_scale_volts) return std::abs(dc_fs * *full_scale_volts) > kDcOffsetVolts;
    return std::abs(dc_fs) > db_to_gain(kDcOffsetDbfs);
}

Diagnosis diagnose(const DiagnosisInput& in) {
    Diagnosis d;
    const HumLevels* hum = in.mains_found ? in.hum : nullptr;
    std::optional<double> total = hum ? hum->total_hum_dbfs : std::nullopt;
    double strongest_dbfs = -400.0;
    int strongest_n = 0, near_strongest = 0;
    if (hum && hum->strongest_n > 0) {
        strongest_n = hum->strongest_n;
        for (const auto& h : hum->harmonics)
            if (h.n == strongest_n) strongest_dbfs = h.level_dbfs;
        for (const auto& h : hum->harmonics)
            if (h.detected && h.level_dbfs >= strongest_dbfs - 20.0) ++near_strongest;
    }
    const auto& tone = in.loudest_off_comb;
    const bool hum_audible = total && *total >= kAudibleLevelDbfs;
    const bool tone_audible = tone && tone->level_dbfs >= kAudibleLevelDbfs;
    const double fundamental = in.mains_nominal_hz;

    if (!in.anything_stands_out || (!hum_audible && !tone_audible)) {
        d.kind = HumKind::clean;
        d.text = "Clean: ";
        if (!in.anything_stands_out) d.text += "nothing stands out of the noise";
        else {
            d.text += total ? format("total hum %.1f dBFS", *total) : std::string("no mains hum");
            d.text += tone ? format(", loudest other tone %.1f dBFS at %s", tone->level_dbfs, frequency_text(tone->frequency_hz).c_str())
                           : std::string();
            d.text += ", below -100 dBFS";
        }
        d.text += format(" (noise floor %.1f dBFS, 20 Hz-20 kHz). That is inaudible at any sane monitoring level: nothing to fix.",
                         in.noise_floor_dbfs);
    } else if (tone_audible && (strongest_n == 0 || tone->level_dbfs > strongest_dbfs)) {
        const bool hf = tone->frequency_hz > kHfToneHz;
        d.kind = hf ? HumKind::hf_noise : HumKind::tone;
        d.text = format("%s: a tone at %s, not on the mains comb, at %.1f dBFS is louder than any mains hum%s.",
                        hf ? "High-frequency noise" : "Tone", frequency_text(tone->frequency_hz).c_str(), tone->level_dbfs,
                        strongest_n ? format(" (strongest mains component %.1f dBFS)", strongest_dbfs).c_str() : "");
        if (hf) {
            d.text += " That is typical of switch-mode power supplies, USB and computer noise. Try another USB port, or a"
                      " powered USB hub with its own supply; run a laptop from its battery to test; power everything from"
                      " one power strip; use balanced TRS or XLR cables; a USB isolator, a DI box or an isolation"
                      " transformer keeps the computer's noise out.";
        } else {
            d.text += " Something is leaking a signal into the input (crosstalk from another channel, a fan or display"
                      " controller, a test tone). Unplug sources one at a time to find it; use balanced TRS or XLR"
                      " cables; a DI box or an isolation transformer breaks a shared ground path.";
        }
        d.text += kNeverLiftEarth;
    } else if (strongest_n == 2 || near_strongest >= 8 || strongest_n > 2) {
        d.kind = HumKind::buzz;
        std::string why;
        if (strongest_n == 2) why = format("the %.0f Hz second harmonic is the strongest", 2 * fundamental);
        else if (near_strongest >= 8) why = format("%d harmonics lie within 20 dB of the strongest", near_strongest);
        else why = format("harmonic %d (%.0f Hz) is the strongest", strongest_n, strongest_n * fundamental);
        d.text = format("Buzz: the hum is rich in harmonics (%s; total hum %.1f dBFS). That is the signature of a power"
                        " supply's rectifier charging pulses reaching the audio through a shared ground or a nearby"
                        " transformer.", why.c_str(), *total);
        d.text += kGroundRemedies;
        d.text += " Keep signal cables away from power supplies, wall-wart adapters and power cords.";
        d.text += kNeverLiftEarth;
    } else {
        d.kind = HumKind::ground_loop;
        d.text = format("Ground loop: the %.0f Hz mains fundamental is the strongest hum component (%.1f dBFS; total hum"
                        " %.1f dBFS). Current flowing between devices earthed at different points runs through the"
                        " cable shields, and its voltage drop adds to the signal.", fundamental, strongest_dbfs, *total);
        d.text += kGroundRemedies;
        d.text += kNeverLiftEarth;
    }

    if (tone_audible && d.kind != HumKind::hf_noise && d.kind != HumKind::tone) {
        d.flags.push_back("off_comb_tone");
        d.text += format(" Also: a tone at %s off the mains comb, at %.1f dBFS.", frequency_text(tone->frequency_hz).c_str(),
                         tone->level_dbfs);
    }
    if (dc_offset_excessive(in.dc_fs, in.full_scale_volts)) {
        d.flags.push_back("dc_offset");
        d.text += dc_text(in.dc_fs, in.full_scale_volts);
    }
    if (in.clipped_samples > 0) {
        d.flags.push_back("clipping");
        d.text += format(" The input clipped (%zu samples at full scale): lower the input gain and measure again.",
                         in.clipped_samples);
    }
    return d;
}

}  // namespace zb
