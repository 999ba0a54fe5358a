// Test helper: saves a calibration profile over and over until killed.
//
//   zbench_profile_saver DIR NAME SEED_FILE
//
// Loads SEED_FILE (a valid profile), then saves it as DIR/NAME.json in a
// loop through ProfileStore::save, changing the reference resistor's
// known_ohm (and so every derived result) each time, so that successive
// files differ. After each completed save it writes the save count to
// stdout. test_calibration_profiles.cpp kills it with SIGKILL at random
// moments and then checks that the profile still loads.
#include <cstdio>
#include <string>

#include "calibration/profile_store.h"

int main(int argc, char** argv) {
    using namespace zb::calibration;
    if (argc != 4) {
        std::fprintf(stderr, "usage: zbench_profile_saver DIR NAME SEED_FILE\n");
        return 2;
    }
    auto seed = load_profile_file(argv[3]);
    if (!seed) {
        std::fprintf(stderr, "%s\n", seed.message().c_str());
        return 2;
    }
    const ProfileStore store(argv[1]);
    Profile p = std::move(*seed);
    const double known = p.reference ? p.reference->known_ohm : 0.0;
    for (long i = 1;; ++i) {
        if (p.reference) p.reference->known_ohm = known * (1.0 + 1e-6 * static_cast<double>(i % 1000));
        if (auto st = store.save(argv[2], p); !st) {
            std::fprintf(stderr, "%s\n", st.message().c_str());
            return 1;
        }
        std::printf("%ld\n", i);
        std::fflush(stdout);
    }
}
