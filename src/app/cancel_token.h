// Cancelling a job from another thread (the GUI's Cancel button, a signal
// handler). The job checks the token between stages, in every block of a
// continuous recording, and at every progress report of a probe or sweep
// (several a second), which stops it there. Copies share one flag.
#pragma once

#include <atomic>
#include <memory>

namespace zb::app {

class CancelToken {
public:
    CancelToken() : flag_(std::make_shared<std::atomic<bool>>(false)) {}
    void cancel() const { flag_->store(true, std::memory_order_relaxed); }
    bool cancelled() const { return flag_->load(std::memory_order_relaxed); }
    // Throws JobFailure{Failure::cancelled} once cancelled (app_error.h).
    void check() const;
    // The flag itself, for a signal handler (a lock-free atomic store is
    // async-signal-safe).
    std::atomic<bool>* flag() const { return flag_.get(); }

private:
    std::shared_ptr<std::atomic<bool>> flag_;
};

}  // namespace zb::app
