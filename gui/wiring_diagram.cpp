// Wiring diagrams for the calibration steps (calibration/steps.h), drawn
// with ImDrawList: the interface output drives node A through R_ref to node
// B and the DUT position to ground; input A reads node A, input B node B.
#include <imgui.h>

#include <cmath>
#include <optional>
#include <string>

#include "gui/calibration_panel.h"
#include "gui/theme.h"

namespace zb::gui {

namespace {

constexpr ImU32 kWire = IM_COL32(220, 220, 220, 255);
constexpr ImU32 kPart = IM_COL32(255, 196, 0, 255);
constexpr ImU32 kInput = IM_COL32(64, 160, 255, 255);
constexpr ImU32 kNote = IM_COL32(255, 110, 100, 255);
constexpr ImU32 kBox = IM_COL32(40, 44, 56, 255);

// The diagram is drawn at the unscaled size and its vertices scaled after
// (draw_wiring), so its text is drawn at the font's size divided by the scale.
float g_scale = 1.0f;

void label(ImDrawList* dl, ImVec2 at, ImU32 colour, const std::string& text, bool centred = true) {
    const float width = ImGui::CalcTextSize(text.c_str()).x / g_scale;
    dl->AddText(ImGui::GetFont(), ImGui::GetFontSize() / g_scale, {centred ? at.x - width / 2 : at.x, at.y}, colour, text.c_str());
}

void box(ImDrawList* dl, ImVec2 a, ImVec2 b, ImU32 colour, const std::string& text) {
    dl->AddRectFilled(a, b, kBox, 4.0f);
    dl->AddRect(a, b, colour, 4.0f, 0, 2.0f);
    label(dl, {(a.x + b.x) / 2, (a.y + b.y) / 2 - ImGui::GetTextLineHeight() / 2}, colour, text);
}

// A resistor as a zigzag between two points on a horizontal or vertical line.
void resistor(ImDrawList* dl, ImVec2 a, ImVec2 b, ImU32 colour) {
    const bool horizontal = std::abs(b.x - a.x) > std::abs(b.y - a.y);
    ImVec2 pts[14];
    const int n = 14;
    for (int i = 0; i < n; ++i) {
        const float t = static_cast<float>(i) / (n - 1);
        const float zig = (i == 0 || i == n - 1) ? 0.0f : ((i % 2) ? 7.0f : -7.0f);
        pts[i] = horizontal ? ImVec2(a.x + t * (b.x - a.x), a.y + zig) : ImVec2(a.x + zig, a.y + t * (b.y - a.y));
    }
    dl->AddPolyline(pts, n, colour, 0, 2.0f);
}

// A loudspeaker symbol (magnet box and cone) on a vertical branch at x.
void speaker(ImDrawList* dl, float x, float y0, float y1, ImU32 colour) {
    const float ym = (y0 + y1) / 2;
    dl->AddLine({x, y0}, {x, ym - 14}, kWire, 2.0f);
    dl->AddLine({x, ym + 14}, {x, y1}, kWire, 2.0f);
    dl->AddRect({x - 8, ym - 14}, {x + 8, ym + 14}, colour, 0.0f, 0, 2.0f);
    dl->AddQuad({x + 8, ym - 8}, {x + 26, ym - 24}, {x + 26, ym + 24}, {x + 8, ym + 8}, colour, 2.0f);
}

void draw_unscaled(ImDrawList* dl, std::optional<calibration::Step> step, double known_ohms, float x, float y, float width, float height);

}  // namespace

void draw_wiring(std::optional<calibration::Step> step, double known_ohms, float x, float y, float width, float height) {
    ImDrawList* dl = ImGui::GetWindowDrawList();
    g_scale = theme::px(1.0f);
    const int first = dl->VtxBuffer.Size;
    draw_unscaled(dl, step, known_ohms, x, y, width / g_scale, height / g_scale);
    for (int i = first; i < dl->VtxBuffer.Size; ++i) {
        ImVec2& p = dl->VtxBuffer[i].pos;
        p = {x + (p.x - x) * g_scale, y + (p.y - y) * g_scale};
    }
}

namespace {

void draw_unscaled(ImDrawList* dl, std::optional<calibration::Step> step, double known_ohms, float x, float y, float width, float height) {
    using calibration::Step;
    dl->AddRectFilled({x, y}, {x + width, y + height}, IM_COL32(18, 20, 26, 255));
    const float top = y + 50, gnd = y + height - 40;
    const float th = ImGui::GetTextLineHeight() / g_scale;
    const float x_out = x + 20, x_a = x + 0.30f * width, x_b = x + 0.58f * width, x_dut = x + 0.80f * width;
    // The interface output and the ground return.
    box(dl, {x_out, top - 18}, {x_out + 110, top + 18}, kInput, "interface OUT");
    dl->AddLine({x_out + 55, top + 18}, {x_out + 55, gnd}, kWire, 2.0f);
    label(dl, {x_out + 60, gnd - th - 2}, kWire, "ground", false);
    const float a_box_y = top + 0.45f * (gnd - top);

    if (step == Step::loopback) {
        dl->AddLine({x_out + 110, top}, {x_a, top}, kWire, 2.0f);
        dl->AddLine({x_a, top}, {x_a, a_box_y - 16}, kWire, 2.0f);
        box(dl, {x_a - 45, a_box_y - 16}, {x_a + 45, a_box_y + 16}, kInput, "input A");
        dl->AddLine({x_out + 55, gnd}, {x_a, gnd}, kWire, 2.0f);
        dl->AddLine({x_a, a_box_y + 16}, {x_a, gnd}, kWire, 1.0f);
        label(dl, {x_a + 60, top + 6}, kNote, "output straight into input A: no R_ref, no driver", false);
        return;
    }
    // Output -> node A -> R_ref -> node B -> DUT -> ground.
    dl->AddLine({x_out + 110, top}, {x_a, top}, kWire, 2.0f);
    const float r0 = x_a + 0.2f * (x_b - x_a), r1 = x_b - 0.2f * (x_b - x_a);
    dl->AddLine({x_a, top}, {r0, top}, kWire, 2.0f);
    resistor(dl, {r0, top}, {r1, top}, kPart);
    label(dl, {(r0 + r1) / 2, top - th - 12}, kPart, "R_ref");
    dl->AddLine({r1, top}, {x_dut, top}, kWire, 2.0f);
    for (float xn : {x_a, x_b}) dl->AddCircleFilled({xn, top}, 4.0f, kWire);
    label(dl, {x_a, top - th - 6}, kWire, "A");
    label(dl, {x_b, top - th - 6}, kWire, "B");
    dl->AddLine({x_out + 55, gnd}, {x_dut, gnd}, kWire, 2.0f);
    // The inputs: A on node A, B on node B, both referred to ground.
    dl->AddLine({x_a, top}, {x_a, a_box_y - 16}, kWire, 2.0f);
    box(dl, {x_a - 45, a_box_y - 16}, {x_a + 45, a_box_y + 16}, kInput, "input A");
    dl->AddLine({x_b, top}, {x_b, a_box_y - 16}, kWire, 2.0f);
    box(dl, {x_b - 45, a_box_y - 16}, {x_b + 45, a_box_y + 16}, kInput, "input B");
    dl->AddLine({x_a, a_box_y + 16}, {x_a, gnd}, kWire, 1.0f);
    dl->AddLine({x_b, a_box_y + 16}, {x_b, gnd}, kWire, 1.0f);

    // The DUT position.
    const float ym = (top + gnd) / 2;
    if (step) switch (*step) {
        case Step::channel_match:
        case Step::sensitivity:
            // R_ref shorted by a link: both inputs see the drive node; driver off.
            dl->AddBezierCubic({r0, top}, {r0 + 10, top + 28}, {r1 - 10, top + 28}, {r1, top}, kNote, 3.0f);
            label(dl, {(r0 + r1) / 2, top + 26}, kNote, "link: short R_ref");
            dl->AddLine({x_dut, top}, {x_dut, top + 20}, kWire, 2.0f);
            label(dl, {x_dut, top + 24}, kNote, "driver disconnected");
            if (step == Step::sensitivity) label(dl, {x_b, a_box_y + 24}, kNote, "voltmeter (V RMS) across A and ground");
            break;
        case Step::reference:
            resistor(dl, {x_dut, top}, {x_dut, gnd}, kPart);
            // Two lines each: the room right of the DUT is a fifth of the width.
            label(dl, {x_dut + 14, ym - th}, kPart,
                  "precision\n" + (known_ohms > 0 ? std::to_string(known_ohms).substr(0, 6) + " ohm" : std::string("resistor")),
                  false);
            break;
        case Step::short_leads:
            dl->AddLine({x_dut, top}, {x_dut, gnd}, kNote, 3.0f);
            label(dl, {x_dut + 10, ym - th}, kNote, "clips shorted\ntogether", false);
            break;
        case Step::open_leads:
            dl->AddLine({x_dut, top}, {x_dut, ym - 12}, kWire, 2.0f);
            dl->AddLine({x_dut, ym + 12}, {x_dut, gnd}, kWire, 2.0f);
            label(dl, {x_dut + 10, ym - th / 2}, kNote, "clips open", false);
            break;
        case Step::loopback:
            break;
    }
    if (!step) {
        speaker(dl, x_dut, top, gnd, kPart);
        label(dl, {x_dut + 32, ym - th / 2}, kPart, "driver", false);
    }
}

}  // namespace

}  // namespace zb::gui
