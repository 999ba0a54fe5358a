#include "app/ts_job.h"

#include <algorithm>

#include "io/zma.h"
#include "safety/format_number.h"

namespace zb::app {

namespace {

TsCurve load(const std::string& path, const char* setting, const TsRequest& r, std::vector<std::string>& notes) {
    if (auto held = r.curves.find(path); held != r.curves.end()) return {held->second, path};
    auto file = load_zma_file(path, {r.phase_radians, r.phase_degrees});
    if (!file) fail(Failure::bad_file, setting, file.message());
    if (const std::string note = zma_phase_note(*file, path); !note.empty())
        notes.push_back(note.substr(0, note.rfind("; set the phase unit")) + "; use {phase_degrees} if that is wrong");
    return {std::move(file->curve), path};
}

}  // namespace

void check_ts_request(const TsRequest& r) {
    if (r.free_air.empty()) fail_setting("free_air", "{free_air} is needed: the driver's impedance in free air");
    for (const auto& m : r.added_mass) {
        if (m.file.empty()) fail_setting("added_mass_zma", "{added_mass_zma}: give the curve measured with the added mass");
        if (!(m.mass_g > 0.0 && m.mass_g < 1e5))
            fail_setting("added_mass_g", "{added_mass_g} must be a mass in grams above 0 (got " + format_number(m.mass_g) + ")");
    }
    if (r.box_file.empty() != !r.box_litres)
        fail_setting(r.box_file.empty() ? "box_zma" : "box_litres",
                     "{box_zma} and {box_litres} go together: the closed-box curve and the box's net volume in litres");
    if (r.box_litres && !(*r.box_litres > 0.0))
        fail_setting("box_litres", "{box_litres} must be the box's net volume in litres, above 0 (got " + format_number(*r.box_litres) + ")");
    if (r.sd_cm2 && !(*r.sd_cm2 > 0.0))
        fail_setting("sd_cm2", "{sd_cm2} must be the cone's effective area in cm^2, above 0 (got " + format_number(*r.sd_cm2) + ")");
    if (r.re_ohm && !(*r.re_ohm > 0.0))
        fail_setting("re", "{re} must be the DC resistance in ohms, above 0 (got " + format_number(*r.re_ohm) + ")");
    if (r.fmin_hz && !(*r.fmin_hz > 0.0)) fail_setting("fmin", "{fmin} must be above 0 Hz");
    if (r.fmin_hz && r.fmax_hz && !(*r.fmin_hz < *r.fmax_hz)) fail_setting("fmin", "{fmin} must be below {fmax}");
    if (r.phase_radians && r.phase_degrees) fail_setting("phase_degrees", "{phase_radians} and {phase_degrees} contradict each other; give one");
    if (r.model != "auto" && r.model != "lr2" && r.model != "wright" && r.model != "lr2-creep" && r.model != "wright-creep")
        fail_setting("model", "{model} " + r.model + ": use auto, lr2, wright, lr2-creep or wright-creep");
}

AppResult<TsJobResult> run_ts(const TsRequest& r) {
    return run_job([&] {
        check_ts_request(r);
        TsJobResult out;
        out.request = r;
        TsConfig& config = out.config;
        const std::string inductance = r.model.substr(0, r.model.find("-creep"));
        config.fit.model = inductance == "lr2" ? ModelChoice::lr2 : inductance == "wright" ? ModelChoice::wright : ModelChoice::automatic;
        config.fit.creep = r.model.ends_with("-creep");
        config.fit.re_ohm = r.re_ohm;
        if (r.fmin_hz) config.fit.fmin_hz = *r.fmin_hz;
        if (r.fmax_hz) config.fit.fmax_hz = *r.fmax_hz;
        if (r.sd_cm2) config.sd_m2 = *r.sd_cm2 * 1e-4;
        out.free_air = load(r.free_air, "free_air", r, out.notes);
        const TsCurve& free_air = out.free_air;
        // A passive driver's |Z| never falls below its Re; a meter reading
        // above the curve's floor is a wrong value or a different driver.
        if (r.re_ohm && !free_air.curve.magnitude_ohm.empty()) {
            const double floor_ohm = *std::min_element(free_air.curve.magnitude_ohm.begin(), free_air.curve.magnitude_ohm.end());
            if (*r.re_ohm > floor_ohm) {
                std::string message = "{re} ";
                message.append(format_number(*r.re_ohm)).append(" ohm lies above the minimum |Z| of ").append(r.free_air);
                message.append(" (").append(format_number(floor_ohm)).append(" ohm), which a driver's DC resistance cannot; measure Re again or leave {re} out");
                fail_setting("re", message);
            }
        }
        for (const auto& m : r.added_mass) config.added_mass.push_back({load(m.file, "added_mass_zma", r, out.notes), m.mass_g * 1e-3});
        if (!r.box_file.empty()) config.closed_box = ClosedBoxInput{load(r.box_file, "box_zma", r, out.notes), *r.box_litres * 1e-3};
        auto result = analyse_ts(free_air, config);
        if (!result) fail(Failure::bad_file, "", result.message());
        if (!result->free_air && !result->vented_box) fail(Failure::bad_file, "free_air", r.free_air + ": " + result->warnings.front());
        out.ts = std::move(*result);
        return out;
    });
}

}  // namespace zb::app
