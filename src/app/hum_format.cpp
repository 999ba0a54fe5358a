#include "app/hum_format.h"

#include <cmath>
#include <cstdarg>
#include <cstdio>
#include <sstream>

#include "hum/hum_report.h"

namespace zb::app {

namespace {

[[gnu::format(printf, 2, 3)]] void line(std::string& out, const char* format, ...) {
    char buf[512];
    va_list args;
    va_start(args, format);
    std::vsnprintf(buf, sizeof buf, format, args);
    va_end(args);
    out += buf;
}

std::string wrap(const std::string& text, std::size_t indent, std::size_t width = 78) {
    std::string out, word, line;
    std::stringstream in(text);
    const std::string pad(indent, ' ');
    while (in >> word) {
        if (!line.empty() && indent + line.size() + 1 + word.size() > width) {
            out += pad + line + "\n";
            line.clear();
        }
        line += (line.empty() ? "" : " ") + word;
    }
    if (!line.empty()) out += pad + line + "\n";
    return out;
}

}  // namespace

std::string hum_summary_text(const HumResult& result) {
    const HumAnalysis& a = result.analysis;
    const std::optional<HumComparison>& comparison = result.comparison;
    std::string out;
    const auto& s0 = a.channels.front().spectrum;
    line(out, "Hum, %.1f s at %.0f Hz (%s window, %zu-point FFT, %.3g Hz bins, %zu averages)\n", a.duration_s, a.sample_rate_hz,
                std::string(window_name(s0.window)).c_str(), s0.segment_size, s0.bin_hz(), s0.averages);
    const auto& m = a.mains;
    if (!m.found) line(out, "Mains        none found: no hum stands out of the noise\n");
    else if (m.phase_tracked)
        line(out, "Mains        %.4f Hz (%.0f Hz grid; +/-%.4f Hz, from the phase of %zu lines; wander %.3f Hz)\n", m.frequency_hz,
                    m.nominal_hz, std::max(m.uncertainty_hz, 0.0001), m.phase.lines.size(), a.mains_wander_hz);
    else
        line(out, "Mains        %.3f Hz (%.0f Hz grid; from the spectrum only: the hum is too weak to track its phase)\n",
                    m.frequency_hz, m.nominal_hz);
    for (const auto& c : a.channels) {
        line(out, "\nInput %s: %s\n", c.name.c_str(), std::string(hum_kind_name(c.diagnosis.kind)).c_str());
        const double dc_percent = std::abs(c.stats.dc_fs) < 5e-6 ? 0.0 : 100.0 * c.stats.dc_fs;  // no "-0.000"
        line(out, "  level        %.1f dBFS RMS, DC %+.3f %% of full scale", c.stats.rms_dbfs(), dc_percent);
        if (c.dc_offset_v) line(out, " (%+.2f mV)", 1000.0 * *c.dc_offset_v);
        line(out, "\n  noise floor  %.1f dBFS (20 Hz-%.0f kHz), %.1f dBFS in 1 Hz\n", c.noise_floor_dbfs, a.noise_band_hi_hz / 1000.0,
                    c.noise_density_dbfs_per_hz);
        if (c.hum.total_hum_dbfs) {
            line(out, "  total hum    %.1f dBFS", *c.hum.total_hum_dbfs);
            if (c.hum.total_hum_dbv) line(out, " (%.1f dBV)", *c.hum.total_hum_dbv);
            if (c.hum_to_noise_db) line(out, ", %.1f dB above the noise floor", *c.hum_to_noise_db);
            line(out, "\n  harmonics    n, Hz, dBFS:");
            int shown = 0;
            for (const auto& h : c.hum.harmonics) {
                if (!h.detected) continue;
                if (shown % 3 == 0) line(out, "\n   ");
                line(out, " %3d %8.2f %6.1f   ", h.n, h.frequency_hz, h.level_dbfs);
                ++shown;
            }
            line(out, "\n");
        } else {
            line(out, "  total hum    none above the noise\n");
        }
        std::string others;
        for (const auto& p : c.peaks) {
            if (p.harmonic) continue;
            char b[64];
            std::snprintf(b, sizeof b, "%s%.1f Hz %.1f dBFS", others.empty() ? "" : ", ", p.frequency_hz, p.level_dbfs);
            others += b;
        }
        if (!others.empty()) line(out, "  other tones  %s\n", others.c_str());
        out += wrap(c.diagnosis.text, 2);
    }
    if (!a.track.empty()) {
        line(out, "\nMains frequency, interval by interval:\n");
        for (const auto& p : a.track) line(out, "  %7.1f-%-7.1f s  %.4f Hz\n", p.start_s, p.end_s, p.frequency_hz);
    }
    if (comparison) {
        line(out, "\nAgainst %s:\n", comparison->before_source.c_str());
        for (const auto& c : comparison->channels) {
            line(out, "  %s: %s\n", c.name.c_str(), c.text.c_str());
            std::string per;
            for (const auto& h : c.harmonics) {
                char b[64];
                std::snprintf(b, sizeof b, "%s%d: %s%+.1f dB", per.empty() ? "" : ", ", h.n,
                              h.bound == "exact" ? "" : (h.bound == "at_most" ? "<=" : ">="), h.change_db);
                per += b;
            }
            if (!per.empty()) out += wrap("harmonics " + per, 4);
        }
        for (const auto& w : comparison->warnings) line(out, "  warning: %s\n", w.c_str());
    }
    for (const auto& w : a.warnings) line(out, "warning: %s\n", w.c_str());
    return out;
}


nlohmann::json hum_report_json(const HumResult& r, bool include_spectrum) {
    HumReportContext ctx;
    ctx.device = r.device;
    ctx.include_spectrum = include_spectrum;
    if (r.comparison) ctx.comparison = comparison_to_json(*r.comparison);
    nlohmann::json report = hum_report(r.analysis, r.config, ctx);
    report["calibration"] = r.profile ? nlohmann::json{{"name", r.profile->name},
                                                       {"file", r.profile->file},
                                                       {"forced", r.profile->forced},
                                                       {"applied", r.applied_corrections}}
                                      : nlohmann::json(nullptr);
    return report;
}

}  // namespace zb::app
