#include "gui/screenshot.h"

#include <GL/gl.h>
#include <png.h>

#include <cerrno>
#include <csetjmp>
#include <cstdio>
#include <cstring>
#include <filesystem>

namespace zb::gui {

Image read_framebuffer(int width, int height) { return read_framebuffer({0, 0, width, height}, height); }

Image read_framebuffer(PixelRect rect, int framebuffer_height) {
    const int width = rect.width, height = rect.height;
    Image img;
    img.width = width;
    img.height = height;
    std::vector<unsigned char> bottom_up(static_cast<std::size_t>(width) * height * 4);
    glPixelStorei(GL_PACK_ALIGNMENT, 1);
    glReadBuffer(GL_BACK);
    glReadPixels(rect.x, framebuffer_height - rect.y - height, width, height, GL_RGBA, GL_UNSIGNED_BYTE, bottom_up.data());
    // OpenGL's first row is the bottom one.
    img.rgba.resize(bottom_up.size());
    const std::size_t stride = static_cast<std::size_t>(width) * 4;
    for (int y = 0; y < height; ++y)
        std::memcpy(img.rgba.data() + static_cast<std::size_t>(y) * stride,
                    bottom_up.data() + static_cast<std::size_t>(height - 1 - y) * stride, stride);
    return img;
}

namespace {

// libpng reports errors by longjmp; nothing with a destructor lives in here.
bool write_png_file(std::FILE* f, const Image& image) {
    png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, nullptr, nullptr, nullptr);
    if (!png) return false;
    png_infop info = png_create_info_struct(png);
    if (!info || setjmp(png_jmpbuf(png))) {
        png_destroy_write_struct(&png, info ? &info : nullptr);
        return false;
    }
    png_init_io(png, f);
    png_set_IHDR(png, info, static_cast<png_uint_32>(image.width), static_cast<png_uint_32>(image.height), 8,
                 PNG_COLOR_TYPE_RGBA, PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
    png_write_info(png, info);
    const std::size_t stride = static_cast<std::size_t>(image.width) * 4;
    for (int y = 0; y < image.height; ++y)
        png_write_row(png, const_cast<png_bytep>(image.rgba.data() + static_cast<std::size_t>(y) * stride));
    png_write_end(png, nullptr);
    png_destroy_write_struct(&png, &info);
    return true;
}

}  // namespace

Status save_png(const std::string& path, const Image& image) {
    if (image.width <= 0 || image.height <= 0 || image.rgba.size() != static_cast<std::size_t>(image.width) * image.height * 4)
        return make_error(path + ": no image to save (the window has no size)");
    const std::string tmp = path + ".tmp";
    std::FILE* f = std::fopen(tmp.c_str(), "wb");
    if (!f) return make_error(path + ": cannot write it (" + std::strerror(errno) + "); check the directory");
    const bool ok = write_png_file(f, image);
    const bool closed = std::fclose(f) == 0;
    std::error_code ec;
    if (!ok || !closed) {
        std::filesystem::remove(tmp, ec);
        return make_error(path + ": writing the PNG failed (disk full?)");
    }
    std::filesystem::rename(tmp, path, ec);
    if (ec) {
        std::filesystem::remove(tmp, ec);
        return make_error(path + ": cannot rename the temporary file into place");
    }
    return {};
}

}  // namespace zb::gui
