#include "rig/rig_impairments.h"

#include <algorithm>
#include <cmath>

#include "util/units.h"

namespace zb {

namespace {

constexpr double kFullScaleMax = 1.0 - 0x1.0p-23;

float quantise24(double v, std::size_t& clipped) {
    if (v >= kFullScaleMax) {
        ++clipped;
        v = kFullScaleMax;
    } else if (v <= -1.0) {
        ++clipped;
        v = -1.0;
    }
    return static_cast<float>(std::nearbyint(v * 0x1.0p23) * 0x1.0p-23);
}

}  // namespace

RigImpairments::RigImpairments(const Scenario& s)
    : sample_rate_hz_(s.sample_rate_hz),
      dc_a_fs_(s.input.dc_volts[0] / s.full_scale_volts),
      dc_b_fs_(s.input.dc_volts[1] / s.full_scale_volts),
      noise_rms_fs_(dbfs_to_rms_fs(s.input.noise_dbfs)),
      mains_hz_(s.hum.mains_hz),
      drift_hz_(s.hum.drift_hz),
      drift_period_s_(s.hum.drift_period_s),
      noise_a_(s.seed * 2 + 11),
      noise_b_(s.seed * 2 + 12),
      lf_noise_a_(s.seed * 2 + 13),
      lf_noise_b_(s.seed * 2 + 14) {
    if (s.input.lf_noise_dbfs > -400.0) {
        lf_pole_ = std::exp(-kTwoPi * s.input.lf_noise_corner_hz / s.sample_rate_hz);
        lf_input_rms_fs_ = dbfs_to_rms_fs(s.input.lf_noise_dbfs) * std::sqrt((1.0 + lf_pole_) / (1.0 - lf_pole_));
        // Start in the filter's steady state (no start-up transient).
        lf_a_ = dbfs_to_rms_fs(s.input.lf_noise_dbfs) * lf_noise_a_.gaussian();
        lf_b_ = dbfs_to_rms_fs(s.input.lf_noise_dbfs) * lf_noise_b_.gaussian();
    }
    // The phases are drawn in a fixed order (harmonics, then tones) so a seed
    // reproduces the same hum in every rig.
    Rng phases(s.seed ^ 0x68756d68756dULL);
    for (const auto& h : s.hum.harmonics) max_harmonic_ = std::max(max_harmonic_, h.n);
    harmonic_phasor_.assign(static_cast<std::size_t>(max_harmonic_) + 1, 0.0);
    for (const auto& h : s.hum.harmonics)  // several entries for one n add up
        harmonic_phasor_[static_cast<std::size_t>(h.n)] += std::polar(dbfs_to_peak_fs(h.level_dbfs), kTwoPi * phases.uniform());
    for (const auto& t : s.hum.tones) {
        tone_hz_.push_back(t.frequency_hz);
        tone_peak_fs_.push_back(dbfs_to_peak_fs(t.level_dbfs));
        tone_phase_rad_.push_back(kTwoPi * phases.uniform());
    }
    for (const auto& c : s.input.clicks)
        clicks_.emplace_back(static_cast<std::uint64_t>(std::llround(c.time_s * s.sample_rate_hz)), dbfs_to_peak_fs(c.level_dbfs));
}

void RigImpairments::apply(float* a, float* b, std::size_t n, std::uint64_t start, std::size_t& clipped_a,
                           std::size_t& clipped_b) {
    const bool has_hum = max_harmonic_ > 0;
    for (std::size_t i = 0; i < n; ++i) {
        const double t = static_cast<double>(start + i) / sample_rate_hz_;
        double common = 0.0;
        if (has_hum) {
            double phi = kTwoPi * mains_hz_ * t;
            if (drift_hz_ > 0.0) phi += drift_hz_ * drift_period_s_ * (1.0 - std::cos(kTwoPi * t / drift_period_s_));
            const std::complex<double> e1(std::cos(phi), std::sin(phi));
            std::complex<double> p = 1.0;
            for (std::size_t k = 1; k <= static_cast<std::size_t>(max_harmonic_); ++k) {
                p *= e1;
                if (harmonic_phasor_[k] != 0.0) common += (harmonic_phasor_[k] * p).imag();
            }
        }
        for (const auto& [at, peak] : clicks_)
            if (at == start + i) common += peak;
        for (std::size_t k = 0; k < tone_hz_.size(); ++k)
            common += tone_peak_fs_[k] * std::sin(kTwoPi * tone_hz_[k] * t + tone_phase_rad_[k]);
        if (lf_input_rms_fs_ > 0.0) {
            lf_a_ = lf_pole_ * lf_a_ + (1.0 - lf_pole_) * lf_input_rms_fs_ * lf_noise_a_.gaussian();
            lf_b_ = lf_pole_ * lf_b_ + (1.0 - lf_pole_) * lf_input_rms_fs_ * lf_noise_b_.gaussian();
        }
        const double va = a[i] + dc_a_fs_ + common + noise_rms_fs_ * noise_a_.gaussian() + lf_a_;
        const double vb = b[i] + dc_b_fs_ + common + noise_rms_fs_ * noise_b_.gaussian() + lf_b_;
        a[i] = quantise24(va, clipped_a);
        b[i] = quantise24(vb, clipped_b);
    }
}

}  // namespace zb
