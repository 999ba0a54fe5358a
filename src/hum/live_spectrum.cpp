#include "hum/live_spectrum.h"

#include <time.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <stdexcept>

#include "hum/harmonics.h"
#include "hum/mains_detection.h"
#include "hum/noise_floor.h"
#include "hum/spectral_lines.h"
#include "util/units.h"

namespace zb {

namespace {

std::uint64_t thread_cpu_ns() {
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return static_cast<std::uint64_t>(ts.tv_sec) * 1000000000ull + static_cast<std::uint64_t>(ts.tv_nsec);
}

constexpr std::size_t kMaxPool = 8;

LiveSpectrumConfig checked(const LiveSpectrumConfig& c) {
    if (c.channels < 1 || c.channels > 64) throw std::invalid_argument("live spectrum: 1 to 64 channels");
    if (c.fft_size < 16 || c.fft_size % 2) throw std::invalid_argument("live spectrum: the FFT size must be even and at least 16");
    if (!(c.sample_rate_hz > 0.0)) throw std::invalid_argument("live spectrum: the sample rate must be positive");
    if (c.average_frames < 1) throw std::invalid_argument("live spectrum: average at least one frame");
    return c;
}

}  // namespace

double LiveSpectrumFrame::level_dbfs(std::size_t channel, std::size_t bin) const {
    return mean_square_to_dbfs(channels[channel].power[bin]);
}

LiveSpectrum::LiveSpectrum(const LiveSpectrumConfig& config)
    : config_(checked(config)),
      hop_(welch_hop(config.fft_size, config.overlap)),
      bins_(config.fft_size / 2 + 1),
      ring_(config.channels * (welch_hop(config.fft_size, config.overlap) +
                               static_cast<std::size_t>(std::max(0.0, config.ring_seconds) * config.sample_rate_hz))),
      accumulator_(config.fft_size, config.window) {
    interleaved_.assign(hop_ * config_.channels, 0.0f);
    history_.assign(config_.channels, std::vector<float>(config_.fft_size, 0.0f));
    average_.assign(config_.channels, std::vector<float>(bins_, 0.0f));
    segment_power_.assign(bins_, 0.0f);
    hop_dc_.assign(config_.channels, 0.0);
    hop_rms_.assign(config_.channels, 0.0);
    hop_peak_.assign(config_.channels, 0.0);
    // Degrees of freedom of the average after k segments (exponential
    // averaging with α = 1/K acts like ~2K − 1 segments once running).
    for (std::size_t k = 1; k <= 2 * config_.average_frames; ++k)
        dof_.push_back(welch_dof(accumulator_.window(), hop_, k));
    for (int i = 0; i < 3; ++i) {
        auto f = std::make_shared<LiveSpectrumFrame>();
        f->channels.resize(config_.channels);
        for (auto& c : f->channels) c.power.assign(bins_, 0.0f);
        pool_.push_back(std::move(f));
    }
    if (config_.start_thread) {
        running_.store(true, std::memory_order_release);
        thread_ = std::thread([this] { run(); });
    }
}

LiveSpectrum::~LiveSpectrum() { stop(); }

void LiveSpectrum::stop() {
    running_.store(false, std::memory_order_release);
    if (thread_.joinable()) thread_.join();
}

std::size_t LiveSpectrum::push(const float* interleaved, std::size_t frames) noexcept {
    const std::size_t ch = config_.channels;
    const std::size_t accepted = std::min(frames, ring_.writable() / ch);
    ring_.write(std::span<const float>(interleaved, accepted * ch));
    pushed_.fetch_add(frames, std::memory_order_relaxed);
    if (accepted < frames) dropped_.fetch_add(frames - accepted, std::memory_order_relaxed);
    return accepted;
}

std::shared_ptr<const LiveSpectrumFrame> LiveSpectrum::latest() const {
    std::lock_guard<std::mutex> lock(latest_mutex_);
    return latest_;
}

LiveSpectrumStats LiveSpectrum::stats() const {
    LiveSpectrumStats s;
    s.frames_pushed = pushed_.load(std::memory_order_relaxed);
    s.frames_dropped = dropped_.load(std::memory_order_relaxed);
    s.frames_analysed = analysed_.load(std::memory_order_acquire);
    s.spectra = spectra_.load(std::memory_order_relaxed);
    s.published = published_.load(std::memory_order_relaxed);
    s.analysis_cpu_s = 1e-9 * static_cast<double>(cpu_ns_.load(std::memory_order_relaxed));
    return s;
}

std::size_t LiveSpectrum::process_pending() {
    if (thread_.joinable()) return 0;  // the analysis thread owns the consumer side
    const std::uint64_t t0 = thread_cpu_ns();
    const std::size_t n = drain();
    cpu_ns_.fetch_add(thread_cpu_ns() - t0, std::memory_order_relaxed);
    return n;
}

void LiveSpectrum::run() {
    const double hop_s = static_cast<double>(hop_) / config_.sample_rate_hz;
    const auto poll = std::chrono::duration<double>(std::clamp(hop_s / 4.0, 0.001, 0.050));
    thread_start_cpu_ns_ = thread_cpu_ns();
    on_own_thread_ = true;
    while (running_.load(std::memory_order_acquire)) {
        const std::size_t n = drain();
        // The whole thread's CPU time, polling included.
        cpu_ns_.store(thread_cpu_ns() - thread_start_cpu_ns_, std::memory_order_relaxed);
        if (n == 0) std::this_thread::sleep_for(poll);
    }
}

std::size_t LiveSpectrum::drain() {
    const std::size_t ch = config_.channels;
    const std::size_t n_fft = config_.fft_size;
    std::size_t consumed = 0;
    while (ring_.readable() >= hop_ * ch) {
        ring_.read(std::span<float>(interleaved_.data(), hop_ * ch));
        for (std::size_t c = 0; c < ch; ++c) {
            auto& h = history_[c];
            std::copy(h.begin() + static_cast<std::ptrdiff_t>(hop_), h.end(), h.begin());
            float* tail = h.data() + (n_fft - hop_);
            double sum = 0.0, peak = 0.0;
            for (std::size_t i = 0; i < hop_; ++i) {
                const float v = interleaved_[i * ch + c];
                tail[i] = v;
                sum += v;
                peak = std::max(peak, std::abs(static_cast<double>(v)));
            }
            const double mean = sum / static_cast<double>(hop_);
            double sq = 0.0;
            for (std::size_t i = 0; i < hop_; ++i) sq += (tail[i] - mean) * (tail[i] - mean);
            hop_dc_[c] = mean;
            hop_rms_[c] = std::sqrt(sq / static_cast<double>(hop_));
            hop_peak_[c] = peak;
        }
        filled_ = std::min(n_fft, filled_ + hop_);
        analysed_frames_ += hop_;
        consumed += hop_;
        since_summary_s_ += static_cast<double>(hop_) / config_.sample_rate_hz;
        if (filled_ >= n_fft) {
            analyse_segment();
            publish();
        }
        // On the own thread, the CPU time so far is stored before the frame
        // count, so a reader that sees the count sees the time too.
        if (on_own_thread_) cpu_ns_.store(thread_cpu_ns() - thread_start_cpu_ns_, std::memory_order_relaxed);
        analysed_.store(analysed_frames_, std::memory_order_release);
    }
    return consumed;
}

void LiveSpectrum::analyse_segment() {
    ++segments_;
    const float alpha = 1.0f / static_cast<float>(std::min<std::uint64_t>(segments_, config_.average_frames));
    for (std::size_t c = 0; c < config_.channels; ++c) {
        accumulator_.segment(history_[c].data(), segment_power_.data());
        auto& avg = average_[c];
        for (std::size_t k = 0; k < bins_; ++k) avg[k] += alpha * (segment_power_[k] - avg[k]);
    }
    spectra_.fetch_add(1, std::memory_order_relaxed);
}

std::shared_ptr<LiveSpectrumFrame> LiveSpectrum::free_frame() {
    for (auto& f : pool_) {
        if (f.use_count() == 1) {
            // Pairs with the release in the last reader's reference drop, so
            // its reads of the frame happen before our writes.
            std::atomic_thread_fence(std::memory_order_acquire);
            return f;
        }
    }
    if (pool_.size() >= kMaxPool) return nullptr;  // readers hold every frame: skip this one
    auto f = std::make_shared<LiveSpectrumFrame>();
    f->channels.resize(config_.channels);
    for (auto& c : f->channels) c.power.assign(bins_, 0.0f);
    pool_.push_back(f);
    return f;
}

void LiveSpectrum::summarise() {
    const double fs = config_.sample_rate_hz;
    // Storage reused from one summary to the next (no page faults).
    auto& spectra = summary_spectra_;
    auto& floors = summary_floors_;
    spectra.resize(config_.channels);
    floors.resize(config_.channels);
    const std::size_t k_eff = static_cast<std::size_t>(
        std::min<std::uint64_t>(segments_ < config_.average_frames ? segments_ : 2 * config_.average_frames - 1, dof_.size()));
    for (std::size_t c = 0; c < config_.channels; ++c) {
        auto& s = spectra[c];
        s.sample_rate_hz = fs;
        s.segment_size = config_.fft_size;
        s.hop = hop_;
        s.averages = k_eff;
        s.window = config_.window;
        s.enbw_bins = accumulator_.enbw_bins();
        s.dof = dof_[std::max<std::size_t>(k_eff, 1) - 1];
        s.power.assign(average_[c].begin(), average_[c].end());
        estimate_noise_floor(s, {}, floors[c], 4);
    }
    const double ratio = line_detection_ratio(spectra.front().dof, bins_);
    const MainsEstimate mains = detect_mains({}, spectra, floors, ratio);
    summary_mains_hz_ = mains.found ? std::optional<double>(mains.frequency_hz) : std::nullopt;
    summaries_.assign(config_.channels, LiveChannelSummary{});
    for (std::size_t c = 0; c < config_.channels; ++c) {
        auto& sum = summaries_[c];
        sum.noise_floor_dbfs = mean_square_to_dbfs(band_noise_ms(spectra[c], floors[c], 20.0, std::min(20000.0, 0.5 * fs)));
        if (!mains.found) continue;
        HarmonicsConfig hc;
        hc.mains_hz = mains.frequency_hz;
        hc.mains_uncertainty_hz = mains.uncertainty_hz;
        hc.detect_ratio = ratio;
        const HumLevels levels = measure_harmonics(spectra[c], floors[c], hc);
        sum.total_hum_dbfs = levels.total_hum_dbfs;
        sum.strongest_harmonic = levels.strongest_n;
        for (const auto& h : levels.harmonics)
            if (h.n == levels.strongest_n) sum.strongest_harmonic_dbfs = h.level_dbfs;
    }
}

void LiveSpectrum::publish() {
    if (config_.summary_interval_s >= 0.0 && since_summary_s_ >= config_.summary_interval_s) {
        summarise();
        since_summary_s_ = 0.0;
    }
    auto frame = free_frame();
    if (!frame) return;
    frame->sequence = ++sequence_;
    frame->end_frame = analysed_frames_;
    frame->sample_rate_hz = config_.sample_rate_hz;
    frame->fft_size = config_.fft_size;
    frame->enbw_bins = accumulator_.enbw_bins();
    frame->averaged = static_cast<std::size_t>(std::min<std::uint64_t>(segments_, config_.average_frames));
    frame->mains_hz = summary_mains_hz_;
    for (std::size_t c = 0; c < config_.channels; ++c) {
        auto& out = frame->channels[c];
        std::copy(average_[c].begin(), average_[c].end(), out.power.begin());
        out.rms_dbfs = hop_rms_[c] > 0.0 ? std::max(-400.0, rms_fs_to_dbfs(hop_rms_[c])) : -400.0;
        out.dc_fs = hop_dc_[c];
        out.peak_fs = hop_peak_[c];
        out.summary = c < summaries_.size() ? std::optional<LiveChannelSummary>(summaries_[c]) : std::nullopt;
    }
    {
        std::lock_guard<std::mutex> lock(latest_mutex_);
        latest_ = frame;
    }
    published_.fetch_add(1, std::memory_order_relaxed);
}

}  // namespace zb
