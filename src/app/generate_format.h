// The generator job's result for people: what played (or was written), its
// peak and RMS levels and crest factor, and the levels read back on inputs
// A and B.
#pragma once

#include <string>

#include "app/generate_job.h"

namespace zb::app {

std::string generate_summary_text(const GenerateResult& result);

}  // namespace zb::app
