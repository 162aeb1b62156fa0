// setsockopt/getsockopt values: integers and booleans, struct linger, timeouts, names; else raw bytes.
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

#include <cstring>

#include "consts.h"
#include "decode.h"
#include "mem.h"

void Decoder::sockopt_value(Json &j, long level, long name, unsigned long addr, long len) {
    if (!addr) return j.null();
    if (len < 0 || len > 4096) return j.ptr(addr);
    unsigned char b[4096];
    if (len && !mem_read_all(tid, addr, b, len)) return j.ptr(addr);
    if (level == SOL_SOCKET && name == SO_LINGER && len >= (long)sizeof(struct linger)) {
        struct linger l;
        memcpy(&l, b, sizeof l);
        j.open();
        j.kv("l_onoff", l.l_onoff);
        j.kv("l_linger", l.l_linger);
        return j.close();
    }
    if (level == SOL_SOCKET && (name == 20 || name == 21 || name == 66 || name == 67) && len >= 16) {
        long v[2];  // struct timeval (SO_RCVTIMEO / SO_SNDTIMEO)
        memcpy(v, b, sizeof v);
        j.open();
        j.kv("tv_sec", v[0]);
        j.kv("tv_usec", v[1]);
        return j.close();
    }
    if (level == SOL_SOCKET && (name == SO_DOMAIN) && len == 4) {
        int v;
        memcpy(&v, b, 4);
        return j.raw(const_json("family", v));
    }
    if (level == SOL_SOCKET && name == SO_TYPE && len == 4) {
        int v;
        memcpy(&v, b, 4);
        return j.raw(socktype_json(v));
    }
    if (level == SOL_SOCKET && name == SO_ERROR && len == 4) {
        int v;
        memcpy(&v, b, 4);
        const char *e = errno_name(v);
        return *e ? j.str(e) : j.num(v);
    }
    if ((level == IPPROTO_TCP && name == TCP_CONGESTION) || (level == SOL_SOCKET && name == SO_BINDTODEVICE)) {
        return j.str((const char *)b, strnlen((const char *)b, len));
    }
    if (len == 4) {
        int v;
        memcpy(&v, b, 4);
        return j.num(v);
    }
    if (len == 1) return j.num(b[0]);
    j.open();
    j.key("hex");
    j.hex(b, len);
    j.kv("len", len);
    j.close();
}
