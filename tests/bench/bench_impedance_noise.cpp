// Benchmark: |Z| error against sweep length on a noisy bench (white noise at
// −60 dBFS on both inputs, the default woofer, R_ref 10 Ω, −20 dBFS sweep),
// next to the 1/√T line through the shortest sweep, and the reported 1σ
// (measure/impedance_uncertainty.h) beside the actual error. RMS relative
// error of |Z| in three bands against the rig's analytic model, averaged over
// several noise seeds; then averages of 1 s sweeps (--averages) next to the
// 1/√N line. A program that prints figures, not a test.
//
// Usage: bench_impedance_noise [--seeds N]
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "device/sim_device.h"
#include "measure/impedance_measurement.h"

using namespace zb;

int main(int argc, char** argv) {
    int seeds = 3;
    for (int i = 1; i + 1 < argc; ++i)
        if (std::strcmp(argv[i], "--seeds") == 0) seeds = std::atoi(argv[i + 1]);
    struct Band {
        const char* name;
        double lo_hz, hi_hz;
    };
    const Band bands[] = {{"20-40 Hz", 20.0, 40.0}, {"100 Hz-5 kHz", 100.0, 5000.0}, {"5-20 kHz", 5000.0, 20000.0}};
    const double lengths_s[] = {0.5, 1.0, 2.0, 4.0, 8.0, 16.0, 30.0};
    std::printf("noise -60 dBFS, default woofer; RMS |Z| error %% (reported RMS 1-sigma %%) per band, %d seeds\n", seeds);
    std::printf("%8s", "sweep s");
    for (const auto& b : bands) std::printf(" %24s", b.name);
    std::printf(" %14s\n", "1/sqrt(T) line");
    // One row: RMS error and RMS reported σ per band, over the seeds; the
    // middle band's RMS error, or 0 when a measurement fails.
    auto row = [&](double t, int averages) -> double {
        double err2[3] = {}, sig2[3] = {};
        std::size_t count[3] = {};
        for (int seed = 1; seed <= seeds; ++seed) {
            Scenario s;
            s.seed = static_cast<std::uint64_t>(seed);
            s.input.noise_dbfs = -60.0;
            SimDevice device(s);
            ImpedanceMeasurementConfig c;
            c.analysis.r_ref_nominal_ohm = s.r_ref_ohm;
            c.analysis.grid = {20.0, 20000.0, 24};
            c.safety.output = OutputKind::amplifier;
            c.sweep_seconds = t;
            c.averages = averages;
            auto m = measure_impedance(device, c, nullptr);
            if (!m) {
                std::printf("%.1f s: %s\n", t, m.message().c_str());
                return 0.0;
            }
            const auto& curve = m->analysis.curve;
            for (std::size_t k = 0; k < curve.size(); ++k) {
                const double f = curve.frequency_hz[k];
                const double e = 100.0 * (curve.magnitude_ohm[k] / std::abs(dut_impedance(s.dut, f)) - 1.0);
                for (std::size_t bi = 0; bi < 3; ++bi) {
                    if (f < bands[bi].lo_hz || f > bands[bi].hi_hz) continue;
                    err2[bi] += e * e;
                    sig2[bi] += std::pow(m->analysis.magnitude_uncertainty_percent[k], 2);
                    ++count[bi];
                }
            }
        }
        double mid = 0.0;
        for (std::size_t bi = 0; bi < 3; ++bi) {
            const double n = static_cast<double>(count[bi]);
            const double rms = std::sqrt(err2[bi] / n), sig = std::sqrt(sig2[bi] / n);
            if (bi == 1) mid = rms;
            std::printf("          %6.3f (%6.3f)", rms, sig);
        }
        return mid;
    };
    double first_mid = 0.0;
    for (double t : lengths_s) {
        std::printf("%8.1f", t);
        const double mid = row(t, 1);
        if (!(mid > 0.0)) return 1;
        if (t == lengths_s[0]) first_mid = mid;
        std::printf(" %14.3f\n", first_mid * std::sqrt(lengths_s[0] / t));
    }
    // Averaging (--averages N) of 1 s sweeps, next to the 1/sqrt(N) line.
    std::printf("\n%8s", "averages");
    for (const auto& b : bands) std::printf(" %24s", b.name);
    std::printf(" %14s\n", "1/sqrt(N) line");
    double single_mid = 0.0;
    for (int n : {1, 2, 4, 8}) {
        std::printf("%8d", n);
        const double mid = row(1.0, n);
        if (!(mid > 0.0)) return 1;
        if (n == 1) single_mid = mid;
        std::printf(" %14.3f\n", single_mid / std::sqrt(static_cast<double>(n)));
    }
    return 0;
}
