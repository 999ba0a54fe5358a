// Test signals for the generator: a sine, pink or white noise, and the
// exponential sweep of dsp/sweep.h, with half-cosine fades at both ends.
//
// Noise is periodic, synthesised in the frequency domain over one period of
// N = 2^18 samples (5.5 s at 48 kHz): every bin k of the band gets the
// magnitude of the target spectrum, |X_k| ∝ f_k^(-1/2) for pink (power
// ∝ 1/f, −3.01 dB per octave, equal power per octave) or 1 for white, and a
// random phase; bins outside the band are zero. The band is 20 Hz to 20 kHz
// (capped at 0.45·fs) for pink and 10 Hz to 0.45·fs for white. Because the
// magnitudes are set bin by bin, the spectrum of one period matches the ideal
// slope exactly (the only error is the brick-wall edges and the 1/N
// frequency grid: the power of an octave band differs from its ideal share
// by the fraction of a bin at each edge, under 0.1 dB above 50 Hz at 48 kHz).
// Random phases give Gaussian samples with a crest factor near 4.5 (13 dB);
// the crest factor is lowered by iterated clipping and magnitude restoration
// (van der Ouderaa, Schoukens & Renneboog, "Peak factor minimization using a
// time-frequency domain swapping algorithm", IEEE Trans. Instrum. Meas. 37(1),
// 1988): clip at kNoiseClipCrest·RMS, restore the exact magnitudes, repeat.
// Twelve rounds bring the crest factor to about 2.8 (9 dB; crest_factor_db()
// gives the period's own) with the spectrum still exact.
//
// Units: samples in fractions of full scale. The level is the peak:
// peak = 10^(level_dbfs/20) for every signal (a sine's peak, the noise
// period's largest sample). The RMS level is reported in dBFS after AES17
// (a full-scale sine is 0 dBFS, so a sine's RMS and peak levels are equal
// and noise reads crest_factor_db − 3.01 dB below its peak).
//
// Threading: a SignalGenerator is used by one thread at a time.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "dsp/sweep.h"
#include "util/result.h"

namespace zb {

enum class SignalKind { sine, pink, white, sweep };

std::optional<SignalKind> parse_signal_kind(std::string_view name);
const char* signal_kind_name(SignalKind kind);

inline constexpr double kNoiseClipCrest = 2.8;
inline constexpr std::size_t kNoisePeriodSamples = std::size_t{1} << 18;

struct SignalConfig {
    SignalKind kind = SignalKind::sine;
    double sample_rate_hz = 48000.0;
    double frequency_hz = 1000.0;  // sine
    double level_dbfs = -20.0;     // peak
    double duration_s = 5.0;       // fades included; 0: until stop()
    double fade_s = 0.02;          // half-cosine fade in and out
    double sweep_start_hz = 20.0;  // sweep; its end is min(20 kHz, 0.45·fs)
    std::uint64_t seed = 1;        // noise phases
};

Status validate_signal_config(const SignalConfig& config);

class SignalGenerator {
public:
    static Result<SignalGenerator> make(const SignalConfig& config);

    // Writes the next samples into `out`; returns how many, fewer than
    // out.size() once the signal and its fade-out have ended.
    std::size_t fill(std::span<float> out);
    // Starts the fade-out now: the signal ends fade_s later (or at its end,
    // if that comes first).
    void stop();
    bool finished() const { return position_ >= end_; }
    std::size_t position() const { return position_; }
    // Frames until the end (fades included); SIZE_MAX while it runs until stop().
    std::size_t total_frames() const { return end_; }

    const SignalConfig& config() const { return config_; }
    double peak_dbfs() const { return config_.level_dbfs; }
    double rms_dbfs() const;  // AES17, of the steady signal (no fades)
    double crest_factor_db() const { return crest_factor_db_; }  // 20·log10(peak/RMS)
    double band_low_hz() const { return band_low_hz_; }
    double band_high_hz() const { return band_high_hz_; }

private:
    explicit SignalGenerator(const SignalConfig& config);
    double steady_sample(std::size_t i);
    double fade_gain(std::size_t i) const;

    SignalConfig config_;
    std::size_t fade_frames_ = 0, position_ = 0, end_ = 0;
    double phase_cycles_ = 0.0;     // sine
    std::vector<float> period_;     // noise: one period
    std::optional<Sweep> sweep_;    // sweep: offsets and rate
    double crest_factor_db_ = 0.0;
    double band_low_hz_ = 0.0, band_high_hz_ = 0.0;
};

}  // namespace zb
