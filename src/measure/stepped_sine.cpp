#include "measure/stepped_sine.h"

#include <algorithm>
#include <cmath>

#include "dsp/window.h"
#include "util/units.h"

namespace zb {

namespace {

constexpr double kOutlier = 8.0;

std::size_t samples_of(double seconds, double fs) { return static_cast<std::size_t>(std::ceil(seconds * fs)); }

double median(std::vector<double> v) {
    std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(v.size() / 2), v.end());
    return v[v.size() / 2];
}

// Complex amplitude of x at `periods` cycles over its length, Hann-windowed.
std::complex<double> detect(std::span<const float> x, int periods) {
    const double n = static_cast<double>(x.size());
    std::complex<double> sum;
    for (std::size_t i = 0; i < x.size(); ++i) {
        const double t = static_cast<double>(i) / n;
        const double w = 0.5 - 0.5 * std::cos(kTwoPi * t);
        sum += static_cast<double>(x[i]) * w * std::polar(1.0, -kTwoPi * periods * t);
    }
    return sum;
}

}  // namespace

Status validate_stepped_sine(const SteppedSineConfig& c, const LogGridConfig& grid, double fs) {
    if (c.steps_per_octave < 1 || c.steps_per_octave > 96)
        return make_setting_error("steps_per_octave", "{steps_per_octave} ", c.steps_per_octave, " is out of range; use 1 to 96");
    if (auto st = validate_log_grid({grid.fmin_hz, grid.fmax_hz, c.steps_per_octave}); !st) return st;
    if (!(grid.fmax_hz <= 0.45 * fs)) return make_setting_error("fmax", "{fmax} ", grid.fmax_hz, " Hz is above 0.45 times the sample rate");
    if (!(c.settle_periods >= 0.0 && c.settle_s >= 0.0 && c.integrate_periods >= 4.0 * kSubBlocks && c.integrate_s > 0.0))
        return make_error("stepped sine: settling must be at least 0 and integration at least ", 4 * kSubBlocks, " periods");
    return {};
}

Result<SteppedSinePlan> plan_stepped_sine(const SteppedSineConfig& c, const LogGridConfig& grid, double fs) {
    if (auto st = validate_stepped_sine(c, grid, fs); !st) return st.error();
    SteppedSinePlan plan;
    std::size_t at = samples_of(c.fade_s, fs);
    for (double f : make_log_grid({grid.fmin_hz, grid.fmax_hz, c.steps_per_octave})) {
        SteppedSinePoint p;
        p.start = at;
        p.window = at + samples_of(std::max(c.settle_periods / f, c.settle_s), fs);
        // An integer number of periods per sub-window, in an integer number
        // of samples per sub-window; the frequency follows.
        const int sub_periods = static_cast<int>(std::ceil(std::max(c.integrate_periods, c.integrate_s * f) / kSubBlocks));
        const auto sub_samples = static_cast<std::size_t>(std::lround(sub_periods * fs / f));
        p.frequency_hz = sub_periods * fs / static_cast<double>(sub_samples);
        p.periods = sub_periods * kSubBlocks;
        p.window_length = sub_samples * kSubBlocks;
        at = p.window + p.window_length;
        plan.points.push_back(p);
    }
    plan.length = at + samples_of(c.fade_s, fs);
    return plan;
}

std::vector<float> make_stepped_sine(const SteppedSinePlan& plan, double fs, double level_dbfs, double fade_s) {
    std::vector<float> x(plan.length, 0.0f);
    const double peak = dbfs_to_peak_fs(level_dbfs);
    const std::size_t fade = samples_of(fade_s, fs);
    double phase_cycles = 0.0;
    for (std::size_t k = 0; k < plan.points.size(); ++k) {
        const std::size_t begin = k == 0 ? 0 : plan.points[k].start;
        const std::size_t end = k + 1 < plan.points.size() ? plan.points[k + 1].start : plan.length;
        const double step = plan.points[k].frequency_hz / fs;
        for (std::size_t i = begin; i < end; ++i) {
            const double gain = (i < fade ? half_cosine_rise(i, fade) : 1.0) *
                                (plan.length - i <= fade ? half_cosine_rise(plan.length - 1 - i, fade) : 1.0);
            x[i] = static_cast<float>(peak * gain * std::sin(kTwoPi * phase_cycles));
            phase_cycles += step;
            phase_cycles -= std::floor(phase_cycles);
        }
    }
    return x;
}

std::vector<std::complex<double>> detect_transfer(const SteppedSinePlan& plan, std::span<const float> a, std::span<const float> b) {
    std::vector<std::complex<double>> out;
    out.reserve(plan.points.size());
    for (const SteppedSinePoint& p : plan.points) {
        std::vector<std::complex<double>> t;
        std::vector<double> re, im;
        const std::size_t sub = p.window_length / kSubBlocks;
        for (int k = 0; k < kSubBlocks; ++k) {
            const std::size_t from = p.window + static_cast<std::size_t>(k) * sub;
            t.push_back(detect(b.subspan(from, sub), p.periods / kSubBlocks) / detect(a.subspan(from, sub), p.periods / kSubBlocks));
            re.push_back(t.back().real());
            im.push_back(t.back().imag());
        }
        const std::complex<double> middle(median(re), median(im));
        std::vector<double> deviation;
        for (const auto& v : t) deviation.push_back(std::abs(v - middle));
        const double worst = *std::max_element(deviation.begin(), deviation.end());
        // One sub-window far off the others (kOutlier times their median
        // deviation): an impulse, voted out by the median. Otherwise the
        // whole window, whose longer Hann window rejects hum next to the
        // tone better.
        if (worst > kOutlier * median(deviation) + 1e-9 * std::abs(middle)) out.push_back(middle);
        else out.push_back(detect(b.subspan(p.window, p.window_length), p.periods) / detect(a.subspan(p.window, p.window_length), p.periods));
    }
    return out;
}

Result<ImpedanceMeasurement> measure_stepped_sine(AudioDevice& device, const ImpedanceMeasurementConfig& config,
                                                  const SteppedSineConfig& stepped, const ProgressFn& progress,
                                                  SafetyReport* safety_out) {
    const double fs = device.sample_rate_hz();
    auto plan = plan_stepped_sine(stepped, config.analysis.grid, fs);
    if (!plan) return plan.error();
    SafetyReport safety;
    auto finish_safety = [&] {
        if (safety_out) *safety_out = safety;
    };
    if (auto st = run_preflight(device, config.safety, config.analysis.r_ref_nominal_ohm, config.level_dbfs, progress, safety); !st) {
        finish_safety();
        return st.error();
    }
    const std::vector<float> stimulus = make_stepped_sine(*plan, fs, safety.level->level_dbfs, stepped.fade_s);
    auto capture = device.play_record(stimulus, [&](double f, std::string_view) {
        if (progress) progress(f, "stepped sine");
    });
    if (!capture) return capture.error();
    if (capture->xruns > 0)
        return make_device_error(device.description(), ": ", capture->xruns,
                                 " buffer over/underrun(s) during the stepped sine; close other audio programs or use larger "
                                 "buffers ({buffer_frames}), and measure again");
    if (capture->clipped_a + capture->clipped_b > 0) {
        safety.refusal = Refusal::clipped;
        safety.message = std::string("input ") + (capture->clipped_a > 0 ? "A" : "B") +
                         " clipped during the stepped sine; lower the level ({level}) by 6 dB or more, or the input gain, "
                         "and measure again";
        finish_safety();
        return Error{safety.message};
    }
    ImpedanceMeasurement out;
    ImpedanceAnalysis& analysis = out.analysis;
    analysis.transfer = detect_transfer(*plan, capture->a, capture->b);
    for (std::size_t i = 0; i < plan->points.size(); ++i) {
        const double f = plan->points[i].frequency_hz;
        const std::complex<double> t = analysis.transfer[i];
        analysis.curve.push_back(f, config.analysis.z_from_transfer ? config.analysis.z_from_transfer(f, t)
                                                                    : config.analysis.r_ref_nominal_ohm * t / (1.0 - t));
    }
    analysis.band_lo_hz = plan->points.front().frequency_hz;
    analysis.band_hi_hz = plan->points.back().frequency_hz;
    auto peak = [](const std::vector<float>& x) {
        double p = 0.0;
        for (float v : x) p = std::max(p, std::abs(double{v}));
        return peak_fs_to_dbfs(p, 1e-12);
    };
    analysis.peak_a_dbfs = peak(capture->a);
    analysis.peak_b_dbfs = peak(capture->b);
    if (progress) progress(1.0, "stepped sine");
    finish_safety();
    out.safety = std::move(safety);
    out.capture = std::move(*capture);
    return out;
}

}  // namespace zb
