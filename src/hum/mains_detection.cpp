#include "hum/mains_detection.h"

#include <bit>
#include <cstdint>

#include <algorithm>
#include <cmath>

#include "hum/mains_tracker.h"
#include "util/units.h"
#include "hum/spectral_lines.h"

namespace zb {

namespace {

constexpr double kCombCapDb = 30.0;
constexpr double kBlockSnrTarget = 100.0;  // 20 dB per block: ~0.07 rad of phase noise
constexpr double kBlockSnrMin = 10.0;      // 10 dB: unwrapping still safe
constexpr double kCrowdingRatio = 1e-4;    // a neighbour 40 dB down disturbs the phase by < 0.01 rad

struct CombResult {
    double frequency_hz = 0.0;
    double half_width_hz = 0.0;  // half the best plateau, plus a step
    double score = 0.0;
    int orders = 0;              // how many harmonic numbers it matches
};

struct Peak {
    std::size_t channel;
    double frequency_hz, weight, mean_square;
};

// Weight of a candidate fundamental by its distance from 50 or 60 Hz.
double closeness(double f_hz, const MainsConfig& config) {
    const double d = std::min(std::abs(f_hz - 50.0), std::abs(f_hz - 60.0));
    if (d <= config.grid_tolerance_hz) return 1.0;
    return std::max(0.0, 1.0 - (d - config.grid_tolerance_hz) / config.search_margin_hz);
}

// The best comb that matches at least `min_orders` harmonic numbers.
CombResult comb_search(std::span<const Peak> peaks, double bin_hz, const MainsConfig& config, int min_orders) {
    const double tolerance_hz = 0.5 * bin_hz;
    const double step = bin_hz / 160.0;  // so that n·f is within 1/8 bin of a grid point up to n = 40
    const double reach = config.grid_tolerance_hz + config.search_margin_hz;
    CombResult best;
    for (const double nominal : {50.0, 60.0}) {
        double run_start = 0.0, run_end = 0.0;
        bool in_run = false, run_closed = false;
        for (double f = nominal - reach; f <= nominal + reach; f += step) {
            double score = 0.0;
            std::uint64_t matched = 0;  // bit n-1 for each harmonic number matched
            for (const auto& p : peaks) {
                const double n = std::round(p.frequency_hz / f);
                if (n >= 1.0 && n <= config.max_harmonics && std::abs(p.frequency_hz - n * f) <= tolerance_hz) {
                    score += p.weight / n;
                    matched |= std::uint64_t{1} << (static_cast<int>(n) - 1) % 64;
                }
            }
            score *= closeness(f, config);
            if (std::popcount(matched) < min_orders) score = 0.0;
            if (score > best.score + 1e-9) {
                best.score = score;
                run_start = run_end = f;
                in_run = true;
                run_closed = false;
                best.frequency_hz = f;
                best.half_width_hz = step;
            } else if (in_run && !run_closed && std::abs(score - best.score) <= 1e-9) {
                run_end = f;
                best.frequency_hz = 0.5 * (run_start + run_end);
                best.half_width_hz = 0.5 * (run_end - run_start) + step;
            } else if (in_run) {
                run_closed = true;
            }
        }
    }
    // Refine on the matched peaks' centroids (weights n²·w: the high
    // harmonics pin the frequency down n times better). A centroid is good to
    // about 0.1 bin, so the refined comb is good to 0.25 bin over the highest
    // matched order (2.5σ).
    double sw = 0.0, sf = 0.0;
    int top_n = 1;
    std::uint64_t matched = 0;
    for (const auto& p : peaks) {
        const double n = std::round(p.frequency_hz / best.frequency_hz);
        if (n < 1.0 || n > config.max_harmonics || std::abs(p.frequency_hz - n * best.frequency_hz) > tolerance_hz) continue;
        matched |= std::uint64_t{1} << (static_cast<int>(n) - 1) % 64;
        sw += n * n * p.weight;
        sf += n * n * p.weight * p.frequency_hz / n;
        top_n = std::max(top_n, static_cast<int>(n));
    }
    if (sw > 0.0) {
        best.frequency_hz = sf / sw;
        best.half_width_hz = 0.25 * bin_hz / top_n;
    }
    best.orders = std::popcount(matched);
    return best;
}

// Weighted standard deviation of values about their weighted mean.
double weighted_spread(std::span<const double> values, std::span<const double> weights) {
    double w = 0.0, m = 0.0;
    for (std::size_t i = 0; i < values.size(); ++i) {
        w += weights[i];
        m += weights[i] * values[i];
    }
    if (values.size() < 2 || w <= 0.0) return 0.0;
    m /= w;
    double v = 0.0;
    for (std::size_t i = 0; i < values.size(); ++i) v += weights[i] * (values[i] - m) * (values[i] - m);
    return std::sqrt(v / w);
}

}  // namespace

MainsEstimate detect_mains(std::span<const std::span<const float>> channels, std::span<const WelchSpectrum> spectra,
                           std::span<const NoiseFloor> floors, double detect_ratio, const MainsConfig& config) {
    MainsEstimate est;
    if (spectra.empty()) return est;
    const WelchSpectrum& s0 = spectra.front();
    const double fs = s0.sample_rate_hz;
    const double bin_hz = s0.bin_hz();
    const double threshold_db = power_ratio_to_db(detect_ratio);
    const double top_hz = std::min(0.45 * fs, (config.max_harmonics + 0.5) * 61.0);
    std::vector<Peak> peaks;
    for (std::size_t c = 0; c < spectra.size(); ++c)
        for (const auto& p : find_peaks(spectra[c], floors[c], detect_ratio, 10.0, top_hz, 400))
            peaks.push_back({c, p.frequency_hz, std::min(kCombCapDb, power_ratio_to_db(p.peak_ratio) - threshold_db) + 1.0,
                             p.mean_square});
    // A comb of one line loses to one of two or more harmonics that scores
    // at least half as well: a strong tone beside the fundamental merges
    // with it into one peak off the comb, while the 2nd and 3rd harmonics
    // still sit where the real mains puts them.
    CombResult comb = comb_search(peaks, bin_hz, config, 1);
    if (comb.orders < 2) {
        const CombResult several = comb_search(peaks, bin_hz, config, 2);
        if (several.score > 0.0 && several.score >= 0.5 * comb.score) comb = several;
    }
    if (comb.score <= 0.0) return est;

    // Harmonics on the comb: a detected line whose centroid the comb explains.
    const double lobe_hz = main_lobe_half_width_bins(s0.window) * bin_hz;
    const int n_max = std::min(config.max_harmonics, static_cast<int>(0.45 * fs / comb.frequency_hz));
    struct OnComb {
        std::size_t channel;
        int n;
        LineLevel line;
    };
    std::vector<OnComb> on_comb;
    std::vector<int> detected_n;
    for (std::size_t c = 0; c < spectra.size(); ++c) {
        for (int n = 1; n <= n_max; ++n) {
            const LineLevel line = measure_line(spectra[c], floors[c], n * comb.frequency_hz, lobe_hz);
            if (line.peak_ratio < detect_ratio || line.mean_square <= 0.0) continue;
            if (std::abs(line.frequency_hz - n * comb.frequency_hz) > bin_hz + n * comb.half_width_hz) continue;
            on_comb.push_back({c, n, line});
            if (std::find(detected_n.begin(), detected_n.end(), n) == detected_n.end()) detected_n.push_back(n);
        }
    }
    // A strong line off the comb but within its tolerance of a harmonic (a
    // tone a bin or two beside it) pulls that harmonic's centroid. Clean
    // harmonics agree on the fundamental within a tenth of a bin, so while
    // one harmonic number disagrees with the others by over half a bin, the
    // worst is dropped (on a near tie, the one farther from the nominal grid).
    for (;;) {
        std::vector<int> ns;
        for (const auto& h : on_comb)
            if (std::find(ns.begin(), ns.end(), h.n) == ns.end()) ns.push_back(h.n);
        if (ns.size() < 2) break;
        auto fundamental = [&](auto&& keep) {
            double w = 0.0, f = 0.0;
            for (const auto& h : on_comb) {
                if (!keep(h.n)) continue;
                const double weight = h.n * h.n * std::min(h.line.mean_square / h.line.noise_mean_square, 1e8);
                w += weight;
                f += weight * h.line.frequency_hz / h.n;
            }
            return w > 0.0 ? f / w : 0.0;
        };
        int worst_n = 0;
        double worst_dev = 0.0, worst_off = 0.0;
        for (int n : ns) {
            const double own = fundamental([n](int k) { return k == n; });
            const double others = fundamental([n](int k) { return k != n; });
            const double dev = std::abs(own - others);
            const double off = std::min(std::abs(own - 50.0), std::abs(own - 60.0));
            if (dev > worst_dev * 1.01 || (dev > worst_dev * 0.99 && off > worst_off)) {
                worst_n = n;
                worst_dev = dev;
                worst_off = off;
            }
        }
        if (worst_dev <= 0.5 * bin_hz) break;
        on_comb.erase(std::remove_if(on_comb.begin(), on_comb.end(), [worst_n](const OnComb& h) { return h.n == worst_n; }),
                      on_comb.end());
        detected_n.erase(std::remove(detected_n.begin(), detected_n.end(), worst_n), detected_n.end());
    }
    // Mains hum has low harmonics, or many: a lone tone is not mains.
    const bool low = std::any_of(detected_n.begin(), detected_n.end(), [](int n) { return n <= 3; });
    if (!low && detected_n.size() < 3) return est;

    std::vector<double> per_n_hz, weights;
    struct Candidate {
        PhaseLine line;
        double snr_per_second;
        double frequency_hz;
        double mean_square;
    };
    std::vector<Candidate> candidates;
    for (const auto& h : on_comb) {
        const double snr = h.line.mean_square / h.line.noise_mean_square;
        per_n_hz.push_back(h.line.frequency_hz / h.n);
        weights.push_back(h.n * h.n * std::min(snr, 1e8));
        const auto k = static_cast<std::size_t>(std::llround(spectra[h.channel].bin_of(h.line.frequency_hz)));
        const double density = spectra[h.channel].bins() > k ? floors[h.channel].power[k] / (s0.enbw_bins * bin_hz) : 0.0;
        if (density > 0.0) candidates.push_back({{h.channel, h.n, 0.0}, h.line.mean_square / density, h.n * comb.frequency_hz, h.line.mean_square});
    }
    double wsum = 0.0, fsum = 0.0;
    for (std::size_t i = 0; i < per_n_hz.size(); ++i) {
        wsum += weights[i];
        fsum += weights[i] * per_n_hz[i];
    }
    est.found = true;
    est.spectral_hz = wsum > 0.0 ? fsum / wsum : comb.frequency_hz;
    est.frequency_hz = est.spectral_hz;
    // A tenth of a bin is what centroids of clean lines manage; lines that
    // disagree with each other say how much worse it is here.
    const double spectral_sigma = std::hypot(0.1 * bin_hz, weighted_spread(per_n_hz, weights));
    est.uncertainty_hz = spectral_sigma;
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
    // A line off the comb within two block bandwidths beats with the
    // harmonic inside every block: unless it is 40 dB weaker (a phase error
    // under 0.01 rad), that harmonic's phase is left alone.
    const double guard_hz = std::max(2.0 / actual_block_s, lobe_hz);
    std::vector<PhaseLine> lines;
    for (const auto& cand : candidates) {
        bool crowded = false;
        for (const auto& p : peaks) {
            if (p.channel != cand.line.channel) continue;
            const bool is_harmonic = std::abs(p.frequency_hz - cand.frequency_hz) <= bin_hz + cand.line.n * comb.half_width_hz;
            crowded = crowded || (!is_harmonic && std::abs(p.frequency_hz - cand.frequency_hz) < guard_hz &&
                                  p.mean_square > kCrowdingRatio * cand.mean_square);
        }
        const double snr = cand.snr_per_second * actual_block_s;
        if (snr >= kBlockSnrMin && !crowded) lines.push_back({cand.line.channel, cand.line.n, snr});
    }
    if (lines.empty()) return est;
    std::sort(lines.begin(), lines.end(), [](const auto& a, const auto& b) { return a.n * a.n * a.snr_per_block > b.n * b.n * b.snr_per_block; });
    if (lines.size() > config.max_phase_lines) lines.resize(config.max_phase_lines);

    MainsPhase phase = track_mains_phase(channels, fs, est.spectral_hz, lines, periods);
    if (phase.empty()) return est;
    const PhaseMean first = mean_mains_frequency(phase);
    phase = track_mains_phase(channels, fs, first.frequency_hz, lines, periods);
    const PhaseMean second = mean_mains_frequency(phase);
    if (!(std::abs(second.frequency_hz - est.spectral_hz) < bin_hz)) {
        est.tracking_disturbed = true;
        return est;
    }
    double wander = 0.0;
    const auto seconds = track_mains(phase, 1.0);
    if (seconds.size() >= 2) {
        const auto [lo, hi] = std::minmax_element(seconds.begin(), seconds.end(),
                                                  [](const auto& a, const auto& b) { return a.frequency_hz < b.frequency_hz; });
        wander = hi->frequency_hz - lo->frequency_hz;
    }
    if (wander > kMaxGridWanderHz) {
        est.tracking_disturbed = true;
        est.uncertainty_hz = std::max(est.uncertainty_hz, 0.5 * wander);
        return est;
    }
    // The lines' own mean frequencies, per fundamental.
    std::vector<double> line_hz, line_w;
    for (const auto& lp : phase.lines) {
        if (!lp.used) continue;
        line_hz.push_back(lp.mean_frequency_hz / lp.line.n);
        line_w.push_back(lp.line.n * lp.line.n * lp.line.snr_per_block);
    }
    // The phase estimate is the mean between the end fits' centres; over the
    // whole record (the end fits extrapolated to its edges) the mean differs
    // by what the frequency did in the ends left out.
    // A wander faster than the end fits defeats the extrapolation; the ends
    // left out can then shift the mean by up to half the wander times
    // their share of the record. Under two seconds there is no per-second
    // track, so the end fits' own frequencies (their phase slopes) say how
    // far the mains moved: a short record's σ errs on the wide side.
    const double moved_hz = seconds.size() >= 2 ? wander : std::abs(phase.tail.slope - phase.head.slope);
    const double span_s = phase.tail.t0_s - phase.head.t0_s;
    const double span_term = std::max(std::abs(phase.mean_frequency_hz(0.0, duration_s) - second.frequency_hz),
                                      0.5 * moved_hz * std::max(0.0, 1.0 - span_s / duration_s));
    est.frequency_hz = second.frequency_hz;
    est.uncertainty_hz = std::sqrt(second.sigma_hz * second.sigma_hz + std::pow(weighted_spread(line_hz, line_w), 2) +
                                   span_term * span_term);
    est.phase_tracked = true;
    est.wander_hz = wander;
    est.nominal_hz = est.frequency_hz < 55.0 ? 50.0 : 60.0;
    est.phase = std::move(phase);
    return est;
}

}  // namespace zb
