// zbench-gui's colours, limits and words for refusals: one place, so the
// panels and the screenshot test agree (the test looks for the curve colours).
#pragma once

#include <imgui.h>

#include <cstddef>
#include <string_view>

#include "safety/refusal.h"

namespace zb::gui::theme {

inline const ImVec4 kHeading{0.55f, 0.80f, 1.00f, 1.0f};
inline const ImVec4 kText{0.85f, 0.86f, 0.90f, 1.0f};
inline const ImVec4 kWarning{1.00f, 0.78f, 0.30f, 1.0f};
inline const ImVec4 kError{1.00f, 0.42f, 0.38f, 1.0f};
inline const ImVec4 kGood{0.45f, 0.90f, 0.50f, 1.0f};

// Curves. tests/test_gui_screenshot.cpp counts pixels of kCurveA (|Z| and
// the hum spectrum of input A) inside the plot: keep them in step.
inline constexpr ImU32 kCurveA = IM_COL32(255, 196, 0, 255);    // |Z|, hum input A: amber
inline constexpr ImU32 kCurveB = IM_COL32(64, 160, 255, 255);   // phase, hum input B: blue
inline constexpr ImU32 kMains = IM_COL32(255, 90, 90, 190);
inline constexpr ImU32 kFit = IM_COL32(235, 235, 235, 110);     // the T/S model, under the data
inline constexpr ImU32 kMarker = IM_COL32(200, 200, 200, 150);  // fs, Re, Zmax, fb
inline constexpr ImU32 kBandA = IM_COL32(255, 196, 0, 70);      // kCurveA's uncertainty band
inline constexpr ImU32 kBandB = IM_COL32(64, 160, 255, 60);     // kCurveB's
// Overlaid curves (earlier runs, opened files), in turn: |Z| bright, phase dim.
inline constexpr std::size_t kOverlayCount = 6;
inline constexpr ImU32 kOverlayMagnitude[kOverlayCount] = {
    IM_COL32(90, 215, 120, 255), IM_COL32(225, 110, 225, 255), IM_COL32(80, 215, 215, 255),
    IM_COL32(175, 175, 175, 255), IM_COL32(240, 130, 100, 255), IM_COL32(160, 140, 255, 255)};
inline constexpr ImU32 kOverlayPhase[kOverlayCount] = {
    IM_COL32(60, 140, 80, 255), IM_COL32(150, 75, 150, 255), IM_COL32(55, 140, 140, 255),
    IM_COL32(115, 115, 115, 255), IM_COL32(160, 90, 70, 255), IM_COL32(105, 95, 170, 255)};

inline constexpr double kLevelMin = -60.0, kLevelMax = -3.0;

// A size in pixels at the UI's scale: `unscaled_px` at ImGui's default 13 px
// font, times the HiDPI scale the font was built at (main.cpp).
inline float px(float unscaled_px) { return unscaled_px * ImGui::GetFontSize() / 13.0f; }

// A dialog title for each refusal (the message itself says what to do).
constexpr std::string_view refusal_title(Refusal r) {
    switch (r) {
        case Refusal::none: return "Refused";
        case Refusal::level_too_high: return "The level is above the safe limit";
        case Refusal::dut_voltage: return "The voltage cap on the driver cannot be met";
        case Refusal::clipped: return "An input clipped";
        case Refusal::no_signal_on_a: return "No signal on input A";
        case Refusal::inputs_swapped: return "Inputs A and B look swapped";
        case Refusal::no_current: return "No current through the driver";
        case Refusal::shorted_dut: return "The driver looks shorted";
        case Refusal::load_too_low: return "The load is too low for this output";
    }
    return "Refused";
}

}  // namespace zb::gui::theme
