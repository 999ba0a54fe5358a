// The device under test on the virtual rig: a resistor, a modelled speaker, a
// measured curve (.zma) interpolated between its points, or an open or short.
#pragma once

#include <complex>
#include <string>
#include <variant>

#include "dsp/interpolation.h"
#include "model/impedance_curve.h"
#include "model/speaker_model.h"

namespace zb {

struct ResistorDut {
    double r_ohm = 8.0;
};
struct SpeakerDut {
    SpeakerParams params;
};
struct CurveDut {
    std::string file;
    ImpedanceCurve curve;
    LogCurve interpolant;
};
struct OpenDut {};
struct ShortDut {};

using Dut = std::variant<ResistorDut, SpeakerDut, CurveDut, OpenDut, ShortDut>;

CurveDut make_curve_dut(std::string file, ImpedanceCurve curve);

bool dut_is_open(const Dut& dut);
// Impedance at frequency_hz; not meaningful for an open DUT (check dut_is_open).
std::complex<double> dut_impedance(const Dut& dut, double frequency_hz);
const char* dut_model_name(const Dut& dut);

}  // namespace zb
