// Benchmark: analysing a 2^18-sample two-channel recording into the 48-PPO
// impedance curve, against the straightforward numpy/scipy script
// (numpy_baseline.py) on the same file. Prints times and accuracies against
// the rig's analytic model. A program that prints figures, not a test.
//
// Usage: bench_impedance [--runs N] [--python PATH]
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "device/sim_device.h"
#include "io/wav.h"
#include "io/zma.h"
#include "measure/impedance_measurement.h"
#include "measure/recording_metadata.h"
#include "util/units.h"

using namespace zb;
using Clock = std::chrono::steady_clock;

namespace {

double ms_since(Clock::time_point t) { return std::chrono::duration<double, std::milli>(Clock::now() - t).count(); }

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}

std::string run_capture(const std::string& cmd) {
    std::string out;
    if (FILE* p = popen(cmd.c_str(), "r")) {
        char buf[256];
        while (fgets(buf, sizeof buf, p)) out += buf;
        if (pclose(p) != 0) return "";
    }
    return out;
}

// Runs argv directly (no shell, whose start-up would be timed too); true on exit 0.
bool spawn_and_wait(const std::vector<std::string>& args) {
    std::vector<char*> argv;
    for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    pid_t pid = 0;
    if (posix_spawn(&pid, argv[0], nullptr, nullptr, argv.data(), environ) != 0) return false;
    int status = 0;
    if (waitpid(pid, &status, 0) != pid) return false;
    return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

struct Accuracy {
    double max_mag_pct = 0, max_phase_deg = 0, mains_mag_pct = 0;
};

Accuracy accuracy(const ImpedanceCurve& c, const Dut& dut, double mains_hz) {
    Accuracy a;
    for (std::size_t i = 0; i < c.size(); ++i) {
        const double f = c.frequency_hz[i];
        if (f < 20.0 || f > 20000.0) continue;
        const auto zt = dut_impedance(dut, f);
        const double mag = 100.0 * std::abs(c.magnitude_ohm[i] / std::abs(zt) - 1.0);
        const double ph = std::abs(std::remainder(c.phase_deg[i] - rad_to_deg(std::arg(zt)), 360.0));
        a.max_mag_pct = std::max(a.max_mag_pct, mag);
        a.max_phase_deg = std::max(a.max_phase_deg, ph);
        // Grid points within 1 % of a mains harmonic (1..10).
        for (int h = 1; h <= 10; ++h)
            if (std::abs(f / (h * mains_hz) - 1.0) < 0.01) a.mains_mag_pct = std::max(a.mains_mag_pct, mag);
    }
    return a;
}

}  // namespace

int main(int argc, char** argv) {
    int runs = 20;
    std::string python = "/usr/bin/python3";
    for (int i = 1; i + 1 < argc; i += 2) {
        if (std::string(argv[i]) == "--runs") runs = std::atoi(argv[i + 1]);
        if (std::string(argv[i]) == "--python") python = argv[i + 1];
    }
    const auto dir = std::filesystem::temp_directory_path() / ("zbench-bench-" + std::to_string(getpid()));
    std::filesystem::create_directories(dir);
    const std::string wav = (dir / "rec.wav").string();

    // The recording: the default woofer behind R_ref 10 Ω with −105 dBFS
    // noise, −90 dBFS mains hum plus harmonics and 1000 samples of latency;
    // 0.5 s + sweep + 1 s = exactly 2^18 samples at 48 kHz.
    Scenario s = default_scenario();
    s.input.noise_dbfs = -105;
    s.input.latency_samples = 1000;
    s.hum.harmonics = {{1, -90}, {2, -96}, {3, -93}, {5, -100}};
    ImpedanceMeasurementConfig mc;
    mc.analysis.r_ref_nominal_ohm = s.r_ref_ohm;
    mc.sweep_seconds = (262144.0 - 72000.0) / 48000.0;
    SimDevice device(s);
    auto sweep = make_sweep(impedance_sweep_config(mc, 48000.0));
    auto cap = device.play_record(sweep->signal, nullptr);
    AudioFile audio;
    audio.sample_rate_hz = 48000;
    audio.channels = {cap->a, cap->b};
    audio.comment = format_recording_metadata({sweep->config, s.r_ref_ohm, "amplifier"});
    if (!write_wav_float(wav, audio)) return 1;
    std::printf("recording: %zu frames x 2 channels, 48 kHz, %s\n", cap->a.size(), wav.c_str());

    // 1. zbench analysis in-process (the "compute alone" counterpart).
    ImpedanceAnalysisConfig ac = mc.analysis;
    ac.stimulus = sweep->config;
    std::vector<double> inproc;
    ImpedanceCurve zb_curve;
    for (int r = 0; r < runs; ++r) {
        StereoRecording rec(cap->a, cap->b, 48000);
        const auto t = Clock::now();
        auto result = analyse_impedance(std::move(rec), ac);
        inproc.push_back(ms_since(t));
        if (!result) {
            std::fprintf(stderr, "analysis failed: %s\n", result.message().c_str());
            return 1;
        }
        zb_curve = result->curve;
        if (r == runs - 1) {
            std::printf("stages of the last run:");
            for (const auto& [stage, ms] : result->stage_ms) std::printf(" %s %.1f ms;", stage.c_str(), ms);
            std::printf("\n");
        }
    }

    // 2. The whole zbench process: exec, read the WAV, analyse, write the ZMA
    // (spawned directly, as a shell's own start-up is not zbench's).
    const std::string zbench = (std::filesystem::path(argv[0]).parent_path() / "zbench").string();
    const std::string zma = (dir / "zbench.zma").string();
    std::vector<double> whole;
    for (int r = 0; r < runs; ++r) {
        const auto t = Clock::now();
        if (!spawn_and_wait({zbench, "impedance", "-q", "--from-wav", wav, "--out", zma})) {
            std::fprintf(stderr, "zbench failed: %s impedance -q --from-wav %s --out %s\n", zbench.c_str(), wav.c_str(),
                         zma.c_str());
            return 1;
        }
        whole.push_back(ms_since(t));
    }
    auto cli_curve = load_zma(zma);

    // 2b. The floor under that figure (process_floor.cpp): exec and exit
    // alone, and the least C++/FFTW program that reads the file, runs one
    // forward and one inverse full-length FFT and writes a curve.
    const std::string floor_bin = (std::filesystem::path(argv[0]).parent_path() / "bench_process_floor").string();
    std::vector<double> floor_empty, floor_fft;
    for (int r = 0; r < runs; ++r) {
        auto t = Clock::now();
        if (!spawn_and_wait({floor_bin, "--empty"})) break;
        floor_empty.push_back(ms_since(t));
        t = Clock::now();
        if (!spawn_and_wait({floor_bin, wav, (dir / "floor.txt").string()})) break;
        floor_fft.push_back(ms_since(t));
    }

    // 3. The numpy/scipy script: its own compute time, fresh process each run.
    const std::string script = ZBENCH_SOURCE_DIR "/tests/bench/numpy_baseline.py";
    const std::string np_out = (dir / "numpy.txt").string();
    std::vector<double> numpy_ms;
    for (int r = 0; r < std::min(runs, 10); ++r) {
        const std::string out = run_capture(python + " " + script + " " + wav + " 10 " + np_out + " 2>/dev/null");
        if (out.empty()) break;
        numpy_ms.push_back(std::atof(out.c_str()));
    }

    const Accuracy zacc = accuracy(zb_curve, s.dut, s.hum.mains_hz);
    std::printf("\n| | time | max |Z| error | max phase error | |Z| error at mains harmonics |\n|---|---|---|---|---|\n");
    std::printf("| zbench, analysis in-process (median of %d) | %.1f ms | %.3f %% | %.3f deg | %.3f %% |\n", runs,
                median(inproc), zacc.max_mag_pct, zacc.max_phase_deg, zacc.mains_mag_pct);
    if (cli_curve) {
        const Accuracy c = accuracy(*cli_curve, s.dut, s.hum.mains_hz);
        std::printf("| zbench, whole process: exec + read + analyse + write (median of %d) | %.1f ms | %.3f %% | %.3f deg | %.3f %% |\n",
                    runs, median(whole), c.max_mag_pct, c.max_phase_deg, c.mains_mag_pct);
    }
    if (!floor_fft.empty()) {
        std::printf("| floor: an empty C++ program, exec + exit (median of %zu) | %.1f ms | | | |\n", floor_empty.size(),
                    median(floor_empty));
        std::printf("| floor: C++/FFTW program, read + one forward and one inverse 2^18 FFT + write, no analysis (median of %zu) | %.1f ms | | | |\n",
                    floor_fft.size(), median(floor_fft));
    }
    if (!numpy_ms.empty()) {
        auto np_curve = load_zma(np_out);
        if (np_curve) {
            const Accuracy n = accuracy(*np_curve, s.dut, s.hum.mains_hz);
            std::printf("| numpy/scipy script, compute only (median of %zu) | %.1f ms | %.3f %% | %.3f deg | %.3f %% |\n",
                        numpy_ms.size(), median(numpy_ms), n.max_mag_pct, n.max_phase_deg, n.mains_mag_pct);
        }
        std::printf("\nspeed-up, zbench whole process vs numpy compute: %.1fx\n", median(numpy_ms) / median(whole));
    } else {
        std::printf("\nnumpy baseline not run (%s with numpy and scipy not available)\n", python.c_str());
    }
    std::filesystem::remove_all(dir);
    return 0;
}
