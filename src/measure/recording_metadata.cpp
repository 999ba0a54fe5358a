#include "measure/recording_metadata.h"

#include "util/json_fields.h"

namespace zb {

nlohmann::json sweep_to_json(const SweepConfig& s) {
    return {{"sample_rate_hz", s.sample_rate_hz}, {"start_hz", s.start_hz},       {"end_hz", s.end_hz},
            {"duration_s", s.duration_s},         {"level_dbfs", s.level_dbfs},   {"fade_in_s", s.fade_in_s},
            {"fade_out_s", s.fade_out_s},         {"pre_silence_s", s.pre_silence_s}, {"post_silence_s", s.post_silence_s}};
}

std::string format_recording_metadata(const RecordingMetadata& m) {
    nlohmann::json j = {{"zbench_recording", 1},
                        {"r_ref_ohm", m.r_ref_ohm},
                        {"output", m.output_kind},
                        {"sweep", sweep_to_json(m.sweep)}};
    return j.dump();
}

Result<std::optional<RecordingMetadata>> parse_recording_metadata(const std::string& comment, const std::string& source) {
    if (comment.find("\"zbench_recording\"") == std::string::npos) return std::optional<RecordingMetadata>{};
    auto json = parse_json_text(comment, source + " (zbench metadata)");
    if (!json) return json.error();
    RecordingMetadata m;
    JsonFields f(*json, source + " (zbench metadata)", "");
    f.integer("zbench_recording", 1, 1, 1);
    m.r_ref_ohm = f.number("r_ref_ohm", 0.0, 1e-6, 1e9);
    m.output_kind = f.string("output", "line", {"line", "headphone", "amplifier"});
    if (const auto* sweep = f.object("sweep")) {
        JsonFields g(*sweep, f.source(), "sweep");
        m.sweep.sample_rate_hz = g.number("sample_rate_hz", 48000.0, 8000.0, 384000.0);
        m.sweep.start_hz = g.number("start_hz", 5.0, 0.01, 1e6);
        m.sweep.end_hz = g.number("end_hz", 23000.0, 0.01, 1e6);
        m.sweep.duration_s = g.number("duration_s", 4.0, 0.0, 1e4);
        m.sweep.level_dbfs = g.number("level_dbfs", -20.0, -300.0, 0.0);
        m.sweep.fade_in_s = g.number("fade_in_s", 0.005, 0.0, 100.0);
        m.sweep.fade_out_s = g.number("fade_out_s", 0.005, 0.0, 100.0);
        m.sweep.pre_silence_s = g.number("pre_silence_s", 0.5, 0.0, 1e4);
        m.sweep.post_silence_s = g.number("post_silence_s", 1.0, 0.0, 1e4);
        if (auto st = g.finish(); !st) f.fail(st.error());
    } else if (!f.failed()) {
        f.fail("sweep", "missing");
    }
    if (auto st = f.finish(); !st) return st.error();
    if (auto st = validate_sweep_config(m.sweep); !st) return make_error(source, " (zbench metadata): ", st.message());
    return std::optional<RecordingMetadata>(m);
}

}  // namespace zb
