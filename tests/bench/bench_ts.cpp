// Benchmark: the whole T/S analysis (resonance scan, three-point start, LR-2
// and Wright fits, model choice, uncertainty) of a 48-PPO curve, 10 Hz to
// 20 kHz (527 points), measured on the virtual rig from the default woofer;
// then the real SEAS L16RNX with its two added-mass curves, the 10000-point
// LS10-44 file, and the whole `zbench ts` process. Prints the first (cold)
// call and the median of N. A program that prints figures, not a test.
//
// Usage: bench_ts [--runs N]   (the L16RNX/LS10-44 lines need ../shared/reference-data)
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <string>
#include <vector>

#include "device/sim_device.h"
#include "io/atomic_file.h"
#include "io/zma.h"
#include "measure/impedance_measurement.h"
#include "safety/preflight.h"
#include "ts/creep_added_mass.h"
#include "ts/ts_analysis.h"
#include "util/units.h"

using namespace zb;
using Clock = std::chrono::steady_clock;

namespace {

double ms_since(Clock::time_point t) { return std::chrono::duration<double, std::milli>(Clock::now() - t).count(); }

// CPU time of this thread: on a shared VM the wall time also counts other
// processes' turns.
double cpu_ms() {
    timespec t;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return t.tv_sec * 1e3 + t.tv_nsec * 1e-6;
}

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}

// Times analyse_ts: first call, then the median of `runs`.
void time_analysis(const char* label, const TsCurve& curve, const TsConfig& config, int runs) {
    auto t0 = Clock::now();
    auto first = analyse_ts(curve, config);
    const double cold = ms_since(t0);
    if (!first) {
        std::printf("%-42s failed: %s\n", label, first.message().c_str());
        return;
    }
    std::vector<double> times, cpu;
    for (int i = 0; i < runs; ++i) {
        t0 = Clock::now();
        const double c0 = cpu_ms();
        auto r = analyse_ts(curve, config);
        cpu.push_back(cpu_ms() - c0);
        times.push_back(ms_since(t0));
    }
    const ModelFit& f = first->free_air->fit.chosen;
    std::printf("%-42s %5zu pts  first %6.2f ms  median %6.2f ms (CPU %6.2f ms)  %s, fs %.3f Hz, Qts %.3f, residual %.2f %%\n", label,
                first->free_air->fit.points, cold, median(times), median(cpu), std::string(inductance_model_name(f.params.model)).c_str(),
                f.params.fs_hz, f.params.qts(), 100.0 * f.residual);
}

std::string reference_dir() {
    if (const char* env = std::getenv("ZBENCH_REFERENCE_DATA")) return env;
    for (std::string d : {std::string(ZBENCH_SOURCE_DIR) + "/../shared/reference-data", std::string("/work/shared/reference-data")})
        if (std::filesystem::exists(d)) return d;
    return "";
}

}  // namespace

int main(int argc, char** argv) {
    int runs = 50;
    for (int i = 1; i + 1 < argc; i += 2)
        if (std::string(argv[i]) == "--runs") runs = std::max(1, std::atoi(argv[i + 1]));

    // A measured 48-PPO curve of the rig's default woofer (noise -105 dBFS).
    Scenario s = default_scenario();
    s.input.noise_dbfs = -105;
    SimDevice device(s);
    ImpedanceMeasurementConfig mc;
    mc.safety = safety_config_for_rig(s);  // the rig's own output kind, as the CLI does
    mc.analysis.r_ref_nominal_ohm = s.r_ref_ohm;
    mc.analysis.grid = {10.0, 20000.0, 48};
    auto m = measure_impedance(device, mc, nullptr);
    if (!m) {
        std::fprintf(stderr, "bench_ts: %s\n", m.message().c_str());
        return 1;
    }
    std::printf("T/S analysis time (%d runs; 2-vCPU VM figures in docs/benchmarks.md)\n", runs);
    time_analysis("rig woofer, 48 PPO, both models", {m->analysis.curve, "rig"}, {}, runs);
    TsConfig lr2_only;
    lr2_only.fit.model = ModelChoice::lr2;
    time_analysis("rig woofer, 48 PPO, LR-2 only", {m->analysis.curve, "rig"}, lr2_only, runs);

    // Dual added mass on 48-PPO curves: a rig woofer with a creeping
    // suspension (3-parameter creep, beta 0.1), free air and with Mms/2 and
    // Mms added. Times the creep step alone (Zm*, Bl^2, three compliance
    // models, the band spread, each mass alone) and the whole analysis of
    // the three curves.
    {
        const double mms_kg = 0.02, fs0_hz = 40.0;
        const double c0 = 1.0 / (std::pow(kTwoPi * fs0_hz, 2) * mms_kg);
        auto curve_with = [&](double added_kg) {
            Scenario sc = default_scenario();
            sc.input.noise_dbfs = -105;
            SpeakerParams p = std::get<SpeakerDut>(sc.dut).params;
            const double rms = kTwoPi * p.fs_hz * mms_kg / p.qms;  // keep the default's Qms and Bl at the free-air mass
            const double bl2 = kTwoPi * p.fs_hz * mms_kg * p.re_ohm / p.qes;
            const double m = mms_kg + added_kg, ws = 1.0 / std::sqrt(m * c0);
            p.fs_hz = ws / kTwoPi;
            p.qms = ws * m / rms;
            p.qes = ws * m * p.re_ohm / bl2;
            p.creep_beta = 0.1;
            p.creep_f0_hz = 1.5 * fs0_hz;
            sc.dut = SpeakerDut{p};
            SimDevice dev(sc);
            auto r = measure_impedance(dev, mc, nullptr);
            return r ? r->analysis.curve : ImpedanceCurve{};
        };
        const ImpedanceCurve z0 = curve_with(0.0), z1 = curve_with(0.5 * mms_kg), z2 = curve_with(mms_kg);
        TsConfig dual;
        dual.added_mass.push_back({{z1, "m1"}, 0.5 * mms_kg});
        dual.added_mass.push_back({{z2, "m2"}, mms_kg});
        auto full = analyse_ts({z0, "rig"}, dual);
        if (full && full->free_air && full->creep_mass) {
            const std::vector<MassCurve> masses = {{&z1, 0.5 * mms_kg, "m1"}, {&z2, mms_kg, "m2"}};
            const DriverParams fa = full->free_air->fit.chosen.params;
            std::vector<double> times, cpu;
            const auto t_first = Clock::now();
            (void)creep_added_mass(z0, fa, masses);
            const double cold = ms_since(t_first);
            for (int i = 0; i < runs; ++i) {
                const auto t0 = Clock::now();
                const double c0_ms = cpu_ms();
                auto r = creep_added_mass(z0, fa, masses);
                cpu.push_back(cpu_ms() - c0_ms);
                times.push_back(ms_since(t0));
            }
            std::printf("%-42s %5zu pts  first %6.2f ms  median %6.2f ms (CPU %6.2f ms)  Mms %.3f g (true %.3f), Bl %.4f, beta %.3f\n",
                        "dual added mass step, 48 PPO, creep", z0.size(), cold, median(times), median(cpu), full->mechanical->mms_kg->value * 1e3,
                        mms_kg * 1e3, full->mechanical->bl_tm->value, full->creep_mass->chosen.fit.creep.beta);
            time_analysis("rig woofer + 2 added masses, 48 PPO, creep", {z0, "rig"}, dual, runs);
        } else {
            std::printf("dual added mass on the rig failed: %s\n", full ? "no result" : full.message().c_str());
        }
    }

    const std::string ref = reference_dir();
    if (!ref.empty()) {
        auto load = [&](const std::string& rel, bool radians = false) {
            auto c = load_zma(ref + "/" + rel, {radians});
            return c ? TsCurve{std::move(*c), rel} : TsCurve{};
        };
        const TsCurve l16 = load("jcandy_speakertools/L16RNX_0g_242_27mV.zma");
        if (!l16.curve.empty()) {
            time_analysis("SEAS L16RNX free air (35 PPO)", l16, {}, runs);
            TsConfig dual;
            dual.sd_m2 = 104e-4;
            dual.added_mass.push_back({load("jcandy_speakertools/L16RNX_8_017g_242_27mV.zma"), 8.017e-3});
            dual.added_mass.push_back({load("jcandy_speakertools/L16RNX_16_048g_242_27mV.zma"), 16.048e-3});
            time_analysis("SEAS L16RNX + 2 added masses (3 curves)", l16, dual, runs);
        }
        const TsCurve ls10 = load("yankz12_audiolib-elac/test_impedance.txt", true);
        if (!ls10.curve.empty()) time_analysis("LS10-44, 9999 points at 0.5 Hz", ls10, {}, std::max(1, runs / 5));
    }

    // The whole process: exec, read the ZMA, analyse, print.
    const auto dir = std::filesystem::temp_directory_path() / ("zbench-bench-ts-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    const std::string zma = (dir / "woofer.zma").string();
    if (write_file_atomic(zma, format_zma(m->analysis.curve, {"bench_ts"}))) {
        const std::string cmd = std::string(ZBENCH_BIN) + " ts " + zma + " > /dev/null";
        std::vector<double> times;
        for (int i = 0; i < std::max(5, runs / 5); ++i) {
            const auto t0 = Clock::now();
            if (std::system(cmd.c_str()) != 0) break;
            times.push_back(ms_since(t0));
        }
        if (!times.empty()) std::printf("%-42s %5zu pts  median %6.2f ms (process wall time)\n", "zbench ts woofer.zma", m->analysis.curve.size(), median(times));
    }
    std::filesystem::remove_all(dir);
    return 0;
}
