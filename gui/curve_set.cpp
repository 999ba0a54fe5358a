#include "gui/curve_set.h"

#include <algorithm>
#include <filesystem>

#include "app/output_files.h"
#include "gui/theme.h"
#include "io/zma.h"

namespace zb::gui {

bool is_curve_file(const std::string& path) {
    const std::string ext = app::lower_extension(path);
    return ext == ".zma" || ext == ".txt" || ext == ".csv" || ext == ".dat";
}

NamedCurve& CurveSet::add(std::string name, std::string path, ImpedanceCurve curve) {
    std::string unique = unique_name(curves_, name);
    const std::size_t colour = colours_used_++ % theme::kOverlayCount;
    curves_.push_back({std::move(unique), std::move(path), std::move(curve), theme::kOverlayMagnitude[colour],
                       theme::kOverlayPhase[colour], true});
    return curves_.back();
}

Status CurveSet::open_file(const std::string& path) {
    auto curve = load_zma(path);
    if (!curve) return curve.error();
    if (curve->empty()) return make_error(path, ": no impedance points in the file");
    add(std::filesystem::path(path).stem().string(), path, std::move(*curve));
    return {};
}

}  // namespace zb::gui
