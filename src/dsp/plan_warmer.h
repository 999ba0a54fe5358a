// Plans FFTs on a second thread while the caller works on something else.
//
// In a fresh process every FFT size is planned on first use, and for the
// impedance analysis of a 2^18-frame recording the plans of its two largest
// transforms cost about 3 ms of the ~20 ms analysis (FFTW computes the
// twiddle tables, and their pages fault in). The analysis needs them only
// after the delay estimate and the hum fit, so it hands their sizes to a
// PlanWarmer first. A transform whose plan is still being made waits for it
// (fft.cpp's plan cache), so the result is the same with or without the
// warmer; only the wall-clock time changes. The destructor joins the thread.
#pragma once

#include <cstddef>
#include <thread>
#include <vector>

#include "dsp/fft.h"

namespace zb {

struct PlanRequest {
    std::size_t n = 0;
    fft::Direction direction = fft::Direction::forward;
    bool in_place = true;
};

// Single-precision complex plans, made in the order given.
class PlanWarmer {
public:
    explicit PlanWarmer(std::vector<PlanRequest> requests);
    ~PlanWarmer();
    PlanWarmer(const PlanWarmer&) = delete;
    PlanWarmer& operator=(const PlanWarmer&) = delete;

private:
    std::thread thread_;
};

}  // namespace zb
