// zbench-gui: the desktop front end (Dear ImGui + GLFW + OpenGL 3). It takes
// the CLI's device, profile and measurement options; with no hardware it
// runs on the virtual rig. For automation, --run impedance|hum starts that
// measurement at once and --screenshot F.png saves the window when it has
// finished and exits; --frame-stats prints the UI thread's frame times while
// the measurement ran.
#include <imgui.h>
#include <imgui_impl_glfw.h>
#include <imgui_impl_opengl3.h>
#include <GLFW/glfw3.h>
#include <GL/gl.h>

#include <CLI/CLI.hpp>

#include <chrono>
#include <cstdio>
#include <string>

#include "cli/device_options.h"
#include "cli/exit_codes.h"
#include "cli/profile_options.h"
#include "gui/app.h"
#include "gui/frame_stats.h"
#include "gui/screenshot.h"

namespace {

using namespace zb;
using namespace zb::gui;
using Clock = std::chrono::steady_clock;

int fail(int code, const std::string& message) {
    std::fprintf(stderr, "zbench-gui: %s\n", message.c_str());
    return code;
}

void add_options(CLI::App& app, GuiOptions& o) {
    cli::add_device_options(app, o.device);
    cli::add_profile_options(app, o.profile, true);
    app.add_option("--r-ref", o.r_ref_ohm, "Reference resistor in ohms (default: the profile's or the rig's)");
    app.add_option("--level", o.level_dbfs, "Sweep level, dBFS peak (at most -3)")->capture_default_str();
    app.add_option("--max-dut-volts", o.max_dut_volts, "Cap on the voltage across the DUT, V RMS")->capture_default_str();
    app.add_option("--sweep-seconds", o.sweep_seconds, "Sweep length in seconds")->capture_default_str();
    app.add_option("--output", o.output_kind, "What drives R_ref: line, headphone or amplifier")
        ->check(CLI::IsMember({"line", "headphone", "amplifier"}));
    app.add_option("--hum-seconds", o.hum_seconds, "Hum recording length in seconds")->capture_default_str();
    app.add_option("--run", o.run, "Start this at once: impedance, hum, or calibrate (the --wizard-step into --profile)")
        ->check(CLI::IsMember({"impedance", "hum", "calibrate"}));
    app.add_option("--screenshot", o.screenshot, "Save the window as this PNG once --run has finished, then exit");
    app.add_option("--tab", o.tab, "Open this tab: impedance, hum, calibration or profiles")
        ->check(CLI::IsMember({"impedance", "hum", "calibration", "profiles"}));
    app.add_option("--wizard-step", o.wizard_step, "Open the calibration wizard at this step (implies --tab calibration)")
        ->check(CLI::IsMember({"loopback", "channel-match", "reference", "short", "open", "sensitivity"}));
    app.add_option("--screenshot-after", o.screenshot_after_s,
                   "Take --screenshot this many seconds into the run, while it is still going (e.g. the live hum spectrum)")
        ->check(CLI::Range(0.1, 600.0));
    app.add_flag("--frame-stats", o.frame_stats, "Print the UI's frame times while --run measures, then exit");
    app.add_option("--width", o.width, "Window width in pixels")->capture_default_str()->check(CLI::Range(640, 7680));
    app.add_option("--height", o.height, "Window height in pixels")->capture_default_str()->check(CLI::Range(480, 4320));
}

}  // namespace

int main(int argc, char** argv) {
    GuiOptions options;
    CLI::App cli_app{"zbench-gui: impedance, T/S, hum and calibration in a window"};
    add_options(cli_app, options);
    try {
        cli_app.parse(argc, argv);
    } catch (const CLI::CallForHelp& e) {
        return cli_app.exit(e);
    } catch (const CLI::ParseError& e) {
        return fail(cli::kExitBadInput, std::string(e.what()) + " (see zbench-gui --help)");
    }
    const bool automated = !options.screenshot.empty() || options.frame_stats;
    if (options.frame_stats && options.run.empty()) return fail(cli::kExitBadInput, "--frame-stats needs --run impedance|hum");
    if (options.run == "calibrate" && (options.wizard_step.empty() || options.profile.profile.empty()))
        return fail(cli::kExitBadInput, "--run calibrate needs --wizard-step STEP and --profile NAME (the profile to save into)");

    glfwSetErrorCallback([](int, const char*) {});  // errors are reported below, in one line
    if (!glfwInit()) return fail(cli::kExitFailure, "cannot open a window: no display (set DISPLAY, or run under Xvfb)");
    glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 0);
    glfwWindowHint(GLFW_RESIZABLE, automated ? GLFW_FALSE : GLFW_TRUE);
    GLFWwindow* window = glfwCreateWindow(options.width, options.height, "zbench", nullptr, nullptr);
    if (!window) {
        glfwTerminate();
        return fail(cli::kExitFailure, "cannot create an OpenGL 3.0 window on this display");
    }
    glfwMakeContextCurrent(window);
    glfwSwapInterval(automated ? 0 : 1);  // automation measures render time, not vsync waits

    IMGUI_CHECKVERSION();
    ImGui::CreateContext();
    ImGui::GetIO().IniFilename = nullptr;  // no imgui.ini in the user's directory
    ImGui::StyleColorsDark();
    ImGui_ImplGlfw_InitForOpenGL(window, true);
    ImGui_ImplOpenGL3_Init("#version 130");

    int exit_code = 0;
    {
        App app(options);
        if (!options.tab.empty()) app.select_tab(options.tab);
        if (auto step = calibration::parse_step(options.wizard_step)) {
            app.select_tab("calibration");
            app.select_wizard_step(*step);
        }
        // --run starts after a few frames: the first one compiles shaders and
        // uploads the font, a one-off cost that is not the UI's frame time.
        constexpr int kWarmupFrames = 3;
        FrameStats total_stats, ui_stats, idle_total_stats, idle_ui_stats;
        int frames = 0, frames_after = 0;
        const auto started = Clock::now();
        while (!glfwWindowShouldClose(window)) {
            if (frames++ == kWarmupFrames && !options.run.empty() && !app.start(options.run)) {
                exit_code = fail(cli::kExitFailure, "--run " + options.run + ": could not start it");
                break;
            }
            const auto t0 = Clock::now();
            const bool measuring = app.busy();
            glfwPollEvents();
            ImGui_ImplOpenGL3_NewFrame();
            ImGui_ImplGlfw_NewFrame();
            ImGui::NewFrame();
            app.frame();
            ImGui::Render();
            const auto t_ui = Clock::now();
            int fb_w = 0, fb_h = 0;
            glfwGetFramebufferSize(window, &fb_w, &fb_h);
            glViewport(0, 0, fb_w, fb_h);
            glClearColor(0.08f, 0.08f, 0.10f, 1.0f);
            glClear(GL_COLOR_BUFFER_BIT);
            ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());

            if (automated) {
                const double elapsed_s = std::chrono::duration<double>(Clock::now() - started).count();
                const bool early = options.screenshot_after_s && elapsed_s >= *options.screenshot_after_s && app.busy();
                const bool done = frames > kWarmupFrames &&
                                  (options.run.empty() || early || (!app.busy() && app.finished_jobs() > 0));
                if (done && app.last_failure()) {
                    exit_code = fail(app.last_failure()->exit_code, options.run + ": " + app.last_failure()->message);
                    break;
                }
                // A few frames after the result arrives, so every panel has laid
                // it out; with --frame-stats, 60 idle frames to compare with.
                if (done && (early || ++frames_after >= (options.frame_stats ? 64 : 4))) {
                    if (!options.screenshot.empty()) {
                        glFinish();
                        if (auto st = save_png(options.screenshot, read_framebuffer(fb_w, fb_h)); !st) {
                            exit_code = fail(cli::kExitFailure, st.message());
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
                    exit_code = fail(cli::kExitFailure, options.run + ": no result after 600 s; giving up");
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
