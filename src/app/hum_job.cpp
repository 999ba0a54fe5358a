#include "app/hum_job.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <fstream>
#include <sstream>
#include <thread>

#include "dsp/fft.h"
#include "io/wav.h"
#include "util/json_fields.h"

namespace zb::app {

namespace {

struct Recording {
    double sample_rate_hz = 0.0;
    std::vector<std::vector<float>> channels;
    std::vector<std::string> names;
    std::vector<calibration::Input> inputs;  // which input each channel is, when known
};

std::string format_seconds(double s) {
    char b[32];
    std::snprintf(b, sizeof b, "%.1f", s);
    return b;
}

// "A,B", "B", "1,2": indices into `available` channels (A = 1, B = 2).
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
            if (!item.empty() && *end == '\0' && v >= 1) index = static_cast<std::size_t>(v);
        }
        if (index < 1 || index > available)
            fail_setting("channels", "{channels} " + spec + ": '" + item + "' is not a channel of " + what + " (it has " +
                                         std::to_string(available) + "; use A,B or numbers from 1)");
        if (std::find(out.begin(), out.end(), index - 1) == out.end()) out.push_back(index - 1);
    }
    if (out.empty()) fail_setting("channels", "{channels} is empty; give e.g. A,B");
    return out;
}

std::optional<HumSnapshot> load_before(const std::string& path) {
    if (path.empty()) return std::nullopt;
    std::ifstream in(path, std::ios::binary);
    if (!in) fail(Failure::bad_file, "compare", "{compare} " + path + ": cannot open it; give a report written by the hum measurement as JSON");
    std::stringstream text;
    text << in.rdbuf();
    auto json = parse_json_text(text.str(), path);
    if (!json) fail(Failure::bad_file, "compare", json.message());
    auto snap = parse_hum_snapshot(*json, path);
    if (!snap) fail(Failure::bad_file, "compare", snap.message());
    return *snap;
}

Recording read_file(const HumRequest& r, HumResult& out) {
    auto audio = read_audio_file(r.from_wav, AudioReadLimits{400.0, 192000.0});
    if (!audio) fail(Failure::bad_file, "from_wav", audio.message());
    Recording rec;
    rec.sample_rate_hz = audio->sample_rate_hz;
    std::size_t frames = audio->frames();
    if (r.seconds) frames = std::min(frames, static_cast<std::size_t>(std::llround(*r.seconds * rec.sample_rate_hz)));
    if (static_cast<double>(frames) < rec.sample_rate_hz)
        fail(Failure::bad_file, "from_wav", r.from_wav + ": " + format_seconds(static_cast<double>(frames) / rec.sample_rate_hz) +
                                                " s of audio; the hum analysis needs at least 1 s (5 s or more for the mains to 0.01 Hz)");
    const auto picked = parse_channels(r.channels, audio->channels.size(), r.from_wav);
    for (std::size_t i : picked) {
        auto& c = audio->channels[i];
        c.resize(frames);
        rec.channels.push_back(std::move(c));
        rec.names.push_back(std::to_string(i + 1));
        // zbench's own recordings hold input A in channel 1 and B in 2.
        if (audio->channels.size() == 2) rec.inputs.push_back(i == 0 ? calibration::Input::a : calibration::Input::b);
    }
    if (rec.inputs.size() != rec.channels.size()) rec.inputs.clear();
    out.profile = load_profile(r.profile, nullptr);
    if (out.profile && out.profile->profile.device.sample_rate_hz != rec.sample_rate_hz && !r.profile.force)
        fail_setting("profile", r.from_wav + ": recorded at " + std::to_string(std::llround(rec.sample_rate_hz)) + " Hz, but profile \"" +
                                    out.profile->name + "\" was made at " +
                                    std::to_string(std::llround(out.profile->profile.device.sample_rate_hz)) +
                                    " Hz; use a profile for this rate, or {force}");
    out.device = {{"kind", "wav"}, {"file", r.from_wav}, {"sample_rate_hz", rec.sample_rate_hz}, {"channels", audio->channels.size()}};
    return rec;
}

// One record() call; a capture with over/underruns has a gap, so it is
// recorded once more, and twice fails.
Capture record_once(AudioDevice& device, std::size_t frames, HumResult& out) {
    auto cap = device.record(frames, nullptr);
    if (cap && cap->xruns > 0) {
        const auto first = cap->xruns;
        out.warnings.push_back(std::to_string(first) + " over/underruns while recording; it was recorded again");
        cap = device.record(frames, nullptr);
        if (cap && cap->xruns > 0)
            fail(Failure::device, "buffer_frames",
                 device.description() + ": " + std::to_string(first) + " over/underruns while recording and " +
                     std::to_string(cap->xruns) +
                     " again when it was repeated; close other audio programs, use larger buffers ({buffer_frames}), or "
                     "{ignore_server_xruns} if the server's count is spurious");
    }
    if (!cap) fail_with(cap.error(), Failure::device);
    return std::move(*cap);
}

// One continuous stream in 0.1 s blocks, each pushed into the live analyser.
Capture record_live(AudioDevice& device, std::size_t frames, const std::vector<std::size_t>& picked,
                    const std::vector<std::string>& names, const HumHooks& hooks, const CancelToken& cancel, HumResult& out) {
    const double fs = device.sample_rate_hz();
    auto spectrum = std::make_shared<LiveSpectrum>(live_spectrum_config(fs, picked.size()));
    if (hooks.on_live) hooks.on_live(spectrum, names);
    Capture all;
    all.sample_rate_hz = fs;
    all.a.reserve(frames);
    all.b.reserve(frames);
    std::vector<float> interleaved;
    std::size_t done = 0;
    const auto block = std::max<std::size_t>(1, static_cast<std::size_t>(0.1 * fs));
    auto st = device.monitor(block, [&](std::span<const float> a, std::span<const float> b) {
        const std::size_t n = std::min(a.size(), frames - done);
        all.a.insert(all.a.end(), a.begin(), a.begin() + static_cast<std::ptrdiff_t>(n));
        all.b.insert(all.b.end(), b.begin(), b.begin() + static_cast<std::ptrdiff_t>(n));
        const std::size_t ch = picked.size();
        interleaved.resize(n * ch);
        for (std::size_t t = 0; t < n; ++t)
            for (std::size_t c = 0; c < ch; ++c) interleaved[t * ch + c] = picked[c] == 0 ? a[t] : b[t];
        // Not an audio callback: wait for room rather than drop (the
        // virtual rig delivers faster than real time).
        for (std::size_t pushed = 0; pushed < n;) {
            const std::size_t room = std::min(n - pushed, spectrum->writable_frames());
            if (room == 0) std::this_thread::sleep_for(std::chrono::milliseconds(1));
            else pushed += spectrum->push(interleaved.data() + ch * pushed, room);
        }
        done += n;
        if (hooks.progress) hooks.progress(static_cast<double>(done) / static_cast<double>(frames), "recording");
        return done < frames && !cancel.cancelled();
    });
    if (!st) fail_with(st.error(), Failure::device);
    // Blocks hit by over/underruns were left out, so the recording has gaps.
    if (const auto xruns = device.monitor_xruns())
        out.warnings.push_back(std::to_string(xruns) + " over/underruns while recording (those blocks were left out); the analysis may be off");
    return all;
}

Recording record_device(const HumRequest& r, const HumHooks& hooks, const CancelToken& cancel, HumResult& out) {
    OpenedDevice opened = open_device(r.device, DeviceUse::record_only);
    Recording rec;
    rec.sample_rate_hz = opened.device->sample_rate_hz();
    out.device = opened.description;
    out.profile = load_profile(r.profile, &opened.identity);
    const auto frames = static_cast<std::size_t>(std::llround(r.seconds.value_or(5.0) * rec.sample_rate_hz));
    const auto picked = parse_channels(r.channels, 2, "the device (inputs A and B)");
    for (std::size_t i : picked) {
        rec.names.push_back(i == 0 ? "A" : "B");
        rec.inputs.push_back(i == 0 ? calibration::Input::a : calibration::Input::b);
    }
    cancel.check();
    Capture all = r.live ? record_live(*opened.device, frames, picked, rec.names, hooks, cancel, out) : record_once(*opened.device, frames, out);
    cancel.check();
    for (std::size_t i : picked) rec.channels.push_back(std::move(i == 0 ? all.a : all.b));
    return rec;
}

}  // namespace

LiveSpectrumConfig live_spectrum_config(double fs, std::size_t channels) {
    LiveSpectrumConfig c;
    c.sample_rate_hz = fs;
    c.channels = channels;
    c.fft_size = fft::power_of_two_size(static_cast<std::size_t>(fs / 4.0));
    c.average_frames = 4;
    c.summary_interval_s = 0.25;
    return c;
}

void check_hum_request(const HumRequest& r) {
    check_device_request(r.device, DeviceUse::record_only);
    if (r.seconds && !(*r.seconds >= 1.0 && *r.seconds <= 3600.0))
        fail_setting("seconds", "{seconds} must be from 1 to 3600 (5 or more to pin the mains to 0.01 Hz)");
    if (r.full_scale_volts && !(*r.full_scale_volts > 0.0 && *r.full_scale_volts < 1000.0))
        fail_setting("full_scale_volts", "{full_scale_volts} must be the input's peak volts at 0 dBFS, above 0 and below 1000");
    if (r.full_scale_volts && !r.profile.profile.empty())
        fail_setting("full_scale_volts", "{full_scale_volts} and {profile} both give the input sensitivity; give one of them");
    if (!r.from_wav.empty()) check_no_device(r.device, "from_wav");
}

AppResult<HumResult> run_hum(const HumRequest& r, const HumHooks& hooks, const CancelToken& cancel) {
    return run_job([&] {
        check_hum_request(r);
        const auto before = load_before(r.compare);
        HumResult out;
        Recording rec = r.from_wav.empty() ? record_device(r, hooks, cancel, out) : read_file(r, out);
        HumAnalysisConfig& config = out.config;
        config.full_scale_volts = r.full_scale_volts;
        if (out.profile) {
            const auto& p = *out.profile;
            out.warnings.insert(out.warnings.end(), p.warnings.begin(), p.warnings.end());
            if (!p.profile.sensitivity) {
                out.warnings.push_back("profile \"" + p.name + "\" has no sensitivity step; levels stay in dBFS (run the sensitivity calibration step)");
            } else if (rec.inputs.empty()) {
                out.warnings.push_back(r.from_wav + " has " + std::to_string(rec.channels.size()) +
                                       " channels, so which is input A and which B is unknown; levels stay in dBFS");
            } else {
                for (auto in : rec.inputs) config.channel_full_scale_volts.push_back(p.profile.sensitivity->input_volts_per_fs(in));
                out.applied_corrections.push_back("sensitivity");
            }
        }
        config.track = r.track;
        if (before && before->mains_hz) config.fallback_mains_hz = *before->mains_hz < 55.0 ? 50.0 : 60.0;
        if (hooks.progress) hooks.progress(1.0, "analysis");
        std::vector<std::span<const float>> spans(rec.channels.begin(), rec.channels.end());
        auto analysis = analyse_hum(spans, rec.names, rec.sample_rate_hz, config);
        if (!analysis) {
            Error e = analysis.error();
            if (!r.from_wav.empty()) e.message = r.from_wav + ": " + e.message;
            fail_with(e, Failure::measurement);
        }
        out.analysis = std::move(*analysis);
        if (before) out.comparison = compare_hum(*before, r.compare, snapshot_of(out.analysis));
        return out;
    });
}

}  // namespace zb::app
