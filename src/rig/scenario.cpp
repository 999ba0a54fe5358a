#include "rig/scenario.h"

#include <filesystem>

#include "io/text_table.h"
#include "io/zma.h"
#include "util/json_fields.h"

namespace zb {

Scenario default_scenario() {
    Scenario s;
    s.dut = SpeakerDut{SpeakerParams{}};  // Re 6.2 Ω, fs 38.5 Hz, Qms 4.1, Qes 0.42
    s.input.noise_dbfs = -110.0;
    s.hum.mains_hz = 50.0;
    s.hum.harmonics = {{1, -100.0}, {3, -108.0}};
    return s;
}

namespace {

Result<Dut> parse_dut(const nlohmann::json& j, const std::string& source, const std::string& base_dir) {
    JsonFields f(j, source, "dut");
    const std::string model = f.string("model", "", {"resistor", "speaker", "zma", "open", "short"});
    if (!f.failed() && model.empty()) f.fail("model", "missing; use resistor, speaker, zma, open or short");
    Dut dut = OpenDut{};
    if (model == "resistor") {
        dut = ResistorDut{f.number("R", 8.0, 1e-3, 1e9)};
    } else if (model == "speaker") {
        SpeakerParams p;
        p.re_ohm = f.number("Re", p.re_ohm, 0.01, 1000.0);
        p.le_h = f.number("Le", p.le_h, 0.0, 1.0);
        p.l2_h = f.number("L2", p.l2_h, 0.0, 1.0);
        p.r2_ohm = f.number("R2", p.r2_ohm, 1e-3, 1e6);
        p.fs_hz = f.number("fs", p.fs_hz, 1.0, 20000.0);
        p.qms = f.number("Qms", p.qms, 0.05, 100.0);
        p.qes = f.number("Qes", p.qes, 0.01, 100.0);
        p.creep_beta = f.number("creep_beta", 0.0, 0.0, 2.0);
        p.creep_f0_hz = f.number("creep_f0", 0.0, 0.0, 20000.0);
        dut = SpeakerDut{p};
    } else if (model == "zma") {
        std::string file = f.string("file", "");
        const bool radians = f.boolean("phase_radians", false);
        if (!f.failed() && file.empty()) f.fail("file", "missing; give the path of a .zma impedance file");
        if (!f.failed()) {
            std::filesystem::path p(file);
            if (p.is_relative()) p = std::filesystem::path(base_dir) / p;
            auto curve = load_zma(p.string(), ZmaReadOptions{radians});
            if (!curve) f.fail(Error{source + ": dut.file: " + curve.message()});
            else dut = make_curve_dut(p.string(), std::move(*curve));
        }
    } else if (model == "short") {
        dut = ShortDut{};
    }
    if (auto st = f.finish(); !st) return st.error();
    return dut;
}

}  // namespace

Result<Scenario> parse_scenario(const nlohmann::json& j, const std::string& source, const std::string& base_dir) {
    Scenario s;
    s.source = source;
    JsonFields f(j, source, "");
    s.sample_rate_hz = f.number("sample_rate", 48000.0, 8000.0, 384000.0);
    s.seed = static_cast<std::uint64_t>(f.integer("seed", 1, 0, std::int64_t(1) << 53));
    s.full_scale_volts = f.number("full_scale_volts", 1.0, 1e-3, 1000.0);
    s.source_impedance_ohm = f.number("source_impedance", 0.05, 0.0, 1e6);
    s.r_ref_ohm = f.number("r_ref", 10.0, 0.0, 1e7);
    s.leads_ohm = f.number("leads_ohm", 0.0, 0.0, 1e3);
    s.output_kind = f.string("output", "amplifier", {"line", "headphone", "amplifier"});
    s.output_k2 = f.number("output_k2", 0.0, -10.0, 10.0);
    s.output_k3 = f.number("output_k3", 0.0, -100.0, 100.0);
    f.string("description", "");

    if (const auto* dut = f.object("dut")) {
        auto parsed = parse_dut(*dut, source, base_dir);
        if (!parsed) f.fail(parsed.error());
        else s.dut = std::move(*parsed);
    } else if (!f.failed()) {
        s.dut = SpeakerDut{};
    }

    if (const auto* in = f.object("input")) {
        JsonFields g(*in, source, "input");
        s.input.impedance_ohm = g.number("impedance", 1e6, 1.0, 1e15);
        const auto gains = g.numbers("gain_db", {0.0, 0.0}, 2, -200.0, 40.0);  // -200: that input is disconnected
        s.input.gain_db = {gains[0], gains[1]};
        s.input.noise_dbfs = g.number("noise_dbfs", -110.0, -300.0, 0.0);
        s.input.lf_noise_dbfs = g.number("lf_noise_dbfs", -400.0, -400.0, 0.0);
        s.input.lf_noise_corner_hz = g.number("lf_noise_corner_hz", 20.0, 0.1, 20000.0);
        const auto dc = g.numbers("dc_volts", {0.0, 0.0}, 2, -1000.0, 1000.0);
        s.input.dc_volts = {dc[0], dc[1]};
        s.input.latency_samples = g.integer("latency_samples", 0, 0, 10 * 384000);
        s.input.clock_ppm = g.number("clock_ppm", 0.0, -1000.0, 1000.0);
        const auto hp = g.numbers("highpass_hz", {0.0, 0.0}, 2, 0.0, 1000.0);
        s.input.highpass_hz = {hp[0], hp[1]};
        const auto lp = g.numbers("lowpass_hz", {0.0, 0.0}, 2, 0.0, 1e7);
        s.input.lowpass_hz = {lp[0], lp[1]};
        s.input.swap_ab = g.boolean("swap_ab", false);
        for (double v : lp)
            if (!g.failed() && v > 0.0 && v < 1000.0) g.fail("lowpass_hz", "must be 0 (none) or at least 1000 Hz");
        if (const auto* list = g.array("clicks")) {
            for (std::size_t i = 0; i < list->size(); ++i) {
                JsonFields h((*list)[i], source, "input.clicks[" + std::to_string(i) + "]");
                InputClick click;
                click.time_s = h.number("time_s", 0.0, 0.0, 1e6);
                click.level_dbfs = h.number("dbfs", -20.0, -300.0, 0.0);
                if (auto st = h.finish(); !st) g.fail(st.error());
                s.input.clicks.push_back(click);
            }
        }
        if (auto st = g.finish(); !st) f.fail(st.error());
    }

    if (const auto* hum = f.object("hum")) {
        JsonFields g(*hum, source, "hum");
        s.hum.mains_hz = g.number("mains_hz", 50.0, 40.0, 70.0);
        s.hum.drift_hz = g.number("drift_hz", 0.0, 0.0, 5.0);
        s.hum.drift_period_s = g.number("drift_period_s", 60.0, 0.1, 1e6);
        if (const auto* list = g.array("harmonics")) {
            for (std::size_t i = 0; i < list->size(); ++i) {
                JsonFields h((*list)[i], source, "hum.harmonics[" + std::to_string(i) + "]");
                HumHarmonic harmonic;
                harmonic.n = static_cast<int>(h.integer("n", 1, 1, 1000));
                harmonic.level_dbfs = h.number("dbfs", -80.0, -300.0, 0.0);
                if (auto st = h.finish(); !st) g.fail(st.error());
                s.hum.harmonics.push_back(harmonic);
            }
        }
        if (const auto* list = g.array("tones")) {
            for (std::size_t i = 0; i < list->size(); ++i) {
                JsonFields h((*list)[i], source, "hum.tones[" + std::to_string(i) + "]");
                HumTone tone;
                tone.frequency_hz = h.number("frequency_hz", 1000.0, 0.001, 192000.0);
                tone.level_dbfs = h.number("dbfs", -80.0, -300.0, 0.0);
                if (auto st = h.finish(); !st) g.fail(st.error());
                s.hum.tones.push_back(tone);
            }
        }
        if (auto st = g.finish(); !st) f.fail(st.error());
    }
    if (auto st = f.finish(); !st) return st.error();

    for (const auto& tone : s.hum.tones)
        if (tone.frequency_hz >= 0.5 * s.sample_rate_hz)
            return make_error(source, ": hum.tones: ", tone.frequency_hz, " Hz is not below half the sample rate (",
                              0.5 * s.sample_rate_hz, " Hz)");
    return s;
}

Result<Scenario> load_scenario(const std::string& path) {
    auto bytes = read_file_bytes(path, 16u << 20);
    if (!bytes) return bytes.error();
    auto json = parse_json_text(*bytes, path);
    if (!json) return json.error();
    const auto dir = std::filesystem::path(path).parent_path().string();
    return parse_scenario(*json, path, dir.empty() ? "." : dir);
}

nlohmann::json scenario_to_json(const Scenario& s) {
    nlohmann::json dut;
    std::visit(
        [&](const auto& d) {
            using T = std::decay_t<decltype(d)>;
            dut["model"] = dut_model_name(s.dut);
            if constexpr (std::is_same_v<T, ResistorDut>) dut["R"] = d.r_ohm;
            if constexpr (std::is_same_v<T, SpeakerDut>) {
                dut["Re"] = d.params.re_ohm;
                dut["Le"] = d.params.le_h;
                dut["L2"] = d.params.l2_h;
                dut["R2"] = d.params.r2_ohm;
                dut["fs"] = d.params.fs_hz;
                dut["Qms"] = d.params.qms;
                dut["Qes"] = d.params.qes;
                if (d.params.creep_beta > 0.0) {
                    dut["creep_beta"] = d.params.creep_beta;
                    dut["creep_f0"] = d.params.creep_f0_hz;
                }
            }
            if constexpr (std::is_same_v<T, CurveDut>) dut["file"] = d.file;
        },
        s.dut);
    nlohmann::json harmonics = nlohmann::json::array();
    for (const auto& h : s.hum.harmonics) harmonics.push_back({{"n", h.n}, {"dbfs", h.level_dbfs}});
    nlohmann::json clicks = nlohmann::json::array();
    for (const auto& c : s.input.clicks) clicks.push_back({{"time_s", c.time_s}, {"dbfs", c.level_dbfs}});
    nlohmann::json tones = nlohmann::json::array();
    for (const auto& t : s.hum.tones) tones.push_back({{"frequency_hz", t.frequency_hz}, {"dbfs", t.level_dbfs}});
    return {
        {"sample_rate", s.sample_rate_hz},
        {"seed", s.seed},
        {"full_scale_volts", s.full_scale_volts},
        {"source_impedance", s.source_impedance_ohm},
        {"r_ref", s.r_ref_ohm},
        {"leads_ohm", s.leads_ohm},
        {"output", s.output_kind},
        {"output_k2", s.output_k2},
        {"output_k3", s.output_k3},
        {"dut", dut},
        {"input",
         {{"impedance", s.input.impedance_ohm},
          {"gain_db", s.input.gain_db},
          {"noise_dbfs", s.input.noise_dbfs},
          {"lf_noise_dbfs", s.input.lf_noise_dbfs},
          {"lf_noise_corner_hz", s.input.lf_noise_corner_hz},
          {"dc_volts", s.input.dc_volts},
          {"latency_samples", s.input.latency_samples},
          {"clock_ppm", s.input.clock_ppm},
          {"highpass_hz", s.input.highpass_hz},
          {"lowpass_hz", s.input.lowpass_hz},
          {"clicks", clicks},
          {"swap_ab", s.input.swap_ab}}},
        {"hum",
         {{"mains_hz", s.hum.mains_hz},
          {"harmonics", harmonics},
          {"tones", tones},
          {"drift_hz", s.hum.drift_hz},
          {"drift_period_s", s.hum.drift_period_s}}},
    };
}

}  // namespace zb
