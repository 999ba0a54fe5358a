// Helpers for the zbench-gui tests: a private Xvfb, reading a PNG back
// (libpng) and what a zbench-gui screenshot holds (its colours, the plot
// background, the curve colour), and running zbench-gui on a display.
#pragma once

#include <sys/types.h>

#include <cstddef>
#include <string>
#include <vector>

#include "support/test_support.h"

namespace zbt {

// True when `name` is an executable on $PATH.
bool have_program(const std::string& name);

// An Xvfb (1600x1000x24) on the first free display from :91, stopped by the
// destructor whatever happened; display() is empty if none could start.
class Xvfb {
public:
    Xvfb();
    ~Xvfb();
    Xvfb(const Xvfb&) = delete;
    Xvfb& operator=(const Xvfb&) = delete;
    const std::string& display() const { return display_; }

private:
    void stop();
    pid_t pid_ = -1;
    std::string display_;
};

struct Png {
    unsigned width = 0, height = 0;
    std::vector<unsigned char> rgba;
    const unsigned char* at(unsigned x, unsigned y) const { return &rgba[(static_cast<std::size_t>(y) * width + x) * 4]; }
};

// An empty Png (width 0) when the file is missing or not a PNG.
Png read_png(const std::string& path);

struct PngFacts {
    std::size_t colours = 0;      // distinct RGB values
    std::size_t background = 0;   // plot-background pixels
    std::size_t curve = 0;        // curve-colour pixels inside the plot's bounding box
    std::size_t overlay = 0;      // pixels of the first overlay's |Z| colour there
};

// What zbench-gui draws: |Z| and input A's spectrum in amber
// (gui/theme.h kCurveA), the first overlay's |Z| in green (kOverlayMagnitude),
// on the plot background (gui/plot_widget.cpp).
PngFacts inspect_gui_png(const Png& png);

// zbench-gui with `args` on `display` (software OpenGL).
// The recent-files list goes to `config_home` when given ($XDG_CONFIG_HOME).
ProcessResult run_gui(const std::string& display, const std::vector<std::string>& args, const std::string& config_home = {});

}  // namespace zbt
