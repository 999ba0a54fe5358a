#include "hum/mains_phase.h"

#include <algorithm>
#include <cmath>
#include <complex>

#include "util/units.h"

namespace zb {

namespace {

using cd = std::complex<double>;

// Raw block phases (radians, in (−π, π]) of harmonic n against n·f_ref.
std::vector<double> block_phases(std::span<const float> x, double fs, double f_ref, int n, std::size_t block,
                                 std::size_t blocks) {
    std::vector<double> phase(blocks);
    const double cycles_per_sample = n * f_ref / fs;
    const cd step = std::polar(1.0, -kTwoPi * cycles_per_sample);
    for (std::size_t b = 0; b < blocks; ++b) {
        const std::size_t start = b * block;
        // Anchor the rotator on the exact phase at each block start, so
        // rounding never accumulates over a long record.
        double c = cycles_per_sample * static_cast<double>(start);
        c -= std::floor(c);
        cd rot = std::polar(1.0, -kTwoPi * c);
        cd acc = 0.0;
        for (std::size_t t = start; t < start + block; ++t) {
            acc += static_cast<double>(x[t]) * rot;
            rot *= step;
        }
        phase[b] = std::arg(acc);
    }
    return phase;
}

// Unwraps with a predictor that follows the phase's slope (an exponentially
// smoothed first difference), so that a drifting frequency is followed.
void unwrap_following(std::vector<double>& phase) {
    double slope = 0.0;
    for (std::size_t b = 1; b < phase.size(); ++b) {
        const double predicted = phase[b - 1] + slope;
        phase[b] += kTwoPi * std::round((predicted - phase[b]) / kTwoPi);
        const double step = phase[b] - phase[b - 1];
        slope = b == 1 ? step : slope + 0.25 * (step - slope);
    }
}

std::size_t end_blocks(std::size_t blocks, double block_s) {
    const auto per_second = static_cast<std::size_t>(std::max(1.0, std::round(1.0 / block_s)));
    return std::clamp<std::size_t>(std::min(per_second, blocks / 4), 1, std::max<std::size_t>(1, blocks / 2));
}

// Mean of v over [a, b).
double mean_of(const std::vector<double>& v, std::size_t a, std::size_t b) {
    double s = 0.0;
    for (std::size_t i = a; i < b; ++i) s += v[i];
    return s / static_cast<double>(b - a);
}

PhaseLineFit fit_line(const std::vector<double>& t, const std::vector<double>& y, std::size_t a, std::size_t b) {
    PhaseLineFit f;
    f.t0_s = mean_of(t, a, b);
    f.value = mean_of(y, a, b);
    double num = 0.0, den = 0.0;
    for (std::size_t i = a; i < b; ++i) {
        num += (t[i] - f.t0_s) * (y[i] - f.value);
        den += (t[i] - f.t0_s) * (t[i] - f.t0_s);
    }
    f.slope = den > 0.0 ? num / den : 0.0;
    return f;
}

}  // namespace

double MainsPhase::phase_at(double t_s) const {
    if (time_s.empty()) return 0.0;
    if (time_s.size() == 1) return phase_cycles.front();
    if (t_s < time_s.front()) return head.at(t_s);
    if (t_s > time_s.back()) return tail.at(t_s);
    const double x = (t_s - time_s.front()) / block_s;
    const auto last = static_cast<double>(time_s.size() - 2);
    const double i = std::clamp(std::floor(x), 0.0, last);
    const auto k = static_cast<std::size_t>(i);
    return phase_cycles[k] + (x - i) * (phase_cycles[k + 1] - phase_cycles[k]);
}

double MainsPhase::mean_frequency_hz(double t0_s, double t1_s) const {
    return reference_hz + (phase_at(t1_s) - phase_at(t0_s)) / (t1_s - t0_s);
}

MainsPhase track_mains_phase(std::span<const std::span<const float>> channels, double fs, double f_ref,
                             std::span<const PhaseLine> lines, int block_periods) {
    MainsPhase out;
    out.reference_hz = f_ref;
    const auto block = static_cast<std::size_t>(std::max(1LL, std::llround(block_periods * fs / f_ref)));
    out.block_s = static_cast<double>(block) / fs;
    std::size_t frames = SIZE_MAX;
    for (const auto& line : lines) frames = std::min(frames, channels[line.channel].size());
    if (lines.empty() || frames == SIZE_MAX) return out;
    const std::size_t blocks = frames / block;
    if (blocks < 2) return out;
    for (std::size_t b = 0; b < blocks; ++b) out.time_s.push_back((static_cast<double>(b * block) + 0.5 * static_cast<double>(block - 1)) / fs);

    // ψ_l[b] per line, in fundamental cycles.
    std::vector<std::vector<double>> psi;
    for (const auto& line : lines) {
        auto phase = block_phases(channels[line.channel], fs, f_ref, line.n, block, blocks);
        unwrap_following(phase);
        for (double& p : phase) p /= kTwoPi * line.n;
        psi.push_back(std::move(phase));
    }
    const std::size_t m = end_blocks(blocks, out.block_s);
    auto advance = [&](const std::vector<double>& v) { return mean_of(v, blocks - m, blocks) - mean_of(v, 0, m); };
    auto variance = [&](std::size_t i) { return 1.0 / (2.0 * std::max(lines[i].snr_per_block, 1e-12) * std::pow(kTwoPi * lines[i].n, 2)); };
    auto agree = [&](std::size_t i, std::size_t r) {
        const double sigma = std::sqrt((variance(i) + variance(r)) * 2.0 / static_cast<double>(m));
        const double tolerance = std::max(0.3 / std::max(lines[i].n, lines[r].n), 4.0 * sigma);
        return std::abs(advance(psi[i]) - advance(psi[r])) < tolerance;
    };
    // The reference line: the one most of the others agree with (a line
    // disturbed by a neighbour, or slipped, disagrees with the rest), ties
    // going to the best SNR among the low harmonics (slips are least likely
    // there), else the best SNR overall.
    auto reliability = [&](std::size_t i) { return lines[i].snr_per_block * (lines[i].n <= 3 ? 1e6 : 1.0); };
    std::vector<std::size_t> support(lines.size(), 0);
    for (std::size_t i = 0; i < lines.size(); ++i)
        for (std::size_t j = 0; j < lines.size(); ++j) support[i] += agree(j, i) ? 1 : 0;
    std::size_t ref = 0;
    for (std::size_t i = 1; i < lines.size(); ++i)
        if (support[i] > support[ref] || (support[i] == support[ref] && reliability(i) > reliability(ref))) ref = i;
    const double span_s = mean_of(out.time_s, blocks - m, blocks) - mean_of(out.time_s, 0, m);

    out.phase_cycles.assign(blocks, 0.0);
    double total_weight = 0.0;
    for (std::size_t i = 0; i < lines.size(); ++i) {
        LinePhase lp;
        lp.line = lines[i];
        lp.mean_frequency_hz = lines[i].n * (f_ref + advance(psi[i]) / span_s);
        lp.used = i == ref || agree(i, ref);
        if (lp.used) {
            double offset = 0.0;
            for (std::size_t b = 0; b < blocks; ++b) offset += psi[i][b] - psi[ref][b];
            offset /= static_cast<double>(blocks);
            const double w = 1.0 / variance(i);
            for (std::size_t b = 0; b < blocks; ++b) out.phase_cycles[b] += w * (psi[i][b] - offset);
            total_weight += w;
        }
        out.lines.push_back(lp);
    }
    for (double& p : out.phase_cycles) p /= total_weight;
    // Noise per block: the theory's, or what the second differences show
    // (Var(ψ[b+1] − 2ψ[b] + ψ[b−1]) = 6σ² for white phase noise), if larger.
    double d2 = 0.0;
    for (std::size_t b = 1; b + 1 < blocks; ++b) d2 += std::pow(out.phase_cycles[b + 1] - 2.0 * out.phase_cycles[b] + out.phase_cycles[b - 1], 2);
    const double empirical = blocks > 2 ? std::sqrt(d2 / (6.0 * static_cast<double>(blocks - 2))) : 0.0;
    out.sigma_cycles = std::max(std::sqrt(1.0 / total_weight), empirical);
    out.covered_s = static_cast<double>(blocks * block) / fs;
    out.end_blocks = m;
    out.head = fit_line(out.time_s, out.phase_cycles, 0, m);
    out.tail = fit_line(out.time_s, out.phase_cycles, blocks - m, blocks);
    return out;
}

PhaseMean mean_mains_frequency(const MainsPhase& phase) {
    PhaseMean mean;
    if (phase.empty()) return mean;
    const double span_s = phase.tail.t0_s - phase.head.t0_s;
    mean.frequency_hz = phase.reference_hz + (phase.tail.value - phase.head.value) / span_s;
    mean.sigma_hz = phase.sigma_cycles * std::sqrt(2.0 / static_cast<double>(phase.end_blocks)) / span_s;
    return mean;
}

}  // namespace zb
