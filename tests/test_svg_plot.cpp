// plot/svg_plot.h: the SVG plot puts each point where the axis mapping says,
// breaks a line at a gap, escapes text, and carries the axis titles and tick
// labels of plot_axis.h.
#include <catch2/catch.hpp>

#include <cmath>
#include <string>
#include <vector>

#include "plot/svg_plot.h"
#include "util/printf_string.h"

namespace {

std::size_t count(const std::string& text, const std::string& what) {
    std::size_t n = 0;
    for (auto p = text.find(what); p != std::string::npos; p = text.find(what, p + 1)) ++n;
    return n;
}

}  // namespace

TEST_CASE("An SVG plot maps points through the axes, breaks lines at gaps and escapes text", "[plot]") {
    using namespace zb::plot;
    const std::vector<double> x{10.0, 100.0, 1000.0, 10000.0}, y{0.0, 10.0, NAN, 20.0}, phase{-45.0, 0.0, 45.0, 90.0};
    const SvgCurve curves[] = {{"|Z| a<b", x, y, "#ff0000", false, 1.5}, {"phase", x, phase, "#0000ff", true, 1.0}};
    const std::string svg = svg_plot({"Frequency (Hz)", {10.0, 10000.0, AxisScale::log}}, {"|Z| (ohm)", {0.0, 20.0}},
                                     SvgAxis{"phase (deg)", {-90.0, 90.0}}, curves, 960, 600);
    CHECK(svg.rfind("<?xml", 0) == 0);
    CHECK(svg.substr(svg.size() - 7) == "</svg>\n");
    CHECK(count(svg, "<g") == count(svg, "</g>"));
    CHECK(count(svg, "<path class=\"curve\"") == 2);
    // The area is x 70..890 (70 px each side for the two y axes), y 30..550:
    // three decades over 820 px; |Z| 0..20 over 520 px upwards.
    CHECK_THAT(svg, Catch::Contains("d=\"M70.0 550.0 L343.3 290.0 M890.0 30.0 \""));
    // The phase on the right axis: -45 deg a quarter up, 90 deg at the top.
    CHECK_THAT(svg, Catch::Contains("d=\"M70.0 420.0 L343.3 290.0 L616.7 160.0 L890.0 30.0 \""));
    CHECK_THAT(svg, Catch::Contains("|Z| a&lt;b"));
    for (const char* label : {">Frequency (Hz)<", ">|Z| (ohm)<", ">phase (deg)<", ">1k<", ">10k<", ">-80<", ">20<"})
        CHECK_THAT(svg, Catch::Contains(label));
}

TEST_CASE("An SVG plot keeps at most four points per pixel column with the column's extremes, and draws markers in range", "[plot]") {
    using namespace zb::plot;
    // 100001 points over 800 px: a flat line at 0 with one spike to 10 and one dip to -10.
    std::vector<double> x, y;
    for (int i = 0; i <= 100000; ++i) {
        x.push_back(i * 0.01);
        y.push_back(i == 31234 ? 10.0 : i == 77777 ? -10.0 : 0.0);
    }
    const SvgCurve curve[] = {{"dense", x, y}};
    const SvgMarker markers[] = {{500.0, "5"}, {2000.0, "outside"}};
    const std::string svg = svg_plot({"x", {0.0, 1000.0}}, {"y", {-10.0, 10.0}}, std::nullopt, curve, 960, 600, markers);
    const auto d = svg.find(" d=\"", svg.find("<path class=\"curve\"")) + 4;
    const std::string path = svg.substr(d, svg.find('"', d) - d);
    const std::size_t points = count(path, "L") + count(path, "M");
    CHECK(points <= 4 * 871);  // 870 px wide area, 871 columns at most
    CHECK(points >= 870);
    // The spike (x 312.34 -> px 70 + 0.31234·870) at the top (y 30), the dip at the bottom (550).
    CHECK_THAT(svg, Catch::Contains(zb::printf_string("L%.1f 30.0 ", 70.0 + 0.31234 * 870.0)));
    CHECK_THAT(svg, Catch::Contains(zb::printf_string("L%.1f 550.0 ", 70.0 + 0.77777 * 870.0)));
    CHECK(count(svg, "<line class=\"marker\"") == 1);
    CHECK_THAT(svg, Catch::Contains("<line class=\"marker\" x1=\"505.0\""));
}
