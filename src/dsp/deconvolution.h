// The regularised inverse filter of a sweep, for deconvolving a recording
// of it (Kirkeby, Nelson, Hamada & Orduna-Bustamante, "Fast deconvolution of
// multichannel systems using regularization", IEEE Trans. Speech Audio Proc.
// 6(2), 1998):
//
//   H(f) = Y(f) · M(f) · X⁻¹(f),   X⁻¹(f) = X*(f) / (|X(f)|² + ε(f))
//
// ε is tiny inside the stimulus band and rises smoothly (raised cosine over
// half an octave) to a large value outside it, so the inverse never divides
// by the stimulus's empty bands. M is the band mask of dsp/band_mask.h: a
// causal high-pass at the sweep's start and a short zero-phase edge near its
// end, so the deconvolved response stays compact around t = 0 and survives
// windowing (a measured pitfall: brick-wall band edges cost 10-27 % at low
// frequencies once the IR is windowed). Divide windowed spectra by M to read
// the system's response.
//
// The sweep is transformed as a real sequence of n samples in n/2 complex
// values (dsp/fft.h's real_forward_in_place). Transforms are circular of
// length n; index 0 of the impulse response is zero delay and negative times
// wrap to the end.
#pragma once

#include <complex>
#include <cstddef>

#include "dsp/fft.h"
#include "dsp/sweep.h"

namespace zb {

// ε(f)/max|X|² of the inverse filter: 1e-10 (a numerical floor) from an
// octave below band_lo_hz to band_hi_hz, rising over half an octave (raised
// cosine in log f) to 0.1 outside, which silences the empty bands. The rise
// starts an octave below the band, where the mask's causal high-pass already
// attenuates 24 dB: a ramp at the band edge itself would add a zero-phase
// (two-sided) edge.
double inverse_regularisation(double frequency_hz, double band_lo_hz, double band_hi_hz);

class SweepInverse {
public:
    // The sweep as placed in a recording of `fft_size` samples (after its
    // pre-silence), transformed. fft_size must be even and hold
    // the whole sweep. The inverse is valid over the sweep's band and meant
    // to be read up to end/1.15 (zbench sweeps end 15 % above the highest
    // frequency they serve).
    SweepInverse(const Sweep& sweep, std::size_t fft_size);

    std::size_t size() const { return n_; }
    // X⁻¹ at bin k, 0 < k < n/2.
    std::complex<float> at(std::size_t k) const { return inverse_[k]; }

private:
    std::size_t n_;
    fft::AlignedVector<std::complex<float>> inverse_;  // X⁻¹[k] for 0 < k < n/2
};

}  // namespace zb
