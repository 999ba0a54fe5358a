// The live hum analyser: a running Welch spectrum computed off the audio
// thread, for the terminal's live display and the GUI's hum view.
//
// Data flow:
//   audio callback ──push()──▶ SpscRing<float> (preallocated)
//        analysis thread ──▶ sliding window of N samples per channel, every
//        hop (N·(1 − overlap)) one windowed FFT per channel (WelchAccumulator
//        <float>) ──▶ running average: the mean of the first K frames, then
//        an exponential average with time constant K frames ──▶ an immutable
//        LiveSpectrumFrame ──publish──▶ latest() for any reader.
// Every few tenths of a second the frame also carries a summary per channel
// (noise floor, mains comb, total hum: the spectral steps of
// mains_detection.h and harmonics.h, without phase tracking).
//
// Threading contract (the real-time rule of STYLE.md):
//  - push(): one producer thread only, typically the audio callback. It
//    copies into the ring buffer and updates atomic counters: no lock, no
//    allocation, no system call, no FFTW, no exception. Frames that do not
//    fit are dropped and counted (stats().frames_dropped), never waited for.
//  - The analysis runs either on the object's own thread (start(), the
//    default) or in whichever single thread calls process_pending()
//    (start_thread = false: tests, benchmarks, offline use). Never both.
//  - latest(): any thread, any number of readers (the GUI once per frame).
//    It returns a shared_ptr to a frame that is never modified while
//    anyone holds it; it takes a mutex shared only with the analysis
//    thread's publish step (never with push()).
//  - stats(): any thread (atomics).
//  - Construction plans the FFT and allocates and touches every buffer;
//    destruction stops the thread. Do both outside the audio callback.
//
// Units: samples in fractions of full scale; spectrum as WelchSpectrum's
// mean square per bin (FS²; a sine of peak A on a bin reads A²/2, i.e.
// 10·log10(2·P) dBFS); frequencies in hertz.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "dsp/window.h"
#include "hum/noise_floor.h"
#include "hum/welch.h"
#include "util/spsc_ring.h"

namespace zb {

struct LiveSpectrumConfig {
    double sample_rate_hz = 48000.0;
    std::size_t channels = 2;
    std::size_t fft_size = 65536;
    double overlap = 0.75;
    WindowKind window = WindowKind::flat_top;
    std::size_t average_frames = 8;   // K above
    double ring_seconds = 1.0;        // ring capacity beyond one hop
    double summary_interval_s = 0.5;  // 0: with every frame; < 0: never
    bool start_thread = true;
};

struct LiveChannelSummary {
    double noise_floor_dbfs = -400.0;  // 20 Hz–20 kHz (to Nyquist)
    std::optional<double> total_hum_dbfs;
    int strongest_harmonic = 0;
    double strongest_harmonic_dbfs = -400.0;
};

struct LiveChannel {
    std::vector<float> power;  // averaged, per bin (see above)
    double rms_dbfs = -400.0;  // of the newest hop, AC, AES17
    double dc_fs = 0.0;        // of the newest hop
    double peak_fs = 0.0;      // of the newest hop
    std::optional<LiveChannelSummary> summary;
};

// One published result; immutable once published.
struct LiveSpectrumFrame {
    std::uint64_t sequence = 0;   // 1, 2, 3, ... per published frame
    std::uint64_t end_frame = 0;  // frames analysed so far: the newest segment ends here
    double sample_rate_hz = 0.0;
    std::size_t fft_size = 0;
    double enbw_bins = 1.0;
    std::size_t averaged = 0;     // segments in the average (K once it is running)
    std::optional<double> mains_hz;  // spectral estimate, with the summary
    std::vector<LiveChannel> channels;

    double bin_hz() const { return sample_rate_hz / static_cast<double>(fft_size); }
    double level_dbfs(std::size_t channel, std::size_t bin) const;
};

struct LiveSpectrumStats {
    std::uint64_t frames_pushed = 0;
    std::uint64_t frames_dropped = 0;  // the ring was full: the analysis fell behind
    std::uint64_t frames_analysed = 0;
    std::uint64_t spectra = 0;         // segments transformed (per channel set)
    std::uint64_t published = 0;
    double analysis_cpu_s = 0.0;       // CPU time of the analysis (thread CPU clock)
};

class LiveSpectrum {
public:
    explicit LiveSpectrum(const LiveSpectrumConfig& config);
    ~LiveSpectrum();
    LiveSpectrum(const LiveSpectrum&) = delete;
    LiveSpectrum& operator=(const LiveSpectrum&) = delete;

    const LiveSpectrumConfig& config() const { return config_; }

    // Producer: `frames` interleaved frames of config().channels samples.
    // Returns the frames accepted (the rest were dropped and counted).
    std::size_t push(const float* interleaved, std::size_t frames) noexcept;
    // Producer: frames that would fit now (for producers that can wait).
    std::size_t writable_frames() const noexcept { return ring_.writable() / config_.channels; }

    // The newest frame, or null before the first one.
    std::shared_ptr<const LiveSpectrumFrame> latest() const;

    // Analyses every whole hop waiting in the ring, in the calling thread;
    // returns the frames consumed. Only with start_thread = false.
    std::size_t process_pending();

    LiveSpectrumStats stats() const;
    void stop();

private:
    void run();
    std::size_t drain();
    void analyse_segment();
    void summarise();
    void publish();
    std::shared_ptr<LiveSpectrumFrame> free_frame();

    LiveSpectrumConfig config_;
    std::size_t hop_ = 0, bins_ = 0;
    SpscRing<float> ring_;
    WelchAccumulator<float> accumulator_;
    std::vector<float> interleaved_;               // one hop, read from the ring
    std::vector<std::vector<float>> history_;      // N samples per channel
    std::vector<std::vector<float>> average_;      // per channel
    std::vector<float> segment_power_;
    std::vector<double> hop_dc_, hop_rms_, hop_peak_;
    std::vector<double> dof_;                      // of the average after k segments
    std::size_t filled_ = 0;
    std::uint64_t segments_ = 0;
    std::uint64_t analysed_frames_ = 0;
    std::uint64_t sequence_ = 0;
    double since_summary_s_ = 1e300;
    std::vector<LiveChannelSummary> summaries_;    // the newest summary, carried into every frame
    std::optional<double> summary_mains_hz_;
    std::vector<WelchSpectrum> summary_spectra_;
    std::vector<NoiseFloor> summary_floors_;
    std::vector<std::shared_ptr<LiveSpectrumFrame>> pool_;

    mutable std::mutex latest_mutex_;
    std::shared_ptr<const LiveSpectrumFrame> latest_;

    std::atomic<std::uint64_t> pushed_{0}, dropped_{0}, analysed_{0}, spectra_{0}, published_{0};
    std::atomic<std::uint64_t> cpu_ns_{0};
    std::uint64_t thread_start_cpu_ns_ = 0;  // these two only on the analysis thread
    bool on_own_thread_ = false;
    std::atomic<bool> running_{false};
    std::thread thread_;
};

}  // namespace zb
