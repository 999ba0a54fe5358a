// Removing mains hum from a two-channel impedance recording.
//
// Hum reaches both inputs. It cancels in A − B but not in B, so it biases
// Z = R_ref·B/(A − B) at the mains harmonics: by 4-5 % at −90 dBFS hum with
// R_ref 10 Ω, and by tens of percent with R_ref 100 Ω and a 2 Ω load, where B
// is 34 dB below A. (Fitting sinusoids over the whole recording would also eat
// the part of the sweep passing those frequencies.) So the hum is estimated
// where the stimulus is absent, in the pre- and post-roll, and only that
// estimate is removed:
//  1. the mains frequency, by the hum analyser's detection
//     (hum/mains_detection.h: a harmonic comb near 50 or 60 Hz, so that a
//     motor's or a whine's line cannot capture it) in the spectrum of the
//     longest quiet segment (Hann, a power of two of samples up to 1 s:
//     finer bins keep a line 1.6 Hz from the mains apart from it);
//  2. candidate harmonics: those the analyser detects there
//     (hum/harmonics.h); and up to 8 other lines standing out of the noise
//     there (a motor, a transformer's whine: any steady tone biases B as hum
//     does, and left out of the fit it leaks into the harmonics' phasors);
//  3. fine frequency and phasors: each harmonic is demodulated in blocks of
//     one mains period (which null every other harmonic and DC); the phase
//     advance between pre- and post-roll, seconds apart, pins the frequency
//     to ~1e-4 Hz (a fringe search, then a golden-section refinement); each
//     other line the same way, on its own. Then a joint least-squares fit of
//     DC and every candidate over all quiet samples; a line is kept if its
//     amplitude exceeds six standard errors of that fit in some channel;
//  4. subtraction in the time domain, over the whole record, before any
//     transform: a zero-padded record spreads a DC offset or a hum line over
//     every bin (a Dirichlet kernel), so subtracting only near the line would
//     leave percent-level errors in B elsewhere.
// Units: amplitudes in fractions of full scale, phases in radians referred to
// sample 0, frequencies in hertz.
#pragma once

#include <complex>
#include <cstddef>
#include <span>
#include <vector>

namespace zb {

// A channel inside an interleaved buffer: element i is data[i * stride].
struct StridedView {
    const float* data = nullptr;
    std::size_t stride = 1;
    std::size_t size = 0;
    float operator[](std::size_t i) const { return data[i * stride]; }
    static StridedView of(std::span<const float> x) { return {x.data(), 1, x.size()}; }
};

struct Segment {
    std::size_t begin = 0, end = 0;
    std::size_t length() const { return end > begin ? end - begin : 0; }
};

struct HumComponent {
    int harmonic = 0;  // n of the mains; 0 for another line (a motor, a whine)
    double frequency_hz = 0.0;
    std::complex<double> phasor;  // x(t) = Re(phasor · e^{j2π f t}), t from sample 0
    double amplitude_fs() const { return std::abs(phasor); }
};

struct HumEstimate {
    double dc_fs = 0.0;
    std::vector<HumComponent> components;
};

struct HumFit {
    bool found = false;  // mains harmonics were fitted (other lines may be fitted without them)
    double mains_hz = 0.0;
    std::vector<HumEstimate> channels;  // one per input channel, same order
};

struct HumRemovalConfig {
    int max_harmonics = 40;
    double min_segment_s = 0.1;
};

// Fits DC and mains hum on the quiet segments of each channel. The mains
// frequency is shared: it is one grid.
HumFit fit_hum(std::span<const StridedView> channels, double sample_rate_hz, std::span<const Segment> quiet,
               const HumRemovalConfig& config = {});

// Leading and trailing stretches of `x` that hold no stimulus: 10 ms blocks
// whose RMS stays below a threshold set between the quietest blocks and the
// loudest, minus two blocks of guard.
std::vector<Segment> find_quiet_edges(StridedView x, double sample_rate_hz);

// x[t·stride] −= dc + Σ Re(phasor·e^{j2π f t/fs}), t < frames, in place.
void subtract_hum(const HumEstimate& estimate, float* x, std::size_t stride, std::size_t frames, double sample_rate_hz);
// Both channels of an interleaved buffer in one pass (both channels' hum in
// one SIMD vector when their components share frequencies; the kernels are
// in measure/hum_kernels.h).
void subtract_hum_interleaved(const HumEstimate& a, const HumEstimate& b, float* x, std::size_t frames,
                              double sample_rate_hz);

}  // namespace zb
