#include "gui/jobs.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <exception>
#include <span>
#include <thread>

#include "calibration/corrections.h"
#include "cli/exit_codes.h"
#include "cli/safety_options.h"
#include "dsp/fft.h"
#include "hum/hum_report.h"
#include "io/zma.h"
#include "measure/impedance_measurement.h"
#include "measure/impedance_report.h"
#include "measure/recording_metadata.h"
#include "safety/preflight.h"
#include "safety/level_limits.h"
#include "ts/ts_report.h"

namespace zb::gui {

namespace {

// Runs `body`, turning every way it can fail into JobFailed.
template <class F>
auto guarded(F&& body) -> decltype(body()) {
    try {
        return body();
    } catch (const JobFailed&) {
        throw;
    } catch (const cli::ExitError& e) {
        throw JobFailed{{e.code, e.message, Refusal::none}};
    } catch (const std::exception& e) {
        throw JobFailed{{cli::kExitFailure, std::string("internal error: ") + e.what(), Refusal::none}};
    }
}

}  // namespace

bool is_refusal(const JobFailure& f) {
    return f.refusal != Refusal::none || f.exit_code == cli::kExitRefused ||
           (f.exit_code >= cli::kExitNoSignalA && f.exit_code <= cli::kExitSwappedInputs);
}

Refusal refusal_for_exit_code(int code) {
    switch (code) {
        case cli::kExitNoSignalA: return Refusal::no_signal_on_a;
        case cli::kExitNoCurrent: return Refusal::no_current;
        case cli::kExitShortedDut: return Refusal::shorted_dut;
        case cli::kExitLoadTooLow: return Refusal::load_too_low;
        case cli::kExitSwappedInputs: return Refusal::inputs_swapped;
        default: return Refusal::none;
    }
}

// The device path of `zbench impedance` (src/cli/cmd_impedance.cpp), with
// the same checks in the same order.
ImpedanceResult run_impedance(const GuiOptions& o, const ProgressFn& progress) {
    return guarded([&] {
        using namespace cli;
        if (o.r_ref_ohm && !(*o.r_ref_ohm > 0.0))
            throw ExitError{kExitBadInput, "R_ref must be above 0 ohm (got " + std::to_string(*o.r_ref_ohm) + ")"};
        if (auto st = check_level(o.level_dbfs, LevelLimits{}); !st)
            throw JobFailed{{kExitRefused, st.message(), Refusal::level_too_high}};

        ImpedanceMeasurementConfig config;
        config.level_dbfs = o.level_dbfs;
        config.sweep_seconds = o.sweep_seconds;
        OpenedDevice opened = open_device(o.device);
        const double fs = opened.device->sample_rate_hz();
        const calibration::DeviceIdentity identity = device_identity(opened);
        std::optional<LoadedProfile> loaded = load_profile(o.profile, &identity);
        ImpedanceResult out;
        double r_ref = 0.0;
        if (o.r_ref_ohm || (loaded && loaded->profile.r_ref_nominal_ohm)) r_ref = r_ref_with_profile(loaded, o.r_ref_ohm, 0.0);
        else if (opened.scenario) r_ref = opened.scenario->r_ref_ohm;
        if (!(r_ref > 0.0)) throw ExitError{kExitBadInput, "R_ref is unknown or 0; enter the resistor's value in ohms"};
        ResolvedOutput output = resolve_output(o.output_kind, opened.scenario);
        if (o.output_kind.empty() && loaded && loaded->profile.output) output = {*loaded->profile.output, "profile"};
        config.safety = make_safety_config(opened, output.kind, o.max_dut_volts);
        config.analysis.grid.fmax_hz = default_fmax_hz(fs);
        config.analysis.r_ref_ohm = r_ref;
        calibration::AppliedCorrections applied;
        if (loaded) {
            applied = calibration::apply_to_impedance(loaded->profile, config);
            out.warnings = loaded->warnings;
            out.calibration = calibration::describe_corrections(loaded->name, applied, loaded->profile);
        }
        SafetyReport safety;
        auto result = measure_impedance(*opened.device, config, progress, &safety);
        out.warnings.insert(out.warnings.end(), safety.warnings.begin(), safety.warnings.end());
        if (!result) throw JobFailed{{exit_code_for(safety, result.error()), result.message(), safety.refusal}};

        out.analysis = std::move(result->analysis);
        out.r_ref_ohm = r_ref;
        out.output_kind = std::string(output_kind_name(output.kind));
        out.summary = summarise_impedance(out.analysis.curve);
        const FreeAirTsSummary ts = free_air_ts_summary(out.analysis.curve, "measurement");
        out.ts_text = ts.text;
        out.ts = ts.json;
        out.warnings.insert(out.warnings.end(), out.analysis.warnings.begin(), out.analysis.warnings.end());
        const std::vector<std::string> header = {
            "zbench-gui " ZBENCH_VERSION " impedance measurement",
            "R_ref " + std::to_string(r_ref) + " ohm, " + std::to_string(config.analysis.grid.points_per_octave) + " points per octave",
            "Freq(Hz)\tZ(Ohms)\tPhase(degrees)"};
        out.zma = format_zma(out.analysis.curve, header);
        out.csv = format_impedance_csv(out.analysis.curve);
        nlohmann::json settings = {{"r_ref_ohm", r_ref},
                                   {"level_dbfs", result->sweep.config.level_dbfs},
                                   {"sweep", sweep_to_json(result->sweep.config)},
                                   {"fmin_hz", config.analysis.grid.fmin_hz},
                                   {"fmax_hz", config.analysis.grid.fmax_hz},
                                   {"points_per_octave", config.analysis.grid.points_per_octave},
                                   {"output", {{"kind", out.output_kind}, {"source", output.source}}}};
        out.report = impedance_report(out.analysis, out.summary, {opened.description, settings, ts.json});
        out.report["safety"] = safety_report_json(result->safety, config.safety);
        out.report["calibration"] = loaded ? calibration::profile_report(loaded->profile, loaded->name, loaded->file,
                                                                         loaded->forced, loaded->warnings, &applied)
                                           : nlohmann::json(nullptr);
        return out;
    });
}

// The device path of `zbench hum` on a terminal (src/cli/cmd_hum.cpp):
// inputs A and B recorded with the output silent as one stream, shown live
// while it records, then analysed; a profile's sensitivity step gives each
// input's volts, so levels read in dBV too.
HumResult run_hum(const GuiOptions& o, const ProgressFn& progress, LiveHumView& live) {
    return guarded([&] {
        using namespace cli;
        if (!(o.hum_seconds >= 1.0 && o.hum_seconds <= 3600.0))
            throw ExitError{kExitBadInput, "hum seconds must be from 1 to 3600 (5 or more to pin the mains to 0.01 Hz)"};
        OpenedDevice opened = open_device(o.device);
        const calibration::DeviceIdentity identity = device_identity(opened);
        const std::optional<LoadedProfile> loaded = load_profile(o.profile, &identity);
        const double fs = opened.device->sample_rate_hz();
        const auto frames = static_cast<std::size_t>(std::llround(o.hum_seconds * fs));
        HumResult out;
        // One continuous stream in 0.1 s blocks, each also pushed into the
        // live analyser, as `zbench hum` does on a terminal. Blocks hit by
        // over/underruns are left out (AudioDevice::monitor).
        LiveSpectrumConfig lc;
        lc.sample_rate_hz = fs;
        lc.channels = 2;
        lc.fft_size = fft::power_of_two_size(static_cast<std::size_t>(fs / 4.0));
        lc.average_frames = 4;
        lc.summary_interval_s = 0.25;
        {
            auto spectrum = std::make_shared<LiveSpectrum>(lc);
            std::lock_guard lock(live.mutex);
            live.spectrum = std::move(spectrum);
        }
        const std::shared_ptr<LiveSpectrum> spectrum = live.get();
        Capture cap;
        cap.a.reserve(frames);
        cap.b.reserve(frames);
        std::vector<float> interleaved;
        std::size_t done = 0;
        const auto chunk = std::max<std::size_t>(1, static_cast<std::size_t>(0.1 * fs));
        auto st = opened.device->monitor(chunk, [&](std::span<const float> a, std::span<const float> b) {
            const std::size_t n = std::min(a.size(), frames - done);
            cap.a.insert(cap.a.end(), a.begin(), a.begin() + static_cast<std::ptrdiff_t>(n));
            cap.b.insert(cap.b.end(), b.begin(), b.begin() + static_cast<std::ptrdiff_t>(n));
            interleaved.resize(2 * n);
            for (std::size_t t = 0; t < n; ++t) {
                interleaved[2 * t] = a[t];
                interleaved[2 * t + 1] = b[t];
            }
            // Not an audio callback: wait for room rather than drop (the
            // virtual rig delivers faster than real time).
            for (std::size_t pushed = 0; pushed < n;) {
                const std::size_t room = std::min(n - pushed, spectrum->writable_frames());
                if (room == 0) std::this_thread::sleep_for(std::chrono::milliseconds(1));
                else pushed += spectrum->push(interleaved.data() + 2 * pushed, room);
            }
            done += n;
            if (progress) progress(static_cast<double>(done) / static_cast<double>(frames), "recording");
            return done < frames;
        });
        if (!st) throw ExitError{kExitDevice, st.message()};
        if (const auto xruns = opened.device->monitor_xruns())
            out.warnings.push_back(std::to_string(xruns) + " over/underruns while recording (those blocks were left out); the analysis may be off");
        if (progress) progress(1.0, "analysis");
        const std::vector<std::string> names = {"A", "B"};
        const std::vector<std::span<const float>> spans = {cap.a, cap.b};
        HumAnalysisConfig config;
        if (loaded) {
            out.warnings.insert(out.warnings.end(), loaded->warnings.begin(), loaded->warnings.end());
            if (loaded->profile.sensitivity)
                for (auto in : {calibration::Input::a, calibration::Input::b})
                    config.channel_full_scale_volts.push_back(loaded->profile.sensitivity->input_volts_per_fs(in));
            else
                out.warnings.push_back("profile \"" + loaded->name + "\" has no sensitivity step; levels stay in dBFS");
        }
        auto analysis = analyse_hum(spans, names, fs, config);
        if (!analysis) throw ExitError{kExitMeasurement, analysis.message()};
        out.analysis = std::move(*analysis);
        out.snapshot = snapshot_of(out.analysis);
        // dBFS per bin from the Welch mean square (hum/welch.h: a sine on a
        // bin reads its mean square A²/2, i.e. 10·log10(2·P) = 20·log10(A) dBFS).
        for (std::size_t c = 0; c < 2 && c < out.analysis.channels.size(); ++c) {
            const WelchSpectrum& w = out.analysis.channels[c].spectrum;
            for (std::size_t k = 1; k < w.bins(); ++k) {
                if (c == 0) out.spectrum_hz.push_back(w.frequency_hz(static_cast<double>(k)));
                out.spectrum_dbfs[c].push_back(10.0 * std::log10(std::max(2.0 * w.power[k], 1e-30)));
            }
        }
        HumReportContext ctx;
        ctx.device = opened.description;
        out.report = hum_report(out.analysis, config, ctx);
        out.warnings.insert(out.warnings.end(), out.analysis.warnings.begin(), out.analysis.warnings.end());
        return out;
    });
}

}  // namespace zb::gui
