#include "dsp/sweep_delay.h"

#include <algorithm>
#include <cmath>
#include <vector>

#include "dsp/fft.h"
#include "util/units.h"

namespace zb {

namespace {
constexpr std::size_t kTailSamples = 16384;
constexpr long kSpan = 1024;

// The size of the complex transforms (forward and inverse, in place) of the
// fine correlation.
std::size_t sweep_delay_fft_size(const Sweep& sweep) {
    const std::size_t tail = std::min(kTailSamples, sweep.sweep_length);
    // The lags wanted, l in [0, 2·kSpan], reach r[t + l] for t < tail only:
    // a circular correlation of this length does not wrap for any of them.
    return fft::power_of_two_size(tail + 2 * static_cast<std::size_t>(kSpan));
}

}  // namespace

std::optional<DelayEstimate> estimate_sweep_delay(const float* x, std::size_t stride, std::size_t frames,
                                                  const Sweep& sweep, std::size_t max_delay) {
    const double fs = sweep.config.sample_rate_hz;
    const std::size_t sweep_end = sweep.sweep_offset + sweep.sweep_length;
    if (frames <= sweep_end) return std::nullopt;

    // 1. Coarse: last 1 ms block above the midpoint (in dB) between the floor
    // and the loudest block. The floor is the median block of the pre-roll
    // and of what follows the latest possible end, both silent whatever the
    // latency. (A percentile of the whole recording would, for a sweep filling
    // over 90 % of it, fall inside the sweep and hide its end.) Each block's
    // own mean is taken out, so DC on the input (an offset of the interface
    // or the amplifier) does not fill the silences.
    const auto block = std::max<std::size_t>(8, static_cast<std::size_t>(0.001 * fs));
    const std::size_t blocks = frames / block;
    std::vector<double> rms(blocks);
    for (std::size_t i = 0; i < blocks; ++i) {
        double s = 0.0, s2 = 0.0;
        for (std::size_t t = i * block; t < (i + 1) * block; ++t) {
            s += x[t * stride];
            s2 += double(x[t * stride]) * x[t * stride];
        }
        const double mean = s / static_cast<double>(block);
        rms[i] = std::sqrt(std::max(s2 / static_cast<double>(block) - mean * mean, 0.0));
    }
    std::vector<double> floor(rms.begin(), rms.begin() + static_cast<long>(std::min(blocks, sweep.sweep_offset / block)));
    for (std::size_t i = (sweep_end + max_delay) / block + 1; i < blocks; ++i) floor.push_back(rms[i]);
    if (floor.empty()) return std::nullopt;
    std::nth_element(floor.begin(), floor.begin() + static_cast<long>(floor.size() / 2), floor.end());
    const double quiet = std::max(floor[floor.size() / 2], 1e-12);
    const double loud = *std::max_element(rms.begin(), rms.end());
    // 20 dB between floor and sweep locate the end to a block; the fine
    // correlation below then decides whether the sweep is really there.
    if (loud < 10.0 * quiet) return std::nullopt;
    const double threshold = std::sqrt(quiet * loud);
    std::size_t last = blocks;
    while (last > 0 && rms[last - 1] < threshold) --last;
    const double end_seen = static_cast<double>(last * block);
    const double coarse = std::clamp(end_seen - static_cast<double>(sweep_end), 0.0, static_cast<double>(max_delay));

    // 2. Fine: correlate the sweep's tail with the recording.
    const std::size_t tail = std::min(kTailSamples, sweep.sweep_length);
    const long lag_lo = std::max(0L, static_cast<long>(coarse) - kSpan);
    const long lag_hi = std::min(static_cast<long>(max_delay), static_cast<long>(coarse) + kSpan);
    const std::size_t seg_start = sweep_end - tail + static_cast<std::size_t>(lag_lo);
    const std::size_t seg_len = std::min(tail + static_cast<std::size_t>(lag_hi - lag_lo), frames - seg_start);
    const std::size_t m = sweep_delay_fft_size(sweep);
    // Single precision, like the rest of the analysis: one FFTW planner.
    fft::AlignedVector<std::complex<float>> z(m, 0.0f);
    sweep.render_range(reinterpret_cast<float*>(z.data()), sweep.sweep_length - tail, tail, 2);
    for (std::size_t i = 0; i < seg_len; ++i) z[i].imag(x[(seg_start + i) * stride]);
    fft::ComplexFft<float> forward(m, fft::Direction::forward), inverse(m, fft::Direction::inverse);
    forward.execute(z.data(), z.data());
    // With z = s + j·r: S = (Z[k] + Z*[m-k])/2, R = (Z[k] - Z*[m-k])/(2j);
    // correlation c[l] = Σ r[t+l] s[t]  <->  R·S*.
    // In place, a bin and its mirror at a time: C[k] = R[k]·S*[k], and
    // C[m−k] = conj(C[k]) as c is real.
    auto& c = z;
    for (std::size_t k = 0; k <= m / 2; ++k) {
        const std::size_t mirror = k == 0 ? 0 : m - k;
        const std::complex<double> zk = z[k], zc = std::conj(std::complex<double>(z[mirror]));
        const auto s = (zk + zc) * 0.5;
        const auto r = (zk - zc) * std::complex<double>(0, -0.5);
        c[k] = std::complex<float>(r * std::conj(s));
        c[mirror] = std::conj(c[k]);
    }
    inverse.execute(c.data(), c.data());
    const std::size_t lags = static_cast<std::size_t>(lag_hi - lag_lo) + 1;
    std::size_t best = 0;
    double energy = 0.0;
    for (std::size_t l = 0; l < lags && l < m; ++l) {
        energy += c[l].real() * c[l].real();
        if (c[l].real() > c[best].real()) best = l;
    }
    const double rms_c = std::sqrt(energy / static_cast<double>(lags));
    DelayEstimate est;
    est.delay_samples = static_cast<double>(lag_lo) + static_cast<double>(best);
    if (best > 0 && best + 1 < lags) {
        const double y0 = c[best - 1].real(), y1 = c[best].real(), y2 = c[best + 1].real();
        const double d = y0 - 2.0 * y1 + y2;
        if (d < 0.0) est.delay_samples += std::clamp(0.5 * (y0 - y2) / d, -0.5, 0.5);
    }
    est.peak_to_rms_db = rms_c > 0.0 ? gain_to_db(c[best].real() / rms_c) : 0.0;
    if (!(c[best].real() > 0.0) || est.peak_to_rms_db < 10.0) return std::nullopt;
    return est;
}

}  // namespace zb
