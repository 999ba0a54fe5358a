// Deconvolution of a recording by a known stimulus, with a regularised inverse
// filter (Kirkeby, Nelson, Hamada & Orduna-Bustamante, "Fast deconvolution of
// multichannel systems using regularization", IEEE Trans. Speech Audio Proc.
// 6(2), 1998):
//
//   H(f) = Y(f) · M(f) · X*(f) / (|X(f)|² + ε(f))
//
// ε is tiny inside the stimulus band and rises smoothly (raised cosine over
// half an octave) to a large value outside it, so the inverse never divides
// by the stimulus's empty bands. M is the band mask of dsp/band_mask.h: a
// causal high-pass at the sweep's start and a short zero-phase edge near its
// end, so the deconvolved response stays compact around t = 0 and survives
// windowing (a measured pitfall: brick-wall band edges cost 10-27 % at low
// frequencies once the IR is windowed). Divide windowed spectra by M
// (InverseFilter::mask) to read the system's response. All transforms are
// circular of length fft_size; index 0 of an impulse response is zero delay
// and negative times wrap to the end.
#pragma once

#include <complex>
#include <cstddef>
#include <span>
#include <vector>

#include "dsp/band_mask.h"
#include "dsp/sweep.h"

namespace zb {

struct InverseFilter {
    std::size_t fft_size = 0;
    std::vector<std::complex<double>> spectrum;  // fft_size/2 + 1 bins
    BandMask mask;                               // included in spectrum
};

// Regularised inverse of `stimulus` (zero-padded to fft_size), valid in
// [band_lo_hz, band_hi_hz] and meant to be read up to fmax_hz.
InverseFilter make_inverse_filter(std::span<const float> stimulus, std::size_t fft_size, double sample_rate_hz,
                                  double band_lo_hz, double band_hi_hz, double fmax_hz);

// ε(f)/max|X|² of that inverse filter: 1e-10 (a numerical floor) from an
// octave below band_lo_hz to band_hi_hz, rising over half an octave (raised
// cosine in log f) to 0.1 outside, which silences the empty bands. The rise
// starts an octave below the band, where the mask's causal high-pass already
// attenuates 24 dB: a ramp at the band edge itself would add a zero-phase
// (two-sided) edge.
double inverse_regularisation(double frequency_hz, double band_lo_hz, double band_hi_hz);

// Inverse filter of an exponential sweep over its own band, read up to
// end/1.15 (zbench sweeps end 15 % above the highest frequency they serve).
InverseFilter make_inverse_filter(const Sweep& sweep, std::size_t fft_size);

// Impulse response of `capture` (zero-padded to the filter's fft_size).
std::vector<double> deconvolve(std::span<const float> capture, const InverseFilter& inverse);

struct DelayEstimate {
    double delay_samples = 0.0;  // sub-sample, from a parabola through the peak
    double peak_to_rms_db = 0.0;  // how clearly the peak stands out
};

// Delay of `capture` relative to the stimulus behind `inverse`: the peak of the
// deconvolved impulse response within [0, max_delay_samples].
DelayEstimate estimate_delay(std::span<const float> capture, const InverseFilter& inverse,
                             std::size_t max_delay_samples);

}  // namespace zb
