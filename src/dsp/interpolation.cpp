#include "dsp/interpolation.h"

namespace zb {

LogCurve::LogCurve(std::vector<double> frequency_hz, std::vector<double> magnitude, std::vector<double> phase_rad)
    : phase_(std::move(phase_rad)) {
    log_f_.reserve(frequency_hz.size());
    log_mag_.reserve(magnitude.size());
    for (double f : frequency_hz) log_f_.push_back(std::log(f));
    for (double m : magnitude) log_mag_.push_back(std::log(m));
}

std::complex<double> LogCurve::at(double frequency_hz) const {
    if (log_f_.empty()) return {};
    if (frequency_hz <= 0.0) return {std::exp(log_mag_.front()), 0.0};
    const double lf = std::log(frequency_hz);
    if (lf <= log_f_.front()) {
        const double scale = frequency_hz / std::exp(log_f_.front());
        return std::polar(std::exp(log_mag_.front()), phase_.front() * scale);
    }
    if (lf >= log_f_.back()) return std::polar(std::exp(log_mag_.back()), phase_.back());
    const auto it = std::upper_bound(log_f_.begin(), log_f_.end(), lf);
    const std::size_t hi = static_cast<std::size_t>(it - log_f_.begin());
    const std::size_t lo = hi - 1;
    const double t = (lf - log_f_[lo]) / (log_f_[hi] - log_f_[lo]);
    const double mag = std::exp(log_mag_[lo] + t * (log_mag_[hi] - log_mag_[lo]));
    const double ph = phase_[lo] + t * (phase_[hi] - phase_[lo]);
    return std::polar(mag, ph);
}

}  // namespace zb
