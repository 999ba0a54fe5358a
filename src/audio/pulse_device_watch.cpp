#include "audio/pulse_device_watch.h"

#include <pulse/pulseaudio.h>

namespace zb {

namespace {

struct Lookup {
    const std::string* description;
    std::uint32_t* index;
    pa_threaded_mainloop* loop;
};

template <typename Info>
void on_info(pa_context*, const Info* info, int eol, void* user) {
    auto* l = static_cast<Lookup*>(user);
    if (eol == 0 && info && info->description && *l->index == PA_INVALID_INDEX && *l->description == info->description)
        *l->index = info->index;
    pa_threaded_mainloop_signal(l->loop, 0);
}

void on_state(pa_context*, void* loop) { pa_threaded_mainloop_signal(static_cast<pa_threaded_mainloop*>(loop), 0); }

// With the main loop locked: waits for `op` (whose callback signals the
// loop; a lost connection cancels it) and releases it.
bool finish(pa_threaded_mainloop* loop, pa_operation* op) {
    if (!op) return false;
    while (pa_operation_get_state(op) == PA_OPERATION_RUNNING) pa_threaded_mainloop_wait(loop);
    const bool done = pa_operation_get_state(op) == PA_OPERATION_DONE;
    pa_operation_unref(op);
    return done;
}

}  // namespace

std::unique_ptr<PulseDeviceWatch> PulseDeviceWatch::start(const std::string& source_description,
                                                          const std::string& sink_description) {
    std::unique_ptr<PulseDeviceWatch> w(new PulseDeviceWatch());
    w->source_description_ = source_description;
    w->sink_description_ = sink_description;
    w->loop_ = pa_threaded_mainloop_new();
    if (!w->loop_) return nullptr;
    w->context_ = pa_context_new(pa_threaded_mainloop_get_api(w->loop_), "zbench device watch");
    if (!w->context_) return nullptr;
    pa_context_set_state_callback(w->context_, &on_state, w->loop_);
    if (pa_context_connect(w->context_, nullptr, PA_CONTEXT_NOAUTOSPAWN, nullptr) < 0 || pa_threaded_mainloop_start(w->loop_) < 0)
        return nullptr;
    pa_threaded_mainloop_lock(w->loop_);
    // The state callback signals every change, up to READY or FAILED.
    pa_context_state_t state;
    while ((state = pa_context_get_state(w->context_)) != PA_CONTEXT_READY && PA_CONTEXT_IS_GOOD(state))
        pa_threaded_mainloop_wait(w->loop_);
    bool ok = state == PA_CONTEXT_READY;
    Lookup source{&w->source_description_, &w->source_index_, w->loop_};
    Lookup sink{&w->sink_description_, &w->sink_index_, w->loop_};
    if (ok && !source_description.empty())
        ok = finish(w->loop_, pa_context_get_source_info_list(w->context_, &on_info<pa_source_info>, &source));
    if (ok && !sink_description.empty())
        ok = finish(w->loop_, pa_context_get_sink_info_list(w->context_, &on_info<pa_sink_info>, &sink));
    ok = ok && (w->source_index_ != PA_INVALID_INDEX || w->sink_index_ != PA_INVALID_INDEX);
    if (ok) {
        pa_context_set_subscribe_callback(
            w->context_,
            [](pa_context*, pa_subscription_event_type_t t, std::uint32_t index, void* user) {
                auto* self = static_cast<PulseDeviceWatch*>(user);
                if ((t & PA_SUBSCRIPTION_EVENT_TYPE_MASK) != PA_SUBSCRIPTION_EVENT_REMOVE) return;
                const auto facility = t & PA_SUBSCRIPTION_EVENT_FACILITY_MASK;
                if (facility == PA_SUBSCRIPTION_EVENT_SOURCE && index == self->source_index_) self->removed_.store(1);
                if (facility == PA_SUBSCRIPTION_EVENT_SINK && index == self->sink_index_) self->removed_.store(2);
            },
            w.get());
        const auto mask = static_cast<pa_subscription_mask_t>(PA_SUBSCRIPTION_MASK_SOURCE | PA_SUBSCRIPTION_MASK_SINK);
        auto on_done = [](pa_context*, int, void* loop) { pa_threaded_mainloop_signal(static_cast<pa_threaded_mainloop*>(loop), 0); };
        ok = finish(w->loop_, pa_context_subscribe(w->context_, mask, on_done, w->loop_));
    }
    pa_threaded_mainloop_unlock(w->loop_);
    if (!ok) return nullptr;
    return w;
}

PulseDeviceWatch::~PulseDeviceWatch() {
    if (loop_) pa_threaded_mainloop_stop(loop_);
    if (context_) {
        pa_context_disconnect(context_);
        pa_context_unref(context_);
    }
    if (loop_) pa_threaded_mainloop_free(loop_);
}

std::string PulseDeviceWatch::removed() const {
    switch (removed_.load()) {
        case 1: return "input device '" + source_description_ + "'";
        case 2: return "output device '" + sink_description_ + "'";
        default: return {};
    }
}

}  // namespace zb
