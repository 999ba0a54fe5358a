// Moving mass, compliance and Bl from added-mass curves with suspension creep
// (Candy & Futtrup, "Dual added mass", JAES 65(12), 2017; formulas in the
// project notes, ts-creep.md).
//
// Dual mass (m1 < m2, μ = m2/m1), on the free-air curve's frequency grid:
//  1. ΔZk = Z0 − Zk cancels everything that is not mechanical (Re, the voice-
//     coil inductance, leads, reference resistor).
//  2. The motional impedance without a model:
//       Zm* = (1 − μ)·ΔZ1·ΔZ2/(ΔZ2 − μ·ΔZ1)   (= Bl²/Zmech exactly)
//     fs* is where |Zm*| peaks.
//  3. Bl²(ω) = m1·Re{jω·Zm*·(Zm* − ΔZ1)/ΔZ1}, averaged over 0.8–1.2·fs*.
//     Its flatness there (half the max − min spread of Bl, relative) is the
//     data-quality check: a few % is a good run.
//  4. The compliance fit with creep (ts/creep.h) on 1/Zm* over 0.6–1.3·fs*
//     (the band that reproduces Speakerbench's figures on the L16RNX), then
//     Mms = Bl²·Cmes, Cms = Ceq(fs), Rms = Re Zmech(fs), fs = zero of Im Zmech.
// One mass: Zm = Z0 − Ze with Ze = Re + Zl from the free-air fit (the
// electrical side then rests on that model), and the same steps 3–4. Every
// mass is also used alone this way; their Mms should agree (within 2 %).
//
// Uncertainty, 1 σ: Bl² from the scatter of Bl²(ω) in its band (σ/√n);
// Mms and Cms add the half range over three fit bands (0.5–1.2, 0.6–1.3,
// 0.7–1.5·fs*), which is the model error the band choice exposes.
// Units: SI (kg, m/N, T·m, kg/s, Hz).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "model/impedance_curve.h"
#include "ts/creep.h"
#include "ts/driver_model.h"
#include "ts/uncertain.h"
#include "util/result.h"

namespace zb {

struct MassCurve {
    const ImpedanceCurve* curve = nullptr;
    double mass_kg = 0.0;
    std::string name;
};

// Which creep model sets the result: `automatic` takes the smaller residual
// of LOG and 3-parameter (both have four parameters).
enum class CreepChoice { automatic, none, log, three_param };

struct CreepAddedMassOptions {
    CreepChoice model = CreepChoice::automatic;
    double fit_low = 0.6, fit_high = 1.3;  // compliance-fit band, × fs*
    double bl_low = 0.8, bl_high = 1.2;    // Bl² averaging band, × fs*
};

struct CreepMechanics {
    MotionalFit fit;
    Uncertain mms_kg, cms_m_per_n;
    double rms_kg_s = 0.0;    // Re Zmech at fs (R0 plus the creep's loss)
    double r0_kg_s = 0.0;
    double c0_m_per_n = 0.0;
    double lambda = 0.0;      // per decade, from the model
};

struct CreepAddedMassResult {
    bool dual = false;               // two masses (model-free Zm*) or one
    double m1_kg = 0.0, m2_kg = 0.0; // m2 is 0 with one mass
    double fs_peak_hz = 0.0;         // where |Zm*| peaks
    Uncertain bl_tm;
    double bl_flatness = 0.0;        // half the spread of Bl(ω) over its band, relative
    double bl_band_hz[2] = {0, 0};
    double fit_band_hz[2] = {0, 0};
    CreepMechanics chosen;
    std::vector<CreepMechanics> models;  // none, LOG, 3-parameter
    std::vector<double> single_mms_kg;   // each mass alone (ascending mass), same creep model
};

// `free_fit` supplies Ze for the single-mass form. Errors: curves that do not
// overlap around the resonance, masses in the wrong order, no usable band.
Result<CreepAddedMassResult> creep_added_mass(const ImpedanceCurve& free_air, const DriverParams& free_fit,
                                              const std::vector<MassCurve>& masses, const CreepAddedMassOptions& options = {});

}  // namespace zb
