#include "app/generate_format.h"

#include "util/printf_string.h"

namespace zb::app {

std::string generate_summary_text(const GenerateResult& r) {
    const SignalConfig& s = r.signal;
    std::string out;
    switch (s.kind) {
        case SignalKind::sine: appendf(out, "sine %.6g Hz", s.frequency_hz); break;
        case SignalKind::sweep: appendf(out, "log sweep %.6g Hz to %.6g Hz", r.band_low_hz, r.band_high_hz); break;
        default: appendf(out, "%s noise %.6g Hz to %.6g Hz", signal_kind_name(s.kind), r.band_low_hz, r.band_high_hz); break;
    }
    appendf(out, ", %.1f dBFS peak, %.1f dBFS RMS (AES17), crest factor %.1f dB, %g Hz\n", r.peak_dbfs, r.rms_dbfs,
            r.crest_factor_db, s.sample_rate_hz);
    appendf(out, "%s %.2f s%s\n", r.wav ? "wrote" : "played", r.played_s, r.cancelled ? ", stopped with a fade-out" : "");
    if (r.input_a && r.input_b)
        appendf(out, "inputs while playing: A %.1f dBFS RMS (%.1f peak), B %.1f dBFS RMS (%.1f peak)\n", r.input_a->rms_dbfs,
                r.input_a->peak_dbfs, r.input_b->rms_dbfs, r.input_b->peak_dbfs);
    return out;
}

}  // namespace zb::app
