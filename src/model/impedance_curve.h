// An impedance curve: |Z| in ohms and phase in degrees against frequency in
// hertz, ascending. The in-memory form of a .zma file and of a measurement.
#pragma once

#include <complex>
#include <cstddef>
#include <vector>

#include "util/units.h"

namespace zb {

struct ImpedanceCurve {
    std::vector<double> frequency_hz;
    std::vector<double> magnitude_ohm;
    std::vector<double> phase_deg;

    std::size_t size() const { return frequency_hz.size(); }
    bool empty() const { return frequency_hz.empty(); }
    std::complex<double> z(std::size_t i) const { return std::polar(magnitude_ohm[i], deg_to_rad(phase_deg[i])); }
    void push_back(double f_hz, std::complex<double> z_ohm) {
        frequency_hz.push_back(f_hz);
        magnitude_ohm.push_back(std::abs(z_ohm));
        phase_deg.push_back(rad_to_deg(std::arg(z_ohm)));
    }
};

}  // namespace zb
