// Unit conversions (util/units.h): the dB conventions and the floor policy.
#include <catch2/catch.hpp>

#include <cmath>
#include <limits>

#include "util/units.h"

using namespace zb;

TEST_CASE("amplitude and power ratios convert to dB and back", "[units]") {
    CHECK(gain_to_db(10.0) == Approx(20.0));
    CHECK(power_ratio_to_db(10.0) == Approx(10.0));
    CHECK(db_to_gain(-6.0) == Approx(0.501187).epsilon(1e-6));
    CHECK(db_to_power_ratio(-3.0) == Approx(0.501187).epsilon(1e-6));
    // A power ratio is the square of the amplitude ratio: the same dB.
    for (double g : {1e-6, 0.3, 1.0, 7.0}) {
        CHECK(power_ratio_to_db(g * g) == Approx(gain_to_db(g)).margin(1e-12));
        CHECK(db_to_gain(gain_to_db(g)) == Approx(g).epsilon(1e-14));
        CHECK(db_to_power_ratio(power_ratio_to_db(g)) == Approx(g).epsilon(1e-14));
    }
    // AES17: a full-scale sine is 0 dBFS by its peak and by its RMS.
    CHECK(peak_fs_to_dbfs(1.0) == 0.0);
    CHECK(rms_fs_to_dbfs(1.0 / std::sqrt(2.0)) == Approx(0.0).margin(1e-12));
    CHECK(dbfs_to_rms_fs(0.0) == Approx(1.0 / std::sqrt(2.0)));
}

TEST_CASE("the one-argument conversions are exact, and the floor form stops at its floor", "[units]") {
    const double nan = std::numeric_limits<double>::quiet_NaN();
    CHECK(gain_to_db(0.0) == -std::numeric_limits<double>::infinity());
    CHECK(power_ratio_to_db(0.0) == -std::numeric_limits<double>::infinity());
    CHECK(std::isnan(gain_to_db(-1.0)));
    CHECK(gain_to_db(0.0, 1e-15) == Approx(-300.0));
    CHECK(peak_fs_to_dbfs(1e-20, 1e-15) == Approx(-300.0));
    CHECK(power_ratio_to_db(0.0, 1e-30) == Approx(-300.0));
    CHECK(power_ratio_to_db(-5.0, 1e-30) == Approx(-300.0));
    // Above the floor the floor changes nothing.
    CHECK(power_ratio_to_db(0.02, 1e-30) == power_ratio_to_db(0.02));
    CHECK(gain_to_db(0.02, 1e-15) == gain_to_db(0.02));
    // NaN is not hidden by a floor.
    CHECK(std::isnan(power_ratio_to_db(nan, 1e-30)));
    CHECK(std::isnan(gain_to_db(nan, 1e-15)));
}
