#include "dsp/fdw.h"

#include <algorithm>
#include <cmath>

#include "dsp/fft.h"
#include "dsp/interpolation.h"
#include "dsp/window.h"
#include "util/units.h"

namespace zb {

namespace {

struct Level {
    double seconds;
    std::size_t post, pre;
};

std::vector<Level> make_levels(const FdwConfig& c, double fs, std::size_t max_post, std::size_t max_pre) {
    std::vector<Level> levels;
    double w = c.max_window_s;
    for (;;) {
        Level l;
        l.seconds = w;
        l.post = std::min(static_cast<std::size_t>(std::llround(w * fs)), max_post);
        l.pre = std::min(static_cast<std::size_t>(std::llround(std::min(c.pre_window_s, w / 4.0) * fs)), max_pre);
        levels.push_back(l);
        if (w <= c.min_window_s * 1.0001) break;
        w = std::max(w / 2.0, c.min_window_s);
    }
    return levels;
}

std::size_t pair_size(const FdwConfig& c, const Level& l) {
    return fft::power_of_two_size(static_cast<std::size_t>(c.oversampling) * (l.post + l.pre));
}

// A level's window, tabulated once: post(t) for t >= 0, pre(k) at t = −k.
// The post side is flat, then falls as a half cosine over its last
// `taper_fraction`; the pre side is flat over the half next to t = 0 and
// rises as a half cosine over its outer half, so whatever the band edges
// spread around t = 0 is kept.
struct WindowTable {
    std::size_t post_len = 0, pre_len = 0;
    std::vector<float> post_taper, pre_taper;  // falling / rising half cosines
    float post(std::size_t t) const {
        if (t >= post_len) return 0.0f;
        const std::size_t start = post_len - post_taper.size();
        return t < start ? 1.0f : post_taper[t - start];
    }
    float pre(std::size_t k) const {  // k >= 1
        if (k > pre_len) return 0.0f;
        const std::size_t from_far_end = pre_len - k;
        return from_far_end < pre_taper.size() ? pre_taper[from_far_end] : 1.0f;
    }
};

std::vector<float> rising_half_cosine(std::size_t length) {
    const auto rise = half_cosine_rise_table(length);
    return std::vector<float>(rise.begin(), rise.end());
}

WindowTable window_table(const Level& l, double taper_fraction) {
    WindowTable w;
    w.post_len = l.post;
    w.pre_len = l.pre;
    const std::size_t taper = std::max<std::size_t>(1, static_cast<std::size_t>(taper_fraction * static_cast<double>(l.post)));
    w.post_taper = rising_half_cosine(std::min(taper, l.post));
    std::reverse(w.post_taper.begin(), w.post_taper.end());
    w.pre_taper = rising_half_cosine(std::max<std::size_t>(1, l.pre / 2));
    return w;
}

}  // namespace

double fdw_window_s(const FdwConfig& c, double frequency_hz) {
    return std::clamp(c.cycles / frequency_hz, c.min_window_s, c.max_window_s);
}

double fdw_window_energy_s(const FdwConfig& c, double frequency_hz) {
    const double need = fdw_window_s(c, frequency_hz);
    double w = c.max_window_s;  // the ladder of make_levels
    while (w > c.min_window_s * 1.0001 && std::max(w / 2.0, c.min_window_s) >= need * 0.9999) w = std::max(w / 2.0, c.min_window_s);
    const double pre = std::min(c.pre_window_s, w / 4.0);
    // A half-cosine taper has a mean square of 3/8.
    return w * (1.0 - c.taper_fraction * 5.0 / 8.0) + pre * (0.5 + 0.5 * 3.0 / 8.0);
}

std::vector<std::complex<double>> fdw_spectrum(CompactResponse r, double fs, std::span<const double> freqs,
                                               const FdwConfig& c, std::span<std::complex<float>> workspace) {
    std::vector<std::complex<double>> out(freqs.size());
    if (r.post.size() < 4 || freqs.empty()) return out;
    const auto levels = make_levels(c, fs, r.post.size(), r.pre.size());

    // Each frequency uses the shortest level that is at least its W(f).
    std::vector<int> level_of(freqs.size());
    for (std::size_t i = 0; i < freqs.size(); ++i) {
        const double need = fdw_window_s(c, freqs[i]);
        int j = 0;
        while (j + 1 < static_cast<int>(levels.size()) && levels[static_cast<std::size_t>(j + 1)].seconds >= need * 0.9999) ++j;
        level_of[i] = j;
    }
    auto used = [&](std::size_t j) { return std::find(level_of.begin(), level_of.end(), static_cast<int>(j)) != level_of.end(); };

    fft::AlignedVector<std::complex<float>> own;
    for (std::size_t j = 0; j < levels.size(); j += 2) {
        const bool second = j + 1 < levels.size();
        if (!used(j) && !(second && used(j + 1))) continue;
        const Level& a = levels[j];
        const std::size_t m = pair_size(c, a);
        std::complex<float>* z = nullptr;
        if (workspace.size() >= m) {
            z = workspace.data();
        } else {
            own.assign(m, {});
            z = own.data();
        }
        std::fill(z, z + m, std::complex<float>(0.0f));
        // Level j in the real part, level j+1 in the imaginary part.
        const auto wa = window_table(a, c.taper_fraction);
        const auto wb = second ? window_table(levels[j + 1], c.taper_fraction) : WindowTable{};
        for (std::size_t t = 0; t < a.post; ++t) {
            const float v = r.post[t];
            z[t] = {v * wa.post(t), second ? v * wb.post(t) : 0.0f};
        }
        for (std::size_t i = 0; i < a.pre; ++i) {
            const std::size_t back = a.pre - i;  // t = -back
            const float v = r.pre[r.pre.size() - back];
            z[m - back] = {v * wa.pre(back), second ? v * wb.pre(back) : 0.0f};
        }
        fft::ComplexFft<float> fft(m, fft::Direction::forward);
        fft.execute(z, z);
        // Split on the fly: S_a[k] = (Z[k] + Z*[m-k])/2, S_b[k] = (Z[k] − Z*[m-k])/(2j).
        const std::size_t bins = m / 2 + 1;
        auto s_a = [&](std::size_t k) {
            return 0.5 * (std::complex<double>(z[k]) + std::conj(std::complex<double>(z[k == 0 ? 0 : m - k])));
        };
        auto s_b = [&](std::size_t k) {
            return (std::complex<double>(z[k]) - std::conj(std::complex<double>(z[k == 0 ? 0 : m - k]))) *
                   std::complex<double>(0.0, -0.5);
        };
        for (std::size_t i = 0; i < freqs.size(); ++i) {
            const double bin = hz_to_bin(freqs[i], m, fs);
            if (level_of[i] == static_cast<int>(j)) out[i] = lagrange_at_fn<std::complex<double>>(bins, bin, s_a);
            else if (second && level_of[i] == static_cast<int>(j + 1))
                out[i] = lagrange_at_fn<std::complex<double>>(bins, bin, s_b);
        }
    }
    return out;
}

std::vector<std::complex<double>> fdw_spectrum(std::span<const float> ir, double fs, std::span<const double> freqs,
                                               const FdwConfig& c) {
    const std::size_t n = ir.size();
    const std::size_t pre = std::min(n / 4, static_cast<std::size_t>(std::llround(c.pre_window_s * fs)));
    return fdw_spectrum(CompactResponse{ir.first(n / 2), ir.subspan(n - pre)}, fs, freqs, c);
}

}  // namespace zb
