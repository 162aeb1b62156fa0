// The capability probe behind `socklab doctor`: a process of its own tries, on a child of its own, each
// kernel facility the tracer uses, and writes one JSON line with the errno of each failure.
#pragma once
#include <napi.h>

// probe() -> {pid, fd}: the probe process (reap it by pid) and the read end of the pipe its result comes on
Napi::Value Probe(const Napi::CallbackInfo &info);
