// The generator job: play a test signal (dsp/signal_generator.h: sine, pink
// or white noise, log sweep) on the device's drive output until its length
// ends or the job is cancelled, or write it to a WAV file instead.
//
// Cancelling does not cut the signal: it starts the fade-out, which plays to
// its end, and the job returns its result with `cancelled` set (the front
// end then says so; the CLI leaves with exit 130). While it plays, the job
// records inputs A and B and reports their levels, so the user sees where
// the signal arrives (which channel is which, a gain that is too hot).
//
// The level is the signal's peak in dBFS; above -3 dBFS it is refused as the
// impedance sweep's is (Refusal::level_too_high).
//
// Threading: runs on the caller's thread; progress is called on it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "app/app_error.h"
#include "app/cancel_token.h"
#include "app/device_setup.h"
#include "dsp/signal_generator.h"
#include "io/wav.h"

namespace zb::app {

struct GenerateRequest {
    DeviceRequest device;
    std::string signal = "sine";       // sine, pink, white or sweep
    double frequency_hz = 1000.0;      // sine
    double level_dbfs = -20.0;         // peak
    double seconds = 10.0;             // fades included; 0: until cancelled (playing only)
    std::string out_wav;               // write the signal here instead of playing it
    double wav_rate_hz = 48000.0;      // the file's sample rate
};

struct InputLevel {
    double rms_dbfs = 0.0;   // AES17, over the whole time played
    double peak_dbfs = 0.0;
};

struct GenerateResult {
    SignalConfig signal;           // as made (sample rate, length)
    double peak_dbfs = 0.0;
    double rms_dbfs = 0.0;         // AES17
    double crest_factor_db = 0.0;  // 20·log10(peak/RMS)
    double band_low_hz = 0.0, band_high_hz = 0.0;
    double played_s = 0.0;         // or written, fades included
    bool cancelled = false;        // stopped early, after its fade-out
    nlohmann::json device;         // what played it; null for a file
    std::optional<InputLevel> input_a, input_b;  // recorded while playing
    std::vector<float> input_a_tail;             // the last second of input A
    std::uint64_t xruns = 0;
    std::optional<AudioFile> wav;  // the file's contents, to write (--out)
    std::vector<std::string> warnings;
};

// The levels and signal settings a generator job refuses, as setting names:
// signal, signal_frequency, signal_level, signal_seconds, out, wav_rate.
void check_generate_request(const GenerateRequest& request);  // throws JobFailure
AppResult<GenerateResult> run_generate(const GenerateRequest& request, const ProgressFn& progress,
                                       const CancelToken& cancel = {});

}  // namespace zb::app
