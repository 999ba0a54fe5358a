// The drive-level check: 2nd and 3rd harmonic distortion of the current
// through the driver, from the exponential sweep's harmonic responses.
//
// Algorithm (Farina, "Simultaneous measurement of impulse response and
// distortion with a swept-sine technique", AES 108th Convention, 2000):
// the current, i = (A − B)/R_ref, is deconvolved by the stimulus sweep with
// the regularised inverse filter of dsp/deconvolution.h. It runs inside the
// impedance analysis: the current's spectrum comes from the analysis's
// transform of A + jB, and its deconvolved spectrum rides in the imaginary
// part of the analysis's inverse transform, whose real part is the
// analysis's own response (both are real, so one complex transform yields
// both). For an exponential sweep
// of rate L, the k-th harmonic of the response is the sweep itself advanced
// by L·ln k, so its impulse response lands at t_k = latency − L·ln k,
// separate from the linear response at t_1 = latency. Each is cut out with
// a window (H2 and H3: from 0.05·L before t_k to 0.35·L after it, which
// stays clear of the next harmonic, L·ln(4/3) = 0.29·L earlier, and of the
// previous one, at least 0.41·L later; the linear response: up to 1 s after
// t_1, as it rings at the resonance, but never into H3's window around the
// circle), transformed (the linear response by an FFT, on whose bins the
// points sit; H2 and H3 by Goertzel at 2f and 3f) and divided by the band
// mask. The k-th harmonic made by the excitation at f sits at k·f in H_k's
// spectrum, so
//   Hk(f) = |H_k(k·f)| / |H_1(f)|    (percent of the fundamental current).
// The ratio needs no R_ref and no level: both cancel.
//
// Noise floor: noise on the inputs reads as distortion. The current's noise
// (densities of A and B from the silences, measure/impedance_uncertainty.h)
// passes through the same inverse filter and window, so a harmonic reading
// carries noise of variance S_D(k·f)·|X⁻¹(k·f)|²·Σw² (S_D the two-sided
// density per sample, X⁻¹ the inverse filter, Σw² the window's energy),
// reported as hk_floor_percent against the same fundamental. A reading less
// than 3 times its floor is noise, not distortion: the maxima and the
// warning leave it out.
//
// Limits: a window of 0.35·L holds 3 periods of k·f only above
// f = 3/(0.35·k·L): a 1 s sweep from 5 Hz to 23 kHz (L = 0.12 s) reads H2
// from 36 Hz, a 4 s sweep from 9 Hz. The points start there. The current
// carries the distortion of the amplifier and of the driver alike: the
// check cannot tell which made it, only that the drive is beyond small
// signal.
// Units: hertz, percent.
#pragma once

#include <complex>
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "dsp/band_mask.h"
#include "dsp/deconvolution.h"
#include "dsp/sweep.h"
#include "measure/impedance_uncertainty.h"

namespace zb {

struct CurrentDistortion {
    std::vector<double> frequency_hz;  // of the fundamental, 6 per octave, on the linear response's bins
    std::vector<double> h2_percent, h3_percent;
    std::vector<double> h2_floor_percent, h3_floor_percent;  // 1σ of the noise in each reading; empty without silences
    // The largest readings clear of the noise (3 floors); 0 when none is.
    double max_h2_percent = 0.0, max_h2_frequency_hz = 0.0;
    double max_h3_percent = 0.0, max_h3_frequency_hz = 0.0;
    bool clear_of_noise(std::size_t i, int harmonic) const;
};

// The warning when the combined H2 and H3 of the current, √(H2² + H3²),
// exceeds 1 % anywhere. Why 1 %: in the large-signal model (Klippel,
// "Tutorial: Loudspeaker nonlinearities—causes, parameters, symptoms",
// JAES 54(10), 2006) the current's harmonics grow with how much Bl(x),
// Kms(x) and Le(x) vary over the stroke; harmonics of a percent mean they
// already vary by percents, which moves fs (∝ √Kms) and Qes (∝ 1/Bl²) by
// about as much as the whole small-signal T/S error budget. A weak
// nonlinearity's H2 grows with the level and H3 with its square, so 6 dB
// less halves H2 and quarters H3.
constexpr double kDriveDistortionWarnPercent = 1.0;
void warn_drive_level(const CurrentDistortion& distortion, std::vector<std::string>& warnings);

// The check in the order the impedance analysis runs it.
class CurrentDistortionCheck {
public:
    // For the sweep `stimulus` recorded into `fft_size` samples; nullopt
    // when no point is left (a sweep too short or a band too narrow). Points
    // run from max(fmin_hz, the window's limit) to fmax_hz/3 (H3 must stay
    // in the band).
    static std::optional<CurrentDistortionCheck> plan(const Sweep& stimulus, std::size_t fft_size, double fmin_hz, double fmax_hz);
    // The sweep's inverse filter at bin k (0 < k < n/2): the current's
    // spectrum times it, and times the band mask, is the deconvolved one.
    std::complex<float> inverse_at(std::size_t k) const { return inverse_.at(k); }
    // After the inverse transform: the imaginary parts of `z` (fft_size
    // points) hold the deconvolved current, whose linear response starts
    // `latency_samples` in; `mask` is the band mask it carries; `noise` (may
    // be null) gives the floors.
    std::optional<CurrentDistortion> read(const std::complex<float>* z, double latency_samples, const BandMask& mask,
                                          const QuietNoise* noise) const;

private:
    CurrentDistortionCheck(const Sweep& sweep, std::size_t fft_size) : sweep_(sweep), inverse_(sweep, fft_size) {}

    Sweep sweep_;
    SweepInverse inverse_;
    std::vector<double> grid_hz_;
    std::vector<std::size_t> linear_bins_;  // grid_hz_ as bins of the linear response's transform
    std::size_t linear_fft_size_ = 0;
    double pre_ = 0.0, post_ = 0.0, linear_length_ = 0.0;  // samples
};

}  // namespace zb
