// Saving the window as a PNG (libpng): read the back buffer with
// glReadPixels after a frame is rendered, before it is swapped, and write it
// atomically (a temporary file renamed over the target), so a failed run
// leaves no partial image.
#pragma once

#include <string>
#include <vector>

#include "util/result.h"

namespace zb::gui {

struct Image {
    int width = 0, height = 0;
    std::vector<unsigned char> rgba;  // top row first, 4 bytes per pixel
};

// A rectangle of the framebuffer in pixels, from its top-left corner.
struct PixelRect {
    int x = 0, y = 0, width = 0, height = 0;
};

// The current GL framebuffer (GL_BACK of the bound context), top row first.
Image read_framebuffer(int width, int height);
// The part of it inside `rect` (which must lie within it).
Image read_framebuffer(PixelRect rect, int framebuffer_height);

// 8-bit RGBA PNG; the error names the file.
Status save_png(const std::string& path, const Image& image);

}  // namespace zb::gui
