// Averaged power spectra (Welch, "The use of the fast Fourier transform for
// the estimation of power spectra", IEEE Trans. Audio Electroacoust. 15(2),
// 1967; normalisation and equivalent degrees of freedom after Heinzel,
// Rüdiger & Schilling, "Spectrum and spectral density estimation by the DFT",
// MPI Hannover, 2002, §9 and §13).
//
// Each segment of N samples has its own mean removed, is windowed (w) and
// transformed; |X[k]|² are averaged over the segments. The spectrum is kept
// as a *mean square per bin* in FS² (fractions of full scale, squared):
//   P[k] = 2·|X[k]|² / (Σw)²   (0 < k < N/2; DC and Nyquist without the 2)
// With this, the coherent-gain correction is built in: a sine of peak
// amplitude A centred on bin k reads P[k] = A²/2, its mean square, i.e.
// 20·log10(A) dBFS (AES17). Wherever the sine falls between bins, the sum of
// P over its main lobe is (A²/2)·ENBW (Parseval), so dividing a band sum by
// the window's ENBW (in bins) gives the tone's mean square exactly: this is
// how levels are read (see spectral_lines.h). White noise of variance σ²
// reads P = 2σ²·ENBW/N per bin, and P/(ENBW·Δf) = 2σ²/fs is its one-sided
// density in FS²/Hz.
//
// Units: samples in fractions of full scale, frequencies in hertz.
#pragma once

#include <cstddef>
#include <span>
#include <vector>

#include "dsp/fft.h"
#include "dsp/window.h"

namespace zb {

struct WelchConfig {
    std::size_t segment_size = 65536;  // N, even
    double overlap = 0.75;             // fraction of N shared by consecutive segments, [0, 0.95]
    WindowKind window = WindowKind::flat_top;
};

struct WelchSpectrum {
    double sample_rate_hz = 0.0;
    std::size_t segment_size = 0;
    std::size_t hop = 0;
    std::size_t averages = 0;  // segments averaged
    WindowKind window = WindowKind::flat_top;
    double enbw_bins = 1.0;
    double dof = 2.0;           // equivalent χ² degrees of freedom of each bin
    std::vector<double> power;  // mean square per bin, FS² (see above), N/2 + 1 bins

    std::size_t bins() const { return power.size(); }
    double bin_hz() const;
    double frequency_hz(double bin) const;
    double bin_of(double frequency_hz) const;
    // One-sided noise density of bin k, FS²/Hz.
    double density(std::size_t k) const { return power[k] / (enbw_bins * bin_hz()); }
};

// Half-width of a window's main lobe in bins (its first null): a tone's
// energy lies within ±this of its frequency to better than −90 dB.
double main_lobe_half_width_bins(WindowKind kind);

// Heinzel et al. eq. (110)-(111): the equivalent degrees of freedom of an
// average of `segments` windowed segments `hop` apart, from the window's
// overlap correlation ρ(j·hop) = Σ w[t]w[t+j·hop] / Σ w².
double welch_dof(std::span<const double> window, std::size_t hop, std::size_t segments);

// Segments of N averaged from `frames` samples with a hop H: 1 + (frames − N)/H.
std::size_t welch_segments(std::size_t frames, std::size_t segment_size, std::size_t hop);
std::size_t welch_hop(std::size_t segment_size, double overlap);

// Accumulates segment spectra one at a time (the offline analysis and the
// live analyser share it). Real = double for offline analysis, float for the
// live view (its rounding floor, ~−140 dB below the strongest component, is
// far under what a display shows).
// Threading: one accumulator per thread. FFTW plans are made in the
// constructor, so construct it off the audio thread.
template <class Real>
class WelchAccumulator {
public:
    WelchAccumulator(std::size_t segment_size, WindowKind window);
    std::size_t segment_size() const { return n_; }
    std::size_t bins() const { return n_ / 2 + 1; }
    double enbw_bins() const { return enbw_bins_; }
    const std::vector<double>& window() const { return window_d_; }

    // The power of one segment of N samples (mean removed, windowed), P[k] as
    // above, written to `segment_power` (bins() values). No allocation.
    template <class Out>
    void segment(const float* x, Out* segment_power);
    // Adds one segment to the running average.
    void add(const float* x);
    std::size_t count() const { return count_; }
    // The average so far (P[k] as above).
    std::vector<double> average() const;
    void reset();

private:
    std::size_t n_;
    std::vector<double> window_d_;
    fft::AlignedVector<Real> window_, buffer_;
    fft::AlignedVector<std::complex<Real>> spectrum_;
    fft::RealFft<Real> fft_;
    double scale_ = 1.0;  // 2/(Σw)²
    double enbw_bins_ = 1.0;
    std::vector<double> sum_;
    std::vector<double> scratch_;
    std::size_t count_ = 0;
};

extern template class WelchAccumulator<float>;
extern template class WelchAccumulator<double>;

// The Welch spectrum of a whole record (any length ≥ N).
WelchSpectrum welch_spectrum(std::span<const float> x, double sample_rate_hz, const WelchConfig& config);
// The same for several records, with one window and one transform, computed
// in Real (float transforms are faster; their error lies ~140 dB under the
// records' strongest line).
template <class Real = double>
std::vector<WelchSpectrum> welch_spectra(std::span<const std::span<const float>> records, double sample_rate_hz,
                                         const WelchConfig& config);
extern template std::vector<WelchSpectrum> welch_spectra<float>(std::span<const std::span<const float>>, double,
                                                                const WelchConfig&);
extern template std::vector<WelchSpectrum> welch_spectra<double>(std::span<const std::span<const float>>, double,
                                                                 const WelchConfig&);

// The segment length zbench's hum analysis uses: bins near 0.75 Hz (lines of
// a 50/60 Hz comb are then ~65 bins apart, far outside a flat-top's ±5-bin
// main lobe), shortened for short records so that at least 8 segments are
// averaged at 75 % overlap, but never below fs/5 samples (bins of 5 Hz still
// keep 50 Hz lines apart). 0 if the record is too short for that.
std::size_t hum_segment_size(double sample_rate_hz, std::size_t frames);

}  // namespace zb
