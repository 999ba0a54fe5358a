// The impedance curves zbench-gui overlays on its plot, each with a name: the
// runs measured before the current one and the curve files opened (ZMA, TXT,
// CSV from REW, DATS, LIMP, WT Pro, VituixCAD, XSim or zbench). Each can be
// hidden, renamed or removed. UI thread only.
#pragma once

#include <imgui.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "model/impedance_curve.h"
#include "util/result.h"

namespace zb::gui {

// The naming rules of the GUI's lists (curves, hum spectra): names are
// unique, "name (2)" follows "name", and a rename to a blank or taken name
// changes nothing.
template <class Items>
bool name_taken(const Items& items, const std::string& name, std::size_t except = SIZE_MAX) {
    for (std::size_t i = 0; i < items.size(); ++i)
        if (i != except && items[i].name == name) return true;
    return false;
}
template <class Items>
std::string unique_name(const Items& items, const std::string& name) {
    std::string unique = name;
    for (int k = 2; name_taken(items, unique); ++k) unique = name + " (" + std::to_string(k) + ")";
    return unique;
}
template <class Items>
bool rename_item(Items& items, std::size_t index, const std::string& name) {
    if (index >= items.size() || name.find_first_not_of(" \t") == std::string::npos || name_taken(items, name, index)) return false;
    items[index].name = name;
    return true;
}

struct NamedCurve {
    std::string name;
    std::string path;  // the file it came from; empty for a run
    ImpedanceCurve curve;
    ImU32 magnitude_colour = 0, phase_colour = 0;
    bool visible = true;
};

class CurveSet {
public:
    // Adds the curve under `name` (made unique with " (2)", ...) in the next
    // overlay colour.
    NamedCurve& add(std::string name, std::string path, ImpedanceCurve curve);
    // Reads a curve file with the CLI's reader (io/zma.h); the error names it.
    Status open_file(const std::string& path);
    // Renames curve `index`; false, with nothing changed, when the name is
    // blank or another curve has it.
    bool rename(std::size_t index, const std::string& name) { return rename_item(curves_, index, name); }
    void remove(std::size_t index) { curves_.erase(curves_.begin() + static_cast<long>(index)); }
    std::vector<NamedCurve>& curves() { return curves_; }
    const std::vector<NamedCurve>& curves() const { return curves_; }

private:
    std::vector<NamedCurve> curves_;
    std::size_t colours_used_ = 0;
};

// Curve files the GUI opens as overlays, by extension (lower case, with the dot).
bool is_curve_file(const std::string& path);

}  // namespace zb::gui
