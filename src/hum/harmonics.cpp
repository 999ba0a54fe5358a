#include "hum/harmonics.h"

#include <algorithm>
#include <cmath>
#include <numbers>

#include "hum/spectral_lines.h"

namespace zb {

double dbfs_to_dbv(double level_dbfs, double full_scale_volts) {
    return level_dbfs + 20.0 * std::log10(full_scale_volts / std::numbers::sqrt2);
}

double harmonic_half_width_hz(const WelchSpectrum& s, int n, double mains_hz, double wander_hz) {
    const double w = (main_lobe_half_width_bins(s.window) + 1.0) * s.bin_hz() + 0.5 * n * wander_hz;
    return std::min(w, 0.45 * mains_hz);
}

HumLevels measure_harmonics(const WelchSpectrum& s, const NoiseFloor& floor, const HarmonicsConfig& config) {
    HumLevels out;
    const double nyquist = 0.5 * s.sample_rate_hz;
    double total = 0.0, strongest = 0.0;
    for (int n = 1; n <= config.max_harmonics; ++n) {
        const double centre = n * config.mains_hz;
        const double half_width = harmonic_half_width_hz(s, n, config.mains_hz, config.wander_hz);
        if (centre + half_width >= nyquist) break;
        const LineLevel line = measure_line(s, floor, centre, half_width);
        HarmonicLevel h;
        h.n = n;
        h.detected = line.peak_ratio >= config.detect_ratio && line.mean_square > 0.0;
        const auto idx = static_cast<std::size_t>(n);
        const bool known = idx < config.known_frequency_hz.size() && config.known_frequency_hz[idx] > 0.0;
        h.frequency_hz = known ? config.known_frequency_hz[idx] : (h.detected ? line.frequency_hz : centre);
        h.mean_square = h.detected ? line.mean_square : 0.0;
        // Not detected: the noise in the band bounds the level from above.
        h.level_dbfs = mean_square_to_dbfs(h.detected ? line.mean_square : std::max(line.mean_square, line.noise_mean_square));
        h.above_noise_db = 10.0 * std::log10(std::max(line.mean_square, 1e-300) / std::max(line.noise_mean_square, 1e-300));
        h.above_noise_db = std::max(h.above_noise_db, -99.0);
        if (config.full_scale_volts) h.level_dbv = dbfs_to_dbv(h.level_dbfs, *config.full_scale_volts);
        if (h.detected) {
            total += line.mean_square;
            if (line.mean_square > strongest) {
                strongest = line.mean_square;
                out.strongest_n = n;
            }
        }
        out.harmonics.push_back(h);
    }
    if (total > 0.0) {
        out.total_hum_dbfs = mean_square_to_dbfs(total);
        if (config.full_scale_volts) out.total_hum_dbv = dbfs_to_dbv(*out.total_hum_dbfs, *config.full_scale_volts);
    }
    return out;
}

}  // namespace zb
