#include "support/gui_support.h"

#include <png.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <set>
#include <thread>

namespace zbt {

namespace {

constexpr unsigned char kCurve[3] = {255, 196, 0};
constexpr unsigned char kOverlay[3] = {90, 215, 120};
constexpr unsigned char kPlotBackground[3] = {18, 20, 26};

bool near_colour(const unsigned char* p, const unsigned char* c, int tolerance) {
    for (int i = 0; i < 3; ++i)
        if (std::abs(int(p[i]) - int(c[i])) > tolerance) return false;
    return true;
}

}  // namespace

bool have_program(const std::string& name) {
    const char* path = std::getenv("PATH");
    std::string dirs = path ? path : "/usr/bin:/bin";
    std::size_t start = 0;
    while (start <= dirs.size()) {
        const std::size_t end = std::min(dirs.find(':', start), dirs.size());
        if (::access((dirs.substr(start, end - start) + "/" + name).c_str(), X_OK) == 0) return true;
        start = end + 1;
    }
    return false;
}

Xvfb::Xvfb() {
    // Xvfb chooses a free display itself and writes its number to the pipe
    // (-displayfd): the X server takes the display's lock atomically. Tests
    // that picked a number by looking for a free lock file raced each other
    // under ctest -j2: both started Xvfb on the same display, the loser's
    // server exited, and its test drew on the winner's, whose end then cut
    // the connection ("X connection to :91 broken").
    int fds[2];
    if (::pipe(fds) != 0) return;
    std::fflush(stdout);  // or the child's freopen() writes our buffered output again
    std::fflush(stderr);
    pid_ = ::fork();
    if (pid_ == 0) {
        ::setpgid(0, 0);
        ::close(fds[0]);
        std::freopen("/dev/null", "w", stderr);
        std::freopen("/dev/null", "w", stdout);
        const std::string fd = std::to_string(fds[1]);
        ::execlp("Xvfb", "Xvfb", "-displayfd", fd.c_str(), "-screen", "0", "1600x1000x24", "-nolisten", "tcp", nullptr);
        std::_Exit(127);
    }
    ::close(fds[1]);
    if (pid_ < 0) {
        ::close(fds[0]);
        return;
    }
    // Ready when the number arrives ("91\n"); EOF means the server died.
    std::string number;
    pollfd p{fds[0], POLLIN, 0};
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (number.find('\n') == std::string::npos && std::chrono::steady_clock::now() < deadline) {
        if (::poll(&p, 1, 100) <= 0) continue;
        char buf[16];
        const ssize_t n = ::read(fds[0], buf, sizeof buf);
        if (n <= 0) break;
        number.append(buf, static_cast<std::size_t>(n));
    }
    ::close(fds[0]);
    const std::size_t digits = number.find_first_not_of("0123456789");
    if (digits == 0 || digits == std::string::npos || number[digits] != '\n') {
        stop();
        return;
    }
    // Built piecewise: GCC 12's -Wrestrict misfires on ":" + std::string.
    std::string display(":");
    display += std::to_string(std::stoi(number.substr(0, digits)));
    display_ = display;
}

Xvfb::~Xvfb() { stop(); }

void Xvfb::stop() {
    if (pid_ <= 0) return;
    ::kill(pid_, SIGTERM);
    int status = 0;
    for (int i = 0; i < 50 && ::waitpid(pid_, &status, WNOHANG) == 0; ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    if (::waitpid(pid_, &status, WNOHANG) == 0) {
        ::kill(pid_, SIGKILL);
        ::waitpid(pid_, &status, 0);
    }
    pid_ = -1;
}

Png read_png(const std::string& path) {
    png_image image{};
    image.version = PNG_IMAGE_VERSION;
    Png out;
    if (!png_image_begin_read_from_file(&image, path.c_str())) return out;
    image.format = PNG_FORMAT_RGBA;
    out.rgba.resize(PNG_IMAGE_SIZE(image));
    if (!png_image_finish_read(&image, nullptr, out.rgba.data(), 0, nullptr)) {
        png_image_free(&image);
        return Png{};
    }
    out.width = image.width;
    out.height = image.height;
    return out;
}

PngFacts inspect_gui_png(const Png& png) {
    PngFacts f;
    std::set<unsigned> colours;
    // The plot area: the bounding box of plot-background pixels.
    unsigned x0 = png.width, x1 = 0, y0 = png.height, y1 = 0;
    for (unsigned y = 0; y < png.height; ++y)
        for (unsigned x = 0; x < png.width; ++x) {
            const unsigned char* p = png.at(x, y);
            colours.insert(unsigned(p[0]) << 16 | unsigned(p[1]) << 8 | p[2]);
            if (near_colour(p, kPlotBackground, 0)) {
                ++f.background;
                x0 = std::min(x0, x);
                x1 = std::max(x1, x);
                y0 = std::min(y0, y);
                y1 = std::max(y1, y);
            }
        }
    f.colours = colours.size();
    for (unsigned y = y0; y <= y1 && y < png.height; ++y)
        for (unsigned x = x0; x <= x1 && x < png.width; ++x)
        {
            if (near_colour(png.at(x, y), kCurve, 12)) ++f.curve;
            if (near_colour(png.at(x, y), kOverlay, 12)) ++f.overlay;
        }
    return f;
}

ProcessResult run_gui(const std::string& display, const std::vector<std::string>& args, const std::string& config_home) {
    std::vector<std::string> argv = {"/usr/bin/env", "DISPLAY=" + display, "LIBGL_ALWAYS_SOFTWARE=1"};
    if (!config_home.empty()) argv.push_back("XDG_CONFIG_HOME=" + config_home);
    argv.push_back(zbench_bin("zbench-gui"));
    argv.insert(argv.end(), args.begin(), args.end());
    return run_process(argv);
}

}  // namespace zbt
