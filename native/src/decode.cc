// The per-kind argument decoders, driven by the syscall table.
#include "decode.h"

#include <poll.h>
#include <sys/epoll.h>
#include <sys/select.h>
#include <sys/socket.h>

#include <cstring>
#include <vector>

#include "consts.h"
#include "mem.h"

std::string socktype_json(long type) {
    long base = type & 0xf, flags = type & ~0xfL;
    const char *n = const_name("socktype", base);
    if (!*n) return std::to_string(type);
    std::string s = std::string("\"") + n;
    if (flags) {
        bool named = false;
        std::string f = const_text("sockflags", flags);
        s += "|" + f;
        (void)named;
    }
    return s + "\"";
}

std::string protocol_json(long family, long proto) {
    if (family == AF_INET || family == AF_INET6) return const_json("ipproto", proto);
    if (family == AF_NETLINK) return const_json("netlinkproto", proto);
    return std::to_string(proto);
}

void Decoder::buffer(Json &j, unsigned long addr, long len, long total) {
    if (!addr && total == 0) return j.null();
    unsigned char b[65536];
    long want = len < payload ? len : payload;
    if (want > (long)sizeof b) want = sizeof b;
    if (want < 0) want = 0;
    ssize_t n = want ? mem_read(tid, addr, b, want) : 0;
    if (n < 0) return j.ptr(addr);
    j.open();
    j.key("hex");
    j.hex(b, n);
    j.kv("len", total);
    j.close();
}

void Decoder::timespec(Json &j, unsigned long addr, bool usec) {
    if (!addr) return j.null();
    long v[2];
    if (!mem_read_all(tid, addr, v, sizeof v)) return j.ptr(addr);
    j.open();
    j.kv("tv_sec", v[0]);
    j.kv(usec ? "tv_usec" : "tv_nsec", v[1]);
    j.close();
}

void Decoder::fdset(Json &j, unsigned long addr, long nfds) {
    if (!addr) return j.null();
    if (nfds < 0 || nfds > 65536) return j.ptr(addr);
    size_t bytes = ((nfds + 63) / 64) * 8;
    std::string buf(bytes, '\0');
    if (bytes && !mem_read_all(tid, addr, &buf[0], bytes)) return j.ptr(addr);
    const unsigned char *p = (const unsigned char *)buf.data();
    j.open_array();
    for (long fd = 0; fd < nfds; fd++)
        if (p[fd / 8] & (1 << (fd % 8))) j.num(fd);
    j.close_array();
}

void Decoder::pollfds(Json &j, unsigned long addr, long n) {
    if (!addr) return j.null();
    if (n < 0 || n > 4096) return j.ptr(addr);
    std::vector<struct pollfd> v(n);
    if (n && !mem_read_all(tid, addr, v.data(), n * sizeof(struct pollfd))) return j.ptr(addr);
    j.open_array();
    for (auto &p : v) {
        j.open();
        j.kv("fd", p.fd);
        j.kraw("events", const_json("poll", p.events));
        if (done) j.kraw("revents", const_json("poll", p.revents));
        j.close();
    }
    j.close_array();
}

void Decoder::epoll_events(Json &j, unsigned long addr, long n) {
    if (!addr) return j.null();
    if (n < 0 || n > 4096) return j.ptr(addr);
    std::vector<struct epoll_event> v(n);
    if (n && !mem_read_all(tid, addr, v.data(), n * sizeof(struct epoll_event))) return j.ptr(addr);
    j.open_array();
    for (auto &e : v) {
        j.open();
        j.kraw("events", const_json("epoll", e.events));
        j.key("data");
        j.unum(e.data.u64);
        j.close();
    }
    j.close_array();
}

static void ioctl_arg(Decoder &d, Json &j, unsigned long req, unsigned long argp) {
    if (req == 0x5421 /* FIONBIO */ || req == 0x5452 /* FIOASYNC */) {
        int v;
        if (argp && mem_read_all(d.tid, argp, &v, sizeof v)) return j.num(v);
    } else if ((req == 0x541B /* FIONREAD */ || req == 0x5411 /* SIOCOUTQ */) && d.ok()) {
        int v;
        if (argp && mem_read_all(d.tid, argp, &v, sizeof v)) return j.num(v);
    }
    if (!argp) return j.null();
    j.ptr(argp);
}

static void fcntl_arg(Json &j, long cmd, unsigned long arg) {
    switch (cmd) {
    case 4: return j.raw(const_json("oflags", (long)arg));   // F_SETFL
    case 2: return j.raw(const_json("fdflags", (long)arg));  // F_SETFD
    case 0: case 1030: case 8: case 10: case 1024: case 1031: case 1026:
        return j.num((long)(int)arg);
    default: return j.null();  // no argument
    }
}

// The table of option names for a setsockopt/getsockopt level, or "" when we print the number.
static const char *optname_table(long level) {
    switch (level) {
    case 0: return "ip";
    case 1: return "so";
    case 6: return "tcp";
    case 17: return "udp";
    case 41: return "ipv6";
    case 58: return "icmpv6";  // ICMP6_FILTER
    case 255: return "raw";    // SOL_RAW: ICMP_FILTER
    case 263: return "packet";
    default: return "";
    }
}

void Decoder::arg(Json &j, int i) {
    const ArgSpec &s = spec->args[i];
    unsigned long v = a[i];
    long next = i + 1 < 6 ? (long)a[i + 1] : 0;
    switch (s.kind) {
    case K_NONE: return j.null();
    case K_INT: return j.num((long)(int)v);
    case K_FD: return j.num((long)(int)v);
    case K_ULONG: return j.num((long)v);
    case K_PTR: return v ? j.ptr(v) : j.null();
    case K_FAMILY: return j.raw(const_json("family", (int)v));
    case K_SOCKTYPE: return j.raw(socktype_json((int)v));
    case K_PROTOCOL: return j.raw(protocol_json((int)a[0], (int)v));
    case K_SOCKFLAGS: return j.raw(const_json("sockflags", (int)v));
    case K_MSGFLAGS: return j.raw(const_json("msgflags", (int)v));
    case K_SHUT: return j.raw(const_json("shut", (int)v));
    case K_EPOLLOP: return j.raw(const_json("epollop", (int)v));
    case K_EPOLLFLAGS: return j.raw(const_json("epollflags", (int)v));
    case K_SPLICE_FLAGS: return j.raw(const_json("spliceflags", (int)v));
    case K_OFLAGS: return j.raw(const_json("oflags", (int)v));
    case K_FCNTL_CMD: return j.raw(const_json("fcntl", (int)v));
    case K_FCNTL_ARG: return fcntl_arg(j, (int)a[i - 1], v);
    case K_IOCTL_REQ: return j.raw(const_json("ioctl", (unsigned int)v));
    case K_IOCTL_ARG: return ioctl_arg(*this, j, (unsigned int)a[i - 1], v);
    case K_LEVEL: return j.raw(const_json("level", (int)v));
    case K_OPTNAME: {
        const char *t = optname_table((int)a[i - 1]);
        return j.raw(*t ? const_json(t, (int)v) : std::to_string((int)v));
    }
    case K_OPTVAL_IN: return sockopt_value(j, (int)a[1], (int)a[2], v, (int)next);
    case K_OPTVAL_OUT: {
        int len = 0;
        if (!ok() || !mem_read_all(tid, next, &len, sizeof len)) return v ? j.ptr(v) : j.null();
        return sockopt_value(j, (int)a[1], (int)a[2], v, len);
    }
    case K_SA_IN: return sockaddr(j, v, (int)next);
    case K_SA_OUT: {
        int len = 0;
        if (!v) return j.null();
        if (!ok() || !next || !mem_read_all(tid, next, &len, sizeof len)) return j.ptr(v);
        return sockaddr_out(j, v, in_len(0), len);
    }
    case K_LENPTR: {
        int len = 0;
        if (!v) return j.null();
        if (!mem_read_all(tid, v, &len, sizeof len)) return j.ptr(v);
        return len_in_out(j, in_len(0), len);
    }
    case K_BUF_OUT: return buffer(j, v, next, next);
    case K_BUF_IN:
        // with MSG_TRUNC, recv returns the datagram's length, which can exceed the buffer
        if (!ok()) return v ? j.ptr(v) : j.null();
        return buffer(j, v, ret < next ? ret : next, ret);
    case K_SV_OUT: {
        int sv[2];
        if (!ok() || !mem_read_all(tid, v, sv, sizeof sv)) return v ? j.ptr(v) : j.null();
        j.open_array();
        j.num(sv[0]);
        j.num(sv[1]);
        return j.close_array();
    }
    case K_MSGHDR_OUT: return msghdr(j, v, false, ret);
    case K_MSGHDR_IN: return msghdr(j, v, true, ret, in_len(0));
    case K_MMSG_OUT: return mmsghdr(j, v, next, false);
    case K_MMSG_IN: return mmsghdr(j, v, next, true);
    case K_IOV_OUT: return iovec(j, v, next, -1);
    case K_IOV_IN:
        if (!ok()) return v ? j.ptr(v) : j.null();
        return iovec(j, v, next, ret);
    case K_POLLFDS: return pollfds(j, v, next);
    case K_FDSET: return fdset(j, v, (int)a[0]);
    case K_TIMEVAL: return timespec(j, v, true);
    case K_TIMESPEC: return timespec(j, v, false);
    case K_EPOLL_EVENT: {
        struct epoll_event e;
        if (!v) return j.null();
        if (!mem_read_all(tid, v, &e, sizeof e)) return j.ptr(v);
        j.open();
        j.kraw("events", const_json("epoll", e.events));
        j.key("data");
        j.unum(e.data.u64);
        return j.close();
    }
    case K_EPOLL_OUT:
        if (!ok()) return v ? j.ptr(v) : j.null();
        return epoll_events(j, v, ret);
    case K_OFFPTR: {  // read at entry (the kernel advances it); see on_seccomp
        long off;
        if (!v) return j.null();
        if (!mem_read_all(tid, v, &off, sizeof off)) return j.ptr(v);
        return j.num(off);
    }
    }
    j.null();
}

// select's fd_sets are overwritten by the kernel: the sets given are read at entry (entry[i] non-empty).
void Decoder::args(Json &j, const std::string *entry) {
    j.open();
    for (int i = 0; i < spec->nargs; i++) {
        j.key(spec->args[i].name);
        if (entry && !entry[i].empty()) j.raw(entry[i]);
        else arg(j, i);
    }
    j.close();
}
