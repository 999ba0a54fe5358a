#include "dsp/plan_warmer.h"

#include <system_error>

namespace zb {

PlanWarmer::PlanWarmer(std::vector<PlanRequest> requests) {
    auto work = [requests = std::move(requests)] {
        // A failure here recurs, with its message, where the plan is used.
        try {
            for (const auto& r : requests) fft::prepare_plan<float>(r.n, r.direction, r.in_place);
        } catch (...) {
        }
    };
    try {
        thread_ = std::thread(std::move(work));
    } catch (const std::system_error&) {
        // No thread to be had: every plan is then made on first use.
    }
}

PlanWarmer::~PlanWarmer() {
    if (thread_.joinable()) thread_.join();
}

}  // namespace zb
