#include "hum/harmonics.h"

#include <algorithm>
#include <cmath>
#include <numbers>

#include "hum/spectral_lines.h"
#include "util/units.h"
#include "util/units.h"

namespace zb {

double dbfs_to_dbv(double level_dbfs, double full_scale_volts) {
    return level_dbfs + volts_rms_to_dbv(full_scale_volts / std::numbers::sqrt2);
}

double harmonic_half_width_hz(const WelchSpectrum& s, int n, double mains_hz, double wander_hz) {
    const double w = (main_lobe_half_width_bins(s.window) + 1.0) * s.bin_hz() + 0.5 * n * wander_hz;
    return std::min(w, 0.45 * mains_hz);
}

double harmonic_centroid_tolerance_hz(const WelchSpectrum& s, int n, double mains_uncertainty_hz, double wander_hz) {
    return s.bin_hz() + n * (3.0 * mains_uncertainty_hz + 0.25 * wander_hz);
}

HumLevels measure_harmonics(const WelchSpectrum& s, const NoiseFloor& floor, const HarmonicsConfig& config) {
    HumLevels out;
    const double nyquist = 0.5 * s.sample_rate_hz;
    std::vector<double> excess, centroid_hz;  // of each band: noise-subtracted mean square, power centroid
    for (int n = 1; n <= config.max_harmonics; ++n) {
        const double centre = n * config.mains_hz;
        const double half_width = harmonic_half_width_hz(s, n, config.mains_hz, config.wander_hz);
        if (centre + half_width >= nyquist) break;
        const LineLevel line = measure_line(s, floor, centre, half_width);
        HarmonicLevel h;
        h.n = n;
        h.detected = config.mains_found && line.peak_ratio >= config.detect_ratio && line.mean_square > 0.0 &&
                     std::abs(line.frequency_hz - centre) <=
                         harmonic_centroid_tolerance_hz(s, n, config.mains_uncertainty_hz, config.wander_hz);
        // Not detected: the noise (and whatever else) in the band bounds the level from above.
        h.level_dbfs = mean_square_to_dbfs(std::max(line.mean_square, line.noise_mean_square));
        h.above_noise_db = power_ratio_to_db(std::max(line.mean_square, 1e-300) / std::max(line.noise_mean_square, 1e-300));
        h.above_noise_db = std::max(h.above_noise_db, -99.0);
        if (config.full_scale_volts) h.level_dbv = dbfs_to_dbv(h.level_dbfs, *config.full_scale_volts);
        excess.push_back(line.mean_square);
        centroid_hz.push_back(line.frequency_hz);
        out.harmonics.push_back(h);
    }
    // A high harmonic with no detected neighbour within two orders is not on the comb.
    std::vector<bool> was_detected;
    for (const auto& h : out.harmonics) was_detected.push_back(h.detected);
    for (auto& h : out.harmonics) {
        if (!h.detected || h.n <= kIsolatedHarmonicOrder) continue;
        bool neighbour = false;
        for (int m = h.n - 2; m <= h.n + 2; ++m)
            if (m != h.n && m >= 1 && m <= static_cast<int>(was_detected.size())) neighbour = neighbour || was_detected[static_cast<std::size_t>(m - 1)];
        if (!neighbour) h.detected = false;
    }
    double total = 0.0, strongest = 0.0;
    for (std::size_t i = 0; i < out.harmonics.size(); ++i) {
        auto& h = out.harmonics[i];
        const auto idx = static_cast<std::size_t>(h.n);
        const bool known = idx < config.known_frequency_hz.size() && config.known_frequency_hz[idx] > 0.0;
        h.frequency_hz = known ? config.known_frequency_hz[idx] : (h.detected ? centroid_hz[i] : h.n * config.mains_hz);
        if (!h.detected) continue;
        h.mean_square = excess[i];
        h.level_dbfs = mean_square_to_dbfs(excess[i]);
        if (config.full_scale_volts) h.level_dbv = dbfs_to_dbv(h.level_dbfs, *config.full_scale_volts);
        total += excess[i];
        if (excess[i] > strongest) {
            strongest = excess[i];
            out.strongest_n = h.n;
        }
    }
    if (total > 0.0) {
        out.total_hum_dbfs = mean_square_to_dbfs(total);
        if (config.full_scale_volts) out.total_hum_dbv = dbfs_to_dbv(*out.total_hum_dbfs, *config.full_scale_volts);
    }
    return out;
}

}  // namespace zb
