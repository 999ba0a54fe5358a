#include "calibration/complex_curve.h"

#include <algorithm>
#include <cmath>

#include "util/json_fields.h"
#include "util/units.h"

namespace zb::calibration {

std::complex<double> curve_at(const ComplexCurve& c, double f) {
    if (c.empty()) return {1.0, 0.0};
    if (f <= c.frequency_hz.front()) return c.value.front();
    if (f >= c.frequency_hz.back()) return c.value.back();
    const auto hi = static_cast<std::size_t>(std::upper_bound(c.frequency_hz.begin(), c.frequency_hz.end(), f) -
                                             c.frequency_hz.begin());
    const std::size_t lo = hi - 1;
    const double x = std::log(f / c.frequency_hz[lo]) / std::log(c.frequency_hz[hi] / c.frequency_hz[lo]);
    return c.value[lo] + (c.value[hi] - c.value[lo]) * x;
}

CurveSummary summarise_curve(const ComplexCurve& c) {
    CurveSummary s;
    const auto g = curve_at(c, 1000.0);
    s.gain_db_1khz = gain_to_db(std::abs(g));
    s.phase_deg_1khz = rad_to_deg(std::arg(g));
    bool first = true;
    for (std::size_t i = 0; i < c.size(); ++i) {
        if (c.frequency_hz[i] < 20.0 || c.frequency_hz[i] > 20000.0) continue;
        const double db = gain_to_db(std::abs(c.value[i])), deg = rad_to_deg(std::arg(c.value[i]));
        s.gain_db_min = first ? db : std::min(s.gain_db_min, db);
        s.gain_db_max = first ? db : std::max(s.gain_db_max, db);
        s.phase_deg_min = first ? deg : std::min(s.phase_deg_min, deg);
        s.phase_deg_max = first ? deg : std::max(s.phase_deg_max, deg);
        first = false;
    }
    return s;
}

nlohmann::json complex_curve_json(const ComplexCurve& c) {
    std::vector<double> re, im;
    re.reserve(c.size());
    im.reserve(c.size());
    for (const auto& v : c.value) {
        re.push_back(v.real());
        im.push_back(v.imag());
    }
    return {{"frequency_hz", c.frequency_hz}, {"re", re}, {"im", im}};
}

Result<ComplexCurve> parse_complex_curve(const nlohmann::json& j, const std::string& source, const std::string& path) {
    JsonFields f(j, source, path);
    const nlohmann::json* arrays[3] = {f.array("frequency_hz"), f.array("re"), f.array("im")};
    const char* names[3] = {"frequency_hz", "re", "im"};
    if (auto st = f.finish(); !st) return st.error();
    for (int k = 0; k < 3; ++k)
        if (!arrays[k]) return make_error(source, ": ", f.field(names[k]), ": missing; a curve needs frequency_hz, re and im arrays");
    const std::size_t n = arrays[0]->size();
    if (n < 2 || n > 100000)
        return make_error(source, ": ", f.field("frequency_hz"), ": must hold 2 to 100000 points (got ", n, ")");
    for (int k = 1; k < 3; ++k)
        if (arrays[k]->size() != n)
            return make_error(source, ": ", f.field(names[k]), ": must hold as many values as frequency_hz (", n, "), got ",
                              arrays[k]->size());
    std::vector<double> col[3];
    for (int k = 0; k < 3; ++k) {
        col[k].reserve(n);
        for (std::size_t i = 0; i < n; ++i) {
            const auto& e = (*arrays[k])[i];
            if (!e.is_number() || !std::isfinite(e.get<double>()))
                return make_error(source, ": ", f.field(names[k]), "[", i, "]: must be a finite number (got ", e.dump(), ")");
            col[k].push_back(e.get<double>());
        }
    }
    for (std::size_t i = 0; i < n; ++i) {
        if (!(col[0][i] > 0.0) || (i > 0 && !(col[0][i] > col[0][i - 1])))
            return make_error(source, ": ", f.field("frequency_hz"), "[", i,
                              "]: frequencies must be above 0 Hz and strictly ascending (got ", col[0][i], ")");
    }
    ComplexCurve c;
    c.frequency_hz = std::move(col[0]);
    c.value.resize(n);
    for (std::size_t i = 0; i < n; ++i) c.value[i] = {col[1][i], col[2][i]};
    return c;
}

}  // namespace zb::calibration
