// zbench-gui: the desktop front end (Dear ImGui + GLFW + OpenGL 3). It takes
// the CLI's measurement options as its starting settings; with no hardware it
// runs on the virtual rig. For automation, --run impedance|hum starts that
// measurement at once and --screenshot F.png saves the window when it has
// finished and exits; --frame-stats prints the UI thread's frame times while
// the measurement ran.
#include <imgui.h>
#include <imgui_impl_glfw.h>
#include <imgui_impl_opengl3.h>
#include <GLFW/glfw3.h>
#include <GL/gl.h>
#include <unistd.h>

#include <algorithm>
#include <cfloat>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "app/exit_codes.h"
#include "app/output_files.h"
#include "app/ts_advise_format.h"
#include "gui/app.h"
#include "gui/frame_stats.h"
#include "gui/layout_check.h"
#include "gui/screenshot.h"

namespace {

using namespace zb;
using namespace zb::gui;
using Clock = std::chrono::steady_clock;

// Paths dropped on the window since the last frame, and the monitor's new
// content scale (GLFW calls back on the UI thread).
std::vector<std::string> g_dropped;
float g_pending_scale = 0.0f;
// Automation ignores the pointer: wherever the X server left it, no hover
// readout lands in a screenshot or an exported plot.
bool g_ignore_mouse = false;

int fail(int code, const std::string& message) {
    std::fprintf(stderr, "zbench-gui: %s\n", message.c_str());
    return code;
}

// The command line, without a parsing library: "--name VALUE" or
// "--name=VALUE" options and "--name" flags. Each error is one line.
class Args {
public:
    Args(int argc, char** argv) : args_(argv + 1, argv + argc) {}
    bool empty() const { return i_ >= args_.size(); }
    std::string next() { return args_[i_++]; }
    // The value of the option just read (after '=' or the next argument).
    std::string value(const std::string& name, std::string& inline_value) {
        if (!inline_value.empty()) return std::exchange(inline_value, {});
        if (empty()) throw std::invalid_argument(name + " needs a value");
        return next();
    }

private:
    std::vector<std::string> args_;
    std::size_t i_ = 0;
};

double to_number(const std::string& name, const std::string& text, double lo, double hi) {
    std::size_t used = 0;
    double v = 0.0;
    try {
        v = std::stod(text, &used);
    } catch (const std::exception&) {
        used = 0;
    }
    if (used == 0 || used != text.size()) throw std::invalid_argument(name + " " + text + ": not a number");
    if (!(v >= lo && v <= hi)) throw std::invalid_argument(name + " " + text + ": out of range " + std::to_string(lo) + " to " + std::to_string(hi));
    return v;
}

std::string one_of(const std::string& name, const std::string& text, std::initializer_list<const char*> allowed) {
    for (const char* a : allowed)
        if (text == a) return text;
    std::string list;
    for (const char* a : allowed) list += (list.empty() ? "" : ", ") + std::string(a);
    throw std::invalid_argument(name + " " + text + ": use " + list);
}

constexpr const char* kHelp = R"(zbench-gui: impedance, T/S, hum and calibration in a window
Usage: zbench-gui [OPTIONS] [FILE...]

FILE: impedance curves to overlay (.zma, .txt, .csv, .dat, as REW, DATS, LIMP, WT Pro,
VituixCAD or XSim write them) or a recording to analyse again (.wav). Files can also
be dropped on the window.

Measurement settings (the Setup panel starts with these; as in `zbench impedance`):
  --device NAME|INDEX    audio device, or sim (the virtual rig, default)
  --in-device NAME|INDEX  --out-device NAME|INDEX   input and output devices apart (default: --device)
  --sim-scenario FILE    virtual-rig scenario (JSON)
  --sim-realtime         run the virtual rig at real-time pace
  --api jack|alsa|pulse  --in-channels A,B  --out-channel N  --sample-rate HZ  --buffer-frames N
  --ignore-server-xruns
  --profile NAME  --profiles-dir DIR  --force
  --r-ref OHMS  --output line|headphone|amplifier  --level DBFS  --max-dut-volts V
  --sweep-seconds S  --averages N  --fmin HZ  --fmax HZ  --ppo N  --smoothing N
  --hum-seconds S        hum recording length
Automation:
  --run impedance|hum|calibrate|generate|advise|ts   start this at once (calibrate: the --wizard-step into
                         --profile; generate: the Generator tab's signal; advise: what is connected)
  --screenshot F.png     save the window once --run has finished (a safety refusal: with its dialog), then exit
  --screenshot-after S   take it S seconds into the run instead
  --export-plot F.svg|F.png  write the impedance plot as it stands (SVG drawing, or PNG pixels as shown)
                         once loading or --run has finished, then exit
  --tab impedance|hum|generator|advise|calibration|profiles
  --wizard-step loopback|channel-match|reference|short|open|sensitivity
  --frame-stats          print the UI's frame times while --run measures, then exit
  --open FILE            open FILE (repeatable), as FILE... does
  --residual             show the T/S fit's residual under the impedance plot
  --ts-free-air NAME  --ts-mass NAME=GRAMS (up to two)   the T/S panel's curves, by file name without
                         its extension; --run ts fits them (dual added mass with two --ts-mass) and
                         prints the result as `zbench ts` does
  --check-layout         measure first (a rig impedance run, hum, advise; a T/S fit when curves are
                         given), show every tab, wizard step and the refusal dialog at --width x --height,
                         print each label that does not fit its space, exit 1 if there is one
  --width PX  --height PX
  --scale S              draw at S times the normal size (default: the monitor's content scale)
)";

// Fills `o`; throws std::invalid_argument with one line. Returns false for --help.
bool parse_args(int argc, char** argv, GuiOptions& o) {
    Args args(argc, argv);
    app::ImpedanceRequest& m = o.measure;
    while (!args.empty()) {
        std::string name = args.next(), inline_value;
        if (const auto eq = name.find('='); eq != std::string::npos && name.rfind("--", 0) == 0) {
            inline_value = name.substr(eq + 1);
            name.resize(eq);
        }
        auto value = [&] { return args.value(name, inline_value); };
        auto number = [&](double lo, double hi) { return to_number(name, value(), lo, hi); };
        if (name == "--help" || name == "-h") return false;
        else if (name == "--device") m.device.device = value();
        else if (name == "--in-device") m.device.in_device = value();
        else if (name == "--out-device") m.device.out_device = value();
        else if (name == "--sim-scenario") m.device.sim_scenario = value();
        else if (name == "--sim-realtime") m.device.sim_realtime = true;
        else if (name == "--api") m.device.api = one_of(name, value(), {"jack", "alsa", "pulse"});
        else if (name == "--in-channels") m.device.in_channels = value();
        else if (name == "--out-channel") m.device.out_channel = static_cast<int>(number(1, 1024));
        else if (name == "--sample-rate") m.device.sample_rate_hz = static_cast<unsigned>(number(1000, 1e6));
        else if (name == "--buffer-frames") m.device.buffer_frames = static_cast<unsigned>(number(1, 1 << 20));
        else if (name == "--ignore-server-xruns") m.device.ignore_server_xruns = true;
        else if (name == "--profile") m.profile.profile = value();
        else if (name == "--profiles-dir") m.profile.profiles_dir = value();
        else if (name == "--force") m.profile.force = true;
        else if (name == "--r-ref") m.r_ref_ohm = number(-1e12, 1e12);
        else if (name == "--output") m.output_kind = one_of(name, value(), {"line", "headphone", "amplifier"});
        else if (name == "--level") m.level_dbfs = number(-200, 200);
        else if (name == "--max-dut-volts") m.max_dut_volts = number(-1e6, 1e6);
        else if (name == "--sweep-seconds") m.sweep_seconds = number(-1e6, 1e6);
        else if (name == "--averages") m.averages = static_cast<int>(number(-1e6, 1e6));
        else if (name == "--fmin") m.fmin_hz = number(-1e9, 1e9);
        else if (name == "--fmax") m.fmax_hz = number(-1e9, 1e9);
        else if (name == "--ppo") m.points_per_octave = static_cast<int>(number(-1e6, 1e6));
        else if (name == "--smoothing") m.smoothing_fraction = static_cast<int>(number(-1e6, 1e6));
        else if (name == "--hum-seconds") o.hum_seconds = number(1, 3600);
        else if (name == "--run") o.run = one_of(name, value(), {"impedance", "hum", "calibrate", "generate", "advise", "ts"});
        else if (name == "--screenshot") o.screenshot = value();
        else if (name == "--screenshot-after") o.screenshot_after_s = number(0.1, 600.0);
        else if (name == "--tab") o.tab = one_of(name, value(), {"impedance", "hum", "generator", "advise", "calibration", "profiles"});
        else if (name == "--wizard-step")
            o.wizard_step = one_of(name, value(), {"loopback", "channel-match", "reference", "short", "open", "sensitivity"});
        else if (name == "--frame-stats") o.frame_stats = true;
        else if (name == "--check-layout") o.check_layout = true;
        else if (name == "--residual") o.show_residual = true;
        else if (name == "--export-plot") {
            o.export_plot = value();
            const std::string ext = app::lower_extension(o.export_plot);
            if (ext != ".svg" && ext != ".png") throw std::invalid_argument("--export-plot " + o.export_plot + ": give an .svg or .png file");
        }
        else if (name == "--ts-free-air") o.ts_free_air = value();
        else if (name == "--ts-mass") {
            const std::string v = value();
            const auto eq = v.rfind('=');
            if (eq == std::string::npos || eq == 0) throw std::invalid_argument("--ts-mass " + v + ": give NAME=GRAMS, e.g. 8g=8.017");
            if (o.ts_masses.size() == 2) throw std::invalid_argument("--ts-mass: at most two added masses");
            o.ts_masses.push_back({v.substr(0, eq), to_number(name, v.substr(eq + 1), 1e-6, 1e6)});
        }
        else if (name == "--width") o.width = static_cast<int>(number(640, 7680));
        else if (name == "--height") o.height = static_cast<int>(number(480, 4320));
        else if (name == "--scale") o.scale = static_cast<float>(number(0.5, 4.0));
        else if (name.rfind("-", 0) != 0 || name == "--open") {
            const std::string file = name == "--open" ? value() : name;
            if (!std::filesystem::is_regular_file(file)) throw std::invalid_argument(file + ": no such file");
            o.files.push_back(file);
        } else throw std::invalid_argument(name + ": unknown option");
        if (!inline_value.empty()) throw std::invalid_argument(name + " takes no value");
    }
    return true;
}

// HiDPI: the font rasterised at 13·scale px (ImGui's default font is 13 px)
// and every ImGui size scaled; the panels scale their own through theme::px.
// `rebuild_texture`: the font texture exists already and is made again.
void apply_scale(float scale, bool rebuild_texture) {
    ImGuiIO& io = ImGui::GetIO();
    io.Fonts->Clear();
    ImFontConfig font;
    // Whole pixels for the font, and every size scaled as the font is, so
    // that text and the room made for it grow alike at fractional scales.
    font.SizePixels = std::max(7.0f, std::round(13.0f * scale));
    scale = font.SizePixels / 13.0f;
    io.Fonts->AddFontDefault(&font);
    if (rebuild_texture) {
        ImGui_ImplOpenGL3_DestroyFontsTexture();
        ImGui_ImplOpenGL3_CreateFontsTexture();
    }
    ImGuiStyle& style = ImGui::GetStyle();
    style = ImGuiStyle();
    ImGui::StyleColorsDark(&style);
    style.ScaleAllSizes(scale);
}

// One frame of the UI, drawn but not yet shown; returns when the UI part
// (events, panels, ImGui::Render) ended.
Clock::time_point draw_frame(GLFWwindow* window, App& bench) {
    glfwPollEvents();
    if (g_pending_scale > 0.0f) apply_scale(std::exchange(g_pending_scale, 0.0f), true);
    if (!g_dropped.empty()) bench.open_paths(std::exchange(g_dropped, {}));
    ImGui_ImplOpenGL3_NewFrame();
    ImGui_ImplGlfw_NewFrame();
    if (g_ignore_mouse) ImGui::GetIO().MousePos = ImVec2(-FLT_MAX, -FLT_MAX);
    ImGui::NewFrame();
    bench.frame();
    ImGui::Render();
    const auto ui_done = Clock::now();
    int fb_w = 0, fb_h = 0;
    glfwGetFramebufferSize(window, &fb_w, &fb_h);
    glViewport(0, 0, fb_w, fb_h);
    glClearColor(0.08f, 0.08f, 0.10f, 1.0f);
    glClear(GL_COLOR_BUFFER_BIT);
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
    return ui_done;
}

// The impedance plot as drawn, cut out of the framebuffer (the frame just
// rendered, before the swap).
Status export_plot_png(const App& bench, const std::string& path, int fb_w, int fb_h) {
    const auto rect = bench.plot_rect();
    if (!rect) return make_error("--export-plot ", path, ": the impedance plot is not shown (use --tab impedance)");
    const ImVec2 scale = ImGui::GetIO().DisplayFramebufferScale;
    const int x0 = std::clamp(static_cast<int>(std::floor(rect->first.x * scale.x)), 0, fb_w);
    const int y0 = std::clamp(static_cast<int>(std::floor(rect->first.y * scale.y)), 0, fb_h);
    const int x1 = std::clamp(static_cast<int>(std::ceil(rect->second.x * scale.x)), x0, fb_w);
    const int y1 = std::clamp(static_cast<int>(std::ceil(rect->second.y * scale.y)), y0, fb_h);
    glFinish();
    return save_png(path, read_framebuffer({x0, y0, x1 - x0, y1 - y0}, fb_h));
}

// --check-layout: fills the panels with results (a measurement on the rig,
// a hum recording, advice, a T/S fit of the curves given), then shows each
// tab, each calibration step, the profile drop-down, the Setup panel for a
// real interface and a refusal dialog for a few frames and inspects the
// last (layout_check.h).
int check_layout(GLFWwindow* window, App& bench, const GuiOptions& options) {
    layout::enable();
    // A few frames (the layout settles in two: a tab switch, a scroll bar);
    // the last one is inspected.
    auto frames = [&](int n, const std::string& place) {
        layout::set_place(place);
        for (int i = 0; i < n && !glfwWindowShouldClose(window); ++i) {
            draw_frame(window, bench);
            if (i == n - 1) layout::inspect_frame();
            glfwSwapBuffers(window);
        }
    };
    auto run = [&](const std::string& what) {
        if (!bench.start(what)) return fail(app::kExitFailure, "--check-layout: could not start " + what);
        while (bench.busy() && !glfwWindowShouldClose(window)) draw_frame(window, bench), glfwSwapBuffers(window);
        frames(4, "after " + what);
        return 0;
    };
    frames(4, "start");
    std::vector<std::string> jobs = {"impedance", "hum", "advise"};
    if (!options.files.empty()) jobs.insert(jobs.begin(), "ts");
    for (const auto& job : jobs) {
        if (const int code = run(job)) return code;
        if (bench.last_failure()) return fail(app::exit_code_for(bench.last_failure()->error), job + ": " + bench.last_failure()->message);
    }
    for (const char* tab : {"impedance", "hum", "generator", "advise", "profiles"}) {
        bench.select_tab(tab);
        frames(4, std::string(tab) + " tab");
    }
    for (const char* step : {"loopback", "channel-match", "reference", "short", "open", "sensitivity"}) {
        bench.select_tab("calibration");
        bench.select_wizard_step(*calibration::parse_step(step));
        frames(4, std::string("calibration tab, ") + step + " step");
    }
    // The real-interface fields of the Setup panel, then a refusal: the rig
    // with nothing connected (no current flows), refused by the probe.
    bench.open_profile_list();
    frames(4, "Setup, Calibration profile drop-down");
    for (const auto& [mode, name] : {std::pair{FileBrowser::Mode::open, "open"}, {FileBrowser::Mode::save, "save"}, {FileBrowser::Mode::folder, "folder"}}) {
        bench.show_file_dialog(mode);
        frames(4, std::string("file dialog, ") + name);
        bench.close_file_dialog();
        frames(2, std::string("file dialog closed, ") + name);
    }
    const GuiOptions before = bench.current_options();
    bench.set_device("hw:0", "");
    frames(4, "Setup for a real interface");
    const std::filesystem::path open_dut = std::filesystem::temp_directory_path() / ("zbench-check-layout-" + std::to_string(::getpid()) + ".json");
    if (!(std::ofstream(open_dut) << R"({"dut": {"model": "open"}})")) return fail(app::kExitFailure, "cannot write " + open_dut.string());
    bench.set_device("sim", open_dut.string());
    bench.select_tab("impedance");
    const bool started = bench.start("impedance");
    while (bench.busy() && !glfwWindowShouldClose(window)) draw_frame(window, bench), glfwSwapBuffers(window);
    std::filesystem::remove(open_dut);
    bench.set_device(before.measure.device.device, before.measure.device.sim_scenario);  // a path in a field is no label
    frames(4, "refusal dialog");
    if (!started || !bench.last_failure() || !is_refusal(*bench.last_failure()))
        return fail(app::kExitFailure, "--check-layout: the rig with nothing connected was not refused");
    for (const auto& line : layout::problems()) std::printf("%s\n", line.c_str());
    std::printf("check-layout at %dx%d: %zu clipped label(s)\n", options.width, options.height, layout::problems().size());
    return layout::problems().empty() ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
    GuiOptions options;
    try {
        if (!parse_args(argc, argv, options)) {
            std::fputs(kHelp, stdout);
            return 0;
        }
    } catch (const std::invalid_argument& e) {
        return fail(app::kExitBadInput, std::string(e.what()) + " (see zbench-gui --help)");
    }
    const bool automated = !options.screenshot.empty() || !options.export_plot.empty() || options.frame_stats || options.check_layout;
    if (options.frame_stats && options.run.empty()) return fail(app::kExitBadInput, "--frame-stats needs --run impedance|hum");
    if (options.check_layout && (!options.run.empty() || !options.screenshot.empty() || !options.export_plot.empty() || options.frame_stats))
        return fail(app::kExitBadInput, "--check-layout runs on its own: leave out --run, --screenshot, --export-plot and --frame-stats");
    if (options.run == "ts" && options.files.empty())
        return fail(app::kExitBadInput, "--run ts needs curves to fit: name them on the command line (FILE...)");
    if (options.run == "calibrate" && (options.wizard_step.empty() || options.measure.profile.profile.empty()))
        return fail(app::kExitBadInput, "--run calibrate needs --wizard-step STEP and --profile NAME (the profile to save into)");

    glfwSetErrorCallback([](int, const char*) {});  // errors are reported below, in one line
    if (!glfwInit()) return fail(app::kExitFailure, "cannot open a window: no display (set DISPLAY, or run under Xvfb)");
    glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 0);
    glfwWindowHint(GLFW_RESIZABLE, automated ? GLFW_FALSE : GLFW_TRUE);
    GLFWwindow* window = glfwCreateWindow(options.width, options.height, "zbench", nullptr, nullptr);
    if (!window) {
        glfwTerminate();
        return fail(app::kExitFailure, "cannot create an OpenGL 3.0 window on this display");
    }
    glfwMakeContextCurrent(window);
    glfwSetDropCallback(window, [](GLFWwindow*, int count, const char** paths) {
        for (int i = 0; i < count; ++i) g_dropped.emplace_back(paths[i]);
    });
    glfwSwapInterval(automated ? 0 : 1);
    g_ignore_mouse = automated;  // automation measures render time, not vsync waits

    IMGUI_CHECKVERSION();
    ImGui::CreateContext();
    ImGui::GetIO().IniFilename = nullptr;  // no imgui.ini in the user's directory
    // The monitor's content scale (HiDPI), followed when the window moves to
    // another monitor, unless --scale fixes it.
    float content_scale = 1.0f, unused = 1.0f;
    glfwGetWindowContentScale(window, &content_scale, &unused);
    apply_scale(options.scale.value_or(content_scale), false);
    if (!options.scale)
        glfwSetWindowContentScaleCallback(window, [](GLFWwindow*, float x_scale, float) { g_pending_scale = x_scale; });
    ImGui_ImplGlfw_InitForOpenGL(window, true);
    ImGui_ImplOpenGL3_Init("#version 130");

    int exit_code = 0;
    {
        App bench(options);
        bench.open_paths(options.files);
        if (!options.tab.empty()) bench.select_tab(options.tab);
        if (auto step = calibration::parse_step(options.wizard_step)) {
            bench.select_tab("calibration");
            bench.select_wizard_step(*step);
        }
        if (options.check_layout) exit_code = check_layout(window, bench, options);
        // --run starts after a few frames: the first one compiles shaders and
        // uploads the font, a one-off cost that is not the UI's frame time.
        constexpr int kWarmupFrames = 3;
        FrameStats total_stats, ui_stats, idle_total_stats, idle_ui_stats;
        int frames = 0, frames_after = 0;
        const auto started = Clock::now();
        while (!options.check_layout && !glfwWindowShouldClose(window)) {
            if (frames++ == kWarmupFrames && !options.run.empty() && !bench.start(options.run)) {
                exit_code = fail(app::kExitFailure, "--run " + options.run + ": could not start it");
                break;
            }
            const auto t0 = Clock::now();
            const bool measuring = bench.busy();
            const auto t_ui = draw_frame(window, bench);
            int fb_w = 0, fb_h = 0;
            glfwGetFramebufferSize(window, &fb_w, &fb_h);

            if (automated) {
                const double elapsed_s = std::chrono::duration<double>(Clock::now() - started).count();
                const bool early = options.screenshot_after_s && elapsed_s >= *options.screenshot_after_s && bench.busy();
                const bool done = frames > kWarmupFrames &&
                                  (options.run.empty() ? !bench.busy() : early || (!bench.busy() && bench.finished_jobs() > 0));
                // A failure ends the run with its code; a safety refusal is
                // saved first with its dialog on the screen.
                const bool refused = done && bench.last_failure() && is_refusal(*bench.last_failure());
                if (done && bench.last_failure() && (!refused || options.screenshot.empty() || ++frames_after >= 4)) {
                    if (refused && !options.screenshot.empty()) {
                        glFinish();
                        (void)save_png(options.screenshot, read_framebuffer(fb_w, fb_h));  // the exit code tells the refusal either way
                    }
                    exit_code = fail(app::exit_code_for(bench.last_failure()->error), options.run + ": " + bench.last_failure()->message);
                    break;
                }
                // A few frames after the result arrives, so every panel has laid
                // it out; with --frame-stats, 60 idle frames to compare with.
                if (!refused && done && (early || ++frames_after >= (options.frame_stats ? 64 : 4))) {
                    // The T/S panel's fit as `zbench ts` prints it.
                    if (options.run == "ts" && bench.ts_result()) std::fputs(app::ts_text(*bench.ts_result()).c_str(), stdout);
                    if (!options.export_plot.empty())
                        if (auto st = app::lower_extension(options.export_plot) == ".png" ? export_plot_png(bench, options.export_plot, fb_w, fb_h)
                                                                                          : bench.export_plot_svg(options.export_plot);
                            !st) {
                            exit_code = fail(app::kExitBadInput, st.message());
                            break;
                        }
                    if (!options.screenshot.empty()) {
                        glFinish();
                        if (auto st = save_png(options.screenshot, read_framebuffer(fb_w, fb_h)); !st) {
                            exit_code = fail(app::kExitFailure, st.message());
                            break;
                        }
                    }
                    if (options.frame_stats) {
                        std::printf("frame-stats: whole frame (UI + software GL + swap): %s\n",
                                    format_summary(total_stats.summary()).c_str());
                        std::printf("frame-stats: UI only (events, panels, ImGui::Render): %s\n",
                                    format_summary(ui_stats.summary()).c_str());
                        std::printf("frame-stats: idle afterwards, whole frame: %s\n", format_summary(idle_total_stats.summary()).c_str());
                        std::printf("frame-stats: idle afterwards, UI only: %s\n", format_summary(idle_ui_stats.summary()).c_str());
                    }
                    break;
                }
                if (elapsed_s > 600.0) {
                    exit_code = fail(app::kExitFailure, options.run + ": no result after 600 s; giving up");
                    break;
                }
            }
            glfwSwapBuffers(window);
            if (options.frame_stats) {
                glFinish();  // count the GPU's (llvmpipe's) work in the frame, not just the queueing
                const double total_ms = std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
                const double ui_ms = std::chrono::duration<double, std::milli>(t_ui - t0).count();
                if (measuring) {
                    total_stats.add(total_ms);
                    ui_stats.add(ui_ms);
                } else if (frames_after > 0) {
                    idle_total_stats.add(total_ms);
                    idle_ui_stats.add(ui_ms);
                }
            }
        }
    }  // the App (and its worker, which waits for a running job) goes first
    ImGui_ImplOpenGL3_Shutdown();
    ImGui_ImplGlfw_Shutdown();
    ImGui::DestroyContext();
    glfwDestroyWindow(window);
    glfwTerminate();
    return exit_code;
}
