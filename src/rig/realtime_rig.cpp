#include "rig/realtime_rig.h"

#include <algorithm>
#include <array>
#include <cmath>

#include "dsp/fft.h"
#include "util/units.h"

namespace zb {

namespace {

// 1 for x <= 0, 0 for x >= 1, infinitely differentiable in between
// (ψ(1−x)/(ψ(x)+ψ(1−x)) with ψ(x) = e^{−1/x}): its transform decays faster
// than any power, so the taper's own response is short (< 300 samples to
// −150 dB for a transition of 0.05·fs; a raised cosine needs ~1000).
double smooth_taper(double x) {
    if (x <= 0.0) return 1.0;
    if (x >= 1.0) return 0.0;
    const double up = std::exp(-1.0 / x), down = std::exp(-1.0 / (1.0 - x));
    return down / (up + down);
}

}  // namespace

RealtimeRig::RealtimeRig(const Scenario& scenario, std::unique_ptr<PartitionedConvolution> convolution)
    : scenario_(scenario), convolution_(std::move(convolution)), impairments_(scenario_) {}

Result<std::unique_ptr<RealtimeRig>> RealtimeRig::create(const Scenario& s, const RealtimeRigConfig& config) {
    const double fs = s.sample_rate_hz;
    if (config.block_frames < 16 || config.block_frames % 2 != 0)
        return make_error("real-time rig: block size ", config.block_frames, " must be even and at least 16");
    const auto& in = s.input;
    if (in.highpass_hz[0] > 0.0 || in.highpass_hz[1] > 0.0 || in.lowpass_hz[0] > 0.0 || in.lowpass_hz[1] > 0.0 || in.swap_ab ||
        s.output_k2 != 0.0 || s.output_k3 != 0.0 || in.clock_ppm != 0.0)
        return make_error(s.source, ": input.highpass_hz, input.lowpass_hz, input.swap_ab, input.clock_ppm and output_k2/k3 are simulated by the offline rig only; ",
                          "remove them for the real-time rig (zbench-rig, or the virtual rig at real-time pace)");
    const std::size_t m = fft::power_of_two_size(std::max<std::size_t>(1u << 15, static_cast<std::size_t>(8.0 * fs)));
    const std::size_t bins = m / 2 + 1;
    const auto circuit = s.circuit();
    const double gain_a = db_to_gain(s.input.gain_db[0]);
    const double gain_b = db_to_gain(s.input.gain_db[1]);
    const double taper_start_hz = config.taper_start_fraction * fs;
    const double nyquist_hz = 0.5 * fs;

    fft::RealFft<double> fft(m);
    fft::AlignedVector<std::complex<double>> spectrum_a(bins), spectrum_b(bins);
    for (std::size_t k = 0; k < bins; ++k) {
        const double f = bin_to_hz(static_cast<double>(k), m, fs);
        const double taper = smooth_taper((f - taper_start_hz) / (nyquist_hz - taper_start_hz));
        const NodeResponse r = divider_response(circuit, s.dut, f);
        spectrum_a[k] = r.a * (gain_a * taper / static_cast<double>(m));
        spectrum_b[k] = r.b * (gain_b * taper / static_cast<double>(m));
    }
    spectrum_a[bins - 1] = 0.0;  // the taper ends at zero: the Nyquist bin is real
    spectrum_b[bins - 1] = 0.0;
    std::array<fft::AlignedVector<double>, 2> h{fft::AlignedVector<double>(m), fft::AlignedVector<double>(m)};
    fft.inverse(spectrum_a.data(), h[0].data());
    fft.inverse(spectrum_b.data(), h[1].data());

    // Truncation bound: dropping samples n ∈ D changes H(f) by at most
    // Σ_{n∈D} |h[n]| at any frequency (a per-sample threshold would not do:
    // a resonance's response to a sine adds up ~τ·fs samples coherently).
    double peak_response = 0.0;  // max |H(f)| over both channels
    for (std::size_t k = 0; k < bins; ++k)
        peak_response = std::max({peak_response, std::abs(spectrum_a[k]), std::abs(spectrum_b[k])});
    peak_response *= static_cast<double>(m);
    if (!(peak_response > 0.0)) peak_response = 1.0;  // an output into a dead short: both responses are zero
    const double budget = peak_response * db_to_gain(config.truncation_db);
    const std::size_t pre = std::min(config.pre_delay_frames, m / 4);
    // Dropped for sure: the samples from m/2 to m − pre (the far negative times).
    double far_sum[2] = {0.0, 0.0};
    for (std::size_t c = 0; c < 2; ++c)
        for (std::size_t n = m / 2; n < m - pre; ++n) far_sum[c] += std::abs(h[c][n]);
    // Causal part: the shortest that keeps each channel's dropped sum in budget.
    double tail_sum[2] = {far_sum[0], far_sum[1]};
    std::size_t causal = m / 2;
    while (causal > 1) {
        const double next_a = tail_sum[0] + std::abs(h[0][causal - 1]);
        const double next_b = tail_sum[1] + std::abs(h[1][causal - 1]);
        if (next_a > budget || next_b > budget) break;
        tail_sum[0] = next_a;
        tail_sum[1] = next_b;
        --causal;
    }
    const double dropped = std::max(tail_sum[0], tail_sum[1]);

    const std::size_t latency = static_cast<std::size_t>(std::max<std::int64_t>(0, s.input.latency_samples)) + pre;
    std::vector<std::vector<double>> irs(2, std::vector<double>(latency + causal, 0.0));
    for (std::size_t c = 0; c < 2; ++c) {
        for (std::size_t d = 1; d <= pre; ++d) irs[c][latency - d] = h[c][m - d];
        for (std::size_t n = 0; n < causal; ++n) irs[c][latency + n] = h[c][n];
    }
    const double level_db = dropped > 0.0 ? gain_to_db(dropped / peak_response) : -300.0;
    if (level_db > -100.0)
        return make_error(s.source, ": the circuit's response has not decayed within ", m / 2 / fs,
                          " s (", level_db, " dB at the cut); the real-time rig cannot simulate this DUT exactly");

    std::unique_ptr<RealtimeRig> rig(
        new RealtimeRig(s, std::make_unique<PartitionedConvolution>(irs, config.block_frames)));
    rig->latency_frames_ = latency;
    rig->response_frames_ = latency + causal;
    rig->truncation_level_db_ = level_db;
    return rig;
}

void RealtimeRig::process(const float* drive, float* a, float* b) {
    float* outputs[2] = {a, b};
    convolution_->process(drive, outputs);
    const std::size_t n = convolution_->block_frames();
    impairments_.apply(a, b, n, clock_, clipped_a_, clipped_b_);
    clock_ += n;
}

}  // namespace zb
