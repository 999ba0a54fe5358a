#include "hum/mains_detection.h"

#include <algorithm>
#include <cmath>

#include "hum/spectral_lines.h"

namespace zb {

namespace {

constexpr double kCombCapDb = 30.0;
constexpr double kBlockSnrTarget = 100.0;  // 20 dB per block: ~0.07 rad of phase noise
constexpr double kBlockSnrMin = 10.0;      // 10 dB: unwrapping still safe

struct CombResult {
    double frequency_hz = 0.0;
    double score = 0.0;
};

CombResult comb_search(std::span<const WelchSpectrum> spectra, std::span<const NoiseFloor> floors, double detect_ratio,
                       const MainsConfig& config) {
    const WelchSpectrum& s0 = spectra.front();
    const double threshold_db = 10.0 * std::log10(detect_ratio);
    const double top_hz = std::min(0.45 * s0.sample_rate_hz, (config.max_harmonics + 0.5) * config.search_hi_hz);
    struct Peak {
        double frequency_hz, weight;
    };
    std::vector<Peak> peaks;
    for (std::size_t c = 0; c < spectra.size(); ++c)
        for (const auto& p : find_peaks(spectra[c], floors[c], detect_ratio, 10.0, top_hz, 400))
            peaks.push_back({p.frequency_hz, std::min(kCombCapDb, 10.0 * std::log10(p.peak_ratio) - threshold_db) + 1.0});
    const double tolerance_hz = 0.5 * s0.bin_hz();
    const double step = s0.bin_hz() / 160.0;  // so that n·f is within 1/8 bin of a grid point up to n = 40
    CombResult best;
    double run_start = 0.0, run_end = 0.0;
    bool in_run = false, run_closed = false;
    for (double f = config.search_lo_hz; f <= config.search_hi_hz; f += step) {
        double score = 0.0;
        for (const auto& p : peaks) {
            const double n = std::round(p.frequency_hz / f);
            if (n >= 1.0 && n <= config.max_harmonics && std::abs(p.frequency_hz - n * f) <= tolerance_hz) score += p.weight / n;
        }
        if (score > best.score + 1e-9) {
            best.score = score;
            run_start = run_end = f;
            in_run = true;
            run_closed = false;
        } else if (in_run && !run_closed && std::abs(score - best.score) <= 1e-9) {
            run_end = f;
        } else if (in_run) {
            run_closed = true;
        }
    }
    best.frequency_hz = 0.5 * (run_start + run_end);
    return best;
}

}  // namespace

MainsEstimate detect_mains(std::span<const std::span<const float>> channels, std::span<const WelchSpectrum> spectra,
                           std::span<const NoiseFloor> floors, double detect_ratio, const MainsConfig& config) {
    MainsEstimate est;
    if (spectra.empty()) return est;
    const WelchSpectrum& s0 = spectra.front();
    const double fs = s0.sample_rate_hz;
    const CombResult comb = comb_search(spectra, floors, detect_ratio, config);
    if (comb.score <= 0.0) return est;

    // Spectral refinement and the candidate lines for phase tracking.
    const double lobe_hz = main_lobe_half_width_bins(s0.window) * s0.bin_hz();
    const int n_max = std::min(config.max_harmonics, static_cast<int>(0.45 * fs / comb.frequency_hz));
    double wsum = 0.0, fsum = 0.0;
    std::vector<int> detected_n;
    struct Candidate {
        PhaseLine line;
        double snr_per_second;
    };
    std::vector<Candidate> candidates;
    for (std::size_t c = 0; c < spectra.size(); ++c) {
        for (int n = 1; n <= n_max; ++n) {
            const LineLevel line = measure_line(spectra[c], floors[c], n * comb.frequency_hz, lobe_hz);
            if (line.peak_ratio < detect_ratio || line.mean_square <= 0.0) continue;
            if (std::find(detected_n.begin(), detected_n.end(), n) == detected_n.end()) detected_n.push_back(n);
            const double snr = line.mean_square / line.noise_mean_square;
            const double w = n * n * std::min(snr, 1e8);
            wsum += w;
            fsum += w * line.frequency_hz / n;
            const auto k = static_cast<std::size_t>(std::llround(spectra[c].bin_of(line.frequency_hz)));
            const double density = spectra[c].bins() > k ? floors[c].power[k] / (s0.enbw_bins * s0.bin_hz()) : 0.0;
            if (density > 0.0) candidates.push_back({{c, n, 0.0}, line.mean_square / density});
        }
    }
    // Mains hum has low harmonics, or many: a lone tone (which some comb in
    // 45-65 Hz always explains as a high harmonic) is not mains.
    const bool low = std::any_of(detected_n.begin(), detected_n.end(), [](int n) { return n <= 3; });
    if (!low && detected_n.size() < 3) return est;
    est.found = true;
    est.spectral_hz = wsum > 0.0 ? fsum / wsum : comb.frequency_hz;
    est.frequency_hz = est.spectral_hz;
    est.uncertainty_hz = 0.1 * s0.bin_hz();  // a tenth of a bin: what centroids of clean lines manage
    est.nominal_hz = est.frequency_hz < 55.0 ? 50.0 : 60.0;
    if (candidates.empty() || channels.empty()) return est;

    // Block length: 20 dB of SNR per block for the best line, between
    // block_target_s and min(1 s, a tenth of the record).
    double best = 0.0;
    for (const auto& cand : candidates) best = std::max(best, cand.snr_per_second);
    std::size_t frames = SIZE_MAX;
    for (const auto& ch : channels) frames = std::min(frames, ch.size());
    const double duration_s = static_cast<double>(frames) / fs;
    const double longest_s = std::min(1.0, duration_s / 10.0);
    const double block_s = std::min(std::max(config.block_target_s, kBlockSnrTarget / best), longest_s);
    const int periods = std::max(1, static_cast<int>(std::lround(block_s * est.spectral_hz)));
    const double actual_block_s = periods / est.spectral_hz;
    std::vector<PhaseLine> lines;
    for (const auto& cand : candidates) {
        const double snr = cand.snr_per_second * actual_block_s;
        if (snr >= kBlockSnrMin) lines.push_back({cand.line.channel, cand.line.n, snr});
    }
    if (lines.empty()) return est;
    std::sort(lines.begin(), lines.end(), [](const auto& a, const auto& b) { return a.n * a.n * a.snr_per_block > b.n * b.n * b.snr_per_block; });
    if (lines.size() > config.max_phase_lines) lines.resize(config.max_phase_lines);

    MainsPhase phase = track_mains_phase(channels, fs, est.spectral_hz, lines, periods);
    if (phase.empty()) return est;
    const PhaseMean first = mean_mains_frequency(phase);
    phase = track_mains_phase(channels, fs, first.frequency_hz, lines, periods);
    const PhaseMean second = mean_mains_frequency(phase);
    if (!(std::abs(second.frequency_hz - est.spectral_hz) < s0.bin_hz())) return est;
    est.frequency_hz = second.frequency_hz;
    est.uncertainty_hz = second.sigma_hz;
    est.phase_tracked = true;
    est.nominal_hz = est.frequency_hz < 55.0 ? 50.0 : 60.0;
    est.phase = std::move(phase);
    return est;
}

}  // namespace zb
