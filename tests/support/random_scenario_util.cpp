#include "support/random_scenario.h"

#include <cmath>
#include <sstream>

namespace zbt {

namespace {
double log_uniform(zb::Rng& rng, double lo, double hi) { return lo * std::pow(hi / lo, rng.uniform()); }
}  // namespace

zb::Scenario random_scenario(zb::Rng& rng, bool speaker) {
    zb::Scenario s;
    s.seed = rng.next_u64() >> 12;
    s.r_ref_ohm = log_uniform(rng, 10, 100);
    s.input.noise_dbfs = -105;
    s.input.latency_samples = static_cast<std::int64_t>(rng.uniform() * 2000.0);
    s.hum.mains_hz = rng.uniform() < 0.5 ? 50.0 : 60.0;
    s.hum.harmonics = {{1, -90}, {2, -90 - 15 * rng.uniform()}, {3, -90 - 10 * rng.uniform()}, {5, -105}};
    if (speaker) {
        zb::SpeakerParams p;
        p.re_ohm = log_uniform(rng, 3, 8);
        p.le_h = log_uniform(rng, 5e-5, 1e-3);
        p.l2_h = log_uniform(rng, 1e-4, 2e-3);
        p.r2_ohm = log_uniform(rng, 1, 10);
        p.fs_hz = log_uniform(rng, 20, 150);
        p.qms = 1.5 + 7.5 * rng.uniform();
        p.qes = log_uniform(rng, 0.25, 1.0);
        s.dut = zb::SpeakerDut{p};
    } else {
        s.dut = zb::ResistorDut{log_uniform(rng, 2, 200)};
    }
    return s;
}

std::string describe(const zb::Scenario& s) {
    std::ostringstream o;
    o << "r_ref " << s.r_ref_ohm << " latency " << s.input.latency_samples << " mains " << s.hum.mains_hz << " dut ";
    if (auto* r = std::get_if<zb::ResistorDut>(&s.dut)) o << "R " << r->r_ohm;
    if (auto* sp = std::get_if<zb::SpeakerDut>(&s.dut))
        o << "Re " << sp->params.re_ohm << " fs " << sp->params.fs_hz << " Qms " << sp->params.qms << " Qes "
          << sp->params.qes << " Le " << sp->params.le_h << " L2 " << sp->params.l2_h << " R2 " << sp->params.r2_ohm;
    return o.str();
}

}  // namespace zbt
