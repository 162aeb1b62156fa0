// JSON string escaping for the event builder. Strings from the tracee are arbitrary bytes: bytes that are not
// valid UTF-8 are written as \u00XX (Latin-1), so that every line stays valid JSON.
#include "json.h"

#include <cstring>

static const char hexdigits[] = "0123456789abcdef";

// Length of the valid UTF-8 sequence at p (at most n bytes), or 0 if it is not one.
static size_t utf8_len(const unsigned char *p, size_t n) {
    unsigned char c = p[0];
    size_t len;
    if (c >= 0xc2 && c <= 0xdf) len = 2;
    else if (c >= 0xe0 && c <= 0xef) len = 3;
    else if (c >= 0xf0 && c <= 0xf4) len = 4;
    else return 0;
    if (len > n) return 0;
    for (size_t i = 1; i < len; i++)
        if ((p[i] & 0xc0) != 0x80) return 0;
    if (c == 0xe0 && p[1] < 0xa0) return 0;           // overlong
    if (c == 0xed && p[1] >= 0xa0) return 0;          // surrogates
    if (c == 0xf0 && p[1] < 0x90) return 0;           // overlong
    if (c == 0xf4 && p[1] >= 0x90) return 0;          // beyond U+10FFFF
    return len;
}

void Json::str(const char *v) { str(v, strlen(v)); }

void Json::str(const char *v, size_t n) {
    comma();
    const unsigned char *p = (const unsigned char *)v;
    s += '"';
    for (size_t i = 0; i < n;) {
        unsigned char c = p[i];
        if (c == '"' || c == '\\') {
            s += '\\';
            s += (char)c;
            i++;
        } else if (c == '\n') { s += "\\n"; i++; }
        else if (c == '\t') { s += "\\t"; i++; }
        else if (c == '\r') { s += "\\r"; i++; }
        else if (c < 0x20 || c == 0x7f) {
            s += "\\u00";
            s += hexdigits[c >> 4];
            s += hexdigits[c & 15];
            i++;
        } else if (c < 0x80) {
            s += (char)c;
            i++;
        } else {
            size_t len = utf8_len(p + i, n - i);
            if (len) {
                s.append((const char *)p + i, len);
                i += len;
            } else {
                s += "\\u00";
                s += hexdigits[c >> 4];
                s += hexdigits[c & 15];
                i++;
            }
        }
    }
    s += '"';
}

void Json::hex(const unsigned char *p, size_t n) {
    comma();
    s += '"';
    for (size_t i = 0; i < n; i++) {
        s += hexdigits[p[i] >> 4];
        s += hexdigits[p[i] & 15];
    }
    s += '"';
}

void Json::ptr(unsigned long v) {
    comma();
    char b[24];
    int k = snprintf(b, sizeof b, "\"0x%lx\"", v);
    s.append(b, k);
}
