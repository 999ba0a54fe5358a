// Spectral analysis windows and their correction factors (Harris, "On the use
// of windows for harmonic analysis with the discrete Fourier transform",
// Proc. IEEE 66(1), 1978; Heinzel, Rüdiger & Schilling, "Spectrum and spectral
// density estimation by the DFT", MPI Hannover, 2002).
//
// coherent_gain = Σw/n: divide a bin's amplitude by it to read a tone's level.
// enbw_bins = n·Σw²/(Σw)²: multiply the bin width by it for a noise density.
// Windows are periodic (DFT-even), as used for spectral analysis.
#pragma once

#include <cstddef>
#include <span>
#include <string_view>
#include <vector>

namespace zb {

enum class WindowKind { rectangular, hann, blackman_harris, flat_top };

std::vector<double> make_window(WindowKind kind, std::size_t n);
std::string_view window_name(WindowKind kind);

struct WindowProperties {
    double coherent_gain = 1.0;
    double enbw_bins = 1.0;
};

WindowProperties window_properties(std::span<const double> window);

// Half-cosine (raised cosine) ramp from 0 to 1 over `length` samples: sample i
// of `length` gets 0.5 - 0.5·cos(π (i + 0.5) / length).
double half_cosine_rise(std::size_t i, std::size_t length);
// The whole ramp, half_cosine_rise(i, length) for i in [0, length).
std::vector<double> half_cosine_rise_table(std::size_t length);

// out[k] = cos(offset + k·step) for every k, by rotating a unit phasor one
// step per sample and restarting it from std::cos and std::sin every 64
// samples: within 4e-14 of std::cos over a window's arguments (a few
// turns), at a few times less than its cost.
void fill_cosines(double offset_rad, double step_rad, std::span<double> out);

}  // namespace zb
