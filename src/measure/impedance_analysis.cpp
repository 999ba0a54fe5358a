#include "measure/impedance_analysis.h"

#include <algorithm>
#include <cmath>
#include <sstream>

#include "dsp/band_mask.h"
#include "dsp/deconvolution.h"
#include "dsp/fft.h"
#include "dsp/smoothing.h"
#include "util/units.h"

namespace zb {

namespace {

using cd = std::complex<double>;

constexpr double kClipLevel = 1.0 - 0x1.0p-22;

double peak_abs(std::span<const float> x) {
    float p = 0.0f;
    for (float v : x) p = std::max(p, std::abs(v));
    return p;
}

std::size_t count_clipped(std::span<const float> x) {
    return static_cast<std::size_t>(std::count_if(x.begin(), x.end(), [](float v) { return std::abs(v) >= kClipLevel; }));
}

// Stimulus band of an unknown recording: where A's power in 1/12-octave
// bands, tilted by √f (half way between a pink sweep's −3 dB/octave and white
// noise's 0 dB/octave, so both come out nearly level), stays within 35 dB of
// its strongest band. Out-of-band noise sits 60-100 dB lower.
std::pair<double, double> detect_band(const std::vector<cd>& A, std::size_t fft_size, double fs) {
    const double ratio = std::exp2(1.0 / 12.0);
    std::vector<std::pair<double, double>> bands;  // (lower edge, tilted mean power)
    double best = 0.0;
    for (double lo = 1.0; lo < 0.5 * fs; lo *= ratio) {
        const auto k0 = static_cast<std::size_t>(std::ceil(hz_to_bin(lo, fft_size, fs)));
        const auto k1 = std::min(A.size() - 1, static_cast<std::size_t>(hz_to_bin(std::min(lo * ratio, 0.5 * fs), fft_size, fs)));
        if (k1 < k0 || k0 == 0) continue;
        double p = 0.0;
        for (std::size_t k = k0; k <= k1; ++k) p += std::norm(A[k]);
        p *= std::sqrt(lo) / static_cast<double>(k1 - k0 + 1);
        bands.emplace_back(lo, p);
        best = std::max(best, p);
    }
    double f_lo = 0.0, f_hi = 0.0;
    for (const auto& [lo, p] : bands) {
        if (p >= best * std::pow(10.0, -3.5)) {
            if (f_lo == 0.0) f_lo = lo * ratio;              // upper edge of the first strong band
            f_hi = std::min(lo * ratio, 0.5 * fs);           // upper edge of the last strong band
        }
    }
    return {f_lo, f_hi};
}

std::string format_hz(double f) {
    std::ostringstream s;
    s.precision(f < 100 ? 3 : 5);
    s << f;
    return s.str();
}

}  // namespace

Result<ImpedanceAnalysis> analyse_impedance(std::span<const float> a, std::span<const float> b, double fs,
                                            const ImpedanceAnalysisConfig& config) {
    ImpedanceAnalysis out;
    if (a.size() != b.size()) return make_error("recording: inputs A and B differ in length");
    if (!(fs >= 44100.0 && fs <= 384000.0))
        return make_error("sample rate ", fs, " Hz is unsupported for impedance; use 44.1 kHz to 384 kHz (the curve runs to 20 kHz)");
    if (static_cast<double>(a.size()) < 0.5 * fs) return make_error("recording: shorter than 0.5 s; nothing to analyse");
    if (!(config.r_ref_ohm > 0.0)) return make_error("--r-ref must be above 0 ohm (got ", config.r_ref_ohm, ")");
    if (auto st = validate_log_grid(config.grid); !st) return st.error();
    if (config.grid.fmax_hz >= 0.5 * fs)
        return make_error("--fmax ", config.grid.fmax_hz, " Hz must be below half the sample rate (", 0.5 * fs, " Hz)");

    // 1. Levels and clipping.
    out.peak_a_dbfs = peak_fs_to_dbfs(std::max(peak_abs(a), 1e-12));
    out.peak_b_dbfs = peak_fs_to_dbfs(std::max(peak_abs(b), 1e-12));
    const std::size_t clipped_a = count_clipped(a), clipped_b = count_clipped(b);
    if (clipped_a + clipped_b > 0)
        return make_error("input ", clipped_a ? "A" : "B", " clipped (", clipped_a + clipped_b,
                          " samples at full scale); lower the level (--level) by 6 dB or more and measure again");
    if (out.peak_a_dbfs < -90.0)
        return make_error("no signal on input A (peak ", out.peak_a_dbfs,
                          " dBFS); check the output cable and that input A is on the drive node");

    const std::size_t n = a.size();
    const std::size_t nfft = fft::good_size(n);

    // Delay and quiet segments.
    if (config.stimulus) {
        auto sweep = make_sweep(*config.stimulus);
        if (!sweep) return sweep.error();
        out.band_lo_hz = sweep->config.start_hz;
        out.band_hi_hz = sweep->config.end_hz;
        const auto inverse = make_inverse_filter(*sweep, nfft);
        const std::size_t max_delay = static_cast<std::size_t>(config.stimulus->post_silence_s * fs);
        const auto delay = estimate_delay(a, inverse, std::max<std::size_t>(max_delay, 1));
        if (delay.peak_to_rms_db < 20.0)
            return make_error("the sweep was not found on input A (its response peak stands only ", delay.peak_to_rms_db,
                              " dB above the noise); check the output cable and the output channel");
        out.latency_samples = delay.delay_samples;
        const auto lat = static_cast<std::size_t>(std::llround(delay.delay_samples));
        const auto guard_pre = static_cast<std::size_t>(0.01 * fs);
        const auto guard_post = static_cast<std::size_t>(0.05 * fs);
        const std::size_t start = sweep->sweep_offset + lat;
        const std::size_t stop = sweep->sweep_offset + sweep->sweep_length + lat + guard_post;
        if (start > guard_pre) out.quiet.push_back({0, start - guard_pre});
        if (stop < n) out.quiet.push_back({stop, n});
    } else {
        out.quiet = find_quiet_edges(a, fs);
    }

    // 2. DC and hum, fitted on the quiet segments, removed in the time domain.
    std::vector<double> xa(nfft, 0.0), xb(nfft, 0.0);
    if (config.remove_hum) {
        const std::span<const float> chans[2] = {a, b};
        out.hum = fit_hum(chans, fs, out.quiet);
        subtract_hum(out.hum.channels[0], a, fs, xa.data());
        subtract_hum(out.hum.channels[1], b, fs, xb.data());
    } else {
        std::copy(a.begin(), a.end(), xa.begin());
        std::copy(b.begin(), b.end(), xb.begin());
    }
    fft::ComplexFft<double> cfft(nfft, fft::Direction::forward);
    std::vector<cd> A(nfft / 2 + 1), B(nfft / 2 + 1);
    fft::AlignedVector<cd> scratch;
    fft::forward_two_real(cfft, xa.data(), xb.data(), A.data(), B.data(), scratch);

    if (!config.stimulus) {
        const auto [lo, hi] = detect_band(A, nfft, fs);
        out.band_lo_hz = lo;
        out.band_hi_hz = hi;
    }
    if (!(out.band_hi_hz > out.band_lo_hz))
        return make_error("recording: no broadband stimulus found on input A; record a sweep or noise");
    const double fmin_allowed = 1.5 * out.band_lo_hz;
    const double fmax_allowed = std::min(out.band_hi_hz, 0.5 * fs) / 1.05;
    if (config.grid.fmin_hz < fmin_allowed * 0.999)
        return make_error("--fmin ", config.grid.fmin_hz, " Hz is below what the stimulus covers (it starts at ",
                          format_hz(out.band_lo_hz), " Hz); use --fmin ", format_hz(fmin_allowed), " or higher");
    if (config.grid.fmax_hz > fmax_allowed * 1.001)
        return make_error("--fmax ", config.grid.fmax_hz, " Hz is above what the stimulus covers (it ends at ",
                          format_hz(out.band_hi_hz), " Hz); use --fmax ", format_hz(fmax_allowed), " or lower");

    // 3-4. Band-limited transfer function T = B/A and its impulse response.
    const BandMask mask = make_band_mask(out.band_lo_hz, out.band_hi_hz, config.grid.fmax_hz, fs);
    double peak_power = 0.0;
    for (const auto& v : A) peak_power = std::max(peak_power, std::norm(v));
    const double eps = 1e-12 * peak_power;
    std::vector<cd> T(A.size());
    for (std::size_t k = 0; k < A.size(); ++k) {
        const double f = bin_to_hz(static_cast<double>(k), nfft, fs);
        T[k] = mask.at(f) * B[k] * std::conj(A[k]) / (std::norm(A[k]) + eps) / static_cast<double>(nfft);
    }
    T.back() = T.back().real();
    fft::RealFft<double> rfft(nfft);
    std::vector<double> ir_d(nfft);
    rfft.inverse(T.data(), ir_d.data());
    std::vector<float> ir(ir_d.begin(), ir_d.end());

    // 5. Frequency-dependent windowing. The pre-window must hold the
    // high-frequency edge's impulse response (Gaussian, σ_t = 1/(2π σ_f)).
    FdwConfig fdw = config.fdw;
    fdw.pre_window_s = std::max(fdw.pre_window_s, mask.pre_ring_s());
    fdw.min_window_s = std::max(fdw.min_window_s, 2.0 * fdw.pre_window_s);
    fdw.max_window_s = std::min(fdw.max_window_s, 0.4 * static_cast<double>(n) / fs);
    const auto grid = make_log_grid(config.grid);
    auto tg = fdw_spectrum(ir, fs, grid, fdw);

    // 6. Undo the mask, form Z, smooth if asked.
    std::vector<cd> z(grid.size());
    double worst_high = 0.0, worst_low = 1e300;
    for (std::size_t i = 0; i < grid.size(); ++i) {
        const cd t = tg[i] / mask.at(grid[i]);
        z[i] = config.r_ref_ohm * t / (1.0 - t);
        worst_high = std::max(worst_high, std::abs(z[i]) / config.r_ref_ohm);
        worst_low = std::min(worst_low, std::abs(z[i]) / config.r_ref_ohm);
    }
    z = smooth_fractional_octave(z, config.grid.points_per_octave, config.smoothing_fraction);
    for (std::size_t i = 0; i < grid.size(); ++i) out.curve.push_back(grid[i], z[i]);

    if (worst_high > 30.0)
        out.warnings.push_back("|Z| reaches " + std::to_string(static_cast<int>(worst_high)) +
                               "x R_ref: A and B are nearly equal there and noise is amplified; a larger R_ref measures this load better");
    if (worst_low < 0.01)
        out.warnings.push_back("|Z| falls below R_ref/100: input B is very small there; a smaller R_ref measures this load better");
    return out;
}

}  // namespace zb
