// Built where tracing cannot run (not Linux on x86_64): the module loads and says so.
#include <napi.h>

static Napi::Object Init(Napi::Env env, Napi::Object exports) {
    exports.Set("unsupported", Napi::String::New(env, "tracing needs Linux on x86_64"));
    return exports;
}

NODE_API_MODULE(socklab, Init)
