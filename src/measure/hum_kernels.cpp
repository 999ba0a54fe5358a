#include "measure/hum_kernels.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <vector>

namespace zb::hum {

namespace {

using cd = std::complex<double>;

// Two doubles in one SIMD register: GCC/Clang generic vectors (SSE2 on
// x86-64, NEON on AArch64, plain scalars elsewhere). Plain loops over eight
// lanes do not vectorise reliably here: GCC's loop vectoriser takes the
// outer loop and shuffles. Eight lanes are four of these.
using f64x2 = double __attribute__((vector_size(16)));
constexpr std::size_t kPairs = kLanes / 2;

inline f64x2 load2(const double* p) {
    f64x2 v;
    std::memcpy(&v, p, sizeof v);
    return v;
}
inline void store2(double* p, f64x2 v) { std::memcpy(p, &v, sizeof v); }
inline f64x2 splat(double x) { return f64x2{x, x}; }

std::size_t round_up_lanes(std::size_t n) { return (n + kLanes - 1) / kLanes * kLanes; }

// The eight rotators at t0: e^{jω t0}·e^{jωj}, j = 0..7.
void anchor_lanes(const Oscillator& o, std::size_t t0, f64x2* re, f64x2* im) {
    const cd a = std::polar(1.0, o.omega * static_cast<double>(t0));
    for (std::size_t v = 0; v < kPairs; ++v) {
        const f64x2 lr = load2(o.lead_re + 2 * v), li = load2(o.lead_im + 2 * v);
        re[v] = a.real() * lr - a.imag() * li;
        im[v] = a.real() * li + a.imag() * lr;
    }
}

}  // namespace

Oscillator make_oscillator(double omega) {
    Oscillator o;
    o.omega = omega;
    for (std::size_t j = 0; j < kLanes; ++j) {
        const cd lead = std::polar(1.0, omega * static_cast<double>(j));
        const cd lag = std::polar(1.0, omega * (static_cast<double>(j) - static_cast<double>(kLanes)));
        o.lead_re[j] = lead.real();
        o.lead_im[j] = lead.imag();
        o.lag_re[j] = lag.real();
        o.lag_im[j] = lag.imag();
    }
    for (std::size_t j = 0; j < kPairLanes; ++j) {
        const cd lag = std::polar(1.0, omega * (static_cast<double>(j) - static_cast<double>(kPairLanes)));
        o.lag4_re[j] = lag.real();
        o.lag4_im[j] = lag.imag();
    }
    const cd step = std::polar(1.0, omega * static_cast<double>(kLanes));
    o.step_re = step.real();
    o.step_im = step.imag();
    o.twice_cos_step = 2.0 * step.real();
    o.twice_cos_step4 = 2.0 * std::cos(omega * static_cast<double>(kPairLanes));
    return o;
}

void cos_sin_block(const Oscillator& o, std::size_t t0, std::size_t count, double* cos_out, double* sin_out) {
    const f64x2 sr = splat(o.step_re), si = splat(o.step_im);
    for (std::size_t b = 0; b < count; b += kBlock) {
        f64x2 re[kPairs], im[kPairs];
        anchor_lanes(o, t0 + b, re, im);
        const std::size_t n = round_up_lanes(std::min(kBlock, count - b));
        for (std::size_t i = b; i < b + n; i += kLanes) {
            for (std::size_t v = 0; v < kPairs; ++v) {
                store2(cos_out + i + 2 * v, re[v]);
                store2(sin_out + i + 2 * v, im[v]);
                const f64x2 nr = re[v] * sr - im[v] * si;
                im[v] = re[v] * si + im[v] * sr;
                re[v] = nr;
            }
        }
    }
}

void add_sinusoid(cd q, const Oscillator& o, std::size_t count, double* out) {
    // y = Re(q·e^{jω(i + j)}) for the eight lanes, and its value eight samples earlier.
    f64x2 y[kPairs], prev[kPairs];
    for (std::size_t v = 0; v < kPairs; ++v) {
        y[v] = q.real() * load2(o.lead_re + 2 * v) - q.imag() * load2(o.lead_im + 2 * v);
        prev[v] = q.real() * load2(o.lag_re + 2 * v) - q.imag() * load2(o.lag_im + 2 * v);
    }
    const f64x2 c = splat(o.twice_cos_step);
    const std::size_t n = round_up_lanes(count);
    for (std::size_t i = 0; i < n; i += kLanes) {
        for (std::size_t v = 0; v < kPairs; ++v) {
            store2(out + i + 2 * v, load2(out + i + 2 * v) + y[v]);
            const f64x2 next = c * y[v] - prev[v];
            prev[v] = y[v];
            y[v] = next;
        }
    }
}

void project_ranges(std::span<const StridedView> channels, std::span<const double> offsets,
                    std::span<const Oscillator> osc, std::span<const Segment> ranges, std::span<cd> out) {
    const std::size_t nc = channels.size(), nk = osc.size();
    std::fill(out.begin(), out.end(), cd(0.0));
    if (nc == 0 || nk == 0) return;
    // Per block: the samples of every channel, then per oscillator the
    // block's cos/sin, then per channel eight partial dot products.
    std::vector<double> work((nc + 2) * kBlock + 2 * kLanes * nc * nk);
    double* v = work.data();                 // [channel][kBlock]
    double* cs = v + nc * kBlock;            // [kBlock]
    double* sn = cs + kBlock;                // [kBlock]
    double* partial = sn + kBlock;           // [channel][oscillator][re 8, im 8]
    for (std::size_t r = 0; r < ranges.size(); ++r) {
        std::fill(partial, partial + 2 * kLanes * nc * nk, 0.0);
        const Segment range = ranges[r];
        for (std::size_t t0 = range.begin; t0 < range.end; t0 += kBlock) {
            const std::size_t count = std::min(kBlock, range.end - t0);
            const std::size_t n = round_up_lanes(count);
            for (std::size_t c = 0; c < nc; ++c) {
                double* vc = v + c * kBlock;
                const StridedView x = channels[c];
                const double offset = offsets[c];
                for (std::size_t i = 0; i < count; ++i) vc[i] = static_cast<double>(x[t0 + i]) - offset;
                std::fill(vc + count, vc + n, 0.0);
            }
            for (std::size_t k = 0; k < nk; ++k) {
                cos_sin_block(osc[k], t0, count, cs, sn);
                for (std::size_t c = 0; c < nc; ++c) {
                    const double* vc = v + c * kBlock;
                    double* p = partial + 2 * kLanes * (c * nk + k);
                    f64x2 ar[kPairs], ai[kPairs];
                    for (std::size_t v = 0; v < kPairs; ++v) {
                        ar[v] = load2(p + 2 * v);
                        ai[v] = load2(p + kLanes + 2 * v);
                    }
                    for (std::size_t i = 0; i < n; i += kLanes) {
                        for (std::size_t v = 0; v < kPairs; ++v) {
                            const f64x2 x = load2(vc + i + 2 * v);
                            ar[v] += x * load2(cs + i + 2 * v);
                            ai[v] += x * load2(sn + i + 2 * v);
                        }
                    }
                    for (std::size_t v = 0; v < kPairs; ++v) {
                        store2(p + 2 * v, ar[v]);
                        store2(p + kLanes + 2 * v, ai[v]);
                    }
                }
            }
        }
        for (std::size_t q = 0; q < nc * nk; ++q) {
            const double* p = partial + 2 * kLanes * q;
            double re = 0.0, im = 0.0;
            for (std::size_t j = 0; j < kLanes; ++j) {
                re += p[j];
                im += p[kLanes + j];
            }
            out[r * nc * nk + q] = {re, im};
        }
    }
}

RangeSums sum_ranges(StridedView x, std::span<const Segment> ranges) {
    f64x2 s[kPairs] = {}, e[kPairs] = {};
    double tail_s = 0.0, tail_e = 0.0;
    for (const auto& range : ranges) {
        std::size_t t = range.begin;
        for (; t + kLanes <= range.end; t += kLanes) {
            for (std::size_t v = 0; v < kPairs; ++v) {
                const f64x2 a = {x[t + 2 * v], x[t + 2 * v + 1]};
                s[v] += a;
                e[v] += a * a;
            }
        }
        for (; t < range.end; ++t) {
            const double v = x[t];
            tail_s += v;
            tail_e += v * v;
        }
    }
    RangeSums out{tail_s, tail_e};
    for (std::size_t v = 0; v < kPairs; ++v) {
        out.sum += s[v][0] + s[v][1];
        out.energy += e[v][0] + e[v][1];
    }
    return out;
}

namespace {

// e^{jω·t0} for t0 = 0, B, 2B, ...: a rotator stepping by e^{jωB}, reseeded
// from std::polar every 16 steps (16 products add ~4e-15 of error), so the
// blocks need one sine and cosine per 16 instead of one each.
class AnchorWalk {
public:
    AnchorWalk(double omega, std::size_t block) : omega_(omega), block_(block), step_(std::polar(1.0, omega * static_cast<double>(block))) {}
    cd next() {
        const cd out = k_ % 16 == 0 ? std::polar(1.0, omega_ * static_cast<double>(k_ * block_)) : r_ * step_;
        r_ = out;
        ++k_;
        return out;
    }

private:
    double omega_;
    std::size_t block_;
    cd step_, r_ = 1.0;
    std::size_t k_ = 0;
};

}  // namespace

namespace {

// One harmonic's pass over a stereo block. kFirst: out = dc + y (no load);
// kMiddle: out += y; kLast: x = float(x − (out + y)), rounded once, and out
// is not written; kOnly: x = float(x − (dc + y)). The last two need
// count to be a multiple of 8 (x has no padding).
enum class Pass { first, middle, last, only };

template <Pass kPass>
void pair_pass(cd qa, cd qb, const Oscillator& o, std::size_t count, double* out, f64x2 dc, float* x) {
    // Lane j holds {channel a, channel b} at sample i + j, four lanes, and
    // the same four samples earlier; both channels share 2cos(4ω).
    f64x2 y[kPairLanes], prev[kPairLanes];
    for (std::size_t j = 0; j < kPairLanes; ++j) {
        const cd lead(o.lead_re[j], o.lead_im[j]), lag(o.lag4_re[j], o.lag4_im[j]);
        y[j] = f64x2{(qa * lead).real(), (qb * lead).real()};
        prev[j] = f64x2{(qa * lag).real(), (qb * lag).real()};
    }
    const f64x2 c = splat(o.twice_cos_step4);
    auto emit = [&](std::size_t s, f64x2 v) {
        double* p = out + 2 * s;
        if constexpr (kPass == Pass::first) {
            store2(p, dc + v);
        } else if constexpr (kPass == Pass::middle) {
            store2(p, load2(p) + v);
        } else {
            const f64x2 hum = kPass == Pass::last ? load2(p) + v : dc + v;
            float* q = x + 2 * s;
            q[0] = static_cast<float>(static_cast<double>(q[0]) - hum[0]);
            q[1] = static_cast<float>(static_cast<double>(q[1]) - hum[1]);
        }
    };
    // Two steps per iteration, the roles of y and prev alternating (no copies).
    const std::size_t n = (count + 2 * kPairLanes - 1) / (2 * kPairLanes) * (2 * kPairLanes);
    for (std::size_t i = 0; i < n; i += 2 * kPairLanes) {
        for (std::size_t j = 0; j < kPairLanes; ++j) {
            emit(i + j, y[j]);
            prev[j] = c * y[j] - prev[j];
        }
        for (std::size_t j = 0; j < kPairLanes; ++j) {
            emit(i + kPairLanes + j, prev[j]);
            y[j] = c * prev[j] - y[j];
        }
    }
}

}  // namespace

void add_sinusoid_pair(cd qa, cd qb, const Oscillator& o, std::size_t count, double* out) {
    pair_pass<Pass::middle>(qa, qb, o, count, out, f64x2{}, nullptr);
}

void subtract_estimate(const HumEstimate& est, std::span<const Oscillator> osc, float* x, std::size_t stride,
                       std::size_t frames) {
    alignas(64) double hum[kSynthesisBlock];  // a multiple of kLanes
    std::vector<AnchorWalk> walks;
    for (const auto& o : osc) walks.emplace_back(o.omega, kSynthesisBlock);
    for (std::size_t t0 = 0; t0 < frames; t0 += kSynthesisBlock) {
        const std::size_t count = std::min(kSynthesisBlock, frames - t0);
        std::fill(hum, hum + round_up_lanes(count), est.dc_fs);
        for (std::size_t k = 0; k < est.components.size(); ++k)
            add_sinusoid(est.components[k].phasor * walks[k].next(), osc[k], count, hum);
        float* p = x + t0 * stride;
        for (std::size_t i = 0; i < count; ++i)
            p[i * stride] = static_cast<float>(static_cast<double>(p[i * stride]) - hum[i]);
    }
}

void subtract_estimates_interleaved(const HumEstimate& a, const HumEstimate& b, std::span<const Oscillator> osc,
                                    float* x, std::size_t frames) {
    alignas(64) double hum[2 * kPairBlock];  // kPairBlock is a multiple of 2·kPairLanes
    std::vector<AnchorWalk> walks;
    for (const auto& o : osc) walks.emplace_back(o.omega, kPairBlock);
    const f64x2 dc = {a.dc_fs, b.dc_fs};
    const std::size_t nk = osc.size();
    for (std::size_t t0 = 0; t0 < frames; t0 += kPairBlock) {
        const std::size_t count = std::min(kPairBlock, frames - t0);
        float* p = x + 2 * t0;
        std::size_t k = 0;
        auto q = [&](const HumEstimate& e, cd anchor) { return e.components[k].phasor * anchor; };
        if (nk > 0 && count % (2 * kPairLanes) == 0) {
            // The first pass writes dc + hum, the last one subtracts from x.
            for (; k < nk; ++k) {
                const cd anchor = walks[k].next();
                if (nk == 1) pair_pass<Pass::only>(q(a, anchor), q(b, anchor), osc[k], count, hum, dc, p);
                else if (k == 0) pair_pass<Pass::first>(q(a, anchor), q(b, anchor), osc[k], count, hum, dc, p);
                else if (k + 1 < nk) pair_pass<Pass::middle>(q(a, anchor), q(b, anchor), osc[k], count, hum, dc, p);
                else pair_pass<Pass::last>(q(a, anchor), q(b, anchor), osc[k], count, hum, dc, p);
            }
            continue;
        }
        // No harmonics, or the ragged last block.
        const std::size_t padded = (count + 2 * kPairLanes - 1) / (2 * kPairLanes) * (2 * kPairLanes);
        for (std::size_t i = 0; i < padded; ++i) store2(hum + 2 * i, dc);
        for (; k < nk; ++k) {
            const cd anchor = walks[k].next();
            pair_pass<Pass::middle>(q(a, anchor), q(b, anchor), osc[k], count, hum, dc, p);
        }
        for (std::size_t i = 0; i < 2 * count; ++i) p[i] = static_cast<float>(static_cast<double>(p[i]) - hum[i]);
    }
}

}  // namespace zb::hum
