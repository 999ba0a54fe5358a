// One measurement at a time on a background thread, so the UI thread keeps
// drawing while a sweep plays and is analysed.
//
// Threading contract: start(), busy(), progress(), stage() and take() are
// called from the UI thread only. The job runs on the worker thread; it
// reports progress through atomics and a mutex-guarded stage name, and its
// outcome is handed over once, under the mutex, when it ends. take() never
// blocks for longer than that copy. cancel() asks the running job to stop
// (app/cancel_token.h: a recording stops within a block, a probe or sweep
// at its next progress report). The destructor cancels and waits for a running
// job.
#pragma once

#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "device/audio_device.h"
#include "app/cancel_token.h"
#include "gui/measurements.h"

namespace zb::gui {

// What a finished job left: exactly one of the results, or a failure.
struct JobOutcome {
    std::string name;  // "impedance", "hum", "calibration"
    std::shared_ptr<const app::ImpedanceResult> impedance;
    std::shared_ptr<const HumView> hum;
    std::shared_ptr<const void> other;  // a panel's own result type (calibration)
    std::optional<JobFailure> failure;
    double seconds = 0.0;
};

class Worker {
public:
    using Job = std::function<JobOutcome(const ProgressFn& progress, const app::CancelToken& cancel)>;

    Worker() = default;
    Worker(const Worker&) = delete;
    Worker& operator=(const Worker&) = delete;
    ~Worker();

    // False (and nothing started) when a job is still running.
    bool start(std::string name, Job job);
    bool busy() const { return running_.load(std::memory_order_acquire); }
    double progress() const { return progress_.load(std::memory_order_relaxed); }
    std::string stage() const;
    std::string name() const;
    void cancel() { cancel_.cancel(); }
    // The finished job's outcome, once; nullopt while running or when taken.
    std::optional<JobOutcome> take();

private:
    std::thread thread_;
    app::CancelToken cancel_;
    std::atomic<bool> running_{false};
    std::atomic<double> progress_{0.0};
    mutable std::mutex mutex_;
    std::string stage_, name_;
    std::optional<JobOutcome> done_;
};

}  // namespace zb::gui
