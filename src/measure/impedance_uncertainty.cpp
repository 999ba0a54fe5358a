#include "measure/impedance_uncertainty.h"

#include <algorithm>
#include <cmath>
#include <numbers>

#include "dsp/fft.h"
#include "hum/welch.h"
#include "util/units.h"

namespace zb {

double QuietNoise::density_at(const std::vector<double>& d, double f) const {
    const double bin = std::clamp(f / bin_hz, 0.0, static_cast<double>(d.size() - 1));
    const auto k = std::min(static_cast<std::size_t>(bin), d.size() - 2);
    const double u = bin - static_cast<double>(k);
    return (1.0 - u) * d[k] + u * d[k + 1];
}

std::optional<QuietNoise> quiet_noise(const float* x, double fs, std::span<const Segment> quiet) {
    std::size_t longest = 0;
    for (const auto& s : quiet) longest = std::max(longest, s.length());
    // Segments of up to ~0.17 s (8192 samples at 48 kHz): 6 Hz resolution,
    // fine enough for white noise and for the hum fit's residual lines.
    const std::size_t cap = fft::power_of_two_size(static_cast<std::size_t>(0.17 * fs));
    std::size_t n = 256;
    while (n * 2 <= std::min(longest, cap)) n *= 2;
    if (longest < n) return std::nullopt;
    // Float transforms: their rounding lies some 140 dB under the quiet
    // segments' own level, and the density only sets an uncertainty.
    WelchAccumulator<float> wa(n, WindowKind::hann), wb(n, WindowKind::hann);
    std::vector<float> a(n), b(n);
    for (const auto& s : quiet)
        for (std::size_t start = s.begin; start + n <= s.end; start += n / 2) {
            for (std::size_t i = 0; i < n; ++i) {
                a[i] = x[2 * (start + i)];
                b[i] = x[2 * (start + i) + 1];
            }
            wa.add(a.data());
            wb.add(b.data());
        }
    QuietNoise out;
    out.bin_hz = fs / static_cast<double>(n);
    // Mean square per bin → one-sided density: P/(ENBW·Δf) (hum/welch.h).
    const double to_density = 1.0 / (wa.enbw_bins() * out.bin_hz);
    out.density_a = wa.average();
    out.density_b = wb.average();
    for (auto* d : {&out.density_a, &out.density_b})
        for (double& v : *d) v *= to_density;
    return out;
}

std::vector<double> stimulus_power_on_grid(const std::complex<float>* z, std::size_t nfft, double fs,
                                           std::span<const double> grid) {
    std::vector<double> out(grid.size(), 0.0);
    for (std::size_t i = 0; i < grid.size(); ++i) {
        const double lo = i > 0 ? std::sqrt(grid[i - 1] * grid[i]) : grid[i] * grid[i] / std::sqrt(grid[i] * grid[1]);
        const double hi = i + 1 < grid.size() ? std::sqrt(grid[i] * grid[i + 1]) : grid[i];
        auto k0 = static_cast<std::size_t>(std::floor(hz_to_bin(lo, nfft, fs)));
        auto k1 = static_cast<std::size_t>(std::ceil(hz_to_bin(hi, nfft, fs)));
        k0 = std::clamp<std::size_t>(k0, 1, nfft / 2 - 1);
        k1 = std::clamp<std::size_t>(k1, k0, nfft / 2 - 1);
        double sum = 0.0;
        for (std::size_t k = k0; k <= k1; ++k) sum += 0.25 * std::norm(std::complex<double>(z[k]) + std::conj(std::complex<double>(z[nfft - k])));
        out[i] = sum / static_cast<double>(k1 - k0 + 1);
    }
    return out;
}

CurveUncertainty curve_uncertainty(const QuietNoise& noise, std::span<const double> stimulus_power,
                                   std::span<const std::complex<double>> transfer, std::span<const double> grid,
                                   const FdwConfig& fdw, double fs) {
    CurveUncertainty out;
    out.magnitude_percent.reserve(grid.size());
    out.phase_deg.reserve(grid.size());
    for (std::size_t i = 0; i < grid.size(); ++i) {
        const std::complex<double> t = transfer[i];
        // Two-sided per-sample densities: S = D·fs/2.
        const double s_a = 0.5 * fs * noise.density_at(noise.density_a, grid[i]);
        const double s_b = 0.5 * fs * noise.density_at(noise.density_b, grid[i]);
        const double energy = fdw_window_energy_s(fdw, grid[i]) * fs;
        const double var_t = (s_b + std::norm(t) * s_a) * energy / std::max(stimulus_power[i], 1e-300);
        const double rel = std::sqrt(var_t) / std::max(std::abs(t * (1.0 - t)), 1e-300) / std::numbers::sqrt2;
        out.magnitude_percent.push_back(100.0 * rel);
        out.phase_deg.push_back(rad_to_deg(rel));
    }
    return out;
}

}  // namespace zb
