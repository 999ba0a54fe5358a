#include "dsp/signal_generator.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "dsp/fft.h"
#include "dsp/window.h"
#include "util/rng.h"
#include "util/units.h"

namespace zb {

namespace {

constexpr int kClipIterations = 12;

// One period of band-limited noise with exact bin magnitudes (see the
// header), scaled to a peak of 1; returns the crest factor (peak/RMS).
double make_noise_period(std::vector<float>& period, double fs, double low_hz, double high_hz, bool pink,
                         std::uint64_t seed) {
    const std::size_t n = kNoisePeriodSamples;
    fft::RealFft<double> fft(n);
    fft::AlignedVector<std::complex<double>> spectrum(fft.bins());
    fft::AlignedVector<double> x(n);
    std::vector<double> magnitude(fft.bins(), 0.0);
    Rng rng(seed);
    for (std::size_t k = 1; k + 1 < fft.bins(); ++k) {
        const double f = static_cast<double>(k) * fs / static_cast<double>(n);
        if (f < low_hz || f > high_hz) continue;
        magnitude[k] = pink ? 1.0 / std::sqrt(f) : 1.0;
        spectrum[k] = std::polar(magnitude[k], kTwoPi * rng.uniform());
    }
    auto rms_of = [&] {
        double s = 0.0;
        for (double v : x) s += v * v;
        return std::sqrt(s / static_cast<double>(n));
    };
    fft.inverse(spectrum.data(), x.data());
    // Clip at kNoiseClipCrest·RMS, then put the exact magnitudes back with
    // the clipped signal's phases.
    for (int it = 0; it < kClipIterations; ++it) {
        const double limit = kNoiseClipCrest * rms_of();
        for (double& v : x) v = std::clamp(v, -limit, limit);
        fft.forward(x.data(), spectrum.data());
        for (std::size_t k = 0; k < spectrum.size(); ++k) {
            const double m = std::abs(spectrum[k]);
            spectrum[k] = magnitude[k] == 0.0 ? std::complex<double>{} :
                          m > 0.0             ? spectrum[k] * (magnitude[k] / m)
                                              : std::complex<double>{magnitude[k], 0.0};
        }
        fft.inverse(spectrum.data(), x.data());
    }
    double peak = 0.0;
    for (double v : x) peak = std::max(peak, std::abs(v));
    const double crest = peak / rms_of();
    period.resize(n);
    for (std::size_t i = 0; i < n; ++i) period[i] = static_cast<float>(x[i] / peak);
    return crest;
}

}  // namespace

std::optional<SignalKind> parse_signal_kind(std::string_view name) {
    for (SignalKind k : {SignalKind::sine, SignalKind::pink, SignalKind::white, SignalKind::sweep})
        if (name == signal_kind_name(k)) return k;
    return std::nullopt;
}

const char* signal_kind_name(SignalKind kind) {
    switch (kind) {
        case SignalKind::sine: return "sine";
        case SignalKind::pink: return "pink";
        case SignalKind::white: return "white";
        case SignalKind::sweep: return "sweep";
    }
    return "?";
}

Status validate_signal_config(const SignalConfig& c) {
    const double fs = c.sample_rate_hz;
    if (!(fs >= 8000.0 && fs <= 384000.0)) return make_error("sample rate ", fs, " Hz is unsupported; use 8 kHz to 384 kHz");
    if (c.kind == SignalKind::sine && !(c.frequency_hz >= 1.0 && c.frequency_hz <= 0.45 * fs))
        return make_setting_error("signal_frequency", "{signal_frequency} ", c.frequency_hz, " Hz is out of range; use 1 Hz to ", 0.45 * fs,
                                  " Hz (0.45 times the sample rate)");
    if (!(c.duration_s >= 0.0 && c.duration_s <= 24.0 * 3600.0))
        return make_setting_error("signal_seconds", "{signal_seconds} ", c.duration_s, " is out of range; use 0 (until stopped) to 86400 s");
    if (c.duration_s > 0.0 && c.duration_s < 2.0 * c.fade_s)
        return make_setting_error("signal_seconds", "{signal_seconds} ", c.duration_s, " is shorter than the fades in and out (", 2.0 * c.fade_s,
                                  " s)");
    if (c.kind == SignalKind::sweep && !(c.duration_s >= 0.1))
        return make_setting_error("signal_seconds", "a sweep needs a duration; give {signal_seconds} 0.1 or more");
    if (!(c.level_dbfs <= 0.0) || !(c.level_dbfs >= -120.0))
        return make_setting_error("signal_level", "{signal_level} ", c.level_dbfs, " dBFS is out of range; use -120 to 0 dBFS peak");
    if (!(c.fade_s >= 0.001 && c.fade_s <= 1.0)) return make_error("fade ", c.fade_s, " s is out of range; use 1 ms to 1 s");
    return {};
}

SignalGenerator::SignalGenerator(const SignalConfig& config) : config_(config) {}

Result<SignalGenerator> SignalGenerator::make(const SignalConfig& c) {
    if (auto st = validate_signal_config(c); !st) return st.error();
    SignalGenerator g(c);
    const double fs = c.sample_rate_hz;
    g.fade_frames_ = std::max<std::size_t>(1, static_cast<std::size_t>(std::lround(c.fade_s * fs)));
    g.end_ = c.duration_s > 0.0 ? static_cast<std::size_t>(std::lround(c.duration_s * fs)) : std::numeric_limits<std::size_t>::max();
    switch (c.kind) {
        case SignalKind::sine:
            g.crest_factor_db_ = gain_to_db(std::numbers::sqrt2);
            g.band_low_hz_ = g.band_high_hz_ = c.frequency_hz;
            break;
        case SignalKind::pink:
        case SignalKind::white: {
            const bool pink = c.kind == SignalKind::pink;
            g.band_low_hz_ = pink ? 20.0 : 10.0;
            g.band_high_hz_ = pink ? std::min(20000.0, 0.45 * fs) : 0.45 * fs;
            g.crest_factor_db_ = gain_to_db(make_noise_period(g.period_, fs, g.band_low_hz_, g.band_high_hz_, pink, c.seed));
            break;
        }
        case SignalKind::sweep: {
            SweepConfig s;
            s.sample_rate_hz = fs;
            s.start_hz = c.sweep_start_hz;
            s.end_hz = std::min(20000.0, 0.45 * fs);
            s.duration_s = c.duration_s;
            s.level_dbfs = c.level_dbfs;
            s.pre_silence_s = s.post_silence_s = 0.0;
            auto sweep = describe_sweep(s);
            if (!sweep) return sweep.error();
            g.sweep_ = std::move(*sweep);
            g.end_ = g.sweep_->sweep_length;
            g.crest_factor_db_ = gain_to_db(std::numbers::sqrt2);
            g.band_low_hz_ = s.start_hz;
            g.band_high_hz_ = s.end_hz;
            break;
        }
    }
    return g;
}

double SignalGenerator::rms_dbfs() const { return config_.level_dbfs - crest_factor_db_ + gain_to_db(std::numbers::sqrt2); }

double SignalGenerator::steady_sample(std::size_t i) {
    const double peak = dbfs_to_peak_fs(config_.level_dbfs);
    switch (config_.kind) {
        case SignalKind::sine: {
            // A phase accumulator in cycles, wrapped, keeps the frequency
            // exact over hours.
            const double v = std::sin(kTwoPi * phase_cycles_);
            phase_cycles_ += config_.frequency_hz / config_.sample_rate_hz;
            phase_cycles_ -= std::floor(phase_cycles_);
            return peak * v;
        }
        case SignalKind::pink:
        case SignalKind::white: return peak * period_[i % period_.size()];
        case SignalKind::sweep: return sweep_->value_at(i);
    }
    return 0.0;
}

// Half-cosine fades: the first fade_frames_ rise from 0, the last
// fade_frames_ before end_ fall to 0.
double SignalGenerator::fade_gain(std::size_t i) const {
    auto ramp = [&](std::size_t k) { return k >= fade_frames_ ? 1.0 : half_cosine_rise(k, fade_frames_); };
    return ramp(i) * ramp(end_ - 1 - i);
}

std::size_t SignalGenerator::fill(std::span<float> out) {
    std::size_t n = 0;
    for (; n < out.size() && position_ < end_; ++n, ++position_)
        out[n] = static_cast<float>(steady_sample(position_) * fade_gain(position_));
    return n;
}

void SignalGenerator::stop() { end_ = std::min(end_, position_ + fade_frames_); }

}  // namespace zb
