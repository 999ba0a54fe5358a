// A value with its 1-σ standard uncertainty, in the value's unit; sigma is
// +inf when the data cannot determine the value and 0 when it was given.
// First-order propagation through products and powers is done in logs:
// for q = Π x_k^a_k, (σq/q)² = Σ a_k²·(σx_k/x_k)² for independent x_k.
#pragma once

#include <cmath>

namespace zb {

struct Uncertain {
    double value = 0.0;
    double sigma = 0.0;

    double relative() const { return value != 0.0 ? sigma / std::abs(value) : INFINITY; }
};

}  // namespace zb
