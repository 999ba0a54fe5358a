// Shared helpers for the tests: paths, reference data, random seeds, running
// the CLI as a subprocess, temporary directories, and comparing curves with a
// model.
#pragma once

#include <complex>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "model/impedance_curve.h"

namespace zbt {

// Path of a file under ../shared/reference-data. If the folder is missing,
// the test process exits with 77 (ctest reports the test as skipped).
std::string reference_file(const std::string& relative);
std::string test_data(const std::string& relative);
std::string zbench_bin(const std::string& name = "zbench");

// A seed for randomised tests: ZBENCH_TEST_SEED if set, else random. Tests
// print it with INFO so a failure can be replayed.
std::uint64_t test_seed();

struct ProcessResult {
    int exit_code = -1;
    std::string out, err;
};
// Runs argv[0] with arguments, no shell; captures stdout and stderr.
ProcessResult run_process(const std::vector<std::string>& argv, const std::string& stdin_text = "");
// Runs build/bin/zbench with these arguments.
ProcessResult zbench(std::vector<std::string> args, const std::string& stdin_text = "");
// The number of lines (newlines) in a command's output.
std::size_t count_lines(const std::string& text);

// A fresh directory under $TMPDIR, removed with its contents on destruction.
class TempDir {
public:
    TempDir();
    ~TempDir();
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    const std::string& path() const { return path_; }
    std::string file(const std::string& name) const { return path_ + "/" + name; }
    std::vector<std::string> list() const;  // names of the files inside

private:
    std::string path_;
};

void write_text(const std::string& path, const std::string& text);
std::string read_text(const std::string& path);

struct CurveError {
    double max_magnitude_rel = 0.0;  // max | |Zm|/|Zt| - 1 |
    double max_magnitude_at_hz = 0.0;
    double max_phase_deg = 0.0;  // max |arg(Zm/Zt)|
    double max_phase_at_hz = 0.0;
};
// Compares a measured curve with a model over [f_lo, f_hi].
CurveError compare_curve(const zb::ImpedanceCurve& measured, const std::function<std::complex<double>(double)>& model,
                         double f_lo_hz, double f_hi_hz);

}  // namespace zbt
