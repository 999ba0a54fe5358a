#include "hum/hum_analysis.h"

#include <algorithm>
#include <cmath>

#include "util/units.h"
#include "hum/spectral_lines.h"
#include "util/units.h"

namespace zb {

namespace {

constexpr double kPeakSearchLoHz = 10.0;
constexpr std::size_t kPeakCandidates = 400;

// Bins of the mains bands and of the peaks, excluded from the floor's medians.
std::vector<std::uint8_t> line_mask(const WelchSpectrum& s, const MainsEstimate& mains, double wander_hz, int max_n,
                                    std::span<const SpectralPeak> peaks) {
    std::vector<std::uint8_t> mask(s.bins(), 0);
    auto mark = [&](double lo_hz, double hi_hz) {
        const double last = static_cast<double>(s.bins() - 1);
        const auto a = static_cast<std::size_t>(std::clamp(std::floor(s.bin_of(lo_hz)), 0.0, last));
        const auto b = static_cast<std::size_t>(std::clamp(std::ceil(s.bin_of(hi_hz)), 0.0, last));
        for (std::size_t k = a; k <= b; ++k) mask[k] = 1;
    };
    if (mains.found) {
        // Harmonics above max_n are masked only where they show as peaks.
        for (int n = 1; n <= max_n && n * mains.frequency_hz < 0.5 * s.sample_rate_hz; ++n) {
            const double w = harmonic_half_width_hz(s, n, mains.frequency_hz, wander_hz);
            mark(n * mains.frequency_hz - w, n * mains.frequency_hz + w);
        }
    }
    // A line's sidelobes: the flat-top's stay near −93 dB out to ~40 bins,
    // then fall at ≥ 6 dB per octave (−104 dB at 100 bins, −110 dB at 200;
    // Blackman-Harris is below that envelope too). Where a line is so strong
    // that this leakage reaches 10 dB under the noise, its neighbourhood is
    // masked as well, or the floor there would read leakage.
    const double lobe_bins = main_lobe_half_width_bins(s.window) + 1.0;
    for (const auto& p : peaks) {
        const double above_db = power_ratio_to_db(p.peak_ratio);
        const double reach_bins = above_db > 83.0 ? 40.0 * db_to_gain(above_db - 83.0) : 0.0;
        const double half_width_hz = std::min(std::max(lobe_bins, reach_bins), 0.125 * static_cast<double>(s.segment_size)) * s.bin_hz();
        mark(p.frequency_hz - half_width_hz, p.frequency_hz + half_width_hz);
    }
    return mask;
}

// n if f is the line of detected harmonic n (harmonics.h's rules), else 0.
int comb_harmonic(const WelchSpectrum& s, const MainsEstimate& mains, const HumLevels& hum, double f_hz) {
    if (!mains.found) return 0;
    const auto n = static_cast<int>(std::lround(f_hz / mains.frequency_hz));
    if (n < 1 || n > static_cast<int>(hum.harmonics.size())) return 0;
    if (!hum.harmonics[static_cast<std::size_t>(n - 1)].detected) return 0;
    const double tolerance = harmonic_centroid_tolerance_hz(s, n, mains.uncertainty_hz, mains.wander_hz);
    return std::abs(f_hz - n * mains.frequency_hz) <= tolerance ? n : 0;
}

}  // namespace

Result<HumAnalysis> analyse_hum(std::span<const std::span<const float>> channels, std::span<const std::string> names,
                                double fs, const HumAnalysisConfig& config) {
    if (channels.empty()) return make_error("hum analysis: no channel to analyse");
    if (names.size() != channels.size()) return make_error("hum analysis: ", channels.size(), " channels but ", names.size(), " names");
    if (!(fs >= 400.0 && fs <= 384000.0))
        return make_error("hum analysis: sample rate ", fs, " Hz is outside 400 Hz to 384 kHz");
    std::size_t frames = SIZE_MAX;
    for (const auto& c : channels) frames = std::min(frames, c.size());
    if (static_cast<double>(frames) < fs)
        return make_error("hum analysis: the recording lasts ", static_cast<double>(frames) / fs,
                          " s; at least 1 s is needed (5 s or more for the mains frequency to 0.01 Hz)");
    std::vector<std::span<const float>> records;
    for (const auto& c : channels) records.push_back(c.first(frames));

    HumAnalysis out;
    out.sample_rate_hz = fs;
    out.duration_s = static_cast<double>(frames) / fs;
    out.noise_band_lo_hz = config.noise_lo_hz;
    out.noise_band_hi_hz = std::min(config.noise_hi_hz, 0.5 * fs);
    const std::size_t n_fft = config.segment_size ? config.segment_size : hum_segment_size(fs, frames);
    if (n_fft < 16 || n_fft > frames)
        return make_error("hum analysis: the recording is too short for a ", n_fft, "-point spectrum");
    const WelchConfig welch{n_fft, config.overlap, config.window};

    const std::vector<WelchSpectrum> spectra = welch_spectra(records, fs, welch);
    std::vector<NoiseFloor> floors;
    for (const auto& s : spectra) floors.push_back(estimate_noise_floor(s));
    out.detect_ratio = line_detection_ratio(spectra.front().dof, spectra.front().bins());
    out.mains = detect_mains(records, spectra, floors, out.detect_ratio, config.mains);

    // The mains wander over the record widens the harmonics' bands.
    out.mains_wander_hz = out.mains.wander_hz;
    if (out.mains.phase_tracked && config.track) out.track = track_mains(out.mains.phase, config.track_interval_s);
    if (out.mains.tracking_disturbed)
        out.warnings.push_back("the mains lines' phase is disturbed (a line beside them, or a wander no grid has); the mains"
                               " frequency comes from the spectrum, with a wider uncertainty");
    if (config.track && out.track.empty())
        out.warnings.push_back(out.mains.found ? "the hum is too weak to follow the mains frequency second by second"
                                               : "no mains hum found, so there is no mains frequency to track");
    if (!out.mains.found)
        out.warnings.push_back("no mains hum found (no comb of lines near 50 or 60 Hz); harmonic levels are upper bounds, read at multiples of " +
                               std::to_string(static_cast<int>(config.fallback_mains_hz)) + " Hz");

    const double mains_hz = out.mains.found ? out.mains.frequency_hz : config.fallback_mains_hz;
    const double nyquist = 0.5 * fs;
    for (std::size_t c = 0; c < records.size(); ++c) {
        ChannelHum ch;
        ch.name = names[c];
        ch.stats = channel_stats(records[c]);
        ch.full_scale_volts = c < config.channel_full_scale_volts.size() ? std::optional<double>(config.channel_full_scale_volts[c])
                                                                         : config.full_scale_volts;
        const std::optional<double> volts = ch.full_scale_volts;
        if (volts) ch.dc_offset_v = ch.stats.dc_fs * *volts;
        ch.spectrum = std::move(spectra[c]);
        const WelchSpectrum& s = ch.spectrum;

        const auto first_peaks = find_peaks(s, floors[c], out.detect_ratio, kPeakSearchLoHz, nyquist, kPeakCandidates);
        const auto mask = line_mask(s, out.mains, out.mains_wander_hz, config.max_harmonics, first_peaks);
        ch.floor = estimate_noise_floor(s, mask);

        HarmonicsConfig hc;
        hc.mains_found = out.mains.found;
        hc.mains_hz = mains_hz;
        hc.mains_uncertainty_hz = out.mains.found ? out.mains.uncertainty_hz : 0.0;
        hc.wander_hz = out.mains_wander_hz;
        hc.max_harmonics = config.max_harmonics;
        hc.detect_ratio = out.detect_ratio;
        hc.full_scale_volts = volts;
        hc.known_frequency_hz.assign(static_cast<std::size_t>(config.max_harmonics) + 1, 0.0);
        for (const auto& lp : out.mains.phase.lines)
            if (lp.used && lp.line.channel == c && lp.line.n <= config.max_harmonics)
                hc.known_frequency_hz[static_cast<std::size_t>(lp.line.n)] = lp.mean_frequency_hz;
        ch.hum = measure_harmonics(s, ch.floor, hc);

        const double noise_ms = band_noise_ms(s, ch.floor, config.noise_lo_hz, out.noise_band_hi_hz);
        ch.noise_floor_dbfs = mean_square_to_dbfs(noise_ms);
        ch.noise_density_dbfs_per_hz = mean_square_to_dbfs(median_density(s, ch.floor, config.noise_lo_hz, out.noise_band_hi_hz));
        if (ch.hum.total_hum_dbfs && out.mains.found) ch.hum_to_noise_db = *ch.hum.total_hum_dbfs - ch.noise_floor_dbfs;

        const auto peaks = find_peaks(s, ch.floor, out.detect_ratio, kPeakSearchLoHz, nyquist, kPeakCandidates);
        std::vector<ToneLevel> off_comb;
        for (const auto& p : peaks) {
            PeakReport r;
            r.frequency_hz = p.frequency_hz;
            r.level_dbfs = mean_square_to_dbfs(p.mean_square);
            if (volts) r.level_dbv = dbfs_to_dbv(r.level_dbfs, *volts);
            r.above_noise_db = power_ratio_to_db(p.peak_ratio);
            r.harmonic = comb_harmonic(s, out.mains, ch.hum, p.frequency_hz);
            if (r.harmonic == 0) off_comb.push_back({r.frequency_hz, r.level_dbfs});
            if (ch.peaks.size() < config.max_peaks) ch.peaks.push_back(r);
        }

        DiagnosisInput di;
        di.mains_found = out.mains.found;
        di.hum = &ch.hum;
        di.off_comb = std::move(off_comb);
        di.anything_stands_out = !peaks.empty() || (out.mains.found && ch.hum.strongest_n > 0);
        di.dc_fs = ch.stats.dc_fs;
        di.full_scale_volts = volts;
        di.clipped_samples = ch.stats.clipped;
        di.noise_floor_dbfs = ch.noise_floor_dbfs;
        di.noise_band_lo_hz = config.noise_lo_hz;
        di.noise_band_hi_hz = out.noise_band_hi_hz;
        ch.diagnosis = diagnose(di);
        if (ch.stats.clipped)
            out.warnings.push_back("input " + ch.name + " clipped (" + std::to_string(ch.stats.clipped) +
                                   " samples at full scale): lower the input gain");
        out.channels.push_back(std::move(ch));
    }
    return out;
}

}  // namespace zb
