// zbench-gui --check-layout: finds labels that do not fit their space.
// Dear ImGui (Debian's 1.86, without the test-engine hooks) gives no per-item
// callback, so the check reads what a frame drew, after ImGui::Render():
//  - every window whose content is wider than its inner width while it has
//    no horizontal scrollbar (ContentSizeIdeal against InnerRect): something
//    in it is cut at its right edge;
//  - every line of text in every window's draw list (glyph quads, read back
//    to characters through the font atlas) that reaches past its clip
//    rectangle: ImGui clips such text on the GPU (a glyph quad crossing the
//    command's clip rectangle) or on the CPU (a glyph quad whose texture
//    coordinates were cut short), as for combo previews and button labels;
//  - combo previews, checked where they are drawn (check_combo_preview): a
//    preview clipped between two glyphs leaves no cut glyph to find.
// Each clipped label is reported once: the place (tab or panel), the text
// as drawn, and the widths needed and available in pixels. UI thread only.
#pragma once

#include <string>
#include <vector>

namespace zb::gui::layout {

// Turns the check on (off by default: then the calls below do nothing).
void enable();
bool enabled();

// Names what the next frames show (e.g. "hum tab"), for the report.
void set_place(std::string place);
// After ImGui::Render(): inspects every window drawn this frame.
void inspect_frame();

// After a combo is drawn: its preview `text` against the combo's width
// less the arrow button.
void check_combo_preview(const char* text);

// Every clipped label so far, one line each.
const std::vector<std::string>& problems();

}  // namespace zb::gui::layout
