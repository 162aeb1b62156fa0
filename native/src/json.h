// A small JSON text builder: the tracer writes events as JSON lines straight into its output buffer.
#pragma once
#include <charconv>
#include <cstdint>
#include <cstdio>
#include <string>

struct Json {
    std::string s;
    bool first = true;  // no comma needed before the next member

    void open() { comma(); s += '{'; first = true; }
    void close() { s += '}'; first = false; }
    void open_array() { comma(); s += '['; first = true; }
    void close_array() { s += ']'; first = false; }
    void comma() {
        if (!first) s += ',';
        first = false;
    }
    void key(const char *k) {
        comma();
        s += '"';
        s += k;
        s += "\":";
        first = true;  // the value follows without a comma
    }
    void raw(const std::string &v) { comma(); s += v; }
    void num(long long v) {
        comma();
        char b[24];
        s.append(b, std::to_chars(b, b + sizeof b, v).ptr - b);  // every event has several: no printf
    }
    void unum(unsigned long long v) {
        comma();
        char b[24];
        s.append(b, std::to_chars(b, b + sizeof b, v).ptr - b);
    }
    void boolean(bool v) { comma(); s += v ? "true" : "false"; }
    void null() { comma(); s += "null"; }
    void str(const char *p, size_t n);
    void str(const std::string &v) { str(v.data(), v.size()); }
    void str(const char *v);
    void hex(const unsigned char *p, size_t n);
    void ptr(unsigned long v);  // "0x..." for an address that could not be read

    // shorthand: "k": value
    void kv(const char *k, long long v) { key(k); num(v); }
    void kstr(const char *k, const std::string &v) { key(k); str(v); }
    void kraw(const char *k, const std::string &v) { key(k); raw(v); }
};
