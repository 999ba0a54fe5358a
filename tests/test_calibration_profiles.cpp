// Calibration profiles: the format round-trips, validation names the field,
// the store is where XDG says, and a profile survives a kill during save
// (issue 6's third acceptance point).
#include <catch2/catch.hpp>

#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <map>
#include <thread>

#include "calibration/profile_match.h"
#include "calibration/profile_store.h"
#include "support/calibration_support.h"
#include "support/test_support.h"

extern char** environ;

using namespace zb;
using namespace zb::calibration;

namespace {

// One full profile, measured once on a badly set-up rig and shared by the tests below.
const Profile& full_profile() {
    static const Profile profile = [] {
        Rng rng(99);
        Scenario s = zbt::badly_set_up_rig(rng);
        SimDevice device(s);
        auto p = zbt::calibrate(device, zbt::kNominalRRefOhm,
                                {Step::loopback, Step::channel_match, Step::reference, Step::short_leads, Step::open_leads,
                                 Step::sensitivity},
                                8.0, 0.3);
        if (!p) throw std::runtime_error(p.message());
        return *p;
    }();
    return profile;
}

std::size_t count_temporaries(const std::string& dir) {
    std::size_t n = 0;
    for (const auto& e : std::filesystem::directory_iterator(dir))
        if (e.path().filename().string().find(".json.tmp.") != std::string::npos) ++n;
    return n;
}

}  // namespace

TEST_CASE("a profile round-trips through its file exactly", "[calibration][profiles]") {
    const Profile& p = full_profile();
    const std::string text = format_profile(p);
    auto back = parse_profile_text(text, "p.json");
    INFO((back.ok() ? std::string() : back.message()));
    REQUIRE(back.ok());
    CHECK(format_profile(*back) == text);
    const auto a = p.divider(), b = back->divider();
    CHECK(a.r_ref_effective_ohm == b.r_ref_effective_ohm);
    CHECK(*a.leads_resistance_ohm() == *b.leads_resistance_ohm());
    CHECK(*a.input_b_resistance_ohm() == *b.input_b_resistance_ohm());
    for (Step s : kAllSteps) CHECK(back->has(s));
    // Human-readable: arrays on one line each, so a ~500-point curve is a few lines.
    const auto lines = std::count(text.begin(), text.end(), '\n');
    std::printf("  profile file: %zu bytes, %ld lines\n", text.size(), static_cast<long>(lines));
    CHECK(lines < 200);
    auto j = nlohmann::json::parse(text);
    CHECK(j["format"] == "zbench calibration profile");
    CHECK(j["version"] == 1);
    CHECK(j["device"]["api"].is_null());
    CHECK(j["device"]["channel_map"]["input_b"].is_null());
    CHECK(j["r_ref"]["nominal_ohm"] == 10.0);
    CHECK(j["r_ref"]["effective_ohm"].get<double>() == a.r_ref_effective_ohm);
    CHECK(j["steps"]["short"]["result"]["resistance_ohm"].get<double>() == Approx(0.05).epsilon(0.01));
    CHECK(j["steps"]["open"]["result"]["resistance_ohm"].get<double>() == Approx(20000).epsilon(0.05));
    for (Step s : kAllSteps) CHECK(is_utc_timestamp(j["steps"][std::string(step_key(s))]["measured_utc"].get<std::string>()));
}

TEST_CASE("a corrupted profile gives one line naming the file and the field", "[calibration][profiles]") {
    const std::string text = format_profile(full_profile());
    const std::string file = "/profiles/bench.json";
    auto error_for = [&](const std::function<void(nlohmann::json&)>& edit) {
        auto j = nlohmann::json::parse(text);
        edit(j);
        auto r = parse_profile_text(j.dump(), file);
        REQUIRE_FALSE(r.ok());
        return r.message();
    };
    std::map<std::string, std::string> cases;  // expected field -> message
    cases["steps.short.b_over_a.re[3]"] = error_for([](auto& j) { j["steps"]["short"]["b_over_a"]["re"][3] = "x"; });
    cases["steps.reference.result.effective_r_ref_ohm"] =
        error_for([](auto& j) { j["steps"]["reference"]["result"]["effective_r_ref_ohm"] = 10.0; });
    cases["r_ref.effective_ohm"] = error_for([](auto& j) { j["r_ref"]["effective_ohm"] = 10.5; });
    cases["device.sample_rate_hz"] = error_for([](auto& j) { j["device"]["sample_rate_hz"] = "fast"; });
    cases["r_rev"] = error_for([](auto& j) { j["r_rev"] = 1; });
    cases["version"] = error_for([](auto& j) { j["version"] = 2; });
    cases["steps.open.b_over_a.frequency_hz[10]"] =
        error_for([](auto& j) { j["steps"]["open"]["b_over_a"]["frequency_hz"][10] = 1.0; });
    cases["steps.channel_match.measured_utc"] = error_for([](auto& j) { j["steps"]["channel_match"]["measured_utc"] = "yesterday"; });
    cases["steps.sensitivity.volts_rms"] = error_for([](auto& j) { j["steps"]["sensitivity"].erase("volts_rms"); });
    cases["steps.loopback.response.im"] = error_for([](auto& j) { j["steps"]["loopback"]["response"]["im"].erase(0); });
    cases["r_ref.nominal_ohm"] = error_for([](auto& j) { j["r_ref"]["nominal_ohm"] = nullptr; });
    for (const auto& [field, message] : cases) {
        INFO(message);
        CHECK_THAT(message, Catch::StartsWith(file + ": " + field));
        CHECK(message.find('\n') == std::string::npos);
    }
    std::printf("  e.g. %s\n", cases["steps.reference.result.effective_r_ref_ohm"].c_str());
    // A file cut short (a crash without atomic writes would leave one).
    auto cut = parse_profile_text(text.substr(0, text.size() / 2), file);
    REQUIRE_FALSE(cut.ok());
    CHECK_THAT(cut.message(), Catch::StartsWith(file + ": not valid JSON"));
    CHECK(cut.message().find('\n') == std::string::npos);
}

TEST_CASE("profiles live under the XDG config directory, by name", "[calibration][profiles]") {
    auto env = [](std::map<std::string, std::string> vars) {
        return [vars](const char* name) -> const char* {
            auto it = vars.find(name);
            return it == vars.end() ? nullptr : it->second.c_str();
        };
    };
    CHECK(*default_profiles_dir(env({{"XDG_CONFIG_HOME", "/x/cfg"}, {"HOME", "/home/u"}})) == "/x/cfg/zbench/profiles");
    CHECK(*default_profiles_dir(env({{"HOME", "/home/u"}})) == "/home/u/.config/zbench/profiles");
    CHECK(*default_profiles_dir(env({{"XDG_CONFIG_HOME", "relative"}, {"HOME", "/home/u"}})) == "/home/u/.config/zbench/profiles");
    CHECK_FALSE(default_profiles_dir(env({})).ok());
    for (const char* ok : {"scarlett-2i2", "bench_1", "a.b"}) CHECK(check_profile_name(ok).ok());
    for (const char* bad : {"", ".hidden", "../up", "a/b", "sp ace", "x\n"}) CHECK_FALSE(check_profile_name(bad).ok());

    zbt::TempDir dir;
    const ProfileStore store(dir.file("sub/profiles"));  // created on the first save
    CHECK(store.names().empty());
    REQUIRE(store.save("bench", full_profile()).ok());
    REQUIRE(store.save("other", full_profile()).ok());
    zbt::write_text(dir.file("sub/profiles/notes.txt"), "not a profile");
    zbt::write_text(dir.file("sub/profiles/bench.json.tmp.ABCDEF"), "{");
    CHECK(store.names() == std::vector<std::string>{"bench", "other"});
    auto loaded = store.load("bench");
    REQUIRE(loaded.ok());
    CHECK(format_profile(*loaded) == format_profile(full_profile()));
    REQUIRE(store.export_to("bench", dir.file("copy.json")).ok());
    CHECK_FALSE(store.import_from(dir.file("copy.json"), "other", false).ok());  // exists
    REQUIRE(store.import_from(dir.file("copy.json"), "third", false).ok());
    REQUIRE(store.remove("other").ok());
    CHECK(store.names() == std::vector<std::string>{"bench", "third"});
    auto missing = store.load("nope");
    REQUIRE_FALSE(missing.ok());
    CHECK_THAT(missing.message(), Catch::Contains("does not exist"));
}

TEST_CASE("a profile made elsewhere is refused unless forced", "[calibration][profiles]") {
    const Profile& p = full_profile();
    DeviceIdentity same = p.device;
    std::vector<std::string> warnings;
    CHECK(check_profile_device(p, "bench", same, false, warnings).ok());
    DeviceIdentity rate = same;
    rate.sample_rate_hz = 44100;
    auto refused = check_profile_device(p, "bench", rate, false, warnings);
    REQUIRE_FALSE(refused.ok());
    CHECK_THAT(refused.message(), Catch::Contains("44100 Hz") && Catch::Contains("{force}"));
    DeviceIdentity other = same;
    other.description = "Focusrite Scarlett 2i2";
    other.api = "alsa";
    CHECK_FALSE(check_profile_device(p, "bench", other, false, warnings).ok());
    CHECK(check_profile_device(p, "bench", other, true, warnings).ok());
    CHECK(warnings.size() == 1);  // the API is compared only when both sides know it
}

TEST_CASE("a profile survives being killed in the middle of saves", "[calibration][profiles][acceptance]") {
    const std::uint64_t seed = zbt::test_seed();
    INFO("ZBENCH_TEST_SEED=" << seed);
    Rng rng(seed);
    zbt::TempDir dir;
    const ProfileStore store(dir.path());
    REQUIRE(store.save("bench", full_profile()).ok());  // the previous profile
    REQUIRE(store.export_to("bench", dir.file("seed.json.in")).ok());
    const std::string saver = zbt::zbench_bin("zbench_profile_saver");
    int killed_mid_save = 0, saves_seen = 0;
    // 20 rounds, or more (up to 100) until a kill has landed inside a save:
    // where a random kill lands is luck, and a slow build (ASan) saves less often.
    int rounds = 0;
    for (int round = 0; round < 20 || (killed_mid_save == 0 && round < 100); ++round, ++rounds) {
        const std::size_t temporaries_before = count_temporaries(dir.path());
        int out[2];
        REQUIRE(pipe(out) == 0);
        posix_spawn_file_actions_t actions;
        posix_spawn_file_actions_init(&actions);
        posix_spawn_file_actions_adddup2(&actions, out[1], 1);
        posix_spawn_file_actions_addclose(&actions, out[0]);
        posix_spawn_file_actions_addclose(&actions, out[1]);
        std::vector<std::string> args = {saver, dir.path(), "bench", dir.file("seed.json.in")};
        std::vector<char*> argv;
        for (auto& a : args) argv.push_back(a.data());
        argv.push_back(nullptr);
        pid_t pid = 0;
        REQUIRE(posix_spawn(&pid, saver.c_str(), &actions, nullptr, argv.data(), environ) == 0);
        posix_spawn_file_actions_destroy(&actions);
        close(out[1]);
        // Wait for its first completed save (a loaded machine can be slow to
        // start it), let it save on, then kill it at a random moment.
        std::string counts;
        char buf[4096];
        for (ssize_t n; counts.find('\n') == std::string::npos && (n = read(out[0], buf, sizeof buf)) > 0;)
            counts.append(buf, static_cast<std::size_t>(n));
        std::this_thread::sleep_for(std::chrono::microseconds(30000 + static_cast<int>(rng.uniform() * 70000)));
        REQUIRE(kill(pid, SIGKILL) == 0);
        int status = 0;
        waitpid(pid, &status, 0);
        CHECK(WIFSIGNALED(status));
        for (ssize_t n; (n = read(out[0], buf, sizeof buf)) > 0;) counts.append(buf, static_cast<std::size_t>(n));
        close(out[0]);
        saves_seen += static_cast<int>(std::count(counts.begin(), counts.end(), '\n'));
        if (count_temporaries(dir.path()) > temporaries_before) ++killed_mid_save;

        auto loaded = store.load("bench");
        INFO("round " << round << ": " << (loaded.ok() ? std::string("ok") : loaded.message()));
        REQUIRE(loaded.ok());
        CHECK(loaded->reference.has_value());
    }
    std::printf("  kill during save: %d rounds, %d saves completed, %d kills landed inside a save; the profile loaded every time\n",
                rounds, saves_seen, killed_mid_save);
    CHECK(saves_seen > rounds);    // it really was saving
    CHECK(killed_mid_save > 0);    // and some kills hit a save half done
    CHECK(store.names() == std::vector<std::string>{"bench"});  // leftovers are not listed
}
