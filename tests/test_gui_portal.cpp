// zbench-gui's desktop-portal file dialog (gui/portal_file_chooser.h)
// against a stand-in portal: a private dbus-daemon and, on it, an
// org.freedesktop.portal.FileChooser served by this test that records the
// request and answers with a Response signal, as xdg-desktop-portal does.
// Without a session bus the request must fail at once, so that the GUI falls
// back to its own dialog.
#include <catch2/catch.hpp>

#include <gio/gio.h>
#include <signal.h>
#include <sys/types.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <thread>

#include "gui/portal_file_chooser.h"
#include "support/gui_support.h"

namespace {

using zb::gui::PortalFileChooser;

// A dbus-daemon of our own, killed by the destructor.
struct PrivateBus {
    std::string address;
    pid_t pid = -1;
    PrivateBus() {
        FILE* p = popen("dbus-daemon --session --fork --print-address=1 --print-pid=1 2>/dev/null", "r");
        if (!p) return;
        char line[512];
        if (std::fgets(line, sizeof line, p)) address = std::string(line, std::strcspn(line, "\n"));
        if (std::fgets(line, sizeof line, p)) pid = static_cast<pid_t>(std::atol(line));
        pclose(p);
    }
    ~PrivateBus() {
        if (pid > 0) kill(pid, SIGTERM);
    }
};

constexpr const char* kIntrospection = R"(<node><interface name="org.freedesktop.portal.FileChooser">
  <method name="OpenFile"><arg type="s" direction="in"/><arg type="s" direction="in"/><arg type="a{sv}" direction="in"/><arg type="o" direction="out"/></method>
  <method name="SaveFile"><arg type="s" direction="in"/><arg type="s" direction="in"/><arg type="a{sv}" direction="in"/><arg type="o" direction="out"/></method>
</interface></node>)";

// The stand-in portal: answers every call with `answer_uri` (empty: the user cancelled).
struct FakePortal {
    std::string answer_uri, method, title, current_name, first_glob;
    bool directory = false;
    GVariant* last_options = nullptr;

    static void on_call(GDBusConnection* bus, const gchar* sender, const gchar*, const gchar*, const gchar* method_name,
                        GVariant* parameters, GDBusMethodInvocation* invocation, gpointer data) {
        auto* self = static_cast<FakePortal*>(data);
        const gchar *parent = nullptr, *title = nullptr;
        GVariant* options = nullptr;
        g_variant_get(parameters, "(&s&s@a{sv})", &parent, &title, &options);
        self->method = method_name;
        self->title = title;
        const gchar *token = "t", *name = nullptr;
        g_variant_lookup(options, "handle_token", "&s", &token);
        if (g_variant_lookup(options, "current_name", "&s", &name)) self->current_name = name;
        gboolean directory = FALSE;
        self->directory = g_variant_lookup(options, "directory", "b", &directory) && directory;
        if (GVariant* filters = g_variant_lookup_value(options, "filters", G_VARIANT_TYPE("a(sa(us))"))) {
            GVariant* globs = nullptr;
            const gchar* filter_name = nullptr;
            g_variant_get_child(filters, 0, "(&s@a(us))", &filter_name, &globs);
            guint32 kind = 9;
            const gchar* glob = nullptr;
            g_variant_get_child(globs, 0, "(u&s)", &kind, &glob);
            self->first_glob = glob;
            g_variant_unref(globs);
            g_variant_unref(filters);
        }
        g_variant_unref(options);
        std::string unique = sender + 1;
        for (char& c : unique)
            if (c == '.') c = '_';
        const std::string request = "/org/freedesktop/portal/desktop/request/" + unique + "/" + token;
        g_dbus_method_invocation_return_value(invocation, g_variant_new("(o)", request.c_str()));
        GVariantBuilder results;
        g_variant_builder_init(&results, G_VARIANT_TYPE_VARDICT);
        if (!self->answer_uri.empty()) {
            const gchar* uris[] = {self->answer_uri.c_str(), nullptr};
            g_variant_builder_add(&results, "{sv}", "uris", g_variant_new_strv(uris, 1));
        }
        g_dbus_connection_emit_signal(bus, sender, request.c_str(), "org.freedesktop.portal.Request", "Response",
                                      g_variant_new("(u@a{sv})", self->answer_uri.empty() ? 1u : 0u, g_variant_builder_end(&results)),
                                      nullptr);
    }
};

// Polls until the chooser leaves "waiting", serving the fake portal's context meanwhile.
PortalFileChooser::State wait_for(PortalFileChooser& chooser, GMainContext* portal_context) {
    const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (std::chrono::steady_clock::now() < give_up) {
        while (g_main_context_iteration(portal_context, FALSE)) {
        }
        if (const auto s = chooser.poll(); s != PortalFileChooser::State::waiting) return s;
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    return PortalFileChooser::State::waiting;
}

}  // namespace

TEST_CASE("The portal file dialog asks the desktop portal and hands back the chosen file", "[gui][portal]") {
    const std::vector<std::string> globs = zb::gui::portal_globs({".zma", ".csv"});
    CHECK(globs == std::vector<std::string>{"*.zma", "*.ZMA", "*.csv", "*.CSV"});

    // No session bus: the request fails at once (the GUI shows its own dialog).
    const char* saved_address = std::getenv("DBUS_SESSION_BUS_ADDRESS");
    const char* saved_runtime = std::getenv("XDG_RUNTIME_DIR");
    const std::string address_before = saved_address ? saved_address : "", runtime_before = saved_runtime ? saved_runtime : "";
    unsetenv("DBUS_SESSION_BUS_ADDRESS");
    setenv("XDG_RUNTIME_DIR", "/nonexistent-zbench-runtime", 1);
    {
        PortalFileChooser chooser;
        CHECK_FALSE(chooser.request(false, "Open", {".zma"}, "", ""));
        CHECK(chooser.state() == PortalFileChooser::State::failed);
        CHECK_FALSE(chooser.error().empty());
    }

    if (!zbt::have_program("dbus-daemon")) {
        WARN("dbus-daemon is not installed: skipping the portal half (apt-get install dbus-daemon)");
        return;
    }
    PrivateBus bus;
    REQUIRE_FALSE(bus.address.empty());
    setenv("DBUS_SESSION_BUS_ADDRESS", bus.address.c_str(), 1);

    // A bus with no portal on it: the call fails, so the chooser reports failure.
    {
        PortalFileChooser chooser;
        REQUIRE(chooser.request(false, "Open", {".zma"}, "", ""));
        GMainContext* idle = g_main_context_new();
        CHECK(wait_for(chooser, idle) == PortalFileChooser::State::failed);
        CHECK_THAT(chooser.error(), Catch::Contains("desktop portal"));
        g_main_context_unref(idle);
    }

    GMainContext* context = g_main_context_new();
    g_main_context_push_thread_default(context);
    GError* err = nullptr;
    GDBusConnection* portal_bus = g_dbus_connection_new_for_address_sync(
        bus.address.c_str(), static_cast<GDBusConnectionFlags>(G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT | G_DBUS_CONNECTION_FLAGS_MESSAGE_BUS_CONNECTION),
        nullptr, nullptr, &err);
    REQUIRE(portal_bus);
    FakePortal portal;
    GDBusNodeInfo* node = g_dbus_node_info_new_for_xml(kIntrospection, nullptr);
    const GDBusInterfaceVTable vtable = {&FakePortal::on_call, nullptr, nullptr, {}};
    REQUIRE(g_dbus_connection_register_object(portal_bus, "/org/freedesktop/portal/desktop", node->interfaces[0], &vtable, &portal,
                                              nullptr, nullptr) > 0);
    GVariant* owned = g_dbus_connection_call_sync(portal_bus, "org.freedesktop.DBus", "/org/freedesktop/DBus", "org.freedesktop.DBus",
                                                  "RequestName", g_variant_new("(su)", "org.freedesktop.portal.Desktop", 4u),
                                                  G_VARIANT_TYPE("(u)"), G_DBUS_CALL_FLAGS_NONE, 2000, nullptr, nullptr);
    REQUIRE(owned);
    g_variant_unref(owned);

    SECTION("open: the file chosen comes back as a path, the filter as globs") {
        portal.answer_uri = "file:///tmp/free%20air.zma";
        PortalFileChooser chooser;
        REQUIRE(chooser.request(false, "Open a curve", {".zma"}, "", ""));
        REQUIRE(wait_for(chooser, context) == PortalFileChooser::State::chosen);
        CHECK(chooser.take() == "/tmp/free air.zma");
        CHECK(chooser.state() == PortalFileChooser::State::idle);
        CHECK(portal.method == "OpenFile");
        CHECK(portal.title == "Open a curve");
        CHECK(portal.first_glob == "*.zma");
        CHECK_FALSE(portal.directory);
    }
    SECTION("folder: OpenFile with the directory option, and the folder comes back") {
        portal.answer_uri = "file:///tmp/my%20profiles";
        PortalFileChooser chooser;
        REQUIRE(chooser.request(false, "Choose the profiles folder", {}, "", "", true));
        REQUIRE(wait_for(chooser, context) == PortalFileChooser::State::chosen);
        CHECK(chooser.take() == "/tmp/my profiles");
        CHECK(portal.method == "OpenFile");
        CHECK(portal.directory);
    }
    SECTION("save: the suggested name goes to the portal") {
        portal.answer_uri = "file:///tmp/run%201.csv";
        PortalFileChooser chooser;
        REQUIRE(chooser.request(true, "Export", {".csv"}, "run 1.csv", "/tmp"));
        REQUIRE(wait_for(chooser, context) == PortalFileChooser::State::chosen);
        CHECK(chooser.take() == "/tmp/run 1.csv");
        CHECK(portal.method == "SaveFile");
        CHECK(portal.current_name == "run 1.csv");
    }
    SECTION("cancelled in the desktop's dialog") {
        portal.answer_uri.clear();
        PortalFileChooser chooser;
        REQUIRE(chooser.request(false, "Open", {}, "", ""));
        CHECK(wait_for(chooser, context) == PortalFileChooser::State::cancelled);
    }
    g_dbus_node_info_unref(node);
    g_object_unref(portal_bus);
    g_main_context_pop_thread_default(context);
    g_main_context_unref(context);
    if (address_before.empty()) unsetenv("DBUS_SESSION_BUS_ADDRESS");
    else setenv("DBUS_SESSION_BUS_ADDRESS", address_before.c_str(), 1);
    if (runtime_before.empty()) unsetenv("XDG_RUNTIME_DIR");
    else setenv("XDG_RUNTIME_DIR", runtime_before.c_str(), 1);
}
