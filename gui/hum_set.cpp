#include "gui/hum_set.h"

#include <filesystem>

#include "app/hum_format.h"
#include "gui/curve_set.h"
#include "gui/theme.h"

namespace zb::gui {

NamedHum& HumSet::add(std::string name, std::string path, HumSnapshot snapshot, std::vector<double> frequency_hz,
                      std::vector<double> level_dbfs) {
    const std::size_t colour = colours_used_++ % theme::kOverlayCount;
    items_.push_back({unique_name(items_, name), std::move(path), std::move(snapshot), std::move(frequency_hz), std::move(level_dbfs),
                      theme::kOverlayMagnitude[colour], true, ++revisions_ + (std::uint64_t{1} << 40)});
    return items_.back();
}

Status HumSet::open_report(const std::string& path) {
    auto report = app::load_hum_report(path);
    if (!report) return make_error(report.error().message);
    std::vector<double> f, level;
    if (!report->spectra.empty()) {
        f = std::move(report->spectra.front().frequency_hz);
        level = std::move(report->spectra.front().level_dbfs);
    }
    add(std::filesystem::path(path).stem().string(), path, std::move(report->snapshot), std::move(f), std::move(level));
    return {};
}

bool HumSet::rename(std::size_t index, const std::string& name) { return rename_item(items_, index, name); }

}  // namespace zb::gui
