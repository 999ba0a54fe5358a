#include "gui/worker.h"

#include <chrono>
#include <exception>

namespace zb::gui {

Worker::~Worker() {
    cancel_.cancel();
    if (thread_.joinable()) thread_.join();
}

bool Worker::start(std::string name, Job job) {
    if (busy()) return false;
    if (thread_.joinable()) thread_.join();  // the previous job has ended: joining is immediate
    {
        std::lock_guard lock(mutex_);
        stage_ = "starting";
        name_ = name;
        done_.reset();
    }
    progress_.store(0.0, std::memory_order_relaxed);
    cancel_ = app::CancelToken();
    running_.store(true, std::memory_order_release);
    thread_ = std::thread([this, cancel = cancel_, name = std::move(name), job = std::move(job)] {
        const auto t0 = std::chrono::steady_clock::now();
        const ProgressFn progress = [this](double fraction, std::string_view stage) {
            progress_.store(fraction, std::memory_order_relaxed);
            std::lock_guard lock(mutex_);
            stage_.assign(stage);
        };
        JobOutcome outcome;
        try {
            outcome = job(progress, cancel);
        } catch (const JobFailed& f) {
            outcome.failure = f.failure;
        } catch (const std::exception& e) {
            outcome.failure = job_failure({app::Failure::internal, "", std::string("internal error: ") + e.what()});
        } catch (...) {
            outcome.failure = job_failure({app::Failure::internal, "", "internal error: unknown exception"});
        }
        outcome.name = name;
        outcome.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        {
            std::lock_guard lock(mutex_);
            done_ = std::move(outcome);
        }
        running_.store(false, std::memory_order_release);
    });
    return true;
}

std::string Worker::stage() const {
    std::lock_guard lock(mutex_);
    return stage_;
}

std::string Worker::name() const {
    std::lock_guard lock(mutex_);
    return name_;
}

std::optional<JobOutcome> Worker::take() {
    std::lock_guard lock(mutex_);
    auto out = std::move(done_);
    done_.reset();
    return out;
}

}  // namespace zb::gui
