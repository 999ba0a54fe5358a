#include "hum/hum_report.h"

#include <algorithm>
#include <cmath>

#include "hum/spectral_lines.h"

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

}  // namespace

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
        {"zbench_version", ZBENCH_VERSION},
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
          {"detection_threshold_db", 10.0 * std::log10(a.detect_ratio)},
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
