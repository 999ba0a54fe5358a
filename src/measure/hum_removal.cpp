#include "measure/hum_removal.h"

#include <algorithm>
#include <cmath>
#include <numeric>

#include <Eigen/Dense>

#include "dsp/fft.h"
#include "dsp/window.h"
#include "util/page_buffer.h"
#include "util/units.h"

namespace zb {

namespace {

using cd = std::complex<double>;

// Summed power spectrum of the channels over one segment (DC removed, Hann
// window, zero-padded 2x), channels paired into complex transforms.
std::vector<double> segment_power(std::span<const StridedView> channels, std::span<const double> dc, Segment seg,
                                  std::size_t fft_size) {
    const std::size_t m = seg.length();
    const auto w = make_window(WindowKind::hann, m);
    fft::ComplexFft<float> fft(fft_size, fft::Direction::forward);
    PageBuffer buffer(fft_size * sizeof(std::complex<float>));
    auto* z = buffer.as<std::complex<float>>();
    std::vector<double> p(fft_size / 2 + 1, 0.0);
    for (std::size_t c = 0; c < channels.size(); c += 2) {
        const bool pair = c + 1 < channels.size();
        for (std::size_t i = 0; i < m; ++i) {
            const float re = static_cast<float>((channels[c][seg.begin + i] - dc[c]) * w[i]);
            const float im = pair ? static_cast<float>((channels[c + 1][seg.begin + i] - dc[c + 1]) * w[i]) : 0.0f;
            z[i] = {re, im};
        }
        std::fill(z + m, z + fft_size, std::complex<float>(0.0f));
        fft.execute(z, z);
        // |X|² + |Y|² = (|Z[k]|² + |Z[n-k]|²)/2 for z = x + j·y.
        for (std::size_t k = 0; k < p.size(); ++k)
            p[k] += 0.5 * (std::norm(std::complex<double>(z[k])) + std::norm(std::complex<double>(z[k == 0 ? 0 : fft_size - k])));
    }
    return p;
}

double interp(const std::vector<double>& p, double bin) {
    if (bin < 0.0 || bin >= static_cast<double>(p.size() - 1)) return 0.0;
    const auto i = static_cast<std::size_t>(bin);
    const double t = bin - static_cast<double>(i);
    return p[i] + t * (p[i + 1] - p[i]);
}

double median_of(std::vector<double> v) {
    if (v.empty()) return 0.0;
    auto mid = v.begin() + static_cast<long>(v.size() / 2);
    std::nth_element(v.begin(), mid, v.end());
    return *mid;
}

// Block sums of (x - dc)·e^{-j2π h f t/fs} over whole periods of f.
struct Blocks {
    double period = 0.0;         // samples between block centres within a segment
    std::vector<double> centre;  // block centre, samples
    std::vector<std::vector<cd>> sums;  // [harmonic index][block]
    std::size_t samples = 0;
};

Blocks demodulate(StridedView x, double dc, double fs, double f0, std::span<const int> harmonics,
                  std::span<const Segment> quiet) {
    Blocks b;
    const auto period = static_cast<std::size_t>(std::llround(fs / f0));
    b.period = static_cast<double>(period);
    b.sums.resize(harmonics.size());
    std::vector<cd> step(harmonics.size()), rot(harmonics.size());
    for (std::size_t h = 0; h < harmonics.size(); ++h) step[h] = std::polar(1.0, -kTwoPi * harmonics[h] * f0 / fs);
    for (const auto& seg : quiet) {
        for (std::size_t start = seg.begin; start + period <= seg.end; start += period) {
            for (std::size_t h = 0; h < harmonics.size(); ++h)
                rot[h] = std::polar(1.0, -kTwoPi * harmonics[h] * f0 * static_cast<double>(start) / fs);
            std::vector<cd> acc(harmonics.size(), 0.0);
            for (std::size_t t = start; t < start + period; ++t) {
                const double v = x[t] - dc;
                for (std::size_t h = 0; h < harmonics.size(); ++h) {
                    acc[h] += v * rot[h];
                    rot[h] *= step[h];
                }
            }
            for (std::size_t h = 0; h < harmonics.size(); ++h) b.sums[h].push_back(acc[h]);
            b.centre.push_back(static_cast<double>(start) + 0.5 * static_cast<double>(period - 1));
            b.samples += period;
        }
    }
    return b;
}

// Energy explained by harmonics at f0 + delta, over all channels. Blocks
// within a segment are one period apart, so one rotator per harmonic walks
// them; it is re-anchored at every gap.
double fringe_energy(const std::vector<Blocks>& blocks, std::span<const int> harmonics, double delta_hz, double fs) {
    double e = 0.0;
    for (const auto& b : blocks) {
        for (std::size_t h = 0; h < harmonics.size(); ++h) {
            const double w = -kTwoPi * harmonics[h] * delta_hz / fs;
            cd acc = 0.0, rot = 1.0, step = 1.0;
            for (std::size_t m = 0; m < b.centre.size(); ++m) {
                const double gap = m == 0 ? 0.0 : b.centre[m] - b.centre[m - 1];
                if (m == 0 || gap != b.period) {
                    rot = std::polar(1.0, w * b.centre[m]);
                    step = std::polar(1.0, w * b.period);
                } else {
                    rot *= step;
                }
                acc += b.sums[h][m] * rot;
            }
            e += std::norm(acc);
        }
    }
    return e;
}

// Σ_{t=a}^{b-1} e^{jωt}, exact.
cd geometric_sum(double omega, std::size_t a, std::size_t b) {
    const double n = static_cast<double>(b - a);
    const double half = 0.5 * omega;
    const double s = std::sin(half);
    // sin(n x)/sin(x), and its limit n·cos(n x)/cos(x) where sin(x) -> 0.
    const double ratio = std::abs(s) < 1e-9 ? n * std::cos(half * n) / std::cos(half) : std::sin(half * n) / s;
    return std::polar(1.0, omega * static_cast<double>(a) + half * (n - 1.0)) * ratio;
}

// Least-squares fit of DC plus cos/sin at h·f0 over the quiet samples. The
// Gram matrix comes in closed form from geometric sums; only the projections
// touch the samples.
HumEstimate least_squares_hum(StridedView x, double fs, double f0, std::span<const int> harmonics,
                              std::span<const Segment> quiet, double& noise_variance) {
    const std::size_t k = harmonics.size();
    const std::size_t dim = 1 + 2 * k;
    std::vector<double> omega(k);
    for (std::size_t h = 0; h < k; ++h) omega[h] = kTwoPi * harmonics[h] * f0 / fs;
    // Basis: 1, cos(ω_h t), sin(ω_h t). Sums of products via
    // cos a cos b = ½[cos(a−b) + cos(a+b)] etc.
    auto sum_exp = [&](double w) {
        cd total = 0.0;
        for (const auto& s : quiet) total += geometric_sum(w, s.begin, s.end);
        return total;
    };
    Eigen::MatrixXd gram(dim, dim);
    Eigen::VectorXd rhs(dim);
    double count = 0.0;
    for (const auto& s : quiet) count += static_cast<double>(s.length());
    gram(0, 0) = count;
    for (std::size_t i = 0; i < k; ++i) {
        const cd e = sum_exp(omega[i]);
        gram(0, 1 + 2 * i) = gram(1 + 2 * i, 0) = e.real();
        gram(0, 2 + 2 * i) = gram(2 + 2 * i, 0) = e.imag();
        for (std::size_t j = i; j < k; ++j) {
            const cd dm = sum_exp(omega[i] - omega[j]);
            const cd sp = sum_exp(omega[i] + omega[j]);
            const double cc = 0.5 * (dm.real() + sp.real());
            const double ss = 0.5 * (dm.real() - sp.real());
            const double cs = 0.5 * (sp.imag() - dm.imag());  // Σ cos(ω_i t) sin(ω_j t)
            const double sc = 0.5 * (sp.imag() + dm.imag());  // Σ sin(ω_i t) cos(ω_j t)
            gram(1 + 2 * i, 1 + 2 * j) = gram(1 + 2 * j, 1 + 2 * i) = cc;
            gram(2 + 2 * i, 2 + 2 * j) = gram(2 + 2 * j, 2 + 2 * i) = ss;
            gram(1 + 2 * i, 2 + 2 * j) = gram(2 + 2 * j, 1 + 2 * i) = cs;
            gram(2 + 2 * i, 1 + 2 * j) = gram(1 + 2 * j, 2 + 2 * i) = sc;
        }
    }
    // Projections with one rotator per harmonic, re-anchored per segment.
    rhs.setZero();
    double energy = 0.0;
    std::vector<cd> acc(k, 0.0), step(k), rot(k);
    for (std::size_t h = 0; h < k; ++h) step[h] = std::polar(1.0, omega[h]);
    for (const auto& s : quiet) {
        for (std::size_t h = 0; h < k; ++h) rot[h] = std::polar(1.0, omega[h] * static_cast<double>(s.begin));
        for (std::size_t t = s.begin; t < s.end; ++t) {
            const double v = x[t];
            rhs(0) += v;
            energy += v * v;
            for (std::size_t h = 0; h < k; ++h) {
                acc[h] += v * rot[h];
                rot[h] *= step[h];
            }
        }
    }
    for (std::size_t h = 0; h < k; ++h) {
        rhs(1 + 2 * h) = acc[h].real();
        rhs(2 + 2 * h) = acc[h].imag();
    }
    const Eigen::VectorXd coef = gram.ldlt().solve(rhs);
    HumEstimate est;
    est.dc_fs = coef(0);
    for (std::size_t h = 0; h < k; ++h) {
        // a cos + b sin = Re((a − jb) e^{jωt})
        est.components.push_back({harmonics[h], harmonics[h] * f0, cd(coef(1 + 2 * h), -coef(2 + 2 * h))});
    }
    // Residual variance: Σx² − coef·rhs is the least-squares residual energy.
    noise_variance = std::max(0.0, (energy - coef.dot(rhs)) / std::max(1.0, count - static_cast<double>(dim)));
    return est;
}

}  // namespace

HumFit fit_hum(std::span<const StridedView> channels, double fs, std::span<const Segment> quiet_in,
               const HumRemovalConfig& config) {
    HumFit fit;
    fit.channels.resize(channels.size());
    std::vector<Segment> quiet;
    for (const auto& s : quiet_in)
        if (static_cast<double>(s.length()) >= config.min_segment_s * fs) quiet.push_back(s);
    if (quiet.empty() || channels.empty()) return fit;

    // DC per channel: the mean over the quiet samples.
    std::size_t quiet_samples = 0;
    for (const auto& s : quiet) quiet_samples += s.length();
    for (std::size_t c = 0; c < channels.size(); ++c) {
        double sum = 0.0;
        for (const auto& s : quiet)
            for (std::size_t t = s.begin; t < s.end; ++t) sum += channels[c][t];
        fit.channels[c].dc_fs = sum / static_cast<double>(quiet_samples);
    }

    // 1. Coarse mains frequency from the longest segment's spectrum.
    Segment longest = *std::max_element(quiet.begin(), quiet.end(),
                                        [](const Segment& a, const Segment& b) { return a.length() < b.length(); });
    longest.end = std::min(longest.end, longest.begin + static_cast<std::size_t>(0.5 * fs));  // 0.5 s resolves 2 Hz
    const std::size_t nfft = fft::power_of_two_size(2 * longest.length());
    std::vector<double> dcs;
    for (const auto& ch : fit.channels) dcs.push_back(ch.dc_fs);
    const std::vector<double> power = segment_power(channels, dcs, longest, nfft);
    const double bin_hz = fs / static_cast<double>(nfft);
    auto comb = [&](double f0) {
        double s = 0.0;
        const int top = std::min(config.max_harmonics, static_cast<int>(0.45 * fs / f0));
        for (int h = 1; h <= top; ++h) s += interp(power, h * f0 / bin_hz);
        return s;
    };
    constexpr double kStep = 0.005;
    double best_f = config.search_lo_hz, best_s = -1.0;
    for (double f = config.search_lo_hz; f <= config.search_hi_hz; f += kStep) {
        const double s = comb(f);
        if (s > best_s) {
            best_s = s;
            best_f = f;
        }
    }
    // The comb sum is piecewise linear between bins, so its maximum sits on
    // a bin of the strongest harmonic. Refine on that harmonic's own peak:
    // a parabola through log power at the three top bins is good to about
    // 1 % of a bin for a Hann window.
    {
        const int top_h = std::min(config.max_harmonics, static_cast<int>(0.45 * fs / best_f));
        int strongest = 1;
        for (int h = 2; h <= top_h; ++h)
            if (interp(power, h * best_f / bin_hz) > interp(power, strongest * best_f / bin_hz)) strongest = h;
        const double centre = strongest * best_f / bin_hz;
        const double lobe = 2.0 * static_cast<double>(nfft) / static_cast<double>(longest.length());
        auto k = static_cast<std::size_t>(std::max(1.0, centre - lobe));
        const auto k_end = std::min(power.size() - 2, static_cast<std::size_t>(centre + lobe));
        for (std::size_t i = k; i <= k_end; ++i)
            if (power[i] > power[k]) k = i;
        if (k >= 1 && k + 1 < power.size() && power[k - 1] > 0.0 && power[k + 1] > 0.0) {
            const double y0 = std::log(power[k - 1]), y1 = std::log(power[k]), y2 = std::log(power[k + 1]);
            const double d = y0 - 2.0 * y1 + y2;
            const double offset = d < 0.0 ? std::clamp(0.5 * (y0 - y2) / d, -0.5, 0.5) : 0.0;
            const double refined = (static_cast<double>(k) + offset) * bin_hz / strongest;
            if (std::abs(refined - best_f) < 1.0) best_f = refined;
        }
    }
    // 2. Harmonics that stand clear of the local noise.
    std::vector<int> harmonics;
    const int top = std::min(config.max_harmonics, static_cast<int>(0.45 * fs / best_f));
    const double detect = std::pow(10.0, config.detection_db / 10.0);
    const double mainlobe_bins = 2.0 * static_cast<double>(nfft) / static_cast<double>(longest.length());
    for (int h = 1; h <= top; ++h) {
        const double centre = h * best_f / bin_hz;
        double peak = 0.0;
        for (double d = -mainlobe_bins; d <= mainlobe_bins; d += 0.5) peak = std::max(peak, interp(power, centre + d));
        std::vector<double> around;
        const double lo = centre - 12.0 * mainlobe_bins, hi = centre + 12.0 * mainlobe_bins;
        for (long k = std::max(1L, static_cast<long>(lo)); k <= static_cast<long>(hi) && k < static_cast<long>(power.size()); ++k)
            if (std::abs(static_cast<double>(k) - centre) > 2.0 * mainlobe_bins) around.push_back(power[static_cast<std::size_t>(k)]);
        const double floor = median_of(around);
        if (floor > 0.0 && peak > detect * floor) harmonics.push_back(h);
    }
    if (harmonics.empty()) return fit;

    // 3. Fine frequency: fringe search over the phase advance across segments.
    std::vector<Blocks> blocks;
    for (std::size_t c = 0; c < channels.size(); ++c)
        blocks.push_back(demodulate(channels[c], fit.channels[c].dc_fs, fs, best_f, harmonics, quiet));
    double span_s = 0.0;
    for (const auto& s : quiet) span_s = std::max(span_s, static_cast<double>(s.end) / fs);
    span_s -= static_cast<double>(quiet.front().begin) / fs;
    const int h_max = *std::max_element(harmonics.begin(), harmonics.end());
    const double range_hz = 0.15;  // the comb estimate is good to a few hundredths of a hertz
    const double step_hz = 1.0 / (20.0 * h_max * std::max(span_s, 0.1));
    double best_delta = 0.0, best_e = -1.0;
    for (double d = -range_hz; d <= range_hz; d += step_hz) {
        const double e = fringe_energy(blocks, harmonics, d, fs);
        if (e > best_e) {
            best_e = e;
            best_delta = d;
        }
    }
    // Golden-section refinement inside one search step either side.
    double lo = best_delta - step_hz, hi = best_delta + step_hz;
    const double g = 0.5 * (std::sqrt(5.0) - 1.0);
    double x1 = hi - g * (hi - lo), x2 = lo + g * (hi - lo);
    double e1 = fringe_energy(blocks, harmonics, x1, fs), e2 = fringe_energy(blocks, harmonics, x2, fs);
    for (int it = 0; it < 40; ++it) {
        if (e1 > e2) {
            hi = x2;
            x2 = x1;
            e2 = e1;
            x1 = hi - g * (hi - lo);
            e1 = fringe_energy(blocks, harmonics, x1, fs);
        } else {
            lo = x1;
            x1 = x2;
            e1 = e2;
            x2 = lo + g * (hi - lo);
            e2 = fringe_energy(blocks, harmonics, x2, fs);
        }
    }
    fit.mains_hz = best_f + 0.5 * (lo + hi);

    // 4. DC and phasors at the refined frequency: a joint least-squares fit
    // over every quiet sample. Blocks of one period cannot null the other
    // harmonics exactly when the period is not a whole number of samples.
    std::vector<double> noise(channels.size());
    for (std::size_t c = 0; c < channels.size(); ++c)
        fit.channels[c] = least_squares_hum(channels[c], fs, fit.mains_hz, harmonics, quiet, noise[c]);

    // 5. Keep a harmonic only if some channel holds it at more than six
    // standard errors, σ·√(2/N): the searches above look at thousands of
    // noise bins, and six sigma keeps the odds of a false line below 1e-4.
    constexpr double kSigmas = 6.0;
    std::vector<bool> keep(harmonics.size(), false);
    for (std::size_t c = 0; c < channels.size(); ++c) {
        const double standard_error = std::sqrt(2.0 * noise[c] / static_cast<double>(quiet_samples));
        for (std::size_t h = 0; h < harmonics.size(); ++h)
            if (fit.channels[c].components[h].amplitude_fs() > kSigmas * standard_error) keep[h] = true;
    }
    for (auto& ch : fit.channels) {
        std::vector<HumComponent> kept;
        for (std::size_t h = 0; h < harmonics.size(); ++h)
            if (keep[h]) kept.push_back(ch.components[h]);
        ch.components = std::move(kept);
    }
    fit.found = std::find(keep.begin(), keep.end(), true) != keep.end();
    if (!fit.found) fit.mains_hz = 0.0;
    return fit;
}

std::vector<Segment> find_quiet_edges(StridedView x, double fs) {
    const auto block = std::max<std::size_t>(16, static_cast<std::size_t>(0.01 * fs));
    const std::size_t blocks = x.size / block;
    if (blocks < 4) return {};
    std::vector<double> rms(blocks);
    for (std::size_t i = 0; i < blocks; ++i) {
        double s = 0.0;
        for (std::size_t t = i * block; t < (i + 1) * block; ++t) s += static_cast<double>(x[t]) * x[t];
        rms[i] = std::sqrt(s / static_cast<double>(block));
    }
    std::vector<double> sorted = rms;
    std::sort(sorted.begin(), sorted.end());
    const double quietest = sorted[sorted.size() / 10];
    const double loudest = sorted.back();
    // Geometric midpoint between quiet and loud, at least 10 dB above quiet.
    const double threshold = std::max(3.16 * quietest, std::sqrt(std::max(quietest, 1e-12) * loudest));
    std::size_t lead = 0;
    while (lead < blocks && rms[lead] < threshold) ++lead;
    std::size_t trail = 0;
    while (trail < blocks - lead && rms[blocks - 1 - trail] < threshold) ++trail;
    std::vector<Segment> out;
    if (lead > 2) out.push_back({0, (lead - 2) * block});
    if (trail > 2) out.push_back({(blocks - trail + 2) * block, x.size});
    return out;
}

void subtract_hum_interleaved(const HumEstimate& a, const HumEstimate& b, float* x, std::size_t n, double fs) {
    bool same = a.components.size() == b.components.size();
    for (std::size_t i = 0; same && i < a.components.size(); ++i)
        same = a.components[i].frequency_hz == b.components[i].frequency_hz;
    if (!same) {
        subtract_hum(a, x, 2, n, fs);
        subtract_hum(b, x + 1, 2, n, fs);
        return;
    }
    const float dc_a = static_cast<float>(a.dc_fs), dc_b = static_cast<float>(b.dc_fs);
    for (std::size_t t = 0; t < n; ++t) {
        x[2 * t] -= dc_a;
        x[2 * t + 1] -= dc_b;
    }
    constexpr std::size_t kAnchor = 4096;
    for (std::size_t i = 0; i < a.components.size(); ++i) {
        const double omega = kTwoPi * a.components[i].frequency_hz / fs;
        const cd step = std::polar(1.0, omega);
        const cd ca = a.components[i].phasor, cb = b.components[i].phasor;
        for (std::size_t t0 = 0; t0 < n; t0 += kAnchor) {
            cd r = std::polar(1.0, omega * static_cast<double>(t0));
            const std::size_t t1 = std::min(n, t0 + kAnchor);
            for (std::size_t t = t0; t < t1; ++t) {
                x[2 * t] -= static_cast<float>(ca.real() * r.real() - ca.imag() * r.imag());
                x[2 * t + 1] -= static_cast<float>(cb.real() * r.real() - cb.imag() * r.imag());
                r *= step;
            }
        }
    }
}

void subtract_hum(const HumEstimate& est, float* x, std::size_t stride, std::size_t n, double fs) {
    const float dc = static_cast<float>(est.dc_fs);
    for (std::size_t t = 0; t < n; ++t) x[t * stride] -= dc;
    // One rotator per component, re-anchored every 4096 samples so rounding
    // never accumulates beyond ~1e-13.
    constexpr std::size_t kAnchor = 4096;
    for (const auto& c : est.components) {
        const double omega = kTwoPi * c.frequency_hz / fs;
        const cd step = std::polar(1.0, omega);
        for (std::size_t t0 = 0; t0 < n; t0 += kAnchor) {
            cd r = c.phasor * std::polar(1.0, omega * static_cast<double>(t0));
            const std::size_t t1 = std::min(n, t0 + kAnchor);
            for (std::size_t t = t0; t < t1; ++t) {
                x[t * stride] -= static_cast<float>(r.real());
                r *= step;
            }
        }
    }
}

}  // namespace zb
