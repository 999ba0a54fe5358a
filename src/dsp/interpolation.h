// Interpolation helpers.
//
// lagrange_at: N-point Lagrange interpolation of uniformly spaced samples at
// a fractional index (N even, the nearest N samples). For a resonance whose
// half-power half-width spans w samples the error is about (1/w)^N of the
// peak: with N = 8 and a Q = 9 resonance at 20 Hz read from a spectrum with
// 0.33 Hz bins (w ≈ 3.4), about 5e-5, where 4 points (cubic) leave 5e-3.
//
// LogCurve: a measured curve (e.g. a .zma) evaluated between its points with
// magnitude interpolated in log|Z| and phase linearly, both against log f,
// which is how impedance curves behave between closely spaced points.
#pragma once

#include <algorithm>
#include <cmath>
#include <complex>
#include <cstddef>
#include <vector>

namespace zb {

// value(i) returns sample i; T is its type.
template <class T, class ValueFn>
T lagrange_at_fn(std::size_t count, double position, const ValueFn& value, int points = 8) {
    if (count == 0) return T{};
    const long n = std::min<long>(points, static_cast<long>(count));
    long first = static_cast<long>(std::floor(position)) - (n / 2 - 1);
    first = std::clamp(first, 0L, static_cast<long>(count) - n);
    const double x = position - static_cast<double>(first);
    T sum{};
    for (long j = 0; j < n; ++j) {
        double w = 1.0;
        for (long m = 0; m < n; ++m)
            if (m != j) w *= (x - static_cast<double>(m)) / static_cast<double>(j - m);
        sum += value(static_cast<std::size_t>(first + j)) * w;
    }
    return sum;
}

template <class T>
T lagrange_at(const T* y, std::size_t count, double position, int points = 8) {
    return lagrange_at_fn<T>(count, position, [y](std::size_t i) { return y[i]; }, points);
}

class LogCurve {
public:
    LogCurve() = default;
    // frequency_hz strictly ascending and positive; magnitude > 0.
    LogCurve(std::vector<double> frequency_hz, std::vector<double> magnitude, std::vector<double> phase_rad);

    // Below the first point the magnitude is held and the phase scales with f
    // down to 0 at DC (so a real DC value exists); above the last point both
    // are held.
    std::complex<double> at(double frequency_hz) const;
    bool empty() const { return log_f_.empty(); }

private:
    std::vector<double> log_f_, log_mag_, phase_;
};

}  // namespace zb
