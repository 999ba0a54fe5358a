#include "hum/hum_report.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <sstream>

#include "util/printf_string.h"
#include "util/units.h"
#include "hum/spectral_lines.h"
#include "util/version.h"

namespace zb {

namespace {

using json = nlohmann::json;

json opt(const std::optional<double>& v) { return v ? json(*v) : json(nullptr); }

json reduced_spectrum(const ChannelHum& c) {
    const WelchSpectrum& s = c.spectrum;
    json f = json::array(), level = json::array(), floor = json::array();
    const double nyquist = 0.5 * s.sample_rate_hz;
    const double ratio = std::pow(2.0, 1.0 / 48.0);
    for (double lo = 10.0; lo < nyquist; lo *= ratio) {
        const double hi = std::min(lo * ratio, nyquist);
        const auto a = static_cast<std::size_t>(std::ceil(s.bin_of(lo)));
        const auto b = std::min(s.bins() - 1, static_cast<std::size_t>(std::floor(s.bin_of(hi))));
        if (a > b) continue;  // narrower than a bin: the next band picks the bin up
        std::size_t best = a;
        for (std::size_t k = a; k <= b; ++k)
            if (s.power[k] > s.power[best]) best = k;
        f.push_back(s.frequency_hz(static_cast<double>(best)));
        level.push_back(mean_square_to_dbfs(s.power[best]));
        floor.push_back(mean_square_to_dbfs(c.floor.power[(a + b) / 2]));
    }
    return {{"frequency_hz", f}, {"level_dbfs", level}, {"noise_floor_dbfs", floor}};
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

std::string hum_text_report(const HumAnalysis& a, const HumComparison* comparison) {
    std::string t;
    const auto& s0 = a.channels.front().spectrum;
    t += printf_string("Hum, %.1f s at %.0f Hz (%s window, %zu-point FFT, %.3g Hz bins, %zu averages)\n", a.duration_s, a.sample_rate_hz,
                std::string(window_name(s0.window)).c_str(), s0.segment_size, s0.bin_hz(), s0.averages);
    const auto& m = a.mains;
    if (!m.found) t += "Mains        no mains hum found (no comb of lines within 1 Hz of 50 or 60 Hz)\n";
    else if (m.phase_tracked)
        t += printf_string("Mains        %.4f Hz (%.0f Hz grid; +/-%.4f Hz, from the phase of %zu lines; wander %.3f Hz)\n", m.frequency_hz,
                    m.nominal_hz, std::max(m.uncertainty_hz, 0.0001), m.phase.lines.size(), a.mains_wander_hz);
    else
        t += printf_string("Mains        %.3f Hz (%.0f Hz grid; +/-%.3f Hz, from the spectrum only: %s)\n", m.frequency_hz, m.nominal_hz,
                    std::max(m.uncertainty_hz, 0.001),
                    m.tracking_disturbed ? "the lines' phase is disturbed" : "the hum is too weak to track its phase");
    for (const auto& c : a.channels) {
        t += printf_string("\nInput %s: %s\n", c.name.c_str(), std::string(hum_kind_name(c.diagnosis.kind)).c_str());
        const double dc_percent = std::abs(c.stats.dc_fs) < 5e-6 ? 0.0 : 100.0 * c.stats.dc_fs;  // no "-0.000"
        t += printf_string("  level        %.1f dBFS RMS, DC %+.3f %% of full scale", c.stats.rms_dbfs(), dc_percent);
        if (c.dc_offset_v) t += printf_string(" (%+.2f mV)", 1000.0 * *c.dc_offset_v);
        t += printf_string("\n  noise floor  %.1f dBFS (%s), %.1f dBFS in 1 Hz\n", c.noise_floor_dbfs,
                    band_text(a.noise_band_lo_hz, a.noise_band_hi_hz).c_str(), c.noise_density_dbfs_per_hz);
        if (c.hum.total_hum_dbfs) {
            t += printf_string("  total hum    %.1f dBFS", *c.hum.total_hum_dbfs);
            if (c.hum.total_hum_dbv) t += printf_string(" (%.1f dBV)", *c.hum.total_hum_dbv);
            if (c.hum_to_noise_db) t += printf_string(", %.1f dB above the noise floor", *c.hum_to_noise_db);
            t += "\n  harmonics    n, Hz, dBFS:";
            int shown = 0;
            for (const auto& h : c.hum.harmonics) {
                if (!h.detected) continue;
                if (shown % 3 == 0) t += "\n   ";
                t += printf_string(" %3d %8.2f %6.1f   ", h.n, h.frequency_hz, h.level_dbfs);
                ++shown;
            }
            t += "\n";
        } else {
            t += m.found ? "  total hum    none above the noise\n" : "  total hum    none (no mains hum found)\n";
        }
        std::string others;
        for (const auto& p : c.peaks) {
            if (p.harmonic) continue;
            others += printf_string("%s%.1f Hz %.1f dBFS", others.empty() ? "" : ", ", p.frequency_hz, p.level_dbfs);
        }
        if (!others.empty()) t += wrap("other lines  " + others, 2);
        t += wrap(c.diagnosis.text, 2);
    }
    if (!a.track.empty()) {
        t += "\nMains frequency, interval by interval:\n";
        for (const auto& p : a.track) t += printf_string("  %7.1f-%-7.1f s  %.4f Hz\n", p.start_s, p.end_s, p.frequency_hz);
    }
    if (comparison) {
        t += printf_string("\nAgainst %s:\n", comparison->before_source.c_str());
        for (const auto& c : comparison->channels) {
            t += printf_string("  %s: %s\n", c.name.c_str(), c.text.c_str());
            std::string per;
            for (const auto& h : c.harmonics)
                per += printf_string("%s%d: %s%+.1f dB", per.empty() ? "" : ", ", h.n,
                              h.bound == "exact" ? "" : (h.bound == "at_most" ? "<=" : ">="), h.change_db);
            if (!per.empty()) t += wrap("harmonics " + per, 4);
        }
        for (const auto& w : comparison->warnings) t += "  warning: " + w + "\n";
    }
    for (const auto& w : a.warnings) t += "warning: " + w + "\n";
    return t;
}

json hum_report(const HumAnalysis& a, const HumAnalysisConfig& config, const HumReportContext& ctx) {
    json channels = json::array();
    for (const auto& c : a.channels) {
        json harmonics = json::array();
        for (const auto& h : c.hum.harmonics) {
            json j = {{"n", h.n}, {"frequency_hz", h.frequency_hz}, {"level_dbfs", h.level_dbfs}};
            if (h.level_dbv) j["level_dbv"] = *h.level_dbv;
            j["above_noise_db"] = h.above_noise_db;
            j["detected"] = h.detected;
            harmonics.push_back(j);
        }
        json peaks = json::array();
        for (const auto& p : c.peaks) {
            json j = {{"frequency_hz", p.frequency_hz}, {"level_dbfs", p.level_dbfs}};
            if (p.level_dbv) j["level_dbv"] = *p.level_dbv;
            j["above_noise_db"] = p.above_noise_db;
            j["mains_harmonic"] = p.harmonic ? json(p.harmonic) : json(nullptr);
            peaks.push_back(j);
        }
        json ch = {{"name", c.name}, {"rms_dbfs", c.stats.rms_dbfs()}, {"dc_offset_fs", c.stats.dc_fs}};
        if (c.full_scale_volts) ch["full_scale_volts"] = *c.full_scale_volts;
        if (c.dc_offset_v) ch["dc_offset_v"] = *c.dc_offset_v;
        ch["peak_fs"] = c.stats.peak_fs;
        ch["clipped_samples"] = c.stats.clipped;
        ch["noise_floor_dbfs"] = c.noise_floor_dbfs;
        ch["noise_density_dbfs_per_hz"] = c.noise_density_dbfs_per_hz;
        ch["harmonics"] = harmonics;
        ch["total_hum_dbfs"] = opt(c.hum.total_hum_dbfs);
        if (c.full_scale_volts) ch["total_hum_dbv"] = opt(c.hum.total_hum_dbv);
        ch["hum_to_noise_db"] = opt(c.hum_to_noise_db);
        ch["peaks"] = peaks;
        json causes = json::array();
        for (const auto& k : c.diagnosis.causes) {
            json j = {{"kind", std::string(hum_kind_name(k.kind))}, {"level_dbfs", k.level_dbfs}};
            j["frequency_hz"] = k.kind == HumKind::dc_offset ? json(nullptr) : json(k.frequency_hz);
            j["audibility_db"] = k.kind == HumKind::dc_offset ? json(nullptr) : json(k.audibility_db);
            j["negligible"] = k.negligible;
            j["evidence"] = k.evidence;
            causes.push_back(j);
        }
        ch["diagnosis"] = {{"kind", std::string(hum_kind_name(c.diagnosis.kind))},
                           {"causes", causes},
                           {"flags", c.diagnosis.flags},
                           {"text", c.diagnosis.text}};
        if (ctx.include_spectrum) ch["spectrum"] = reduced_spectrum(c);
        channels.push_back(ch);
    }
    const auto& m = a.mains;
    const WelchSpectrum& s0 = a.channels.front().spectrum;
    json report = {
        {"zbench_version", version()},
        {"measurement", "hum"},
        {"mains_hz", m.found ? json(m.frequency_hz) : json(nullptr)},
        {"mains_nominal_hz", m.found ? json(m.nominal_hz) : json(nullptr)},
        {"mains",
         {{"found", m.found},
          {"frequency_hz", m.found ? json(m.frequency_hz) : json(nullptr)},
          {"uncertainty_hz", m.found ? json(m.uncertainty_hz) : json(nullptr)},
          {"method", m.found ? json(m.phase_tracked ? "phase" : "spectral") : json(nullptr)},
          {"spectral_hz", m.found ? json(m.spectral_hz) : json(nullptr)},
          {"wander_hz", a.mains_wander_hz}}},
        {"duration_s", a.duration_s},
        {"sample_rate_hz", a.sample_rate_hz},
        {"input_full_scale_volts", opt(config.full_scale_volts)},
        {"settings",
         {{"window", std::string(window_name(s0.window))},
          {"fft_size", s0.segment_size},
          {"overlap", config.overlap},
          {"averages", s0.averages},
          {"resolution_hz", s0.bin_hz()},
          {"enbw_bins", s0.enbw_bins},
          {"detection_threshold_db", power_ratio_to_db(a.detect_ratio)},
          {"noise_band_hz", {config.noise_lo_hz, a.noise_band_hi_hz}},
          {"max_harmonics", config.max_harmonics}}},
        {"device", ctx.device},
        {"warnings", a.warnings},
        {"channels", channels},
    };
    if (config.track) {
        json track = json::array();
        for (const auto& p : a.track) track.push_back({{"start_s", p.start_s}, {"end_s", p.end_s}, {"frequency_hz", p.frequency_hz}});
        report["track"] = track;
    }
    if (ctx.comparison) report["comparison"] = *ctx.comparison;
    return report;
}

}  // namespace zb
