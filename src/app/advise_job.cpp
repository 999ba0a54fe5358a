#include "app/advise_job.h"

#include "io/zma.h"

namespace zb::app {

ImpedanceRequest default_advise_measurement() {
    ImpedanceRequest r;
    r.sweep_seconds = 2.0;
    r.fmin_hz = 20.0;
    r.points_per_octave = 24;
    r.fit_ts = false;
    r.allow_open_and_short = true;
    return r;
}

AppResult<AdviseResult> run_advise(const AdviseRequest& r, const ProgressFn& progress, const CancelToken& cancel) {
    return run_job([&] {
        if (!r.file.empty() && r.device_given)
            fail_setting("file", "give a curve file or device settings ({device}, {sim_scenario}), not both");
        AdviseResult out;
        ImpedanceCurve curve;
        if (!r.file.empty()) {
            auto loaded = load_zma(r.file, ZmaReadOptions{r.phase_radians});
            if (!loaded) fail(Failure::bad_file, "file", loaded.message());
            curve = std::move(*loaded);
            out.source = {{"kind", "file"}, {"file", r.file}};
        } else {
            auto m = run_impedance(r.measure, progress, cancel);
            if (!m) throw JobFailure{m.error()};
            curve = m->analysis.curve;
            out.source = {{"kind", "device"},
                          {"device", m->device},
                          {"r_ref_ohm", m->setup.r_ref_nominal_ohm},
                          {"output", output_kind_name(m->setup.output)}};
            out.measurement = std::move(*m);
        }
        auto advice = advise_connection(curve);
        if (!advice) fail(Failure::bad_file, "file", (r.file.empty() ? std::string("measured curve") : r.file) + ": " + advice.message());
        out.advice = std::move(*advice);
        return out;
    });
}

}  // namespace zb::app
