#include "dsp/sweep.h"

#include <algorithm>
#include <cmath>

#include "util/units.h"

namespace zb {

double Sweep::frequency_at(double t_s) const { return config.start_hz * std::exp(t_s / rate_s); }

double Sweep::time_at(double frequency_hz) const { return rate_s * std::log(frequency_hz / config.start_hz); }

double Sweep::harmonic_advance_s(int k) const { return rate_s * std::log(static_cast<double>(k)); }

Status validate_sweep_config(const SweepConfig& c) {
    if (!(c.sample_rate_hz >= 8000.0 && c.sample_rate_hz <= 384000.0))
        return make_error("sweep: sample rate ", c.sample_rate_hz, " Hz is unsupported; use 8000 to 384000 Hz");
    if (!(c.start_hz > 0.0)) return make_error("sweep: start frequency must be above 0 Hz");
    if (!(c.end_hz > c.start_hz))
        return make_error("sweep: end frequency ", c.end_hz, " Hz must be above the start frequency ", c.start_hz, " Hz");
    if (!(c.end_hz < 0.5 * c.sample_rate_hz))
        return make_error("sweep: end frequency ", c.end_hz, " Hz must be below half the sample rate (",
                          0.5 * c.sample_rate_hz, " Hz)");
    if (!(c.duration_s >= 0.1 && c.duration_s <= 600.0))
        return make_error("sweep: length ", c.duration_s, " s is out of range; use 0.1 to 600 s");
    if (!(c.level_dbfs <= 0.0 && c.level_dbfs >= -120.0))
        return make_error("sweep: level ", c.level_dbfs, " dBFS is out of range; use -120 to 0 dBFS");
    if (!(c.fade_in_s >= kMinFadeSeconds && c.fade_out_s >= kMinFadeSeconds))
        return make_error("sweep: fades must last at least 5 ms");
    if (!(c.fade_in_s + c.fade_out_s <= c.duration_s)) return make_error("sweep: fades are longer than the sweep");
    if (!(c.pre_silence_s >= 0.0 && c.post_silence_s >= 0.0)) return make_error("sweep: silences must not be negative");
    return {};
}

Result<Sweep> describe_sweep(const SweepConfig& c) {
    if (auto status = validate_sweep_config(c); !status) return status.error();
    Sweep s;
    s.config = c;
    const double fs = c.sample_rate_hz;
    s.sweep_offset = static_cast<std::size_t>(std::llround(c.pre_silence_s * fs));
    s.sweep_length = static_cast<std::size_t>(std::llround(c.duration_s * fs));
    s.rate_s = c.duration_s / std::log(c.end_hz / c.start_hz);
    return s;
}

namespace {

// sin(2π·turns). The sweep's phase reaches thousands of turns: whole turns
// go first, by rounding with 1.5·2^52 (exact in round-to-nearest for
// |turns| < 2^51), leaving y in [−½, ½]. sin(2πy) is odd, and symmetric
// about y = ¼, so it is sin(2π·min(|y|, ½ − |y|)) with y's sign: an argument
// within ±π/2, where the Taylor series to x¹³ is within 7e-10 (its next
// term, (π/2)¹⁵/15!), far below a float output's rounding. No branch and no
// call: the render loop vectorises.
double sine_of_turns(double turns) {
    constexpr double kRound = 0x1.8p52;
    const double y = turns - ((turns + kRound) - kRound);
    const double a = std::abs(y);
    const double x = kTwoPi * std::min(a, 0.5 - a), x2 = x * x;
    const double s = x * (1.0 + x2 * (-1.0 / 6.0 + x2 * (1.0 / 120.0 + x2 * (-1.0 / 5040.0 + x2 * (1.0 / 362880.0 +
                     x2 * (-1.0 / 39916800.0 + x2 * (1.0 / 6227020800.0)))))));
    return std::copysign(s, y);
}

}  // namespace

double Sweep::value_at(std::size_t i) const {
    const double fs = config.sample_rate_hz;
    double gain = dbfs_to_peak_fs(config.level_dbfs);
    const double fade_in = config.fade_in_s * fs;
    const double fade_out = config.fade_out_s * fs;
    const double from_start = static_cast<double>(i);
    const double to_end = static_cast<double>(sweep_length - 1 - i);
    if (from_start < fade_in) gain *= 0.5 - 0.5 * std::cos(M_PI * from_start / fade_in);
    if (to_end < fade_out) gain *= 0.5 - 0.5 * std::cos(M_PI * to_end / fade_out);
    // φ(t) = 2π·f1·L·(e^{t/L} − 1), in turns.
    return gain * sine_of_turns(config.start_hz * rate_s * std::expm1(static_cast<double>(i) / (fs * rate_s)));
}

void Sweep::render_range(float* out, std::size_t first, std::size_t count, std::size_t stride) const {
    // value_at's formula, with e^{i/(fs·L)} = e^{b/(fs·L)}·e^{m/(fs·L)} for
    // blocks of 256 samples from b, the second factor from a table: within a
    // few ulps, 1e-10 of a turn at the end of a long sweep. With stride 1 the
    // loop vectorises.
    const double fs = config.sample_rate_hz;
    const double level = dbfs_to_peak_fs(config.level_dbfs);
    const double fade_in = config.fade_in_s * fs, fade_out = config.fade_out_s * fs;
    const double turns_scale = config.start_hz * rate_s;
    const double per_sample = 1.0 / (fs * rate_s);
    constexpr std::size_t kBlock = 256;
    double ratio_power[kBlock];  // e^{m/(fs·L)}
    for (std::size_t m = 0; m < kBlock; ++m) ratio_power[m] = std::exp(static_cast<double>(m) * per_sample);
    const std::size_t end = std::min(first + count, sweep_length);
    for (std::size_t block = first; block < end;) {
        const std::size_t length = std::min(end, (block / kBlock + 1) * kBlock) - block;
        const double growth = std::exp(static_cast<double>(block) * per_sample);
        float* o = out + (block - first) * stride;
        for (std::size_t m = 0; m < length; ++m)
            o[m * stride] = static_cast<float>(level * sine_of_turns(turns_scale * (growth * ratio_power[m] - 1.0)));
        block += length;
    }
    // The fades, on the samples that have them.
    for (std::size_t i = first; i < end && static_cast<double>(i) < fade_in; ++i)
        out[(i - first) * stride] *= static_cast<float>(0.5 - 0.5 * std::cos(M_PI * static_cast<double>(i) / fade_in));
    for (std::size_t i = end; i-- > first;) {
        const double to_end = static_cast<double>(sweep_length - 1 - i);
        if (!(to_end < fade_out)) break;
        out[(i - first) * stride] *= static_cast<float>(0.5 - 0.5 * std::cos(M_PI * to_end / fade_out));
    }
}

Result<Sweep> make_sweep(const SweepConfig& c) {
    auto described = describe_sweep(c);
    if (!described) return described.error();
    Sweep s = std::move(*described);
    const auto post = static_cast<std::size_t>(std::llround(c.post_silence_s * c.sample_rate_hz));
    s.signal.assign(s.sweep_offset + s.sweep_length + post, 0.0f);
    s.render(s.signal.data() + s.sweep_offset);
    return s;
}

}  // namespace zb
