// Box tuning from the impedance of a driver in a vented box: two resonance
// peaks, fL below and fH above the tuning frequency fb, where the port's
// air mass resonates with the box and the cone barely moves, so |Z| has its
// minimum between the peaks, close to Re (Thiele, "Loudspeakers in vented
// boxes", Proc. IREE 1961; Small, JAES 21(5), 1973; the usual way REW, LIMP
// and DATS read fb). fb is that minimum, refined by a parabola in
// (ln f, |Z|). When the curve starts above fL (negative phase and falling
// |Z| at its lowest frequency), fL is reported as below the band.
// With three or more peaks (e.g. two drivers, one behind a filter) the two
// lowest resonances are used. Units: Hz, Ω.
#pragma once

#include <optional>
#include <vector>

#include "model/impedance_curve.h"
#include "ts/resonance_peaks.h"

namespace zb {

struct VentedBoxResult {
    double fb_hz = 0.0;
    double z_fb_ohm = 0.0;
    std::optional<ResonancePeak> low;  // absent when below the band
    ResonancePeak high;
    bool low_below_band = false;
    double curve_fmin_hz = 0.0;        // the curve's lowest frequency
    double re_floor_ohm = 0.0;         // the curve's smallest Re{Z}
    std::vector<ResonancePeak> peaks;  // every resonance found
};

// Nothing unless the curve shows two resonances (one may be below the band).
std::optional<VentedBoxResult> vented_box_tuning(const ImpedanceCurve& curve, const ResonanceScan& scan);

}  // namespace zb
