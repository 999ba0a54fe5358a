// zbench hum: record with the output silent (or read a WAV), find the mains
// hum, its harmonics, other tones, DC and the noise floor, and say what it is
// and what to change.
//
// On a terminal, a live level display runs while recording: the capture is
// taken in 0.1 s chunks (AudioDevice::record() calls back to back; the
// virtual rig's clock runs on between calls, so the chunks join seamlessly)
// and pushed into a LiveSpectrum whose analysis thread publishes levels the
// display reads. Off a terminal the capture is one record() call.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "cli/commands.h"
#include "cli/device_options.h"
#include "cli/exit_codes.h"
#include "cli/output_files.h"
#include "cli/profile_options.h"
#include "cli/terminal.h"
#include "hum/compare.h"
#include "hum/hum_analysis.h"
#include "hum/hum_report.h"
#include "hum/live_spectrum.h"
#include "io/wav.h"
#include "util/json_fields.h"

namespace zb::cli {

namespace {

struct HumOptions {
    DeviceOptions device;
    std::optional<double> seconds;
    std::string channels;
    std::string json, compare, from_wav;
    bool track = false;
    bool spectrum = false;
    std::optional<double> full_scale_volts;
    ProfileOptions profile;
    bool quiet = false;
};

struct Recording {
    double sample_rate_hz = 0.0;
    std::vector<std::vector<float>> channels;
    std::vector<std::string> names;
    std::vector<calibration::Input> inputs;  // which input each channel is, when known
    nlohmann::json device;
    std::optional<LoadedProfile> profile;
};

// "A,B", "B", "1,2": indices into `available` names (A = 1, B = 2).
std::vector<std::size_t> parse_channels(const std::string& spec, std::size_t available, const std::string& what) {
    std::vector<std::size_t> out;
    if (spec.empty()) {
        for (std::size_t i = 0; i < available; ++i) out.push_back(i);
        return out;
    }
    std::stringstream in(spec);
    std::string item;
    while (std::getline(in, item, ',')) {
        std::size_t index = 0;
        if (item == "A" || item == "a") index = 1;
        else if (item == "B" || item == "b") index = 2;
        else {
            char* end = nullptr;
            const long v = std::strtol(item.c_str(), &end, 10);
            if (item.empty() || *end != '\0' || v < 1) index = 0;
            else index = static_cast<std::size_t>(v);
        }
        if (index < 1 || index > available)
            throw ExitError{kExitBadInput, "--channels " + spec + ": '" + item + "' is not a channel of " + what +
                                               " (it has " + std::to_string(available) + "; use A,B or numbers from 1)"};
        if (std::find(out.begin(), out.end(), index - 1) == out.end()) out.push_back(index - 1);
    }
    if (out.empty()) throw ExitError{kExitBadInput, "--channels is empty; give e.g. A,B"};
    return out;
}

std::string format_seconds(double s) {
    char b[32];
    std::snprintf(b, sizeof b, "%.1f", s);
    return b;
}

Recording read_wav(const HumOptions& o) {
    auto audio = read_audio_file(o.from_wav, AudioReadLimits{400.0, 192000.0});
    if (!audio) throw ExitError{kExitBadInput, audio.message()};
    Recording r;
    r.sample_rate_hz = audio->sample_rate_hz;
    std::size_t frames = audio->frames();
    if (o.seconds) frames = std::min(frames, static_cast<std::size_t>(std::llround(*o.seconds * r.sample_rate_hz)));
    if (static_cast<double>(frames) < r.sample_rate_hz)
        throw ExitError{kExitBadInput, o.from_wav + ": " + format_seconds(static_cast<double>(frames) / r.sample_rate_hz) +
                                           " s of audio; the hum analysis needs at least 1 s (5 s or more for the mains to 0.01 Hz)"};
    const auto picked = parse_channels(o.channels, audio->channels.size(), o.from_wav);
    for (std::size_t i : picked) {
        auto& c = audio->channels[i];
        c.resize(frames);
        r.channels.push_back(std::move(c));
        r.names.push_back(std::to_string(i + 1));
        // zbench's own recordings hold input A in channel 1 and B in 2.
        if (audio->channels.size() == 2) r.inputs.push_back(i == 0 ? calibration::Input::a : calibration::Input::b);
    }
    if (r.inputs.size() != r.channels.size()) r.inputs.clear();
    r.profile = load_profile(o.profile, nullptr);
    if (r.profile && r.profile->profile.device.sample_rate_hz != r.sample_rate_hz && !o.profile.force)
        throw ExitError{kExitBadInput, o.from_wav + ": recorded at " + std::to_string(std::llround(r.sample_rate_hz)) + " Hz, but profile \"" +
                                           r.profile->name + "\" was made at " + std::to_string(std::llround(r.profile->profile.device.sample_rate_hz)) +
                                           " Hz; use a profile for this rate, or --force"};
    r.device = {{"kind", "wav"}, {"file", o.from_wav}, {"sample_rate_hz", r.sample_rate_hz}, {"channels", audio->channels.size()}};
    return r;
}

// One line on stderr, rewritten in place, from the live analyser's frames.
class LiveDisplay {
public:
    LiveDisplay(double fs, const std::vector<std::string>& names) : names_(names) {
        LiveSpectrumConfig config;
        config.sample_rate_hz = fs;
        config.channels = names.size();
        config.fft_size = fft::power_of_two_size(static_cast<std::size_t>(fs / 4.0));
        config.average_frames = 4;
        config.summary_interval_s = 0.25;
        live_ = std::make_unique<LiveSpectrum>(config);
        interleaved_.reserve(static_cast<std::size_t>(fs) * names.size());
    }
    ~LiveDisplay() { clear(); }

    void push(const std::vector<const std::vector<float>*>& chunk, double elapsed_s, double total_s) {
        const std::size_t n = chunk.front()->size(), ch = chunk.size();
        interleaved_.resize(n * ch);
        for (std::size_t t = 0; t < n; ++t)
            for (std::size_t c = 0; c < ch; ++c) interleaved_[t * ch + c] = (*chunk[c])[t];
        live_->push(interleaved_.data(), n);
        show(elapsed_s, total_s);
    }

    void clear() {
        if (shown_) std::fprintf(stderr, "\r%*s\r", static_cast<int>(width_), "");
        shown_ = false;
    }

private:
    void show(double elapsed_s, double total_s) {
        std::string line = "recording " + format_seconds(elapsed_s) + "/" + format_seconds(total_s) + " s";
        if (auto frame = live_->latest()) {
            char b[160];
            if (frame->mains_hz) {
                std::snprintf(b, sizeof b, "  mains %.2f Hz", *frame->mains_hz);
                line += b;
            }
            for (std::size_t c = 0; c < frame->channels.size(); ++c) {
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

    std::vector<std::string> names_;
    std::unique_ptr<LiveSpectrum> live_;
    std::vector<float> interleaved_;
    std::size_t width_ = 0;
    bool shown_ = false;
};

Recording record_device(const HumOptions& o, bool live) {
    OpenedDevice opened = open_device(o.device);
    Recording r;
    r.sample_rate_hz = opened.device->sample_rate_hz();
    r.device = opened.description;
    const calibration::DeviceIdentity identity = device_identity(opened);
    r.profile = load_profile(o.profile, &identity);
    const double seconds = o.seconds.value_or(5.0);
    const auto frames = static_cast<std::size_t>(std::llround(seconds * r.sample_rate_hz));
    const auto picked = parse_channels(o.channels, 2, "the device (inputs A and B)");
    const char* names[2] = {"A", "B"};
    for (std::size_t i : picked) {
        r.names.push_back(names[i]);
        r.inputs.push_back(i == 0 ? calibration::Input::a : calibration::Input::b);
    }
    Capture all;
    std::uint64_t xruns = 0;
    if (!live) {
        // A capture with over/underruns has a gap (a real device returns it
        // zeroed): it is never analysed. Record once more; twice fails.
        auto cap = opened.device->record(frames, nullptr);
        if (cap && cap->xruns > 0) {
            std::fprintf(stderr, "zbench: warning: %llu over/underruns while recording; recording again\n",
                         static_cast<unsigned long long>(cap->xruns));
            const auto first = cap->xruns;
            cap = opened.device->record(frames, nullptr);
            if (cap && cap->xruns > 0)
                throw ExitError{kExitDevice, opened.device->description() + ": " + std::to_string(first) +
                                                 " over/underruns while recording and " + std::to_string(cap->xruns) +
                                                 " again when it was repeated; close other audio programs, use larger buffers "
                                                 "(--buffer-frames), or --ignore-server-xruns if the server's count is spurious"};
        }
        if (!cap) throw ExitError{kExitDevice, cap.message()};
        all = std::move(*cap);
    } else {
        LiveDisplay display(r.sample_rate_hz, r.names);
        all.a.reserve(frames);
        all.b.reserve(frames);
        // One continuous stream in 0.1 s blocks (AudioDevice::monitor).
        const auto chunk = std::max<std::size_t>(1, static_cast<std::size_t>(0.1 * r.sample_rate_hz));
        std::vector<float> block_a, block_b;
        std::size_t done = 0;
        auto st = opened.device->monitor(chunk, [&](std::span<const float> a, std::span<const float> b) {
            const std::size_t n = std::min(a.size(), frames - done);
            block_a.assign(a.begin(), a.begin() + static_cast<std::ptrdiff_t>(n));
            block_b.assign(b.begin(), b.begin() + static_cast<std::ptrdiff_t>(n));
            all.a.insert(all.a.end(), block_a.begin(), block_a.end());
            all.b.insert(all.b.end(), block_b.begin(), block_b.end());
            done += n;
            std::vector<const std::vector<float>*> shown;
            for (std::size_t i : picked) shown.push_back(i == 0 ? &block_a : &block_b);
            display.push(shown, static_cast<double>(done) / r.sample_rate_hz, seconds);
            return done < frames;
        });
        if (!st) {
            display.clear();
            throw ExitError{kExitDevice, st.message()};
        }
        xruns = opened.device->monitor_xruns();
    }
    // Blocks hit by over/underruns were left out, so the recording has gaps.
    if (xruns) std::fprintf(stderr, "zbench: warning: %llu over/underruns while recording (those blocks were left out); the analysis may be off\n",
                            static_cast<unsigned long long>(xruns));
    for (std::size_t i : picked) r.channels.push_back(std::move(i == 0 ? all.a : all.b));
    return r;
}

std::string wrap(const std::string& text, std::size_t indent, std::size_t width = 78) {
    std::string out, word, line;
    std::stringstream in(text);
    const std::string pad(indent, ' ');
    while (in >> word) {
        if (!line.empty() && indent + line.size() + 1 + word.size() > width) {
            out += pad + line + "\n";
            line.clear();
        }
        line += (line.empty() ? "" : " ") + word;
    }
    if (!line.empty()) out += pad + line + "\n";
    return out;
}

void print_summary(const HumAnalysis& a, const std::optional<HumComparison>& comparison) {
    const auto& s0 = a.channels.front().spectrum;
    std::printf("Hum, %.1f s at %.0f Hz (%s window, %zu-point FFT, %.3g Hz bins, %zu averages)\n", a.duration_s, a.sample_rate_hz,
                std::string(window_name(s0.window)).c_str(), s0.segment_size, s0.bin_hz(), s0.averages);
    const auto& m = a.mains;
    if (!m.found) std::printf("Mains        none found: no hum stands out of the noise\n");
    else if (m.phase_tracked)
        std::printf("Mains        %.4f Hz (%.0f Hz grid; +/-%.4f Hz, from the phase of %zu lines; wander %.3f Hz)\n", m.frequency_hz,
                    m.nominal_hz, std::max(m.uncertainty_hz, 0.0001), m.phase.lines.size(), a.mains_wander_hz);
    else
        std::printf("Mains        %.3f Hz (%.0f Hz grid; from the spectrum only: the hum is too weak to track its phase)\n",
                    m.frequency_hz, m.nominal_hz);
    for (const auto& c : a.channels) {
        std::printf("\nInput %s: %s\n", c.name.c_str(), std::string(hum_kind_name(c.diagnosis.kind)).c_str());
        const double dc_percent = std::abs(c.stats.dc_fs) < 5e-6 ? 0.0 : 100.0 * c.stats.dc_fs;  // no "-0.000"
        std::printf("  level        %.1f dBFS RMS, DC %+.3f %% of full scale", c.stats.rms_dbfs(), dc_percent);
        if (c.dc_offset_v) std::printf(" (%+.2f mV)", 1000.0 * *c.dc_offset_v);
        std::printf("\n  noise floor  %.1f dBFS (20 Hz-%.0f kHz), %.1f dBFS in 1 Hz\n", c.noise_floor_dbfs, a.noise_band_hi_hz / 1000.0,
                    c.noise_density_dbfs_per_hz);
        if (c.hum.total_hum_dbfs) {
            std::printf("  total hum    %.1f dBFS", *c.hum.total_hum_dbfs);
            if (c.hum.total_hum_dbv) std::printf(" (%.1f dBV)", *c.hum.total_hum_dbv);
            if (c.hum_to_noise_db) std::printf(", %.1f dB above the noise floor", *c.hum_to_noise_db);
            std::printf("\n  harmonics    n, Hz, dBFS:");
            int shown = 0;
            for (const auto& h : c.hum.harmonics) {
                if (!h.detected) continue;
                if (shown % 3 == 0) std::printf("\n   ");
                std::printf(" %3d %8.2f %6.1f   ", h.n, h.frequency_hz, h.level_dbfs);
                ++shown;
            }
            std::printf("\n");
        } else {
            std::printf("  total hum    none above the noise\n");
        }
        std::string others;
        for (const auto& p : c.peaks) {
            if (p.harmonic) continue;
            char b[64];
            std::snprintf(b, sizeof b, "%s%.1f Hz %.1f dBFS", others.empty() ? "" : ", ", p.frequency_hz, p.level_dbfs);
            others += b;
        }
        if (!others.empty()) std::printf("  other tones  %s\n", others.c_str());
        std::printf("%s", wrap(c.diagnosis.text, 2).c_str());
    }
    if (!a.track.empty()) {
        std::printf("\nMains frequency, interval by interval:\n");
        for (const auto& p : a.track) std::printf("  %7.1f-%-7.1f s  %.4f Hz\n", p.start_s, p.end_s, p.frequency_hz);
    }
    if (comparison) {
        std::printf("\nAgainst %s:\n", comparison->before_source.c_str());
        for (const auto& c : comparison->channels) {
            std::printf("  %s: %s\n", c.name.c_str(), c.text.c_str());
            std::string per;
            for (const auto& h : c.harmonics) {
                char b[64];
                std::snprintf(b, sizeof b, "%s%d: %s%+.1f dB", per.empty() ? "" : ", ", h.n,
                              h.bound == "exact" ? "" : (h.bound == "at_most" ? "<=" : ">="), h.change_db);
                per += b;
            }
            if (!per.empty()) std::printf("%s", wrap("harmonics " + per, 4).c_str());
        }
        for (const auto& w : comparison->warnings) std::printf("  warning: %s\n", w.c_str());
    }
    for (const auto& w : a.warnings) std::printf("warning: %s\n", w.c_str());
}

std::optional<HumSnapshot> load_before(const std::string& path) {
    if (path.empty()) return std::nullopt;
    std::ifstream in(path, std::ios::binary);
    if (!in) throw ExitError{kExitBadInput, "--compare " + path + ": cannot open it; give a report written by zbench hum --json"};
    std::stringstream text;
    text << in.rdbuf();
    auto json = parse_json_text(text.str(), path);
    if (!json) throw ExitError{kExitBadInput, json.message()};
    auto snap = parse_hum_snapshot(*json, path);
    if (!snap) throw ExitError{kExitBadInput, snap.message()};
    return *snap;
}

void run(const HumOptions& o) {
    OutputFiles outputs;
    if (!o.json.empty()) outputs.expect(o.json, "--json", {".json"});
    if (o.seconds && !(*o.seconds >= 1.0 && *o.seconds <= 3600.0))
        throw ExitError{kExitBadInput, "--seconds must be from 1 to 3600 (5 or more to pin the mains to 0.01 Hz)"};
    if (o.full_scale_volts && !(*o.full_scale_volts > 0.0 && *o.full_scale_volts < 1000.0))
        throw ExitError{kExitBadInput, "--full-scale-volts must be the input's peak volts at 0 dBFS, above 0 and below 1000"};
    if (o.full_scale_volts && !o.profile.profile.empty())
        throw ExitError{kExitBadInput, "--full-scale-volts and --profile both give the input sensitivity; give one of them"};
    const auto before = load_before(o.compare);

    const bool live = !o.quiet && o.from_wav.empty() && stderr_is_terminal();
    Recording rec = o.from_wav.empty() ? record_device(o, live) : read_wav(o);

    HumAnalysisConfig config;
    config.full_scale_volts = o.full_scale_volts;
    nlohmann::json calibration_json = nullptr;
    if (rec.profile) {
        const auto& p = *rec.profile;
        for (const auto& w : p.warnings) std::fprintf(stderr, "zbench: warning: %s\n", w.c_str());
        std::vector<std::string> applied;
        if (!p.profile.sensitivity) {
            std::fprintf(stderr, "zbench: warning: profile \"%s\" has no sensitivity step; levels stay in dBFS (run zbench calibrate sensitivity)\n",
                         p.name.c_str());
        } else if (rec.inputs.empty()) {
            std::fprintf(stderr, "zbench: warning: %s has %zu channels, so which is input A and which B is unknown; levels stay in dBFS\n",
                         o.from_wav.c_str(), rec.channels.size());
        } else {
            for (auto in : rec.inputs) config.channel_full_scale_volts.push_back(p.profile.sensitivity->input_volts_per_fs(in));
            applied.push_back("sensitivity");
        }
        calibration_json = {{"name", p.name}, {"file", p.file}, {"forced", p.forced}, {"applied", applied}};
    }
    config.track = o.track;
    if (before && before->mains_hz) config.fallback_mains_hz = *before->mains_hz < 55.0 ? 50.0 : 60.0;
    std::vector<std::span<const float>> spans(rec.channels.begin(), rec.channels.end());
    auto analysis = analyse_hum(spans, rec.names, rec.sample_rate_hz, config);
    if (!analysis) throw ExitError{kExitMeasurement, (o.from_wav.empty() ? "" : o.from_wav + ": ") + analysis.message()};

    std::optional<HumComparison> comparison;
    if (before) comparison = compare_hum(*before, o.compare, snapshot_of(*analysis));
    if (!o.json.empty()) {
        HumReportContext ctx;
        ctx.device = rec.device;
        ctx.include_spectrum = o.spectrum;
        if (comparison) ctx.comparison = comparison_to_json(*comparison);
        nlohmann::json report = hum_report(*analysis, config, ctx);
        report["calibration"] = calibration_json;
        outputs.add_text(o.json, report.dump(2) + "\n");
    }
    if (!o.quiet) print_summary(*analysis, comparison);
    outputs.write_all();
}

}  // namespace

void register_hum_command(CLI::App& app) {
    auto o = std::make_shared<HumOptions>();
    auto* cmd = app.add_subcommand("hum", "Find mains hum, buzz, tones and DC on the inputs, and say what to change");
    add_device_options(*cmd, o->device);
    cmd->add_option("--seconds", o->seconds, "Seconds to record (default 5), or to read from --from-wav (default: all)");
    cmd->add_option("--channels", o->channels, "Inputs to analyse: A,B (default), A, B, or WAV channel numbers 1,2,...");
    cmd->add_option("--json", o->json, "Write the report as JSON");
    cmd->add_option("--compare", o->compare, "Compare with an earlier report (BEFORE.json from --json)");
    cmd->add_option("--from-wav", o->from_wav, "Analyse a WAV (400 Hz to 192 kHz, any channel count) instead of recording");
    cmd->add_flag("--track", o->track, "Follow the mains frequency second by second");
    cmd->add_flag("--spectrum", o->spectrum, "Include the spectrum (48 bands per octave) in the JSON report");
    cmd->add_option("--full-scale-volts", o->full_scale_volts,
                    "Input sensitivity, peak volts at 0 dBFS (from a calibration): adds dBV and DC in volts");
    add_profile_options(*cmd, o->profile, true);
    cmd->add_flag("-q,--quiet", o->quiet, "No live display and no summary");
    cmd->callback([o] { run(*o); });
}

}  // namespace zb::cli
