// zbench generate: flags -> app::GenerateRequest -> app::run_generate -> the
// signal on the device's drive output (with a progress bar; Ctrl-C fades it
// out and leaves with exit 130), or a WAV file with --out.
#include <cstdio>
#include <memory>

#include "app/generate_format.h"
#include "app/generate_job.h"
#include "app/output_files.h"
#include "cli/commands.h"
#include "cli/device_options.h"
#include "cli/exit_codes.h"
#include "cli/terminal.h"

namespace zb::cli {

namespace {

struct GenerateOptions {
    app::GenerateRequest request;
    bool quiet = false;
};

void run(const GenerateOptions& o) {
    app::OutputFiles outputs;
    if (!o.request.out_wav.empty()) outputs.expect(o.request.out_wav, "out", {".wav"});
    Progress progress(!o.quiet);
    app::CancelToken cancel;
    InterruptCancels interrupt(cancel);
    auto result = app::run_generate(o.request, progress.callback(), cancel);
    progress.finish();
    if (!result) exit_with(result.error());
    print_warnings(result->warnings);
    if (result->wav) outputs.add_wav(o.request.out_wav, std::move(*result->wav));
    outputs.write_all();
    if (!o.quiet) std::fputs(cli_text(app::generate_summary_text(*result)).c_str(), stdout);
    if (result->cancelled) throw ExitError{app::kExitCancelled, "stopped (Ctrl-C) after a fade-out"};
}

}  // namespace

void register_generate_command(CLI::App& app) {
    auto o = std::make_shared<GenerateOptions>();
    app::GenerateRequest& r = o->request;
    auto* cmd = app.add_subcommand("generate", "Play a test signal (sine, pink or white noise, log sweep), or write it to a WAV");
    cmd->add_option("signal", r.signal, "sine, pink, white or sweep")->required()->check(CLI::IsMember({"sine", "pink", "white", "sweep"}));
    add_device_options(*cmd, r.device);
    cmd->add_option("--frequency", r.frequency_hz, "Sine frequency, Hz")->capture_default_str();
    cmd->add_option("--level", r.level_dbfs, "Level, dBFS peak (at most -3)")->capture_default_str();
    cmd->add_option("--seconds", r.seconds, "Length in seconds, fades included; 0 plays until Ctrl-C")->capture_default_str();
    cmd->add_option("--out", r.out_wav, "Write the signal to this WAV (32-bit float, mono) instead of playing it");
    cmd->add_option("--wav-rate", r.wav_rate_hz, "Sample rate of the --out file, Hz")->capture_default_str();
    add_quiet_flag(*cmd, o->quiet, "No progress bar and no summary");
    cmd->callback([o] { run(*o); });
}

}  // namespace zb::cli
