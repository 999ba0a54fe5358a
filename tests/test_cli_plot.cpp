// `zbench impedance|ts|hum --plot F.svg` end to end: the SVG is whole, has
// its curves and axis titles, and each drawn point sits where the axes put
// the result's value (to the 0.1 px the file is written with); a bad path is
// one line naming --plot, exit 2 and no file.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <sstream>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "io/zma.h"
#include "plot/plot_axis.h"
#include "support/test_support.h"
#include "util/printf_string.h"

namespace {

using Points = std::vector<std::pair<double, double>>;  // (x, y) px

std::size_t count(const std::string& text, const std::string& what) {
    std::size_t n = 0;
    for (auto p = text.find(what); p != std::string::npos; p = text.find(what, p + 1)) ++n;
    return n;
}

// An SVG as zbench writes it: an XML declaration, one <svg> element closed
// at the end, groups balanced.
void check_whole(const std::string& svg) {
    CHECK(svg.rfind("<?xml", 0) == 0);
    CHECK(count(svg, "<svg ") == 1);
    REQUIRE(svg.size() > 7);
    CHECK(svg.substr(svg.size() - 7) == "</svg>\n");
    CHECK(count(svg, "<g") == count(svg, "</g>"));
    CHECK(count(svg, "<path ") == count(svg, "</path>"));
    CHECK(count(svg, "<text") == count(svg, "</text>"));
}

// The points of the curve whose title is `title` (empty if none). Parsed by
// hand: std::regex recurses per character and overflows the stack on a path
// of thousands of points.
Points curve_points(const std::string& svg, const std::string& title) {
    for (auto at = svg.find("<path class=\"curve\""); at != std::string::npos; at = svg.find("<path class=\"curve\"", at + 1)) {
        const auto d = svg.find(" d=\"", at) + 4, d_end = svg.find('"', d);
        const auto t = svg.find("<title>", d_end) + 7;
        if (svg.compare(t, title.size() + 8, title + "</title>") != 0) continue;
        Points pts;
        std::istringstream in(svg.substr(d, d_end - d));
        char op = 0;
        double x = 0.0, y = 0.0;
        while (in >> op >> x >> y) pts.emplace_back(x, y);
        return pts;
    }
    return {};
}

// The left axis as drawn: its labelled ticks (value, y px), read back from the
// tick labels at x = 64 (6 px left of the plotting area).
std::vector<std::pair<double, double>> left_ticks(const std::string& svg) {
    const std::string head = "<text x=\"64.0\" y=\"", mid = "\" text-anchor=\"end\">";
    std::vector<std::pair<double, double>> ticks;
    for (auto at = svg.find(head); at != std::string::npos; at = svg.find(head, at + 1)) {
        const auto y = at + head.size(), y_end = svg.find('"', y);
        if (svg.compare(y_end, mid.size(), mid) != 0) continue;
        const auto v = y_end + mid.size(), v_end = svg.find("</text>", v);
        try {
            std::size_t used = 0;
            const double value = std::stod(svg.substr(v, v_end - v), &used);
            if (used != v_end - v) continue;  // a label that is not a plain number
            ticks.emplace_back(value, std::stod(svg.substr(y, y_end - y)) - 4.0);
        } catch (const std::invalid_argument&) {
        }
    }
    return ticks;
}

// The plotting area of a 960 x 600 plot: x 70..890 with a right axis (else
// 70..940), y 550 (bottom) to 30 (top).
constexpr double kLeft = 70.0, kTop = 30.0, kBottom = 550.0;

}  // namespace

TEST_CASE("zbench impedance --plot draws |Z| and phase where the axes put the measured points", "[plot][cli]") {
    zbt::TempDir dir;
    auto r = zbt::zbench({"impedance", "-q", "--sweep-seconds", "1", "--json", dir.file("z.json"), "--plot", dir.file("z.svg")});
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    const std::string svg = zbt::read_text(dir.file("z.svg"));
    check_whole(svg);
    // |Z|, phase and the free-air T/S model (the rig's default driver has a resonance).
    CHECK(count(svg, "<path class=\"curve\"") == 3);
    for (const char* title : {">Frequency (Hz)<", ">|Z| (ohm)<", ">phase (deg)<", ">T/S model (free air)<"}) CHECK_THAT(svg, Catch::Contains(title));

    const auto j = nlohmann::json::parse(zbt::read_text(dir.file("z.json")));
    const auto f = j["impedance"]["frequency_hz"].get<std::vector<double>>();
    const auto mag = j["impedance"]["magnitude_ohm"].get<std::vector<double>>();
    const auto phase = j["impedance"]["phase_deg"].get<std::vector<double>>();
    REQUIRE(f.size() > 100);
    // The home view: the curve's band; |Z| from 0 to 5 % of its span above
    // the highest value; phase ±90°.
    const auto [lo, hi] = std::minmax_element(mag.begin(), mag.end());
    const zb::plot::AxisMapping mx({f.front(), f.back(), zb::plot::AxisScale::log}, kLeft, 890.0);
    const zb::plot::AxisMapping my({0.0, *hi + std::max(0.05 * (*hi - *lo), 0.5)}, kBottom, kTop);
    const zb::plot::AxisMapping mp({-90.0, 90.0}, kBottom, kTop);
    const Points zp = curve_points(svg, "|Z|"), pp = curve_points(svg, "phase");
    // At most one point falls in each pixel column here, so every point is drawn.
    REQUIRE(zp.size() == f.size());
    REQUIRE(pp.size() == f.size());
    double worst_px = 0.0;
    for (std::size_t i = 0; i < f.size(); ++i) {
        worst_px = std::max({worst_px, std::abs(zp[i].first - mx.to_pixel(f[i])), std::abs(zp[i].second - my.to_pixel(mag[i])),
                             std::abs(pp[i].second - mp.to_pixel(phase[i]))});
    }
    CHECK(worst_px <= 0.051);  // printed to 0.1 px
    // The top of the |Z| curve is the report's |Z|max, at its frequency.
    const auto top = std::min_element(zp.begin(), zp.end(), [](auto a, auto b) { return a.second < b.second; });
    CHECK(my.to_value(top->second) == Approx(j["summary"]["z_max_ohm"].get<double>()).margin(my.range().hi / 520 * 0.051));
    CHECK(mx.to_value(top->first) == Approx(j["summary"]["z_max_frequency_hz"].get<double>()).epsilon(0.001));
}

TEST_CASE("zbench ts --plot draws the free-air and added-mass curves of a real driver with the fitted model", "[plot][cli][ts]") {
    zbt::TempDir dir;
    const std::string free = zbt::reference_file("jcandy_speakertools/L16RNX_0g_242_27mV.zma");
    const std::string mass = zbt::reference_file("jcandy_speakertools/L16RNX_8_017g_242_27mV.zma");
    auto r = zbt::zbench({"ts", free, "--added-mass-zma", mass, "--added-mass-g", "8.017", "-q", "--plot", dir.file("ts.svg")});
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    const std::string svg = zbt::read_text(dir.file("ts.svg"));
    check_whole(svg);
    CHECK(count(svg, "<path class=\"curve\"") == 5);  // two curves' |Z| and phase, and the model
    for (const char* title : {">Frequency (Hz)<", ">|Z| (ohm)<", ">phase (deg)<"}) CHECK_THAT(svg, Catch::Contains(title));

    const auto curve = zb::load_zma(free);
    REQUIRE(curve);
    const auto loaded = zb::load_zma(mass);
    REQUIRE(loaded);
    const Points data = curve_points(svg, "|Z| L16RNX_0g_242_27mV"), model = curve_points(svg, "T/S model (L16RNX_0g_242_27mV)");
    REQUIRE(curve_points(svg, "|Z| L16RNX_8_017g_242_27mV (+8.017 g)").size() > 100);
    REQUIRE(data.size() > 100);
    REQUIRE(model.size() == data.size());
    // The axis spans both curves' band and |Z| (0 to 5 % above the highest).
    std::vector<double> all = curve->magnitude_ohm;
    all.insert(all.end(), loaded->magnitude_ohm.begin(), loaded->magnitude_ohm.end());
    const double z_hi = *std::max_element(all.begin(), all.end()), z_lo = *std::min_element(all.begin(), all.end());
    const zb::plot::AxisMapping my({0.0, z_hi + std::max(0.05 * (z_hi - z_lo), 0.5)}, kBottom, kTop);
    const zb::plot::AxisMapping mx({std::min(curve->frequency_hz.front(), loaded->frequency_hz.front()),
                                    std::max(curve->frequency_hz.back(), loaded->frequency_hz.back()), zb::plot::AxisScale::log},
                                   kLeft, 890.0);
    // The largest free-air |Z| is drawn where the axes put it.
    const auto peak = std::max_element(curve->magnitude_ohm.begin(), curve->magnitude_ohm.end());
    const auto k = static_cast<std::size_t>(peak - curve->magnitude_ohm.begin());
    const auto top = std::min_element(data.begin(), data.end(), [](auto a, auto b) { return a.second < b.second; });
    CHECK(top->second == Approx(my.to_pixel(*peak)).margin(0.051));
    CHECK(top->first == Approx(mx.to_pixel(curve->frequency_hz[k])).margin(0.051));
    // The model is the fit: within 5 % of the data over the fitted band up to
    // 10·fs (the L16RNX's residual there is under 2 %), both read back off the drawing.
    std::size_t compared = 0;
    double worst = 0.0;
    for (std::size_t i = 0; i < data.size(); ++i) {
        const double hz = mx.to_value(data[i].first);
        if (hz < 20.0 || hz > 400.0) continue;
        worst = std::max(worst, std::abs(my.to_value(model[i].second) / my.to_value(data[i].second) - 1.0));
        ++compared;
    }
    CHECK(compared > 50);
    CHECK(worst < 0.05);
}

TEST_CASE("zbench hum --plot draws each input's spectrum with the mains harmonics at their levels", "[plot][cli][hum]") {
    zbt::TempDir dir;
    zbt::write_text(dir.file("rig.json"), R"({"seed": 7, "dut": {"model": "open"}, "input": {"noise_dbfs": -112},
      "hum": {"mains_hz": 60.02, "harmonics": [{"n": 1, "dbfs": -85}, {"n": 2, "dbfs": -78}, {"n": 3, "dbfs": -92}]}})");
    auto r = zbt::zbench({"hum", "-q", "--sim-scenario", dir.file("rig.json"), "--json", dir.file("h.json"), "--plot", dir.file("h.svg")});
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    const std::string svg = zbt::read_text(dir.file("h.svg"));
    check_whole(svg);
    CHECK(count(svg, "<path class=\"curve\"") == 2);  // inputs A and B
    for (const char* title : {">Frequency (Hz)<", ">level (dBFS per bin)<"}) CHECK_THAT(svg, Catch::Contains(title));

    const auto j = nlohmann::json::parse(zbt::read_text(dir.file("h.json")));
    const double fs = j["sample_rate_hz"].get<double>();
    const zb::plot::AxisMapping mx({10.0, std::min(fs / 2, 24000.0), zb::plot::AxisScale::log}, kLeft, 940.0);
    // The level axis read back from its tick labels: two of them fix it.
    auto ticks = left_ticks(svg);
    REQUIRE(ticks.size() >= 2);
    std::sort(ticks.begin(), ticks.end(), [](auto p, auto q) { return p.first > q.first; });
    const double db_per_px = (ticks.front().first - ticks.back().first) / (ticks.front().second - ticks.back().second);
    auto level_at = [&](double y_px) { return ticks.front().first + (y_px - ticks.front().second) * db_per_px; };
    CHECK(ticks.front().second == Approx(kTop).margin(0.051));  // 0 dBFS at the top
    CHECK(ticks.front().first == 0.0);

    const Points a = curve_points(svg, "A");
    REQUIRE(a.size() > 500);
    std::size_t detected = 0;
    for (const auto& h : j["channels"][0]["harmonics"]) {
        if (!h["detected"].get<bool>()) continue;
        ++detected;
        const double x = mx.to_pixel(h["frequency_hz"].get<double>());
        INFO("harmonic " << h["n"].get<int>());
        // A red line at the harmonic, and the spectrum's peak within a pixel
        // of it at the reported level (a flat-top window reads a sine's peak
        // to 0.01 dB wherever it falls between bins).
        CHECK_THAT(svg, Catch::Contains(zb::printf_string("<line class=\"marker\" x1=\"%.1f\"", x)));
        double peak_y = kBottom;
        for (const auto& p : a)
            if (std::abs(p.first - x) <= 1.0) peak_y = std::min(peak_y, p.second);
        CHECK(level_at(peak_y) == Approx(h["level_dbfs"].get<double>()).margin(0.3));
    }
    CHECK(detected == 3);
}

TEST_CASE("zbench --plot refuses a wrong file type or a file in the folder's place before anything plays", "[plot][cli]") {
    zbt::TempDir dir;
    zbt::write_text(dir.file("plain"), "x");
    const std::string free = zbt::reference_file("jcandy_speakertools/L16RNX_0g_242_27mV.zma");
    const std::vector<std::vector<std::string>> cases = {
        {"impedance", "--plot", dir.file("p.png")}, {"ts", free, "--plot", dir.file("p.pdf")}, {"hum", "--plot", dir.file("p")},
        {"impedance", "--plot", dir.file("plain/p.svg")}, {"hum", "--json", dir.file("h.json"), "--plot", dir.file("p.svgz")}};
    for (const auto& args : cases) {
        auto r = zbt::zbench(args);
        INFO(args.front() << " " << args.back() << " -> " << r.err);
        CHECK(r.exit_code == 2);
        CHECK(zbt::count_lines(r.err) == 1);
        CHECK_THAT(r.err, Catch::Contains("--plot"));
        CHECK(dir.list().size() == 1);  // only "plain": nothing written, no temporary left
    }
}
