#include "hum/spectral_lines.h"

#include <algorithm>
#include <cmath>

#include "util/units.h"

namespace zb {

double mean_square_to_dbfs(double mean_square) {
    return mean_square > 0.0 ? std::max(-400.0, rms_fs_to_dbfs(std::sqrt(mean_square))) : -400.0;
}

double dbfs_to_mean_square(double level_dbfs) {
    const double rms = dbfs_to_rms_fs(level_dbfs);
    return rms * rms;
}

LineLevel measure_line(const WelchSpectrum& s, const NoiseFloor& floor, double centre_hz, double half_width_hz) {
    LineLevel line;
    line.frequency_hz = centre_hz;
    const double last = static_cast<double>(s.bins() - 1);
    const double lo = std::clamp(std::ceil(s.bin_of(centre_hz - half_width_hz)), 0.0, last);
    const double hi = std::clamp(std::floor(s.bin_of(centre_hz + half_width_hz)), 0.0, last);
    if (hi < lo) return line;
    double excess = 0.0, noise = 0.0, weight = 0.0, moment = 0.0;
    for (auto k = static_cast<std::size_t>(lo); k <= static_cast<std::size_t>(hi); ++k) {
        const double e = s.power[k] - floor.power[k];
        excess += e;
        noise += floor.power[k];
        line.peak_ratio = std::max(line.peak_ratio, s.power[k] / floor.power[k]);
        if (e > 0.0) {
            weight += e;
            moment += e * static_cast<double>(k);
        }
    }
    line.mean_square = excess / s.enbw_bins;
    line.noise_mean_square = noise / s.enbw_bins;
    if (weight > 0.0) line.frequency_hz = s.frequency_hz(moment / weight);
    return line;
}

std::vector<SpectralPeak> find_peaks(const WelchSpectrum& s, const NoiseFloor& floor, double ratio, double f_lo_hz,
                                     double f_hi_hz, std::size_t max_peaks) {
    std::vector<SpectralPeak> peaks;
    const auto lobe = static_cast<std::size_t>(main_lobe_half_width_bins(s.window));
    const std::size_t n = s.bins();
    const auto a = std::max<std::size_t>(lobe + 1, static_cast<std::size_t>(std::ceil(s.bin_of(std::max(f_lo_hz, 0.0)))));
    const auto b = std::min<std::size_t>(n - 1 - std::min(n - 1, lobe),
                                         static_cast<std::size_t>(std::floor(s.bin_of(std::max(f_hi_hz, 0.0)))));
    std::vector<std::size_t> maxima;
    for (std::size_t k = a; k <= b && k < n; ++k) {
        if (s.power[k] < ratio * floor.power[k]) continue;
        bool is_max = true;
        // > on the left, >= on the right: one bin per plateau.
        for (std::size_t j = k - lobe; j < k && is_max; ++j) is_max = s.power[k] > s.power[j];
        for (std::size_t j = k + 1; j <= k + lobe && j < n && is_max; ++j) is_max = s.power[k] >= s.power[j];
        if (is_max) maxima.push_back(k);
    }
    const double half_width_hz = s.bin_hz() * static_cast<double>(lobe);
    for (std::size_t k : maxima) {
        const LineLevel line = measure_line(s, floor, s.frequency_hz(static_cast<double>(k)), half_width_hz);
        if (line.mean_square <= 0.0) continue;
        peaks.push_back({line.frequency_hz, line.mean_square, line.peak_ratio});
    }
    std::sort(peaks.begin(), peaks.end(), [](const auto& x, const auto& y) { return x.mean_square > y.mean_square; });
    // Drop a weaker maximum inside a stronger one's main lobe (a line smeared by drift).
    std::vector<SpectralPeak> kept;
    for (const auto& p : peaks) {
        bool near = false;
        for (const auto& q : kept) near = near || std::abs(p.frequency_hz - q.frequency_hz) < 2.0 * half_width_hz;
        if (!near) kept.push_back(p);
        if (kept.size() >= max_peaks) break;
    }
    return kept;
}

}  // namespace zb
