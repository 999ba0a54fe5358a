// Suspension creep: a compliance that rises towards low frequencies (the
// surround and spider are viscoelastic; Knudsen & Jensen, "Low-frequency
// loudspeaker models that include suspension creep", JAES 41(1/2), 1993).
// The compliance is C(jω) = C0·c(jω) with a creep factor c:
//
//  - none:        c = 1 (the classic constant Cms);
//  - LOG:         c = 1 − β·ln(jω/ωr), ln(jω/ωr) = ln(ω/ωr) + jπ/2, with the
//                 reference ωr set at the free-air resonance (C0 = C(ωr) in
//                 its real part); the imaginary part is the damping that
//                 creep brings with it;
//  - 3-parameter: c = 1 + β·ln(1 + ω0/(jω)), ω0 ≈ 1.5·ωs (a flat retardation
//                 spectrum, after Ritter & Agerkvist). Below ω0 it behaves
//                 like LOG, above it C → C0: bounded, causal and passive.
//
// The mechanical impedance is Zmech = jω·Mms + R0 + 1/(jω·C(jω)); the
// resonance fs is the zero of Im Zmech, and Cms is reported as the
// equivalent compliance there, Ceq(ω) = 1/Re[1/C(jω)]. Klippel's creep
// factor λ (fractional compliance drop per decade) comes from the model:
// λ = −[Ceq(fs·10^h) − Ceq(fs·10^−h)]/(2h·Ceq(fs)), h = 0.05.
//
// Compliance fit (compliance_fit): the motional admittance in electrical
// units, Y = 1/Zmot = Zmech/Bl² = jω·Cmes + G + B/(jω·c(jω)) (Cmes =
// Mms/Bl², G = R0/Bl², B = 1/(Bl²·C0)), is linear in (Cmes, G, B)
// for a fixed creep parameter; β is then searched in one dimension (golden
// section). Each point's residual is relative (ΔY/|Y|), weighted by
// √(its log-frequency width), as in the free-air fit.
// Units: SI (kg, m/N, kg/s, rad/s, Hz); electrical equivalents in F, S, 1/H.
#pragma once

#include <complex>
#include <span>
#include <string_view>

namespace zb {

enum class CreepModel { none, log, three_param };

std::string_view creep_model_key(CreepModel model);   // "none", "log", "3param"
std::string_view creep_model_name(CreepModel model);  // "constant compliance", "LOG", "3-parameter"

struct CreepFactor {
    CreepModel model = CreepModel::none;
    double beta = 0.0;
    double omega_ref_rad_s = 1.0;  // LOG: ωr; 3-parameter: ω0

    std::complex<double> at(double omega_rad_s) const;
};

// A mechanical suspension with creep, in electrical units (the motional
// branch as seen from the voice coil): Zmot = 1/Y, Y as above.
struct MotionalFit {
    CreepFactor creep;
    double cmes_f = 0.0;     // Mms/Bl²
    double g_s = 0.0;        // Rms(0)/Bl² (R0)
    double b_inv_h = 0.0;    // 1/(Bl²·C0)
    double residual = 0.0;   // RMS relative error of Y over the band
    double fs_hz = 0.0;      // zero of Im Zmech
    std::size_t points = 0;

    std::complex<double> admittance(double omega_rad_s) const;
    // The mechanical figures once Bl² is known.
    double mms_kg(double bl2) const { return cmes_f * bl2; }
    double r0_kg_s(double bl2) const { return g_s * bl2; }
    double c0_m_per_n(double bl2) const { return 1.0 / (b_inv_h * bl2); }
    // Equivalent compliance 1/Re[1/C(jω)] and the loss resistance at ω.
    double ceq_m_per_n(double bl2, double omega_rad_s) const;
    double rms_kg_s(double bl2, double omega_rad_s) const;  // Re Zmech(jω)
    double lambda_per_decade() const;
};

// Fits Y(ω) = 1/Zmot(ω) over the given points (ascending ω) with the given
// creep model. For the 3-parameter model ω0 = omega0_ratio·ωs, with ωs the
// fit's own resonance (iterated). `omega_s_start` is the |Zmot| peak.
MotionalFit compliance_fit(std::span<const double> omega_rad_s, std::span<const std::complex<double>> zmot_ohm, CreepModel model,
                           double omega_s_start, double omega0_ratio = 1.5);

}  // namespace zb
