// Socket addresses: AF_INET, AF_INET6, AF_UNIX (path, abstract, unnamed) and AF_NETLINK; other families
// keep their raw bytes.
#include <sys/syscall.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <linux/netlink.h>
#include <sys/socket.h>
#include <sys/un.h>

#include <cstddef>
#include <cstring>
#include <vector>

#include "consts.h"
#include "decode.h"
#include "mem.h"

static void raw_family(Json &j, int fam, const unsigned char *b, long len) {
    j.open();
    j.key("family");
    j.raw(const_json("family", fam));
    j.key("raw");
    j.hex(b + 2, len > 2 ? len - 2 : 0);
    j.close();
}

// An AF_INET6 address's fields, in an object opened here and left open; scope_id only when it was written.
static void in6_fields(Json &j, const sockaddr_in6 &sa, bool with_scope) {
    char text[INET6_ADDRSTRLEN];
    inet_ntop(AF_INET6, &sa.sin6_addr, text, sizeof text);
    j.open();
    j.kstr("family", "AF_INET6");
    j.kstr("addr", text);
    j.kv("port", ntohs(sa.sin6_port));
    if (sa.sin6_flowinfo) j.kv("flowinfo", ntohl(sa.sin6_flowinfo));
    if (with_scope && sa.sin6_scope_id) j.kv("scope_id", sa.sin6_scope_id);
}

void sockaddr_json(Json &j, const unsigned char *b, long len) {
    if (len < 2) {
        j.open();
        j.key("raw");
        j.hex(b, len > 0 ? len : 0);
        j.close();
        return;
    }
    unsigned short fam;
    memcpy(&fam, b, 2);
    char text[INET6_ADDRSTRLEN];
    if (fam == AF_INET && len >= (long)sizeof(sockaddr_in)) {
        sockaddr_in sa;
        memcpy(&sa, b, sizeof sa);
        inet_ntop(AF_INET, &sa.sin_addr, text, sizeof text);
        j.open();
        j.kstr("family", "AF_INET");
        j.kstr("addr", text);
        j.kv("port", ntohs(sa.sin_port));
        j.close();
    } else if (fam == AF_INET6 && len >= (long)sizeof(sockaddr_in6)) {
        sockaddr_in6 sa;
        memcpy(&sa, b, sizeof sa);
        in6_fields(j, sa, true);
        j.close();
    } else if (fam == AF_UNIX) {
        const char *p = (const char *)b + 2;
        long n = len - 2;
        if (n > (long)sizeof(((sockaddr_un *)0)->sun_path)) n = sizeof(((sockaddr_un *)0)->sun_path);
        j.open();
        j.kstr("family", "AF_UNIX");
        if (n <= 0) {
            // unnamed
        } else if (p[0] == '\0') {
            // abstract: every byte after the NUL is the name, NULs included
            j.key("abstract");
            j.str(p + 1, n - 1);
        } else {
            j.key("path");
            j.str(p, strnlen(p, n));
        }
        j.close();
    } else if (fam == AF_NETLINK && len >= (long)sizeof(sockaddr_nl)) {
        // getaddrinfo() and if_nameindex() talk to the kernel over netlink
        sockaddr_nl sa;
        memcpy(&sa, b, sizeof sa);
        j.open();
        j.kstr("family", "AF_NETLINK");
        j.key("nl_pid");
        j.unum(sa.nl_pid);
        j.key("nl_groups");
        j.unum(sa.nl_groups);
        j.close();
    } else {
        raw_family(j, fam, b, len);
    }
}

void Decoder::sockaddr(Json &j, unsigned long addr, long len) {
    if (!addr) return j.null();
    if (len < 0 || len > 4096) return j.ptr(addr);
    unsigned char b[4096];
    if (!mem_read_all(tid, addr, b, len)) return j.ptr(addr);
    sockaddr_json(j, b, len);
}

void len_in_out(Json &j, long in, long out) {
    if (in < 0 || in == out) return j.num(out);
    j.open();
    j.kv("in", in);
    j.kv("out", out);
    j.close();
}

// An address cut to the buffer the program gave (the kernel wrote n of its bytes): its family, when written,
// and the written bytes after it as raw hex, as strace shows sa_data (no field is decoded from a part); an
// IPv6 address lacking only its scope id is decoded.
static void truncated_json(Json &j, const unsigned char *b, long n) {
    unsigned short fam = 0;
    if (n >= 2) memcpy(&fam, b, 2);
    if (fam == AF_INET6 && n >= 24) {
        // all but the scope id: the address is whole (strace decodes it too)
        sockaddr_in6 sa;
        memset(&sa, 0, sizeof sa);
        memcpy(&sa, b, 24);
        in6_fields(j, sa, false);
        j.kraw("truncated", "true");
        return j.close();
    }
    j.open();
    if (n >= 2) j.kraw("family", const_json("family", fam));
    j.kraw("truncated", "true");
    j.key("raw");
    j.hex(b + (n >= 2 ? 2 : 0), n >= 2 ? n - 2 : (n > 0 ? n : 0));
    j.close();
}

void Decoder::sockaddr_out(Json &j, unsigned long addr, long in, long out) {
    if (!addr) return j.null();
    if (out < 0 || out > 4096) return j.ptr(addr);
    if (out == 0) {
        // nothing written: a datagram from an unbound AF_UNIX socket has an unnamed source; other
        // sockets (a TCP recvfrom) return no address at all, so the buffer keeps what it had
        if (sock_family != AF_UNIX) return j.ptr(addr);
        j.open();
        j.kstr("family", "AF_UNIX");
        return j.close();
    }
    if (in < 0) in = out;  // not read at entry (the kernel could not have read it either)
    long n = out < in ? out : in;
    if (n > 128) n = 128;  // sizeof(struct sockaddr_storage)
    unsigned char b[128];
    if (!mem_read_all(tid, addr, b, n)) return j.ptr(addr);
    if (out <= in) return sockaddr_json(j, b, n);
    truncated_json(j, b, n);
}

void read_entry_lens(pid_t tid, const SyscallSpec *spec, const unsigned long *a, std::vector<int> &out) {
    out.clear();
    if (spec->nr == SYS_recvmsg) {
        int len = -1;
        if (!a[1] || !mem_read_all(tid, a[1] + offsetof(struct msghdr, msg_namelen), &len, sizeof len)) len = -1;
        out.push_back(len);
        return;
    }
    if (spec->nr == SYS_recvmmsg) {
        long n = (long)a[2] < 1024 ? (long)a[2] : 1024;
        if (!a[1] || n <= 0) return;
        std::vector<struct mmsghdr> v(n);
        if (!mem_read_all(tid, a[1], v.data(), n * sizeof(struct mmsghdr))) return;
        for (auto &m : v) out.push_back((int)m.msg_hdr.msg_namelen);
        return;
    }
    for (int i = 0; i < spec->nargs; i++) {
        if (spec->args[i].kind != K_LENPTR) continue;
        int len = -1;
        if (!a[i] || !mem_read_all(tid, a[i], &len, sizeof len)) len = -1;
        out.push_back(len);
        return;
    }
}
