#include "safety/probe_signal.h"

#include <algorithm>
#include <cmath>
#include <numbers>

#include "dsp/window.h"
#include "util/units.h"

namespace zb {

namespace {

// Distance in hertz from f to the nearest harmonic of 50 Hz or of 60 Hz.
double distance_to_mains_hz(double f) {
    double d = 1e300;
    for (double mains : {50.0, 60.0}) {
        const double r = std::fmod(f, mains);
        d = std::min({d, r, mains - r});
    }
    return d;
}

}  // namespace

Result<ProbeSignal> make_probe_signal(const ProbeConfig& c, double fs) {
    if (!(fs >= 8000.0 && fs <= 384000.0)) return make_error("probe: sample rate ", fs, " Hz is out of range");
    if (!(c.level_dbfs <= -20.0 && c.level_dbfs >= -80.0))
        return make_error("probe: level ", c.level_dbfs, " dBFS must be from -80 to -20 dBFS (a probe is quiet)");
    if (!(c.resolution_hz >= 2.0 && c.resolution_hz <= 100.0)) return make_error("probe: resolution must be 2 to 100 Hz");
    if (c.tone_count < 1 || c.tone_count > 32) return make_error("probe: 1 to 32 tones");
    ProbeSignal p;
    p.config = c;
    p.sample_rate_hz = fs;
    p.window_samples = 2 * static_cast<std::size_t>(std::lround(0.5 * fs / c.resolution_hz));  // even, for RealFft
    p.fade_samples = static_cast<std::size_t>(std::lround(std::max(c.fade_s, 0.001) * fs));
    p.sound_samples = static_cast<std::size_t>(std::lround(c.tones_s * fs));
    const auto tail = static_cast<std::size_t>(std::lround(std::max(c.tail_s, 0.0) * fs));
    if (p.sound_samples < p.window_samples + 2 * p.fade_samples + p.window_samples / 5)
        return make_error("probe: ", c.tones_s, " s of tones is too short for a ", 1.0 / c.resolution_hz,
                          " s analysis window with fades and settling");
    const double bin_hz = fs / static_cast<double>(p.window_samples);
    const double hi = std::min(c.high_hz, 0.42 * fs);
    const double lo = std::max(c.low_hz, 2.0 * bin_hz);
    if (!(hi > lo)) return make_error("probe: no room for tones between ", lo, " and ", hi, " Hz");

    // Tones: log-spaced targets, each moved to the nearby bin farthest from
    // the mains combs (20 Hz is enough: hum leaks little beyond 2 bins), then
    // the closest to the target.
    for (int k = 0; k < c.tone_count; ++k) {
        const double target = c.tone_count == 1 ? lo : lo * std::pow(hi / lo, double(k) / (c.tone_count - 1));
        const auto centre = static_cast<long>(std::lround(target / bin_hz));
        const long reach = std::max<long>(2, std::lround(0.1 * target / bin_hz));
        long best = -1;
        double best_score = -1.0, best_offset = 1e300;
        for (long bin = std::max<long>(2, centre - reach); bin <= centre + reach; ++bin) {
            const double f = bin * bin_hz;
            if (f > hi * 1.0001 || f < lo * 0.9999) continue;
            if (std::find(p.tone_bins.begin(), p.tone_bins.end(), std::size_t(bin)) != p.tone_bins.end()) continue;
            const double score = std::min(distance_to_mains_hz(f), 20.0);
            const double offset = std::abs(f - target);
            if (score > best_score + 1e-9 || (std::abs(score - best_score) <= 1e-9 && offset < best_offset)) {
                best = bin;
                best_score = score;
                best_offset = offset;
            }
        }
        if (best < 0) return make_error("probe: cannot place ", c.tone_count, " tones between ", lo, " and ", hi, " Hz");
        p.tone_bins.push_back(static_cast<std::size_t>(best));
    }
    std::sort(p.tone_bins.begin(), p.tone_bins.end());
    for (std::size_t bin : p.tone_bins) p.tone_hz.push_back(bin_to_hz(double(bin), p.window_samples, fs));

    // One period with Schroeder phases, scaled to the requested peak.
    const std::size_t n = p.window_samples;
    const double kk = static_cast<double>(p.tone_bins.size());
    std::vector<double> period(n, 0.0);
    for (std::size_t k = 0; k < p.tone_bins.size(); ++k) {
        const double phase = -std::numbers::pi * double(k) * double(k + 1) / kk;
        const double w = kTwoPi * double(p.tone_bins[k]) / double(n);
        for (std::size_t i = 0; i < n; ++i) period[i] += std::cos(w * double(i) + phase);
    }
    double peak = 0.0;
    for (double v : period) peak = std::max(peak, std::abs(v));
    const double scale = dbfs_to_peak_fs(c.level_dbfs) / peak;

    p.signal.assign(p.sound_samples + tail, 0.0f);
    for (std::size_t i = 0; i < p.sound_samples; ++i) {
        double env = 1.0;
        if (i < p.fade_samples) env = half_cosine_rise(i, p.fade_samples);
        if (p.sound_samples - 1 - i < p.fade_samples) env = half_cosine_rise(p.sound_samples - 1 - i, p.fade_samples);
        p.signal[i] = static_cast<float>(scale * env * period[i % n]);
    }
    return p;
}

}  // namespace zb
