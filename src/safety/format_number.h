// Numbers in safety messages: at most three significant figures (all the
// digits of a number of 100 or more), no trailing zeros, never scientific
// notation: "16.2", "10", "1000", "0.0312", "-3".
#pragma once

#include <string>

namespace zb {

std::string format_number(double value);

}  // namespace zb
