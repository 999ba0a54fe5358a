// Plot axes (src/plot/plot_axis.h): mappings, round trips, ticks, zoom, pan.
#include <catch2/catch.hpp>

#include <cmath>

#include "plot/plot_axis.h"

using namespace zb::plot;

TEST_CASE("log axis maps decades to equal pixel steps", "[plot]") {
    // 10 Hz .. 10 kHz over 0..300 px: exactly 100 px per decade.
    const AxisMapping m({10.0, 10000.0, AxisScale::log}, 0.0, 300.0);
    CHECK(m.to_pixel(10.0) == Approx(0.0).margin(1e-9));
    CHECK(m.to_pixel(100.0) == Approx(100.0));
    CHECK(m.to_pixel(1000.0) == Approx(200.0));
    CHECK(m.to_pixel(10000.0) == Approx(300.0));
    // 2x frequency = log10(2)·100 px.
    CHECK(m.to_pixel(20.0) == Approx(100.0 * std::log10(2.0)));
    CHECK(m.to_value(150.0) == Approx(std::pow(10.0, 2.5)));
    // Round trip over the whole axis and beyond it.
    for (double f : {3.0, 10.0, 47.3, 1000.0, 19999.0, 48000.0})
        CHECK(m.to_value(m.to_pixel(f)) == Approx(f).epsilon(1e-12));
    // Non-positive values land far outside the axis, not NaN.
    CHECK(m.to_pixel(0.0) < -1e5);
    CHECK_FALSE(std::isnan(m.to_pixel(-1.0)));
}

TEST_CASE("linear axis maps with reversed pixels (screen y)", "[plot]") {
    // Phase -90..+90 degrees onto y from 500 (bottom) to 100 (top).
    const AxisMapping m({-90.0, 90.0, AxisScale::linear}, 500.0, 100.0);
    CHECK(m.to_pixel(-90.0) == Approx(500.0));
    CHECK(m.to_pixel(90.0) == Approx(100.0));
    CHECK(m.to_pixel(0.0) == Approx(300.0));
    CHECK(m.to_pixel(45.0) == Approx(200.0));
    CHECK(m.to_value(400.0) == Approx(-45.0));
    for (double v : {-120.0, -33.3, 0.0, 12.5, 89.9}) CHECK(m.to_value(m.to_pixel(v)) == Approx(v).margin(1e-12));
    CHECK(m.contains(0.0));
    CHECK_FALSE(m.contains(91.0));
}

TEST_CASE("range validity", "[plot]") {
    CHECK(AxisRange{1.0, 2.0, AxisScale::log}.valid());
    CHECK_FALSE(AxisRange{0.0, 2.0, AxisScale::log}.valid());
    CHECK(AxisRange{-5.0, 2.0, AxisScale::linear}.valid());
    CHECK_FALSE(AxisRange{2.0, 2.0, AxisScale::linear}.valid());
    CHECK_FALSE(AxisRange{0.0, NAN, AxisScale::linear}.valid());
}

TEST_CASE("log ticks: decades major, 2..9 minor, 1-2-5 labels", "[plot]") {
    const auto ticks = log_ticks(10.0, 20000.0);
    // 10..90 (9) + 100..900 (9) + 1k..9k (9) + 10k, 20k = 29 ticks.
    REQUIRE(ticks.size() == 29);
    CHECK(ticks.front().value == Approx(10.0));
    CHECK(ticks.back().value == Approx(20000.0));
    int majors = 0;
    std::vector<std::string> labels;
    for (const auto& t : ticks) {
        if (t.major) ++majors;
        if (!t.label.empty()) labels.push_back(t.label);
        // Every tick is m·10^k with m integer 1..9.
        const double m = t.value / std::pow(10.0, std::floor(std::log10(t.value) + 1e-12));
        CHECK(std::abs(m - std::round(m)) < 1e-9);
    }
    CHECK(majors == 4);  // 10, 100, 1k, 10k
    // 3.3 decades: 1-2-5 labels.
    CHECK(labels == std::vector<std::string>{"10", "20", "50", "100", "200", "500", "1k", "2k", "5k", "10k", "20k"});
}

TEST_CASE("log ticks thin out over many decades and fill in when zoomed", "[plot]") {
    int labelled = 0;
    for (const auto& t : log_ticks(1.0, 1e6)) labelled += t.label.empty() ? 0 : 1;
    CHECK(labelled == 7);  // decades only: 1, 10, ..., 1M
    std::vector<std::string> zoomed;
    for (const auto& t : log_ticks(30.0, 120.0))
        if (!t.label.empty()) zoomed.push_back(t.label);
    CHECK(zoomed == std::vector<std::string>{"30", "40", "50", "60", "70", "80", "90", "100"});
    CHECK(log_ticks(0.0, 10.0).empty());
    CHECK(log_ticks(10.0, 5.0).empty());
}

TEST_CASE("nice steps are 1, 2 or 5 times a power of ten", "[plot]") {
    CHECK(nice_step(100.0, 10) == Approx(10.0));
    CHECK(nice_step(180.0, 6) == Approx(20.0));   // 30 -> 20 (sqrt(10)=3.16 boundary)
    CHECK(nice_step(180.0, 4) == Approx(50.0));   // 45 -> 50
    CHECK(nice_step(0.37, 5) == Approx(0.1));     // 0.074 -> 0.1
    CHECK(nice_step(7.0, 5) == Approx(1.0));      // 1.4 -> 1
    CHECK(nice_step(7.5, 5) == Approx(2.0));      // 1.5 -> 2
}

TEST_CASE("linear ticks: multiples of the step inside the range, labelled", "[plot]") {
    const auto ticks = linear_ticks(-90.0, 90.0, 6);
    // Step 30 (180/6 = 30 -> nearest nice is 20? no: 3.0 >= sqrt(10)? 3.0 < 3.162 -> 2 -> 20).
    REQUIRE(!ticks.empty());
    const double step = ticks[1].value - ticks[0].value;
    CHECK(step == Approx(20.0));
    CHECK(ticks.front().value == Approx(-80.0));
    CHECK(ticks.back().value == Approx(80.0));
    CHECK(ticks.size() == 9);
    CHECK(ticks[4].label == "0");
    const auto small = linear_ticks(0.0, 0.5, 5);
    CHECK(small.size() == 6);
    CHECK(small[1].label == "0.1");
    CHECK(small.back().value == Approx(0.5));
    // Ohms: 5.2 .. 41 in ~6 steps -> step 5, first tick 10.
    const auto ohm = linear_ticks(5.2, 41.0, 6);
    CHECK(ohm.front().value == Approx(10.0));
    CHECK(ohm.back().value == Approx(40.0));
    CHECK(ohm.front().label == "10");
    CHECK(linear_ticks(1.0, 1.0).empty());
}

TEST_CASE("frequency labels are compact", "[plot]") {
    CHECK(format_frequency_label(20.0) == "20");
    CHECK(format_frequency_label(500.0) == "500");
    CHECK(format_frequency_label(1000.0) == "1k");
    CHECK(format_frequency_label(20000.0) == "20k");
    CHECK(format_frequency_label(1500.0) == "1.5k");
    CHECK(format_frequency_label(2.0) == "2");
    CHECK(format_linear_label(-0.0000001, 0.5) == "0.0");
    CHECK(format_linear_label(12.5, 2.5) == "12.5");
}

TEST_CASE("zoom about the cursor keeps the value under it", "[plot]") {
    const AxisRange limits{1.0, 100000.0, AxisScale::log};
    const AxisRange r{10.0, 10000.0, AxisScale::log};
    const AxisMapping before(r, 0.0, 600.0);
    const double anchor = 100.0;  // at 200 px
    const AxisRange z = zoom_range(r, anchor, 0.5, limits, 0.1);
    const AxisMapping after(z, 0.0, 600.0);
    CHECK(after.to_pixel(anchor) == Approx(before.to_pixel(anchor)));
    CHECK(std::log10(z.hi / z.lo) == Approx(1.5));  // 3 decades halved
    // Zooming out again restores the range.
    const AxisRange back = zoom_range(z, anchor, 2.0, limits, 0.1);
    CHECK(back.lo == Approx(10.0));
    CHECK(back.hi == Approx(10000.0));
    // Never narrower than min_span (decades on a log axis).
    const AxisRange tight = zoom_range(r, anchor, 1e-6, limits, 0.1);
    CHECK(std::log10(tight.hi / tight.lo) == Approx(0.1));
    // Zooming far out stops at the limits.
    const AxisRange wide = zoom_range(r, anchor, 100.0, limits, 0.1);
    CHECK(wide.lo == Approx(1.0));
    CHECK(wide.hi == Approx(100000.0));
    // Linear: zoom about 0 on -90..90.
    const AxisRange lin = zoom_range({-90.0, 90.0}, 0.0, 0.5, {-180.0, 180.0}, 1.0);
    CHECK(lin.lo == Approx(-45.0));
    CHECK(lin.hi == Approx(45.0));
    // Bad inputs leave the range unchanged.
    CHECK(zoom_range(r, -5.0, 0.5, limits, 0.1).lo == r.lo);
    CHECK(zoom_range(r, 100.0, 0.0, limits, 0.1).hi == r.hi);
}

TEST_CASE("pan moves content by pixels and stops at the limits", "[plot]") {
    const AxisRange limits{1.0, 100000.0, AxisScale::log};
    const AxisMapping m({100.0, 1000.0, AxisScale::log}, 0.0, 100.0);  // 100 px per decade
    // Dragging right by 50 px shows lower frequencies: half a decade.
    const AxisRange p = pan_range(m, 50.0, limits);
    CHECK(p.lo == Approx(100.0 / std::sqrt(10.0)));
    CHECK(p.hi == Approx(1000.0 / std::sqrt(10.0)));
    // The value that was under pixel 0 is now under pixel 50.
    const AxisMapping pm(p, 0.0, 100.0);
    CHECK(pm.to_pixel(100.0) == Approx(50.0));
    // Far past the limit: the span is kept, slid to the edge.
    const AxisRange edge = pan_range(m, 10000.0, limits);
    CHECK(edge.lo == Approx(1.0));
    CHECK(edge.hi == Approx(10.0));
    // Linear with reversed pixels: dragging up (negative delta) on screen y
    // moves the content up, i.e. shows lower values.
    const AxisMapping y({0.0, 100.0}, 200.0, 0.0);  // 2 px per unit, up = more
    const AxisRange py = pan_range(y, -20.0, {-1000.0, 1000.0});
    CHECK(py.lo == Approx(-10.0));
    CHECK(py.hi == Approx(90.0));
}
