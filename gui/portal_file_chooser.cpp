#include "gui/portal_file_chooser.h"

#include <gio/gio.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <utility>

namespace zb::gui {

namespace {

constexpr const char* kPortal = "org.freedesktop.portal.Desktop";
constexpr const char* kPortalPath = "/org/freedesktop/portal/desktop";
constexpr int kCallTimeoutMs = 10000;  // the portal may be started by D-Bus activation first

// A session bus to talk to, without letting GIO autolaunch one.
bool session_bus_configured() {
    if (const char* a = std::getenv("DBUS_SESSION_BUS_ADDRESS"); a && *a) return true;
    const char* runtime = std::getenv("XDG_RUNTIME_DIR");
    std::error_code ec;
    return runtime && *runtime && std::filesystem::exists(std::filesystem::path(runtime) / "bus", ec);
}

}  // namespace

std::vector<std::string> portal_globs(const std::vector<std::string>& extensions) {
    std::vector<std::string> globs;
    for (const auto& x : extensions) {
        std::string upper = x;
        std::transform(upper.begin(), upper.end(), upper.begin(), [](unsigned char c) { return std::toupper(c); });
        globs.push_back("*" + x);
        if (upper != x) globs.push_back("*" + upper);
    }
    return globs;
}

struct PortalFileChooser::Impl {
    GMainContext* context = g_main_context_new();
    GDBusConnection* bus = nullptr;
    GCancellable* cancellable = nullptr;
    guint subscription = 0;
    std::string request_path, path, error;
    State state = State::idle;
    unsigned serial = 0;

    ~Impl() {
        finish_call();
        if (bus) g_object_unref(bus);
        g_main_context_unref(context);
    }

    // Cancels a call in flight and lets its callback run (it only sees the cancellation).
    void finish_call() {
        if (cancellable) {
            g_cancellable_cancel(cancellable);
            while (g_main_context_iteration(context, FALSE)) {
            }
            g_object_unref(cancellable);
            cancellable = nullptr;
        }
        unsubscribe();
    }

    void unsubscribe() {
        if (subscription != 0) g_dbus_connection_signal_unsubscribe(bus, subscription);
        subscription = 0;
    }

    void fail(std::string why) {
        unsubscribe();
        error = std::move(why);
        state = State::failed;
    }

    // Listens for Response on `object` (in our context: push it first).
    void subscribe(const std::string& object) {
        unsubscribe();
        request_path = object;
        subscription = g_dbus_connection_signal_subscribe(bus, kPortal, "org.freedesktop.portal.Request", "Response", object.c_str(),
                                                          nullptr, G_DBUS_SIGNAL_FLAGS_NONE, &Impl::on_response, this, nullptr);
    }

    static void on_response(GDBusConnection*, const gchar*, const gchar*, const gchar*, const gchar*, GVariant* parameters,
                            gpointer data) {
        auto* self = static_cast<Impl*>(data);
        guint32 response = 2;
        GVariant* results = nullptr;
        g_variant_get(parameters, "(u@a{sv})", &response, &results);
        self->unsubscribe();
        self->state = State::cancelled;
        const gchar** uris = nullptr;
        if (response == 0 && results && g_variant_lookup(results, "uris", "^a&s", &uris) && uris && uris[0]) {
            if (gchar* file = g_filename_from_uri(uris[0], nullptr, nullptr)) {
                self->path = file;
                self->state = State::chosen;
                g_free(file);
            } else {
                self->fail(std::string(uris[0]) + ": not a local file; choose one on this computer");
            }
        }
        g_free(uris);
        if (results) g_variant_unref(results);
    }

    static void on_reply(GObject* source, GAsyncResult* result, gpointer data) {
        GError* err = nullptr;
        GVariant* reply = g_dbus_connection_call_finish(G_DBUS_CONNECTION(source), result, &err);
        if (!reply) {
            if (!g_error_matches(err, G_IO_ERROR, G_IO_ERROR_CANCELLED))
                static_cast<Impl*>(data)->fail(std::string("desktop portal: ") + err->message);
            g_error_free(err);
            return;
        }
        auto* self = static_cast<Impl*>(data);
        const gchar* handle = nullptr;
        g_variant_get(reply, "(&o)", &handle);
        // Portals older than version 0.9 answer on a path of their own choosing.
        if (self->state == State::waiting && handle && self->request_path != handle) self->subscribe(handle);
        g_variant_unref(reply);
    }
};

PortalFileChooser::PortalFileChooser() : impl_(std::make_unique<Impl>()) {}
PortalFileChooser::~PortalFileChooser() = default;

bool PortalFileChooser::request(bool save, const std::string& title, const std::vector<std::string>& extensions,
                                const std::string& file_name, const std::string& folder, bool directory) {
    Impl& m = *impl_;
    m.finish_call();
    m.path.clear();
    m.error.clear();
    m.state = State::failed;
    if (!m.bus) {
        if (!session_bus_configured()) {
            m.error = "no D-Bus session bus";
            return false;
        }
        // A connection of our own rather than GIO's shared one, which would
        // outlive a bus address that changed (and end the process with it).
        GError* err = nullptr;
        if (gchar* address = g_dbus_address_get_for_bus_sync(G_BUS_TYPE_SESSION, nullptr, &err)) {
            m.bus = g_dbus_connection_new_for_address_sync(
                address, static_cast<GDBusConnectionFlags>(G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT | G_DBUS_CONNECTION_FLAGS_MESSAGE_BUS_CONNECTION),
                nullptr, nullptr, &err);
            g_free(address);
        }
        if (!m.bus) {
            m.error = std::string("D-Bus session bus: ") + err->message;
            g_error_free(err);
            return false;
        }
    }
    // The request object's path is known before the call (sender and token),
    // so the answer cannot arrive before we listen for it.
    const std::string token = "zbench" + std::to_string(++m.serial);
    std::string sender = g_dbus_connection_get_unique_name(m.bus) + 1;  // without the ':'
    std::replace(sender.begin(), sender.end(), '.', '_');

    GVariantBuilder options;
    g_variant_builder_init(&options, G_VARIANT_TYPE_VARDICT);
    g_variant_builder_add(&options, "{sv}", "handle_token", g_variant_new_string(token.c_str()));
    g_variant_builder_add(&options, "{sv}", "modal", g_variant_new_boolean(TRUE));
    if (!extensions.empty()) {
        GVariantBuilder globs;
        g_variant_builder_init(&globs, G_VARIANT_TYPE("a(us)"));
        for (const auto& g : portal_globs(extensions)) g_variant_builder_add(&globs, "(us)", 0u, g.c_str());
        GVariant* filter = g_variant_new("(s@a(us))", "zbench files", g_variant_builder_end(&globs));
        g_variant_builder_add(&options, "{sv}", "filters", g_variant_new_array(nullptr, &filter, 1));
    }
    if (directory && !save) g_variant_builder_add(&options, "{sv}", "directory", g_variant_new_boolean(TRUE));
    if (save) {
        if (!file_name.empty()) g_variant_builder_add(&options, "{sv}", "current_name", g_variant_new_string(file_name.c_str()));
        if (!folder.empty()) g_variant_builder_add(&options, "{sv}", "current_folder", g_variant_new_bytestring(folder.c_str()));
    }

    g_main_context_push_thread_default(m.context);
    m.state = State::waiting;
    m.subscribe(std::string(kPortalPath) + "/request/" + sender + "/" + token);
    m.cancellable = g_cancellable_new();
    g_dbus_connection_call(m.bus, kPortal, kPortalPath, "org.freedesktop.portal.FileChooser", save ? "SaveFile" : "OpenFile",
                           g_variant_new("(ss@a{sv})", "", title.c_str(), g_variant_builder_end(&options)), G_VARIANT_TYPE("(o)"),
                           G_DBUS_CALL_FLAGS_NONE, kCallTimeoutMs, m.cancellable, &Impl::on_reply, &m);
    g_main_context_pop_thread_default(m.context);
    return true;
}

PortalFileChooser::State PortalFileChooser::poll() {
    while (g_main_context_iteration(impl_->context, FALSE)) {
    }
    return impl_->state;
}

PortalFileChooser::State PortalFileChooser::state() const { return impl_->state; }

std::string PortalFileChooser::take() {
    impl_->state = State::idle;
    return std::exchange(impl_->path, {});
}

const std::string& PortalFileChooser::error() const { return impl_->error; }

}  // namespace zb::gui
