// Deconvolution of a recording by a known sweep, with a regularised inverse
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
// (mask()) to read the system's response.
//
// Everything runs in one buffer of n complex floats: the sweep is rendered
// into its real parts and transformed, and after deconvolve() its real parts
// hold the impulse response. Transforms are circular of length n; index 0 of
// the impulse response is zero delay and negative times wrap to the end.
#pragma once

#include <complex>
#include <cstddef>
#include <functional>

#include "dsp/band_mask.h"
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

class SweepDeconvolution {
public:
    // Renders `sweep` at its place in the recording (after its pre-silence)
    // into `buffer`, which must be zeroed and hold the whole sweep, and
    // transforms it. The inverse is valid over the sweep's band and meant
    // to be read up to end/1.15 (zbench sweeps end 15 % above the highest
    // frequency they serve).
    SweepDeconvolution(const Sweep& sweep, fft::AlignedVector<std::complex<float>>& buffer);

    std::size_t size() const { return buffer_.size(); }
    double bin_hz() const { return sample_rate_hz_ / static_cast<double>(buffer_.size()); }
    const BandMask& mask() const { return mask_; }
    // The inverse filter M·X*/(|X|² + ε) at bin k (k <= n/2); before deconvolve() only.
    std::complex<double> inverse_at(std::size_t k) const;
    // `capture(k)`: the recording's unscaled spectrum at bin k, 0 < k < n/2.
    // Afterwards the buffer's real parts hold the impulse response.
    void deconvolve(const std::function<std::complex<double>(std::size_t)>& capture);

private:
    fft::AlignedVector<std::complex<float>>& buffer_;
    double sample_rate_hz_, band_lo_hz_, band_hi_hz_;
    BandMask mask_;
    double peak_power_ = 0.0;
};

struct DelayEstimate {
    double delay_samples = 0.0;  // sub-sample, from a parabola through the peak
    double peak_to_rms_db = 0.0;  // how clearly the peak stands out
};

}  // namespace zb
