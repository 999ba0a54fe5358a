#include "measure/impedance_analysis.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <sstream>

#include "dsp/band_mask.h"
#include "dsp/fft.h"
#include "dsp/smoothing.h"
#include "dsp/sweep_delay.h"
#include "measure/impedance_uncertainty.h"
#include "safety/format_number.h"
#include "util/units.h"

namespace zb {

namespace {

using cd = std::complex<double>;
using cf = std::complex<float>;

constexpr float kClipLevel = 1.0f - 0x1.0p-22f;

// Stimulus band of an unknown recording: where A's power in 1/12-octave
// bands, tilted by √f (half way between a pink sweep's −3 dB/octave and white
// noise's 0 dB/octave, so both come out nearly level), stays within 35 dB of
// its strongest band. Out-of-band noise sits 60-100 dB lower.
// `z` is the packed spectrum of A + jB (n points): A[k] = (Z[k] + Z*[n-k])/2.
std::pair<double, double> detect_band(const cf* z, std::size_t n, double fs) {
    auto power_a = [&](std::size_t k) { return 0.25 * std::norm(cd(z[k]) + std::conj(cd(z[k == 0 ? 0 : n - k]))); };
    const double ratio = std::exp2(1.0 / 12.0);
    std::vector<std::pair<double, double>> bands;  // (lower edge, tilted mean power)
    double best = 0.0;
    for (double lo = 1.0; lo < 0.5 * fs; lo *= ratio) {
        const auto k0 = static_cast<std::size_t>(std::ceil(hz_to_bin(lo, n, fs)));
        const auto k1 = std::min(n / 2, static_cast<std::size_t>(hz_to_bin(std::min(lo * ratio, 0.5 * fs), n, fs)));
        if (k1 < k0 || k0 == 0) continue;
        double p = 0.0;
        for (std::size_t k = k0; k <= k1; ++k) p += power_a(k);
        p *= std::sqrt(lo) / static_cast<double>(k1 - k0 + 1);
        bands.emplace_back(lo, p);
        best = std::max(best, p);
    }
    double f_lo = 0.0, f_hi = 0.0;
    for (const auto& [lo, p] : bands) {
        if (p >= best * db_to_power_ratio(-35.0)) {
            if (f_lo == 0.0) f_lo = lo * ratio;     // upper edge of the first strong band
            f_hi = std::min(lo * ratio, 0.5 * fs);  // upper edge of the last strong band
        }
    }
    return {f_lo, f_hi};
}

class StageClock {
public:
    explicit StageClock(std::vector<std::pair<std::string, double>>& out) : out_(out), last_(now()) {}
    void mark(const char* stage) {
        const auto t = now();
        out_.emplace_back(stage, std::chrono::duration<double, std::milli>(t - last_).count());
        last_ = t;
    }

private:
    static std::chrono::steady_clock::time_point now() { return std::chrono::steady_clock::now(); }
    std::vector<std::pair<std::string, double>>& out_;
    std::chrono::steady_clock::time_point last_;
};

std::string format_hz(double f) {
    std::ostringstream s;
    s.precision(f < 100 ? 3 : 5);
    s << f;
    return s.str();
}

Status check_config(double fs, std::size_t frames, const ImpedanceAnalysisConfig& config) {
    if (!(fs >= 44100.0 && fs <= 384000.0))
        return make_error("sample rate ", fs, " Hz is unsupported for impedance; use 44.1 kHz to 384 kHz (the curve runs to 20 kHz)");
    if (static_cast<double>(frames) < 0.5 * fs) return make_error("recording: shorter than 0.5 s; nothing to analyse");
    if (!(config.r_ref_nominal_ohm > 0.0)) return make_setting_error("r_ref", "{r_ref} must be above 0 ohm (got ", config.r_ref_nominal_ohm, ")");
    if (auto st = validate_log_grid(config.grid); !st) return st.error();
    if (config.grid.fmax_hz > max_fmax_hz(fs) * (1.0 + 1e-12))
        return make_setting_error("fmax", "{fmax} ", config.grid.fmax_hz, " Hz is too close to half the sample rate (", fs,
                                  " Hz); use {fmax} ", max_fmax_hz(fs), " or lower");
    return {};
}

// Why the sweep was not found on A: the recording stops before the sweep
// does; or A, during the sweep, stands only a little above its pre-roll (the
// sweep is there but too weak), or not at all while the noise would have
// hidden a sweep at the played level (too weak as well); else nothing
// arrived (cable or channel).
Error sweep_not_found(const StridedView& a, double fs, const Sweep& sweep) {
    const std::size_t end = sweep.sweep_offset + sweep.sweep_length;
    if (a.size <= end)
        return make_error("recording: it ends ", format_number(samples_to_seconds(static_cast<double>(end - a.size), fs)),
                          " s before the sweep does (truncated?); record the whole sweep and its silence after it");
    auto mean_square = [&](std::size_t from, std::size_t to) {
        double s = 0.0;
        for (std::size_t i = from; i < to; ++i) s += static_cast<double>(a[i]) * a[i];
        return s / static_cast<double>(std::max<std::size_t>(to - from, 1));
    };
    const double noise = std::max(mean_square(0, sweep.sweep_offset), 1e-30);
    const double excess_db = power_ratio_to_db(mean_square(sweep.sweep_offset, end) / noise);
    const double noise_dbfs = rms_fs_to_dbfs(std::sqrt(noise));
    if ((excess_db > 1.0 && excess_db < 25.0) || noise_dbfs > sweep.config.level_dbfs - 25.0)
        return make_error("the sweep on input A is too weak: ", format_number(std::max(excess_db, 0.0)),
                          " dB above the noise (", format_number(noise_dbfs), " dBFS); raise {level}, or the interface's output volume");
    return make_error("the sweep was not found on input A; check the output cable and the output channel");
}

// The windowing as actually run: the pre-window must hold the high edge's
// burst, the windows must fit the recording.
FdwConfig effective_fdw(const ImpedanceAnalysisConfig& config, const BandMask& mask, std::size_t frames, double fs) {
    FdwConfig fdw = config.fdw;
    fdw.pre_window_s = std::max(fdw.pre_window_s, mask.pre_ring_s());
    fdw.min_window_s = std::max(fdw.min_window_s, 2.0 * fdw.pre_window_s);
    fdw.max_window_s = std::min(fdw.max_window_s, 0.6 * static_cast<double>(frames) / fs);
    return fdw;
}

}  // namespace

Result<ImpedanceAnalysis> analyse_impedance(std::span<const float> a, std::span<const float> b, double fs,
                                            const ImpedanceAnalysisConfig& config) {
    if (a.size() != b.size()) return make_error("recording: inputs A and B differ in length");
    if (auto st = check_config(fs, a.size(), config); !st) return st.error();
    return analyse_impedance(StereoRecording(a, b, fs), config);
}

Result<ImpedanceAnalysis> analyse_impedance(StereoRecording&& rec, const ImpedanceAnalysisConfig& config) {
    ImpedanceAnalysis out;
    StageClock clock(out.stage_ms);
    const double fs = rec.sample_rate_hz();
    const std::size_t n = rec.frames();
    const std::size_t nfft = rec.capacity();
    if (auto st = check_config(fs, n, config); !st) return st.error();
    std::optional<Sweep> sweep;
    if (config.stimulus) {
        auto described = describe_sweep(*config.stimulus);
        if (!described) return described.error();
        sweep = std::move(*described);
    }
    float* x = rec.interleaved();
    const StridedView chan_a{x, 2, n}, chan_b{x + 1, 2, n};

    // 1. Levels and clipping.
    float peak_a = 0.0f, peak_b = 0.0f;
    std::size_t clipped = 0;
    for (std::size_t i = 0; i < n; ++i) {
        const float va = std::abs(x[2 * i]), vb = std::abs(x[2 * i + 1]);
        peak_a = std::max(peak_a, va);
        peak_b = std::max(peak_b, vb);
        clipped += (va >= kClipLevel) + (vb >= kClipLevel);
    }
    out.peak_a_dbfs = peak_fs_to_dbfs(std::max(peak_a, 1e-12f));
    out.peak_b_dbfs = peak_fs_to_dbfs(std::max(peak_b, 1e-12f));
    if (clipped > 0)
        return make_error("input ", peak_a >= kClipLevel ? "A" : "B", " clipped (", clipped,
                          " samples at full scale); lower the level ({level}) by 6 dB or more and measure again");
    if (out.peak_a_dbfs < -90.0)
        return make_error("no signal on input A (peak ", out.peak_a_dbfs,
                          " dBFS); check the output cable and that input A is on the drive node");

    clock.mark("levels");
    // Delay and quiet segments.
    if (sweep) {
        out.band_lo_hz = sweep->config.start_hz;
        out.band_hi_hz = sweep->config.end_hz;
        const auto max_delay = static_cast<std::size_t>(config.stimulus->post_silence_s * fs);
        const auto delay = estimate_sweep_delay(x, 2, n, *sweep, max_delay);
        if (!delay) return sweep_not_found(chan_a, fs, *sweep);
        out.latency_samples = delay->delay_samples;
        const auto lat = static_cast<std::size_t>(std::llround(delay->delay_samples));
        const auto guard_pre = static_cast<std::size_t>(0.01 * fs);
        const auto guard_post = static_cast<std::size_t>(0.05 * fs);
        const std::size_t start = sweep->sweep_offset + lat;
        const std::size_t stop = sweep->sweep_offset + sweep->sweep_length + lat + guard_post;
        if (start > guard_pre) out.quiet.push_back({0, start - guard_pre});
        if (stop < n) out.quiet.push_back({stop, n});
    } else {
        out.quiet = find_quiet_edges(chan_a, fs);
    }

    clock.mark("delay");
    // 2. DC and hum, fitted on the quiet segments, removed in the time domain.
    if (config.remove_hum) {
        const StridedView chans[2] = {chan_a, chan_b};
        out.hum = fit_hum(chans, fs, out.quiet);
        clock.mark("hum fit");
        subtract_hum_interleaved(out.hum.channels[0], out.hum.channels[1], x, n, fs);
        clock.mark("hum removal");
    }
    const auto noise = quiet_noise(x, fs, out.quiet);

    // 3. Both spectra from one transform: z = a + jb.
    cf* z = rec.data();
    fft::ComplexFft<float> forward(nfft, fft::Direction::forward);
    forward.execute(z, z);
    clock.mark("forward FFT");
    std::optional<CurrentDistortionCheck> check;
    if (sweep && out.latency_samples) {
        check = CurrentDistortionCheck::plan(*sweep, nfft, config.grid.fmin_hz, config.grid.fmax_hz);
        clock.mark("sweep inverse");
    }

    if (!config.stimulus) {
        const auto [lo, hi] = detect_band(z, nfft, fs);
        out.band_lo_hz = lo;
        out.band_hi_hz = hi;
    }
    if (!(out.band_hi_hz > out.band_lo_hz))
        return make_error("recording: no broadband stimulus found on input A; record a sweep or noise");
    const double fmin_allowed = 1.5 * out.band_lo_hz;
    const double fmax_allowed = std::min(out.band_hi_hz, 0.5 * fs) / 1.05;
    if (config.grid.fmin_hz < fmin_allowed * 0.999)
        return make_setting_error("fmin", "{fmin} ", config.grid.fmin_hz, " Hz is below what the stimulus covers (it starts at ",
                                  format_hz(out.band_lo_hz), " Hz); use {fmin} ", format_hz(fmin_allowed), " or higher");
    if (config.grid.fmax_hz > fmax_allowed * 1.001)
        return make_setting_error("fmax", "{fmax} ", config.grid.fmax_hz, " Hz is above what the stimulus covers (it ends at ",
                                  format_hz(out.band_hi_hz), " Hz); use {fmax} ", format_hz(fmax_allowed), " or lower");

    // 4. T = M·B·A*/(|A|² + ε), written back as a Hermitian spectrum so that
    // one inverse transform yields the real impulse response. The mask is
    // evaluated only where it differs from 1 by more than 1e-9. With the
    // drive-level check, the current's deconvolved spectrum Y = M·(A − B)·X⁻¹
    // (also Hermitian) rides along as z = T + jY: the inverse transform's
    // imaginary part is its impulse response.
    const auto grid = make_log_grid(config.grid);
    std::vector<double> stimulus_power;
    if (noise) stimulus_power = stimulus_power_on_grid(z, nfft, fs, grid);
    const BandMask mask = make_band_mask(out.band_lo_hz, out.band_hi_hz, config.grid.fmax_hz, fs);
    const std::size_t half = nfft / 2;
    double peak_power = 0.0;
    for (std::size_t k = 1; k < half; ++k) {
        const cd a = 0.5 * (cd(z[k]) + std::conj(cd(z[nfft - k])));
        peak_power = std::max(peak_power, std::norm(a));
    }
    const double eps = 1e-12 * peak_power;
    // The high-pass differs from 1 by ~2.6·fc/f (its phase), so it applies to
    // every bin; the Gaussian edge is 1 to 1e-10 more than 6.5 σ below centre.
    const ButterworthHighpass4 highpass(mask.highpass_corner_hz);
    const double lp_from_hz = mask.lowpass_center_hz - 6.5 * mask.lowpass_sigma_hz;
    // More than 8 σ above centre the edge is below 7e-16, under a float's
    // rounding of anything in the band: those bins are 0 (no erfc call).
    const double lp_zero_hz = mask.lowpass_center_hz + 8.0 * mask.lowpass_sigma_hz;
    const double scale = 1.0 / static_cast<double>(nfft);
    const double bin_hz = bin_to_hz(1.0, nfft, fs);
    // Written out in real arithmetic: std::complex division is a library call.
    for (std::size_t k = 1; k < half; ++k) {
        const double zr = z[k].real(), zi = z[k].imag(), cr = z[nfft - k].real(), ci = -z[nfft - k].imag();
        const double ar = 0.5 * (zr + cr), ai = 0.5 * (zi + ci);     // A = (Z[k] + Z*[n-k])/2
        const double br = 0.5 * (zi - ci), bi = -0.5 * (zr - cr);    // B = (Z[k] - Z*[n-k])/(2j)
        const double f = static_cast<double>(k) * bin_hz;
        const auto hp = highpass.parts(f);
        double lp = 1.0;
        if (f > lp_from_hz) lp = f > lp_zero_hz ? 0.0 : gaussian_edge_lowpass(f, mask.lowpass_center_hz, mask.lowpass_sigma_hz);
        // The scaled mask is m·(dr − j·di) with m = x⁴·lp/|D|²/n, and T is
        // B·A*·m(dr − j·di)/(|A|²+ε): one division gives g = m/(|A|²+ε) and m.
        const double a2 = ar * ar + ai * ai + eps;
        const double g = scale * hp.x4 * lp / ((hp.dr * hp.dr + hp.di * hp.di) * a2);
        const double m = g * a2;
        const double pr = br * ar + bi * ai, pi = bi * ar - br * ai;
        const double tr = (pr * hp.dr + pi * hp.di) * g, ti = (pi * hp.dr - pr * hp.di) * g;
        double yr = 0.0, yi = 0.0;  // Y = (A − B)·m(dr − j·di)·X⁻¹
        if (check) {
            const cf v = check->inverse_at(k);
            const double ur = (ar - br) * hp.dr + (ai - bi) * hp.di, ui = (ai - bi) * hp.dr - (ar - br) * hp.di;
            yr = m * (ur * v.real() - ui * v.imag());
            yi = m * (ur * v.imag() + ui * v.real());
        }
        z[k] = cf(static_cast<float>(tr - yi), static_cast<float>(ti + yr));
        z[nfft - k] = cf(static_cast<float>(tr + yi), static_cast<float>(yr - ti));
    }
    z[0] = 0.0f;  // the mask's high-pass is 0 at DC
    z[half] = cf(static_cast<float>(z[half].real()), 0.0f) * static_cast<float>(std::abs(mask.at(0.5 * fs)));
    clock.mark("transfer function");
    fft::ComplexFft<float> inverse(nfft, fft::Direction::inverse);
    inverse.execute(z, z);
    clock.mark("inverse FFT");
    if (check) {
        out.distortion = check->read(z, *out.latency_samples, mask, noise ? &*noise : nullptr);
        if (out.distortion) warn_drive_level(*out.distortion, out.warnings);
        clock.mark("distortion");
    }

    // 5. Frequency-dependent windowing. The pre-window must hold the
    // high-frequency edge's burst; copy the response's two ends out, then
    // reuse the recording's buffer for the windowed transforms.
    const FdwConfig fdw = effective_fdw(config, mask, n, fs);
    const auto post_len = std::min(nfft / 2, static_cast<std::size_t>(std::ceil(fdw.max_window_s * fs)) + 1);
    const auto pre_len = std::min(nfft / 4, static_cast<std::size_t>(std::ceil(fdw.pre_window_s * fs)) + 1);
    std::vector<float> post(post_len), pre(pre_len);
    for (std::size_t t = 0; t < post_len; ++t) post[t] = z[t].real();
    for (std::size_t i = 0; i < pre_len; ++i) pre[i] = z[nfft - pre_len + i].real();
    const auto tg = fdw_spectrum(CompactResponse{post, pre}, fs, grid, fdw, std::span<cf>(z, nfft));
    clock.mark("windowed spectra");

    // 6. Undo the mask, form Z, smooth if asked.
    std::vector<cd> zg(grid.size());
    out.transfer.reserve(grid.size());
    double worst_high = 0.0, worst_low = 1e300;
    std::size_t b_above_a = 0;
    for (std::size_t i = 0; i < grid.size(); ++i) {
        const cd t = tg[i] / mask.at(grid[i]);
        b_above_a += std::abs(t) > 1.25;  // 2 dB: beyond any plausible gain mismatch
        out.transfer.push_back(t);
        zg[i] = config.z_from_transfer ? config.z_from_transfer(grid[i], t) : config.r_ref_nominal_ohm * t / (1.0 - t);
        worst_high = std::max(worst_high, std::abs(zg[i]) / config.r_ref_nominal_ohm);
        worst_low = std::min(worst_low, std::abs(zg[i]) / config.r_ref_nominal_ohm);
    }
    if (noise) {
        auto u = curve_uncertainty(*noise, stimulus_power, out.transfer, grid, fdw, fs);
        out.magnitude_uncertainty_percent = std::move(u.magnitude_percent);
        out.phase_uncertainty_deg = std::move(u.phase_deg);
        // Noise-limited: 3σ reaches 1 % of |Z|. Points above 30·R_ref (an open
        // DUT, or both inputs on one node while calibrating, where T ≈ 1) are
        // left to the "larger R_ref" warning below.
        const auto& m = out.magnitude_uncertainty_percent;
        std::size_t worst = 0, limited = 0;
        for (std::size_t i = 0; i < m.size(); ++i) {
            if (std::abs(zg[i]) > 30.0 * config.r_ref_nominal_ohm) continue;
            limited += m[i] > 1.0 / 3.0;
            if (m[i] > out.worst_uncertainty_percent) {
                out.worst_uncertainty_percent = m[i];
                worst = i;
            }
        }
        if (limited > 0)
            out.warnings.push_back("noise limits the curve at " + std::to_string(limited) + " of " + std::to_string(m.size()) +
                                   " points (|Z| uncertain by up to " + format_number(m[worst]) + " %, 1 sigma, at " +
                                   format_hz(grid[worst]) + " Hz); raise {level} or lengthen {sweep_seconds}");
    }
    // A passive divider has |B| <= |A|; B well above A over most of the band
    // means the inputs are swapped, and Z would come out with Re{Z} < 0.
    if (2 * b_above_a > grid.size())
        return make_error("input B reads louder than input A over most of the band: inputs A and B look swapped; ",
                          "put A on the drive node (R_ref's far end) and B across the driver");
    if (config.smoothing_fraction > 0) {
        for (std::size_t i = 0; i < grid.size(); ++i) out.unsmoothed.push_back(grid[i], zg[i]);
        zg = smooth_fractional_octave(zg, config.grid.points_per_octave, config.smoothing_fraction);
    }
    for (std::size_t i = 0; i < grid.size(); ++i) out.curve.push_back(grid[i], zg[i]);

    if (worst_high > 30.0)
        out.warnings.push_back("|Z| reaches " + std::to_string(static_cast<int>(worst_high)) +
                               "x R_ref: A and B are nearly equal there and noise is amplified; a larger R_ref measures this load better");
    if (worst_low < 0.01)
        out.warnings.push_back("|Z| falls below R_ref/100: input B is very small there; a smaller R_ref measures this load better");
    return out;
}

}  // namespace zb
