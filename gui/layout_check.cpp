#include "gui/layout_check.h"

#include <imgui.h>
#include <imgui_internal.h>

#include <algorithm>
#include <cstdio>
#include <map>
#include <set>
#include <utility>

namespace zb::gui::layout {

namespace {

bool g_enabled = false;
std::vector<std::string> g_problems;
std::set<std::string> g_seen;  // "window|text" of each label reported
std::string g_place;

struct GlyphRef {
    const ImFont* font;
    const ImFontGlyph* glyph;
};

// A line of text as drawn: where it starts, the characters, where its last
// glyph would end uncut, and the clip edge it met.
struct Run {
    std::string text;
    float start_x = 0.0f, baseline_y = 0.0f, end_x = 0.0f, clip_x = 0.0f, space_px = 0.0f;
    bool cut = false;
};

// The window's name without its parents and ImGui's id suffix: "zbench/setup_1A2B3C4D" -> "setup".
std::string short_name(const char* name) {
    std::string s = name;
    if (const auto slash = s.rfind('/'); slash != std::string::npos) s.erase(0, slash + 1);
    if (const auto us = s.rfind('_'); us != std::string::npos && s.size() - us == 9) s.resize(us);
    if (s.rfind("##", 0) == 0) s.erase(0, 2);
    return s;
}

void report(const std::string& window, const std::string& text, float needed_px, float available_px, bool at_least) {
    if (!g_seen.insert(window + "|" + text).second) return;
    char line[512];
    std::snprintf(line, sizeof line, "clipped: %s, %s: \"%s\" needs %s%.0f px, has %.0f px", g_place.c_str(), window.c_str(),
                  text.c_str(), at_least ? "more than " : "", needed_px, available_px);
    g_problems.emplace_back(line);
}

void append_utf8(std::string& s, unsigned c) {
    if (c < 0x80) {
        s += static_cast<char>(c);
    } else if (c < 0x800) {
        s += static_cast<char>(0xC0 | (c >> 6));
        s += static_cast<char>(0x80 | (c & 0x3F));
    } else {
        s += static_cast<char>(0xE0 | (c >> 12));
        s += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
        s += static_cast<char>(0x80 | (c & 0x3F));
    }
}

// The lines of text in `list`: ImFont::RenderText emits each glyph as four
// vertices and the indices (k, k+1, k+2, k, k+2, k+3), textured from the
// glyph's rectangle in the font atlas.
std::vector<Run> text_runs(const ImDrawList& list, const std::map<std::pair<float, float>, GlyphRef>& glyphs) {
    std::vector<Run> runs;
    for (const ImDrawCmd& cmd : list.CmdBuffer) {
        if (cmd.UserCallback || cmd.ElemCount < 6) continue;
        Run* run = nullptr;
        const ImDrawIdx* idx = list.IdxBuffer.Data + cmd.IdxOffset;
        for (unsigned i = 0; i + 6 <= cmd.ElemCount;) {
            const unsigned k = idx[i] + cmd.VtxOffset;
            const bool quad = idx[i + 1] + cmd.VtxOffset == k + 1 && idx[i + 2] + cmd.VtxOffset == k + 2 && idx[i + 3] + cmd.VtxOffset == k &&
                              idx[i + 4] + cmd.VtxOffset == k + 2 && idx[i + 5] + cmd.VtxOffset == k + 3;
            const ImDrawVert* v = list.VtxBuffer.Data + k;
            const auto found = quad ? glyphs.find({v[0].uv.x, v[0].uv.y}) : glyphs.end();
            if (found == glyphs.end()) {
                i += quad ? 6 : 3;
                run = nullptr;
                continue;
            }
            i += 6;
            const ImFontGlyph& g = *found->second.glyph;
            const float v_span = v[2].uv.y - v[0].uv.y;
            if (!(v_span > 0.0f) || g.Y1 <= g.Y0) continue;
            const float scale = (v[2].pos.y - v[0].pos.y) / ((g.Y1 - g.Y0) * v_span / (g.V1 - g.V0));
            const float origin_x = v[0].pos.x - g.X0 * scale, baseline_y = v[0].pos.y - g.Y0 * scale;
            const bool cpu_cut = v[2].uv.x < g.U1 - 1e-6f;
            const float full_x2 = v[0].pos.x + (g.X1 - g.X0) * scale;
            if (!run || std::abs(baseline_y - run->baseline_y) > 0.5f || origin_x < run->end_x - 0.5f ||
                origin_x > run->end_x + 3.0f * run->space_px) {
                runs.push_back({});
                run = &runs.back();
                run->start_x = origin_x;
                run->baseline_y = baseline_y;
                const ImFontGlyph* space = found->second.font->FindGlyphNoFallback(' ');
                run->space_px = (space ? space->AdvanceX : g.AdvanceX) * scale;
            } else {
                for (float x = run->end_x + 0.5f * run->space_px; x < origin_x; x += run->space_px) run->text += ' ';
            }
            append_utf8(run->text, g.Codepoint);
            run->end_x = origin_x + g.AdvanceX * scale;
            run->clip_x = cpu_cut ? v[2].pos.x : cmd.ClipRect.z;
            if (cpu_cut || full_x2 > cmd.ClipRect.z + 0.5f) run->cut = true;
        }
    }
    return runs;
}

}  // namespace

void enable() { g_enabled = true; }
bool enabled() { return g_enabled; }
const std::vector<std::string>& problems() { return g_problems; }

void check_combo_preview(const char* text) {
    if (!g_enabled) return;
    const ImGuiStyle& style = ImGui::GetStyle();
    const float needed = ImGui::CalcTextSize(text).x;
    const float available = ImGui::GetItemRectSize().x - ImGui::GetFrameHeight() - style.FramePadding.x;
    if (needed > available) report(short_name(ImGui::GetCurrentWindow()->Name), text, needed, available, false);
}

void set_place(std::string place) { g_place = std::move(place); }

void inspect_frame() {
    if (!g_enabled) return;
    // Each glyph of each font by the top-left corner of its atlas rectangle.
    std::map<std::pair<float, float>, GlyphRef> glyphs;
    for (const ImFont* font : ImGui::GetIO().Fonts->Fonts)
        for (const ImFontGlyph& g : font->Glyphs)
            if (g.Visible) glyphs.emplace(std::make_pair(g.U0, g.V0), GlyphRef{font, &g});
    for (ImGuiWindow* w : GImGui->Windows) {
        if (!w->Active || w->Hidden || (w->Flags & ImGuiWindowFlags_Tooltip)) continue;
        const std::string name = short_name(w->Name);
        bool named = false;
        const std::vector<Run> runs = text_runs(*w->DrawList, glyphs);
        for (const Run& r : runs) {
            // A glyph cut at the clip edge, or the text's end right at it
            // (the next glyph, skipped whole, leaves no trace).
            if (!r.cut && r.end_x <= r.clip_x - 1.0f) continue;
            report(name, r.text, std::max(r.end_x, r.clip_x) - r.start_x, r.clip_x - r.start_x, true);
            named = true;
        }
        // Content wider than the window: name the text nearest its right edge.
        const float content_px = std::max(w->ContentSize.x, w->ContentSizeIdeal.x) + 2.0f * w->WindowPadding.x;
        const float inner_px = w->InnerRect.GetWidth();
        if (named || w->ScrollbarX || content_px <= inner_px + 1.0f) continue;
        const auto last = std::max_element(runs.begin(), runs.end(), [](const Run& a, const Run& b) { return a.end_x < b.end_x; });
        report(name, last == runs.end() ? "(the window's content)" : last->text + " (nearest the edge)", content_px, inner_px, false);
    }
}

}  // namespace zb::gui::layout
