#include "hum/noise_floor.h"

#include <algorithm>
#include <cmath>

namespace zb {

namespace {

constexpr std::size_t kMinHalfBins = 16;
constexpr double kHalfWindowFraction = 0.0293;  // 2^(1/24) − 1: windows 1/12 octave wide
constexpr std::size_t kMinUnmasked = 12;
constexpr double kTinyPower = 1e-40;  // −400 dB: keeps logarithms finite on digital silence

double median_in_place(std::vector<double>& v) {
    if (v.empty()) return 0.0;
    auto mid = v.begin() + static_cast<std::ptrdiff_t>(v.size() / 2);
    std::nth_element(v.begin(), mid, v.end());
    return *mid;
}

// Upper-tail standard normal quantile: z with P(Z > z) = p, by bisection.
double normal_upper_quantile(double p) {
    double lo = -10.0, hi = 40.0;
    for (int i = 0; i < 200; ++i) {
        const double mid = 0.5 * (lo + hi);
        if (0.5 * std::erfc(mid / std::sqrt(2.0)) > p) lo = mid;
        else hi = mid;
    }
    return 0.5 * (lo + hi);
}

std::pair<std::size_t, std::size_t> bin_range(const WelchSpectrum& s, double f_lo_hz, double f_hi_hz) {
    const double nyquist = 0.5 * s.sample_rate_hz;
    const double lo = std::clamp(f_lo_hz, 0.0, nyquist), hi = std::clamp(f_hi_hz, 0.0, nyquist);
    const auto a = static_cast<std::size_t>(std::ceil(s.bin_of(lo)));
    const auto b = std::min(s.bins() - 1, static_cast<std::size_t>(std::floor(s.bin_of(hi))));
    return {a, b};
}

}  // namespace

double chi2_median_over_mean(double dof) {
    const double nu = std::max(dof, 1.0);
    const double a = 1.0 - 2.0 / (9.0 * nu);
    return a * a * a;
}

double line_detection_ratio(double dof, std::size_t bins_searched) {
    const double p = 1e-3 / static_cast<double>(std::max<std::size_t>(bins_searched, 1));
    double q;
    if (dof <= 2.0) {
        q = -std::log(p);  // χ²₂/2 is exponential
    } else {
        const double c = 2.0 / (9.0 * dof);
        const double a = 1.0 - c + normal_upper_quantile(p) * std::sqrt(c);
        q = a * a * a;
    }
    return std::max(10.0, q);
}

NoiseFloor estimate_noise_floor(const WelchSpectrum& s, std::span<const std::uint8_t> mask) {
    NoiseFloor floor;
    estimate_noise_floor(s, mask, floor, 1);
    return floor;
}

void estimate_noise_floor(const WelchSpectrum& s, std::span<const std::uint8_t> mask, NoiseFloor& floor, std::size_t stride) {
    stride = std::max<std::size_t>(stride, 1);
    const std::size_t n = s.bins();
    floor.power.assign(n, kTinyPower);
    if (n < 4) return;
    const auto first = std::min(n - 1, static_cast<std::size_t>(main_lobe_half_width_bins(s.window)) + 1);
    const double to_mean = 1.0 / chi2_median_over_mean(s.dof);
    // Few degrees of freedom scatter each bin more: a wider window keeps the
    // median's own scatter under about 1 dB.
    const std::size_t min_half = s.dof < 8.0 ? 2 * kMinHalfBins : kMinHalfBins;
    const std::size_t min_values = std::max<std::size_t>(kMinUnmasked / stride, 4);

    std::vector<double> centre, level;
    std::vector<double> values;
    values.reserve(4096);
    // Anchors with too few unmasked bins in their window (a strong line and
    // its skirts fill it) give no level: their neighbours' levels are
    // interpolated across. Without any anchor, the mask is ignored.
    for (int attempt = 0; attempt < 2 && centre.empty(); ++attempt) {
        const bool use_mask = attempt == 0 && !mask.empty();
        std::size_t k = first;
        while (k < n) {
            const auto half = std::max(min_half, static_cast<std::size_t>(kHalfWindowFraction * static_cast<double>(k)));
            // Bins in pairs k ± d, both or neither: the window stays centred
            // on k where a mask or an edge cuts it, so on a sloping floor its
            // median is still k's level.
            auto usable = [&](std::size_t i) { return !use_mask || !mask[i]; };
            values.clear();
            if (usable(k)) values.push_back(s.power[k]);
            for (std::size_t d = stride; d <= half && k >= first + d && k + d < n; d += stride) {
                if (!usable(k - d) || !usable(k + d)) continue;
                values.push_back(s.power[k - d]);
                values.push_back(s.power[k + d]);
            }
            if (values.size() >= min_values) {
                centre.push_back(static_cast<double>(k));
                level.push_back(std::log(std::max(median_in_place(values) * to_mean, kTinyPower)));
            }
            if (k == n - 1) break;
            k = std::min(n - 1, k + std::max<std::size_t>(1, half / 2));
        }
    }
    if (centre.empty()) return;
    // Log-linear interpolation between band centres, constant beyond them;
    // within a stretch, one exp and then a constant ratio per bin.
    const auto first_centre = static_cast<std::size_t>(std::ceil(centre.front()));
    const double head = std::exp(level.front()), tail = std::exp(level.back());
    for (std::size_t i = 0; i < std::min(first_centre, n); ++i) floor.power[i] = head;
    std::size_t i = first_centre;
    for (std::size_t b = 0; b + 1 < centre.size(); ++b) {
        const double slope = (level[b + 1] - level[b]) / (centre[b + 1] - centre[b]);
        const double ratio = std::exp(slope);
        double v = std::exp(level[b] + slope * (static_cast<double>(i) - centre[b]));
        for (; i < n && static_cast<double>(i) < centre[b + 1]; ++i, v *= ratio) floor.power[i] = v;
    }
    for (; i < n; ++i) floor.power[i] = tail;
}

double band_noise_ms(const WelchSpectrum& s, const NoiseFloor& floor, double f_lo_hz, double f_hi_hz) {
    const auto [a, b] = bin_range(s, f_lo_hz, f_hi_hz);
    double sum = 0.0;
    for (std::size_t k = a; k <= b && k < floor.power.size(); ++k) sum += floor.power[k];
    return sum / s.enbw_bins;
}

double median_density(const WelchSpectrum& s, const NoiseFloor& floor, double f_lo_hz, double f_hi_hz) {
    const auto [a, b] = bin_range(s, f_lo_hz, f_hi_hz);
    std::vector<double> v;
    for (std::size_t k = a; k <= b && k < floor.power.size(); ++k) v.push_back(floor.power[k]);
    return median_in_place(v) / (s.enbw_bins * s.bin_hz());
}

}  // namespace zb
