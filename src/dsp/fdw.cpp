#include "dsp/fdw.h"

#include <algorithm>
#include <cmath>

#include "dsp/fft.h"
#include "dsp/interpolation.h"
#include "dsp/window.h"
#include "util/units.h"

namespace zb {

double fdw_window_s(const FdwConfig& c, double frequency_hz) {
    return std::clamp(c.cycles / frequency_hz, c.min_window_s, c.max_window_s);
}

std::vector<std::complex<double>> fdw_spectrum(std::span<const float> ir, double fs,
                                               std::span<const double> freqs, const FdwConfig& c) {
    std::vector<std::complex<double>> out(freqs.size());
    const std::size_t n = ir.size();
    if (n < 8 || freqs.empty()) return out;

    // Window levels: max, max/2, max/4, ... down to the first one <= min.
    std::vector<double> levels{c.max_window_s};
    while (levels.back() > c.min_window_s * 1.0001) levels.push_back(std::max(levels.back() / 2.0, c.min_window_s));

    // Each frequency uses the shortest level that is at least its W(f).
    std::vector<int> level_of(freqs.size());
    for (std::size_t i = 0; i < freqs.size(); ++i) {
        const double need = fdw_window_s(c, freqs[i]);
        int j = 0;
        while (j + 1 < static_cast<int>(levels.size()) && levels[static_cast<std::size_t>(j + 1)] >= need * 0.9999) ++j;
        level_of[i] = j;
    }

    for (std::size_t j = 0; j < levels.size(); ++j) {
        if (std::find(level_of.begin(), level_of.end(), static_cast<int>(j)) == level_of.end()) continue;
        std::size_t post = static_cast<std::size_t>(std::llround(levels[j] * fs));
        std::size_t pre = static_cast<std::size_t>(std::llround(std::min(c.pre_window_s, levels[j] / 4.0) * fs));
        post = std::min(post, n / 2);
        pre = std::min(pre, n / 4);
        const std::size_t m = fft::good_size(static_cast<std::size_t>(c.oversampling) * (post + pre));
        std::vector<double> buf(m, 0.0);
        const std::size_t taper = std::max<std::size_t>(1, static_cast<std::size_t>(c.taper_fraction * post));
        for (std::size_t t = 0; t < post; ++t) {
            double w = 1.0;
            if (t >= post - taper) w = half_cosine_rise(post - 1 - t, taper);
            buf[t] = ir[t] * w;
        }
        // Pre-window: flat over the half next to t = 0, cosine taper over the
        // outer half, so whatever the band edges spread around t = 0 is kept.
        const std::size_t pre_taper = std::max<std::size_t>(1, pre / 2);
        for (std::size_t i = 0; i < pre; ++i)
            buf[m - pre + i] = ir[n - pre + i] * (i < pre_taper ? half_cosine_rise(i, pre_taper) : 1.0);
        fft::RealFft<double> fft(m);
        std::vector<std::complex<double>> spectrum(fft.bins());
        fft.forward(buf.data(), spectrum.data());
        for (std::size_t i = 0; i < freqs.size(); ++i) {
            if (level_of[i] != static_cast<int>(j)) continue;
            out[i] = lagrange_at(spectrum.data(), spectrum.size(), hz_to_bin(freqs[i], m, fs));
        }
    }
    return out;
}

}  // namespace zb
