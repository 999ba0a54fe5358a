#include "measure/hum_removal.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <numeric>
#include <optional>

#include <Eigen/Dense>

#include "hum/harmonics.h"
#include "hum/mains_detection.h"
#include "hum/spectral_lines.h"
#include "measure/hum_kernels.h"
#include "util/units.h"

namespace zb {

namespace {

using cd = std::complex<double>;

// Lines other than the mains harmonics that the fit also takes: at most
// this many, from this frequency up (below it, the DC term and the
// segments' length leave nothing to resolve).
constexpr std::size_t kMaxOtherLines = 8;
constexpr double kMinOtherLineHz = 10.0;

// Block sums of (x − dc)·e^{−j2π h f t/fs} over whole periods of f, for
// every channel and harmonic ("chain" q = channel·K + harmonic index).
struct Blocks {
    double period = 0.0;  // samples between block centres within a run
    struct Run {
        double first_centre = 0.0;  // samples
        std::size_t first = 0, count = 0;
    };
    std::vector<Run> runs;  // one per quiet segment holding a whole period
    std::size_t chains = 0;
    std::vector<double> re, im;  // [block][chain]
};

Blocks demodulate(std::span<const StridedView> channels, std::span<const double> dc, double fs, double f0,
                  std::span<const int> harmonics, std::span<const Segment> quiet) {
    Blocks b;
    const auto period = static_cast<std::size_t>(std::llround(fs / f0));
    b.period = static_cast<double>(period);
    b.chains = channels.size() * harmonics.size();
    std::vector<Segment> ranges;
    for (const auto& seg : quiet) {
        Blocks::Run run{0.0, ranges.size(), 0};
        for (std::size_t start = seg.begin; start + period <= seg.end; start += period) {
            if (run.count++ == 0) run.first_centre = static_cast<double>(start) + 0.5 * static_cast<double>(period - 1);
            ranges.push_back({start, start + period});
        }
        if (run.count > 0) b.runs.push_back(run);
    }
    std::vector<hum::Oscillator> osc;
    for (int h : harmonics) osc.push_back(hum::make_oscillator(kTwoPi * h * f0 / fs));
    std::vector<cd> sums(ranges.size() * b.chains);
    hum::project_ranges(channels, dc, osc, ranges, sums);
    b.re.resize(sums.size());
    b.im.resize(sums.size());
    for (std::size_t i = 0; i < sums.size(); ++i) {
        b.re[i] = sums[i].real();
        b.im[i] = -sums[i].imag();  // e^{−jωt}: the conjugate, x being real
    }
    return b;
}

// Energy explained by harmonics at f0 + delta, over all channels:
// Σ_q |Σ_m s_qm·e^{−j2π h δ c_m/fs}|² for block centres c_m. Within a run the
// centres are one period apart, so each run is a polynomial in
// z = e^{−j2π h δ P/fs}, summed by Horner's rule for all chains at once
// (independent chains: no serial rotator).
class FringeEnergy {
public:
    // `harmonics` ascending (the detection lists them so).
    FringeEnergy(const Blocks& b, std::span<const int> harmonics, double fs)
        : b_(b), harmonics_(harmonics), fs_(fs), zr_(b.chains), zi_(b.chains), ar_(b.chains), ai_(b.chains),
          hr_(b.chains), hi_(b.chains), tr_(b.chains), ti_(b.chains) {}

    double operator()(double delta_hz) {
        const std::size_t nk = harmonics_.size(), nq = b_.chains;
        std::fill(tr_.begin(), tr_.end(), 0.0);
        std::fill(ti_.begin(), ti_.end(), 0.0);
        const double w1 = -kTwoPi * delta_hz / fs_;
        for (const auto& run : b_.runs) {
            // Harmonic h: z = e^{jhw·P}, a = e^{jhw·c0}, as powers of the
            // fundamental's (h <= 40 products: error ~1e-14).
            const cd z1 = std::polar(1.0, w1 * b_.period), a1 = std::polar(1.0, w1 * run.first_centre);
            cd z = 1.0, a = 1.0;
            int power = 0;
            for (std::size_t k = 0; k < nk; ++k) {
                for (; power < harmonics_[k]; ++power) {
                    z *= z1;
                    a *= a1;
                }
                for (std::size_t q = k; q < nq; q += nk) {
                    zr_[q] = z.real();
                    zi_[q] = z.imag();
                    ar_[q] = a.real();
                    ai_[q] = a.imag();
                }
            }
            std::fill(hr_.begin(), hr_.end(), 0.0);
            std::fill(hi_.begin(), hi_.end(), 0.0);
            for (std::size_t m = run.count; m-- > 0;) {
                const double* sr = b_.re.data() + (run.first + m) * nq;
                const double* si = b_.im.data() + (run.first + m) * nq;
                for (std::size_t q = 0; q < nq; ++q) {
                    const double nr = hr_[q] * zr_[q] - hi_[q] * zi_[q] + sr[q];
                    const double ni = hr_[q] * zi_[q] + hi_[q] * zr_[q] + si[q];
                    hr_[q] = nr;
                    hi_[q] = ni;
                }
            }
            for (std::size_t q = 0; q < nq; ++q) {
                tr_[q] += ar_[q] * hr_[q] - ai_[q] * hi_[q];
                ti_[q] += ar_[q] * hi_[q] + ai_[q] * hr_[q];
            }
        }
        double e = 0.0;
        for (std::size_t q = 0; q < nq; ++q) e += tr_[q] * tr_[q] + ti_[q] * ti_[q];
        return e;
    }

private:
    const Blocks& b_;
    std::span<const int> harmonics_;
    double fs_;
    std::vector<double> zr_, zi_, ar_, ai_, hr_, hi_, tr_, ti_;
};

// Σ_{t=a}^{b-1} e^{jωt}, exact.
cd geometric_sum(double omega, std::size_t a, std::size_t b) {
    const double n = static_cast<double>(b - a);
    const double half = 0.5 * omega;
    const double s = std::sin(half);
    // sin(n x)/sin(x), and its limit n·cos(n x)/cos(x) where sin(x) -> 0.
    const double ratio = std::abs(s) < 1e-9 ? n * std::cos(half * n) / std::cos(half) : std::sin(half * n) / s;
    return std::polar(1.0, omega * static_cast<double>(a) + half * (n - 1.0)) * ratio;
}

// The frequency of a family of lines (harmonics of f0) from the phase
// advance across the quiet segments: a fringe search over ±range_hz, then a
// golden-section refinement inside one search step either side.
double refine_frequency(std::span<const StridedView> channels, std::span<const double> dc, double fs, double f0,
                        std::span<const int> harmonics, std::span<const Segment> quiet, double range_hz) {
    const Blocks blocks = demodulate(channels, dc, fs, f0, harmonics, quiet);
    FringeEnergy fringe_energy(blocks, harmonics, fs);
    double span_s = 0.0;
    for (const auto& s : quiet) span_s = std::max(span_s, static_cast<double>(s.end) / fs);
    span_s -= static_cast<double>(quiet.front().begin) / fs;
    const int h_max = *std::max_element(harmonics.begin(), harmonics.end());
    const double step_hz = 1.0 / (20.0 * h_max * std::max(span_s, 0.1));
    double best_delta = 0.0, best_e = -1.0;
    for (double d = -range_hz; d <= range_hz; d += step_hz) {
        const double e = fringe_energy(d);
        if (e > best_e) {
            best_e = e;
            best_delta = d;
        }
    }
    double lo = best_delta - step_hz, hi = best_delta + step_hz;
    const double g = 0.5 * (std::sqrt(5.0) - 1.0);
    double x1 = hi - g * (hi - lo), x2 = lo + g * (hi - lo);
    double e1 = fringe_energy(x1), e2 = fringe_energy(x2);
    for (int it = 0; it < 40; ++it) {
        if (e1 > e2) {
            hi = x2;
            x2 = x1;
            e2 = e1;
            x1 = hi - g * (hi - lo);
            e1 = fringe_energy(x1);
        } else {
            lo = x1;
            x1 = x2;
            e1 = e2;
            x2 = lo + g * (hi - lo);
            e2 = fringe_energy(x2);
        }
    }
    return f0 + 0.5 * (lo + hi);
}

// Least-squares fit of DC plus cos/sin at each line's frequency over the
// quiet samples, for every channel. The Gram matrix comes in closed form from geometric sums
// (the same for all channels); only the projections touch the samples, and
// Σx, Σx² come from the caller's pass over them.
std::vector<HumEstimate> least_squares_hum(std::span<const StridedView> channels, std::span<const hum::RangeSums> sums,
                                           double fs, std::span<const HumComponent> lines, std::span<const Segment> quiet,
                                           std::vector<double>& noise_variance) {
    const std::size_t k = lines.size();
    const std::size_t dim = 1 + 2 * k;
    std::vector<double> omega(k);
    for (std::size_t h = 0; h < k; ++h) omega[h] = kTwoPi * lines[h].frequency_hz / fs;
    // Basis: 1, cos(ω_h t), sin(ω_h t). Sums of products via
    // cos a cos b = ½[cos(a−b) + cos(a+b)] etc.
    auto sum_exp = [&](double w) {
        cd total = 0.0;
        for (const auto& s : quiet) total += geometric_sum(w, s.begin, s.end);
        return total;
    };
    Eigen::MatrixXd gram(dim, dim);
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
    const auto ldlt = gram.ldlt();
    // Projections Σ x·e^{jω_h t}, every channel and harmonic in one pass.
    const std::size_t nc = channels.size();
    std::vector<hum::Oscillator> osc;
    for (double w : omega) osc.push_back(hum::make_oscillator(w));
    std::vector<cd> proj(quiet.size() * nc * k);
    const std::vector<double> no_offset(nc, 0.0);
    hum::project_ranges(channels, no_offset, osc, quiet, proj);
    std::vector<HumEstimate> out(nc);
    noise_variance.assign(nc, 0.0);
    for (std::size_t c = 0; c < nc; ++c) {
        Eigen::VectorXd rhs(dim);
        rhs(0) = sums[c].sum;
        for (std::size_t h = 0; h < k; ++h) {
            cd acc = 0.0;
            for (std::size_t r = 0; r < quiet.size(); ++r) acc += proj[(r * nc + c) * k + h];
            rhs(1 + 2 * h) = acc.real();
            rhs(2 + 2 * h) = acc.imag();
        }
        const Eigen::VectorXd coef = ldlt.solve(rhs);
        HumEstimate& est = out[c];
        est.dc_fs = coef(0);
        for (std::size_t h = 0; h < k; ++h) {
            // a cos + b sin = Re((a − jb) e^{jωt})
            est.components.push_back({lines[h].harmonic, lines[h].frequency_hz, cd(coef(1 + 2 * h), -coef(2 + 2 * h))});
        }
        // Residual variance: Σx² − coef·rhs is the least-squares residual energy.
        noise_variance[c] =
            std::max(0.0, (sums[c].energy - coef.dot(rhs)) / std::max(1.0, count - static_cast<double>(dim)));
    }
    return out;
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
    std::vector<hum::RangeSums> sums(channels.size());
    for (std::size_t c = 0; c < channels.size(); ++c) {
        sums[c] = hum::sum_ranges(channels[c], quiet);
        fit.channels[c].dc_fs = sums[c].sum / static_cast<double>(quiet_samples);
    }

    // 1-2. The mains frequency and the harmonics to fit: the hum analyser's
    // detection (hum/mains_detection.h, hum/harmonics.h) on each channel's
    // spectrum of the longest quiet segment (Hann, one segment: a power of
    // two of samples, up to 1 s).
    Segment longest = *std::max_element(quiet.begin(), quiet.end(),
                                        [](const Segment& a, const Segment& b) { return a.length() < b.length(); });
    const std::size_t length = std::bit_floor(std::min(longest.length(), static_cast<std::size_t>(fs)));
    std::vector<WelchSpectrum> spectra;
    std::vector<NoiseFloor> floors;
    auto take_spectra = [&](std::span<const StridedView> data) {
        std::vector<std::vector<float>> records;
        for (const auto& channel : data) {
            records.emplace_back(length);
            for (std::size_t i = 0; i < length; ++i) records.back()[i] = channel[longest.begin + i];
        }
        const std::vector<std::span<const float>> record_spans(records.begin(), records.end());
        spectra = welch_spectra<float>(record_spans, fs, {length, 0.0, WindowKind::hann});
        floors.clear();
        for (auto& sp : spectra) {
            // Only the band the detection reads: up to the top harmonic of a 61 Hz mains, and its band.
            sp.power.resize(std::min(sp.power.size(), static_cast<std::size_t>(std::ceil((config.max_harmonics + 1.5) * 61.0 / sp.bin_hz()))));
            floors.push_back(estimate_noise_floor(sp));
        }
    };
    take_spectra(channels);
    const double detect_ratio = line_detection_ratio(spectra.front().dof, spectra.front().bins());
    struct Family {
        double f0 = 0.0, range_hz = 0.0;
        std::vector<int> harmonics;  // {0} for a line that is not mains
        double mean_square = 0.0;    // of its lines in the spectrum
        double nominal_hz = 0.0;     // 50 or 60 for the mains
    };
    auto mains_family = [&]() -> std::optional<Family> {
        MainsConfig mains_config;
        mains_config.max_harmonics = config.max_harmonics;
        const MainsEstimate mains = detect_mains({}, spectra, floors, detect_ratio, mains_config);
        if (!mains.found) return std::nullopt;
        HarmonicsConfig harmonics_config;
        harmonics_config.mains_hz = mains.frequency_hz;
        harmonics_config.mains_uncertainty_hz = mains.uncertainty_hz;
        harmonics_config.max_harmonics = std::min(config.max_harmonics, static_cast<int>(0.45 * fs / mains.frequency_hz));
        harmonics_config.detect_ratio = detect_ratio;
        std::vector<int> harmonics;
        double mean_square = 0.0;
        for (std::size_t c = 0; c < spectra.size(); ++c)
            for (const auto& h : measure_harmonics(spectra[c], floors[c], harmonics_config).harmonics)
                if (h.detected) {
                    harmonics.push_back(h.n);
                    mean_square = std::max(mean_square, h.mean_square);
                }
        std::sort(harmonics.begin(), harmonics.end());
        harmonics.erase(std::unique(harmonics.begin(), harmonics.end()), harmonics.end());
        if (harmonics.empty()) return std::nullopt;
        return Family{mains.frequency_hz, std::max(0.15, 4.0 * mains.uncertainty_hz), harmonics, mean_square, mains.nominal_hz};
    };
    std::vector<Family> families;
    const std::optional<Family> first_mains = mains_family();
    if (first_mains) families.push_back(*first_mains);
    // Other lines in the silences (a motor, a transformer's whine): any
    // steady tone biases B as hum does, and left out of the fit it leaks
    // into the mains harmonics' phasors. The strongest few, each a family of
    // its own, away from the mains harmonics by more than a main lobe.
    const double bin_hz = spectra.front().bin_hz();
    const double lobe_hz = main_lobe_half_width_bins(WindowKind::hann) * bin_hz;
    std::vector<SpectralPeak> others;
    for (std::size_t c = 0; c < channels.size(); ++c) {
        for (const auto& p : find_peaks(spectra[c], floors[c], detect_ratio, kMinOtherLineHz, spectra[c].frequency_hz(spectra[c].bins() - 1), 16)) {
            const double n = first_mains ? std::round(p.frequency_hz / first_mains->f0) : 0.0;
            const bool on_mains = n >= 1.0 && n <= config.max_harmonics && std::abs(p.frequency_hz - n * first_mains->f0) < 2.0 * lobe_hz;
            const bool seen = std::any_of(others.begin(), others.end(), [&](const SpectralPeak& o) { return std::abs(o.frequency_hz - p.frequency_hz) < lobe_hz; });
            if (!on_mains && !seen) others.push_back(p);
        }
    }
    std::sort(others.begin(), others.end(), [](const SpectralPeak& a, const SpectralPeak& b) { return a.mean_square > b.mean_square; });
    if (others.size() > kMaxOtherLines) others.resize(kMaxOtherLines);
    for (const auto& p : others) families.push_back({p.frequency_hz, std::max(0.15, bin_hz), {0}, p.mean_square, 0.0});
    if (families.empty()) return fit;

    // 3. Fine frequencies: each family's phase advance across the segments,
    // strongest family first. Each later one is refined on a copy of the
    // channels with the families before it fitted and subtracted, so that a
    // strong line's leakage into its blocks cannot pull its fringe search.
    std::stable_sort(families.begin(), families.end(), [](const Family& a, const Family& b) { return a.mean_square > b.mean_square; });
    std::vector<double> dcs;
    for (const auto& ch : fit.channels) dcs.push_back(ch.dc_fs);
    std::vector<StridedView> views(channels.begin(), channels.end());
    std::vector<std::vector<float>> cleaned;
    std::vector<HumComponent> lines;
    bool searched_again = false;
    for (std::size_t i = 0; i < families.size(); ++i) {
        const Family fam = families[i];
        const bool is_mains = fam.harmonics.front() != 0;
        const std::vector<int> orders = is_mains ? fam.harmonics : std::vector<int>{1};
        const double f = refine_frequency(views, dcs, fs, fam.f0, orders, quiet, fam.range_hz);
        // A short segment's coarse bins can take a strong line near 50 or
        // 60 Hz (a 58.4 Hz motor) for the mains; its phase across the gap
        // then lands outside the grid's range. It is fitted as other lines,
        // and the mains is looked for again once it is subtracted.
        const bool off_grid = is_mains && std::abs(f - fam.nominal_hz) > kGridToleranceHz + kGridSearchMarginHz;
        if (is_mains && !off_grid) fit.mains_hz = f;
        std::vector<HumComponent> family_lines;
        for (int n : fam.harmonics) family_lines.push_back({off_grid ? 0 : n, (n == 0 ? 1 : n) * f, 0.0});
        lines.insert(lines.end(), family_lines.begin(), family_lines.end());
        const bool search_again = off_grid && !searched_again;
        if (i + 1 == families.size() && !search_again) break;
        if (cleaned.empty()) {
            for (std::size_t c = 0; c < channels.size(); ++c) {
                cleaned.emplace_back(channels[c].size);
                for (std::size_t t = 0; t < channels[c].size; ++t) cleaned[c][t] = channels[c][t];
                views[c] = StridedView::of(cleaned[c]);
            }
        }
        std::vector<hum::RangeSums> view_sums;
        for (const auto& v : views) view_sums.push_back(hum::sum_ranges(v, quiet));
        std::vector<double> unused;
        auto estimates = least_squares_hum(views, view_sums, fs, family_lines, quiet, unused);
        for (std::size_t c = 0; c < channels.size(); ++c) {
            estimates[c].dc_fs = 0.0;  // the blocks take the original DC off
            subtract_hum(estimates[c], cleaned[c].data(), 1, cleaned[c].size(), fs);
        }
        if (search_again) {
            searched_again = true;
            take_spectra(views);
            if (auto again = mains_family()) families.insert(families.begin() + static_cast<long>(i) + 1, *again);
        }
    }

    // 4. DC and phasors at the refined frequencies: a joint least-squares
    // fit over every quiet sample. Blocks of one period cannot null the
    // other lines exactly when the period is not a whole number of samples.
    std::vector<double> noise;
    fit.channels = least_squares_hum(channels, sums, fs, lines, quiet, noise);

    // 5. Keep a line only if some channel holds it at more than six
    // standard errors, σ·√(2/N): the searches above look at thousands of
    // noise bins, and six sigma keeps the odds of a false line below 1e-4.
    constexpr double kSigmas = 6.0;
    std::vector<bool> keep(lines.size(), false);
    for (std::size_t c = 0; c < channels.size(); ++c) {
        const double standard_error = std::sqrt(2.0 * noise[c] / static_cast<double>(quiet_samples));
        for (std::size_t h = 0; h < lines.size(); ++h)
            if (fit.channels[c].components[h].amplitude_fs() > kSigmas * standard_error) keep[h] = true;
    }
    for (auto& ch : fit.channels) {
        std::vector<HumComponent> kept;
        for (std::size_t h = 0; h < lines.size(); ++h)
            if (keep[h]) kept.push_back(ch.components[h]);
        ch.components = std::move(kept);
    }
    fit.found = false;
    for (std::size_t h = 0; h < lines.size(); ++h) fit.found = fit.found || (keep[h] && lines[h].harmonic > 0);
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

namespace {

std::vector<hum::Oscillator> oscillators_of(const HumEstimate& est, double fs) {
    std::vector<hum::Oscillator> osc;
    for (const auto& c : est.components) osc.push_back(hum::make_oscillator(kTwoPi * c.frequency_hz / fs));
    return osc;
}

}  // namespace

void subtract_hum_interleaved(const HumEstimate& a, const HumEstimate& b, float* x, std::size_t n, double fs) {
    bool same = a.components.size() == b.components.size();
    for (std::size_t i = 0; same && i < a.components.size(); ++i)
        same = a.components[i].frequency_hz == b.components[i].frequency_hz;
    if (!same) {
        subtract_hum(a, x, 2, n, fs);
        subtract_hum(b, x + 1, 2, n, fs);
        return;
    }
    hum::subtract_estimates_interleaved(a, b, oscillators_of(a, fs), x, n);
}

void subtract_hum(const HumEstimate& est, float* x, std::size_t stride, std::size_t n, double fs) {
    hum::subtract_estimate(est, oscillators_of(est, fs), x, stride, n);
}

}  // namespace zb
