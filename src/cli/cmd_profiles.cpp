// zbench profiles list|show|delete|export|import: manage calibration
// profiles (calibration/profile_store.h).
#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>

#include "calibration/corrections.h"
#include "calibration/profile_store.h"
#include "cli/commands.h"
#include "cli/exit_codes.h"
#include "app/profile_setup.h"
#include "app/profile_text.h"
#include "cli/device_options.h"

namespace zb::cli {

namespace {

using namespace zb::calibration;
using app::open_profile_store;
using app::format_profile_text;
using app::profile_list_line;

struct ProfilesOptions {
    std::string profiles_dir;
    std::string name;
    std::string file;
    std::string import_name;
    bool overwrite = false;
    bool json = false;
};

void list(const ProfilesOptions& o) {
    const auto store = open_profile_store(o.profiles_dir);
    const auto names = store.names();
    if (names.empty()) {
        std::printf("no profiles in %s (make one with `zbench calibrate STEP --profile NAME`)\n", store.directory().c_str());
        return;
    }
    std::printf("profiles in %s\n", store.directory().c_str());
    for (const auto& name : names) {
        auto p = store.load(name);
        if (!p) {
            std::printf("  %-20s INVALID: %s\n", name.c_str(), p.message().c_str());
            continue;
        }
        std::printf("  %-20s %s\n", name.c_str(), profile_list_line(*p).c_str());
    }
}

void show(const ProfilesOptions& o) {
    const auto store = open_profile_store(o.profiles_dir);
    auto p = store.load(o.name);
    if (!p) app::fail_setting("name", p.message());
    if (o.json) {
        std::fputs(format_profile(*p).c_str(), stdout);
        return;
    }
    std::fputs(format_profile_text(o.name, store.path_of(o.name), *p).c_str(), stdout);
}

void remove(const ProfilesOptions& o) {
    const auto store = open_profile_store(o.profiles_dir);
    if (auto st = store.remove(o.name); !st) app::fail_setting("name", st.message());
    std::printf("deleted %s\n", store.path_of(o.name).c_str());
}

void export_profile(const ProfilesOptions& o) {
    const auto store = open_profile_store(o.profiles_dir);
    if (auto st = store.export_to(o.name, o.file); !st) app::fail_setting("name", st.message());
    std::printf("exported %s to %s\n", o.name.c_str(), o.file.c_str());
}

void import_profile(const ProfilesOptions& o) {
    const auto store = open_profile_store(o.profiles_dir);
    std::string name = o.import_name;
    if (name.empty()) name = std::filesystem::path(o.file).stem().string();
    if (auto st = check_profile_name(name); !st)
        app::fail_setting("name", st.message() + "; give {name} NAME");
    if (auto st = store.import_from(o.file, name, o.overwrite); !st) app::fail_setting("name", st.message());
    std::printf("imported %s as %s (%s)\n", o.file.c_str(), name.c_str(), store.path_of(name).c_str());
}

}  // namespace

void register_profiles_command(CLI::App& app) {
    auto o = std::make_shared<ProfilesOptions>();
    auto* cmd = app.add_subcommand("profiles", "List, show, delete, export and import calibration profiles");
    cmd->require_subcommand(1);
    add_profiles_dir_option(*cmd, o->profiles_dir);

    auto* l = cmd->add_subcommand("list", "List the profiles");
    add_profiles_dir_option(*l, o->profiles_dir);
    l->callback([o] { list(*o); });

    auto* s = cmd->add_subcommand("show", "Show a profile: device, steps and what it corrects");
    add_profiles_dir_option(*s, o->profiles_dir);
    s->add_option("name", o->name, "Profile name")->required();
    s->add_flag("--json", o->json, "Print the profile's JSON");
    s->callback([o] { show(*o); });

    auto* d = cmd->add_subcommand("delete", "Delete a profile");
    add_profiles_dir_option(*d, o->profiles_dir);
    d->add_option("name", o->name, "Profile name")->required();
    d->callback([o] { remove(*o); });

    auto* e = cmd->add_subcommand("export", "Copy a profile to a file");
    add_profiles_dir_option(*e, o->profiles_dir);
    e->add_option("name", o->name, "Profile name")->required();
    e->add_option("file", o->file, "Destination .json file")->required();
    e->callback([o] { export_profile(*o); });

    auto* i = cmd->add_subcommand("import", "Validate a profile file and add it to the profiles");
    add_profiles_dir_option(*i, o->profiles_dir);
    i->add_option("file", o->file, "Profile .json file")->required();
    i->add_option("--name", o->import_name, "Name to import it under (default: the file's name)");
    i->add_flag("--overwrite", o->overwrite, "Replace a profile of that name");
    i->callback([o] { import_profile(*o); });
}

}  // namespace zb::cli
