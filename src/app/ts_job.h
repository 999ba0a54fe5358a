// The Thiele/Small job: T/S parameters from impedance files, the free-air
// curve plus optional added-mass and closed-box curves (ts/ts_analysis.h).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "app/app_error.h"
#include "ts/ts_analysis.h"

namespace zb::app {

struct AddedMassFile {
    std::string file;
    double mass_g = 0.0;
};

struct TsRequest {
    std::string free_air;                 // the driver in free air
    std::vector<AddedMassFile> added_mass;
    std::string box_file;                 // the driver in a closed box ...
    std::optional<double> box_litres;     // ... of this net volume
    std::optional<double> sd_cm2;         // effective cone area
    std::optional<double> re_ohm;         // DC resistance from a meter, held fixed
    bool phase_radians = false;           // the files' phase is in radians (default: found from each file)
    bool phase_degrees = false;           // ... in degrees
    std::string model = "auto";           // auto, lr2, wright, lr2-creep or wright-creep
    std::optional<double> fmin_hz, fmax_hz;
    // Curves a front end already holds (the GUI's runs and opened files), by
    // the name used above in place of a file path; other names are files.
    std::map<std::string, ImpedanceCurve> curves;
};

struct TsJobResult {
    TsRequest request;
    TsConfig config;
    TsCurve free_air;  // as loaded (config holds the added-mass and box curves)
    TsResult ts;
    std::vector<std::string> notes;  // one line each: what was found from the files (a phase in radians)
};

void check_ts_request(const TsRequest& request);  // throws JobFailure
AppResult<TsJobResult> run_ts(const TsRequest& request);

}  // namespace zb::app
