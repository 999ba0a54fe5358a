// The phase of the mains, block by block, from the hum's harmonics.
//
// Each chosen line (a harmonic n on one channel) is demodulated against a
// reference frequency f_ref close to the mains (from the spectral comb):
//   z_n[b] = (1/B)·Σ_{t in block b} x[t]·e^{−j2π·n·f_ref·t/fs}
// over consecutive blocks of B samples, a whole number of mains periods
// (~0.1 s, longer when the line is weak). Whole periods null DC and every
// other harmonic; the block's phasor has the phase of the line at the block's
// centre. The phases are unwrapped with a predictor that follows the current
// slope (so a drifting mains frequency is followed), and divided by 2π·n:
// ψ_n[b] is then the deviation of the mains phase from f_ref·t, in cycles of
// the fundamental, as seen by harmonic n. Harmonics are phase-locked to the
// fundamental, so the ψ_n differ only by constants; after removing those, the
// lines are averaged with inverse-variance weights n²·SNR_n. A line whose
// total phase advance disagrees with the reference line's (an unwrapping
// slip, or a line pulled by a neighbour) is left out; the reference is the
// line most others agree with, ties going to the strongest low harmonic.
//
// This is how audio forensics reads the electric network frequency (ENF)
// from its phase (Grigoras, Forensic Sci. Int. 167, 2007; Rodríguez,
// Apolinário & Biscainho, IEEE Trans. Inf. Forensics Security 5(3), 2010): the mean
// frequency over an interval is its phase advance over that interval, which
// is exactly what a zero-crossing count measures, and the noise on it falls
// as 1/(n·T·√SNR).
//
// Units: samples in fractions of full scale, times in seconds, frequencies in
// hertz, phases in cycles of the fundamental.
#pragma once

#include <cstddef>
#include <span>
#include <vector>

namespace zb {

// One line to demodulate: harmonic n of channel `channel`, with its expected
// per-block SNR (power ratio of the line to the noise in the block's
// bandwidth, 1/block_s).
struct PhaseLine {
    std::size_t channel = 0;
    int n = 1;
    double snr_per_block = 0.0;
};

struct LinePhase {
    PhaseLine line;
    bool used = false;             // consistent with the others, and averaged in
    double mean_frequency_hz = 0;  // this line's own mean frequency (n·mains as it sees it)
};

// A straight line ψ(t) = value + slope·(t − t0), fitted by least squares.
struct PhaseLineFit {
    double t0_s = 0.0, value = 0.0, slope = 0.0;
    double at(double t_s) const { return value + slope * (t_s - t0_s); }
};

struct MainsPhase {
    double reference_hz = 0.0;
    double block_s = 0.0;
    double covered_s = 0.0;            // blocks × block_s from the record's start
    std::vector<double> time_s;        // block centres
    std::vector<double> phase_cycles;  // combined ψ[b]
    double sigma_cycles = 0.0;         // standard deviation of one ψ[b] from noise
    std::size_t end_blocks = 1;        // blocks in each end fit
    PhaseLineFit head, tail;           // fits over the first and last end_blocks
    std::vector<LinePhase> lines;

    bool empty() const { return time_s.size() < 2; }
    // ψ at time t: linear between block centres; before the first centre
    // and after the last, the end fits (half a block to the record's edges).
    double phase_at(double t_s) const;
    // The mean mains frequency over [t0, t1]: f_ref + (ψ(t1) − ψ(t0))/(t1 − t0).
    double mean_frequency_hz(double t0_s, double t1_s) const;
};

// Demodulates the lines over `channels` (each a whole record at
// `sample_rate_hz`) in blocks of `block_periods` periods of reference_hz.
MainsPhase track_mains_phase(std::span<const std::span<const float>> channels, double sample_rate_hz, double reference_hz,
                             std::span<const PhaseLine> lines, int block_periods);

// The mean frequency over the record: the phase advance between the
// centroids of the end fits (each over ~1 s, at most a quarter of the
// record, which beats down the noise), divided by the time between them;
// and its 1σ noise, σ·√(2/M)/span. Under a drifting mains this is the mean
// over a span half an end window shorter at each end than the record.
struct PhaseMean {
    double frequency_hz = 0.0;
    double sigma_hz = 0.0;
};
PhaseMean mean_mains_frequency(const MainsPhase& phase);

}  // namespace zb
