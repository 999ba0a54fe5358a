#include "model/dut.h"

#include <limits>
#include <type_traits>

namespace zb {

CurveDut make_curve_dut(std::string file, ImpedanceCurve curve) {
    CurveDut dut;
    dut.file = std::move(file);
    std::vector<double> phase_rad(curve.phase_deg.size());
    for (std::size_t i = 0; i < phase_rad.size(); ++i) phase_rad[i] = deg_to_rad(curve.phase_deg[i]);
    dut.interpolant = LogCurve(curve.frequency_hz, curve.magnitude_ohm, std::move(phase_rad));
    dut.curve = std::move(curve);
    return dut;
}

bool dut_is_open(const Dut& dut) { return std::holds_alternative<OpenDut>(dut); }

std::complex<double> dut_impedance(const Dut& dut, double f) {
    return std::visit(
        [f](const auto& d) -> std::complex<double> {
            using T = std::decay_t<decltype(d)>;
            if constexpr (std::is_same_v<T, ResistorDut>) return d.r_ohm;
            else if constexpr (std::is_same_v<T, SpeakerDut>) return speaker_impedance(d.params, f);
            else if constexpr (std::is_same_v<T, CurveDut>) return d.interpolant.at(f);
            else if constexpr (std::is_same_v<T, ShortDut>) return 0.0;
            else return std::numeric_limits<double>::infinity();
        },
        dut);
}

const char* dut_model_name(const Dut& dut) {
    switch (dut.index()) {
        case 0: return "resistor";
        case 1: return "speaker";
        case 2: return "zma";
        case 3: return "open";
        default: return "short";
    }
}

}  // namespace zb
