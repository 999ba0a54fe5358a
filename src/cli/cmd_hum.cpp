// zbench hum: flags -> app::HumRequest -> app::run_hum -> the JSON report
// and the summary. On a terminal a live line shows the levels and the mains
// while recording, from the job's live spectrum.
#include <algorithm>
#include <cstdio>
#include <memory>
#include <string>

#include "app/hum_format.h"
#include "app/hum_job.h"
#include "app/output_files.h"
#include "app/plot_export.h"
#include "cli/commands.h"
#include "cli/device_options.h"
#include "cli/exit_codes.h"
#include "cli/terminal.h"

namespace zb::cli {

namespace {

struct HumOptions {
    app::HumRequest request;
    std::string json, plot;
    bool spectrum = false;
    bool quiet = false;
};

// One line on stderr, rewritten in place, from the live analyser's frames.
class LiveLine {
public:
    ~LiveLine() { clear(); }
    void attach(std::shared_ptr<LiveSpectrum> live, std::vector<std::string> names, double total_s) {
        live_ = std::move(live);
        names_ = std::move(names);
        total_s_ = total_s;
    }
    void show(double fraction) {
        if (!live_) return;
        char b[160];
        std::snprintf(b, sizeof b, "recording %.1f/%.1f s", fraction * total_s_, total_s_);
        std::string line = b;
        if (auto frame = live_->latest()) {
            if (frame->mains_hz) {
                std::snprintf(b, sizeof b, "  mains %.2f Hz", *frame->mains_hz);
                line += b;
            }
            for (std::size_t c = 0; c < frame->channels.size() && c < names_.size(); ++c) {
                const auto& ch = frame->channels[c];
                std::snprintf(b, sizeof b, " | %s %6.1f dBFS", names_[c].c_str(), ch.rms_dbfs);
                line += b;
                if (ch.summary && ch.summary->total_hum_dbfs) {
                    std::snprintf(b, sizeof b, ", hum %6.1f", *ch.summary->total_hum_dbfs);
                    line += b;
                }
            }
        }
        width_ = std::max(width_, line.size());
        std::fprintf(stderr, "\r%-*s", static_cast<int>(width_), line.c_str());
        std::fflush(stderr);
        shown_ = true;
    }
    void clear() {
        if (shown_) std::fprintf(stderr, "\r%*s\r", static_cast<int>(width_), "");
        shown_ = false;
    }

private:
    std::shared_ptr<LiveSpectrum> live_;
    std::vector<std::string> names_;
    double total_s_ = 0.0;
    std::size_t width_ = 0;
    bool shown_ = false;
};

void run(const HumOptions& o) {
    app::OutputFiles outputs;
    if (!o.json.empty()) outputs.expect(o.json, "json", {".json"});
    if (!o.plot.empty()) outputs.expect(o.plot, "plot", {".svg"});
    app::HumRequest request = o.request;
    request.live = !o.quiet && request.from_wav.empty() && stderr_is_terminal();
    LiveLine live;
    app::HumHooks hooks;
    hooks.on_live = [&](const std::shared_ptr<LiveSpectrum>& spectrum, const std::vector<std::string>& names) {
        live.attach(spectrum, names, request.seconds.value_or(5.0));
    };
    hooks.progress = [&](double fraction, std::string_view stage) {
        if (stage == "recording") live.show(fraction);
    };
    app::CancelToken cancel;
    InterruptCancels interrupt(cancel);
    auto result = app::run_hum(request, hooks, cancel);
    live.clear();
    if (!result) exit_with(result.error());
    print_warnings(result->warnings);
    if (!o.json.empty()) outputs.add_text(o.json, cli_report(app::hum_report_json(*result, o.spectrum)));
    if (!o.plot.empty()) outputs.add_text(o.plot, app::hum_plot_svg(*result));
    if (!o.quiet) std::fputs(cli_text(app::hum_summary_text(*result)).c_str(), outputs.to_standard_output() ? stderr : stdout);
    outputs.write_all();
}

}  // namespace

void register_hum_command(CLI::App& app) {
    auto o = std::make_shared<HumOptions>();
    app::HumRequest& r = o->request;
    auto* cmd = app.add_subcommand("hum", "Find mains hum, buzz, tones and DC on the inputs, and say what to change");
    add_device_options(*cmd, r.device);
    cmd->add_option("--seconds", r.seconds, "Seconds to record (default 5), or to read from --from-wav (default: all)");
    cmd->add_option("--channels", r.channels, "Inputs to analyse: A,B (default), A, B, or WAV channel numbers 1,2,...");
    cmd->add_option("--json", o->json, "Write the report as JSON");
    cmd->add_option("--compare", r.compare, "Compare with an earlier report (BEFORE.json from --json)");
    cmd->add_option("--from-wav", r.from_wav, "Analyse a WAV (400 Hz to 192 kHz, any channel count) instead of recording");
    cmd->add_flag("--track", r.track, "Follow the mains frequency second by second");
    cmd->add_flag("--spectrum", o->spectrum, "Include the spectrum (48 bands per octave) in the JSON report");
    cmd->add_option("--plot", o->plot, "Write the spectrum of each input with the mains harmonics as an SVG picture");
    cmd->add_option("--full-scale-volts", r.full_scale_volts,
                    "Input sensitivity, peak volts at 0 dBFS (from a calibration): adds dBV and DC in volts");
    add_profile_options(*cmd, r.profile, true);
    add_quiet_flag(*cmd, o->quiet, "No live display and no summary");
    cmd->callback([o] { run(*o); });
}

}  // namespace zb::cli
