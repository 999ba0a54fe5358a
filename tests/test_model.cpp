// Speaker model, DUT variants and the divider circuit.
#include <catch2/catch.hpp>

#include <cmath>

#include "model/divider.h"
#include "model/dut.h"
#include "model/speaker_model.h"
#include "util/units.h"

using namespace zb;

TEST_CASE("the speaker model has Re at DC, Re + Res at fs and rises with Le", "[model]") {
    SpeakerParams p;
    p.le_h = 0;
    p.l2_h = 0;
    CHECK(speaker_impedance(p, 0.0).real() == Approx(p.re_ohm));
    const double res = p.re_ohm * p.qms / p.qes;
    CHECK(std::abs(speaker_impedance(p, p.fs_hz) - std::complex<double>(p.re_ohm + res, 0.0)) < 1e-9);
    // Half-power points of the motional part: |x/Q - ...|, phase ±45° of Zmot.
    SpeakerParams q;  // with inductance
    CHECK(std::arg(speaker_impedance(q, 20000)) > 0.5);
    CHECK(std::abs(speaker_impedance(q, 20000)) > std::abs(speaker_impedance(q, 1000)));
}

TEST_CASE("the ideal divider gives back Z = R_ref·B/(A-B) exactly", "[model][divider]") {
    DividerCircuit c;
    c.input_impedance_ohm = INFINITY;
    c.source_impedance_ohm = 3.0;
    c.r_ref_ohm = 47.0;
    for (const Dut& dut : {Dut{ResistorDut{8.0}}, Dut{SpeakerDut{}}}) {
        for (double f : {10.0, 38.5, 1000.0, 20000.0}) {
            const auto r = divider_response(c, dut, f);
            const auto z = c.r_ref_ohm * r.b / (r.a - r.b);
            CHECK(std::abs(z / dut_impedance(dut, f) - 1.0) < 1e-12);
        }
    }
}

TEST_CASE("input loading and leads shift the estimate as the circuit says", "[model][divider]") {
    DividerCircuit c;
    c.input_impedance_ohm = 20000.0;
    c.leads_ohm = 0.05;
    c.r_ref_ohm = 10.0;
    const auto r = divider_response(c, ResistorDut{8.0}, 1000.0);
    const auto z = c.r_ref_ohm * r.b / (r.a - r.b);
    const double expected = 1.0 / (1.0 / 20000.0 + 1.0 / 8.05);
    CHECK(z.real() == Approx(expected).epsilon(1e-12));
}

TEST_CASE("open, short and a shorted R_ref behave physically", "[model][divider]") {
    DividerCircuit c;
    c.input_impedance_ohm = INFINITY;
    auto open = divider_response(c, OpenDut{}, 100.0);
    CHECK(std::abs(open.a - 1.0) < 1e-12);  // no current flows
    CHECK(std::abs(open.b - 1.0) < 1e-12);
    auto shorted = divider_response(c, ShortDut{}, 100.0);
    CHECK(std::abs(shorted.b) == 0.0);
    CHECK(std::abs(shorted.a) == Approx(10.0 / 10.1));  // Rs 0.1 into R_ref 10
    c.r_ref_ohm = 0.0;
    auto same = divider_response(c, ResistorDut{8.0}, 100.0);
    CHECK(same.a == same.b);
}

TEST_CASE("a measured curve on the rig interpolates between its points", "[model]") {
    ImpedanceCurve curve;
    curve.push_back(10, {6, 1});
    curve.push_back(100, {20, -5});
    curve.push_back(1000, {7, 3});
    const auto dut = make_curve_dut("x.zma", curve);
    CHECK(std::abs(dut_impedance(dut, 100.0) - std::complex<double>(20, -5)) < 1e-9);
    CHECK(std::string(dut_model_name(dut)) == "zma");
}
