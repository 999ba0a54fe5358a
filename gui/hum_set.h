// The hum spectra zbench-gui keeps beside the newest recording: earlier
// recordings and opened hum reports (`zbench hum --json --spectrum`, read
// through app/hum_format.h), each with a name, a colour and visibility, to
// overlay and to compare two of them (hum/compare.h: the change of each mains
// harmonic in dB). UI thread only.
#pragma once

#include <imgui.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "hum/compare.h"

namespace zb::gui {

struct NamedHum {
    std::string name;
    std::string path;  // the report it came from; empty for a recording
    HumSnapshot snapshot;
    std::vector<double> frequency_hz, level_dbfs;  // the first input's spectrum, dBFS per bin
    ImU32 colour = 0;
    bool visible = true;
    std::uint64_t revision = 0;  // unique per entry, for the plot's curve cache
};

class HumSet {
public:
    // Adds under `name` (made unique with " (2)", ...) in the next colour.
    NamedHum& add(std::string name, std::string path, HumSnapshot snapshot, std::vector<double> frequency_hz,
                  std::vector<double> level_dbfs);
    // Reads a hum report; the error names the file. A report written without
    // its spectrum is still listed, for the comparison.
    Status open_report(const std::string& path);
    bool rename(std::size_t index, const std::string& name);
    void remove(std::size_t index) { items_.erase(items_.begin() + static_cast<long>(index)); }
    std::vector<NamedHum>& curves() { return items_; }
    const std::vector<NamedHum>& curves() const { return items_; }

private:
    std::vector<NamedHum> items_;
    std::size_t colours_used_ = 0;
    std::uint64_t revisions_ = 0;
};

}  // namespace zb::gui
