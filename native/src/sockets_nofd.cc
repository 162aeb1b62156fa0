// What each fd is when pidfd_getfd is denied: the same `sock` facts from sources that need no capability
// (docs/ARCHITECTURE.md, "fdtrack.cc / sockets.cc"). The inode is the /proc/PID/fd link's; family and type
// come from the creating call's own arguments (an accepted socket's from its listener), else from the
// socket's "system.sockprotoname" attribute; the names from sock_diag, rebuilt as getsockname and
// getpeername return them. A socket that sock_diag does not list (created, never bound) has its family's
// empty name, as getsockname reports it.
#include <sys/syscall.h>
#include <arpa/inet.h>
#include <linux/netlink.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/xattr.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "decode.h"
#include "mem.h"
#include "sockdiag.h"
#include "tracer.h"

#ifndef IPPROTO_MPTCP
#define IPPROTO_MPTCP 262
#endif

// The socket inode fd refers to, from its "socket:[INODE]" link; 0 when it is not a socket (or not open:
// *open is then false).
static uint64_t socket_inode(pid_t tgid, int fd, bool *open) {
    char path[64], link[64];
    snprintf(path, sizeof path, "/proc/%d/fd/%d", tgid, fd);
    ssize_t n = readlink(path, link, sizeof link - 1);
    *open = n >= 0;
    if (n < 0) return 0;
    link[n] = 0;
    if (strncmp(link, "socket:[", 8) != 0) return 0;
    return strtoull(link + 8, nullptr, 10);
}

// The protocol's name the kernel gave the socket's inode (sock_alloc_file), which tells family and type.
static void kind_from_xattr(pid_t tgid, int fd, Sock &s) {
    static const struct { const char *name; int family, type, protocol; } kinds[] = {
        {"TCP", AF_INET, SOCK_STREAM, 0}, {"TCPv6", AF_INET6, SOCK_STREAM, 0},
        {"UDP", AF_INET, SOCK_DGRAM, 0}, {"UDPv6", AF_INET6, SOCK_DGRAM, 0},
        {"UDP-Lite", AF_INET, SOCK_DGRAM, IPPROTO_UDPLITE}, {"UDPLITEv6", AF_INET6, SOCK_DGRAM, IPPROTO_UDPLITE},
        {"MPTCP", AF_INET, SOCK_STREAM, IPPROTO_MPTCP}, {"MPTCPv6", AF_INET6, SOCK_STREAM, IPPROTO_MPTCP},
        {"RAW", AF_INET, SOCK_RAW, 0}, {"RAWv6", AF_INET6, SOCK_RAW, 0},
        {"PING", AF_INET, SOCK_DGRAM, IPPROTO_ICMP}, {"PINGv6", AF_INET6, SOCK_DGRAM, IPPROTO_ICMPV6},
        {"UNIX-STREAM", AF_UNIX, SOCK_STREAM, 0}, {"UNIX", AF_UNIX, -1, 0}, {"UNIX-DGRAM", AF_UNIX, -1, 0},
        {"NETLINK", AF_NETLINK, -1, 0},
    };
    char path[64], name[64];
    snprintf(path, sizeof path, "/proc/%d/fd/%d", tgid, fd);
    ssize_t n = getxattr(path, "system.sockprotoname", name, sizeof name - 1);
    if (n <= 0) return;
    name[n] = 0;
    for (auto &k : kinds)
        if (strcmp(name, k.name) == 0) {
            s.family = k.family, s.type = k.type, s.protocol = k.protocol;
            return;
        }
}

// What getsockname returns for a socket of this kind that has no name yet.
static std::string empty_name(const Sock &s) {
    union {
        sockaddr_in in;
        sockaddr_in6 in6;
        sockaddr_nl nl;
        sa_family_t family;
    } a;
    memset(&a, 0, sizeof a);
    a.family = (sa_family_t)s.family;
    // a raw socket's "port" is its protocol (inet_create)
    unsigned short port = s.type == SOCK_RAW ? htons((unsigned short)s.protocol) : 0;
    switch (s.family) {
    case AF_INET: a.in.sin_port = port; return std::string((const char *)&a, sizeof a.in);
    case AF_INET6: a.in6.sin6_port = port; return std::string((const char *)&a, sizeof a.in6);
    case AF_UNIX: return std::string((const char *)&a, sizeof a.family);
    case AF_NETLINK: return std::string((const char *)&a, sizeof a.nl);
    default: return "";
    }
}

// Sets a name (raw sockaddr bytes) as read_names does: only a known one, and only when it changed.
static void set_name(Sock &s, std::string &field, const std::string &raw) {
    if (raw.empty()) return;
    Json j;
    sockaddr_json(j, (const unsigned char *)raw.data(), (long)raw.size());
    if (j.s != field) field = j.s, s.json.clear();
}

// Which sock_diag table holds an inet socket of this type and protocol; 0 for none.
static int diag_protocol(int type, int protocol) {
    if (type == SOCK_STREAM && (protocol == 0 || protocol == IPPROTO_TCP)) return IPPROTO_TCP;
    if (type == SOCK_DGRAM && (protocol == 0 || protocol == IPPROTO_UDP)) return IPPROTO_UDP;
    if (type == SOCK_DGRAM && protocol == IPPROTO_UDPLITE) return IPPROTO_UDPLITE;
    return 0;
}

// The name of the listener a unix connect() reached, from the address it was given: an abstract name is
// the listener's own bytes; a path is looked up as the tracee sees it and matched by the file's inode.
static std::string listener_name(pid_t tgid, const Thread &t) {
    sockaddr_un a;
    size_t len = t.args[2] < sizeof a ? t.args[2] : sizeof a;
    memset(&a, 0, sizeof a);
    if (len <= sizeof a.sun_family || !mem_read_all(t.tid, t.args[1], &a, len) || a.sun_family != AF_UNIX) return "";
    if (a.sun_path[0] == 0) return std::string((const char *)&a, len);
    std::string path(a.sun_path, strnlen(a.sun_path, len - sizeof a.sun_family));
    std::string where = "/proc/" + std::to_string(tgid) + (path[0] == '/' ? "/root" : "/cwd/") + path;
    struct stat st;
    if (stat(where.c_str(), &st) != 0 || !S_ISSOCK(st.st_mode)) return "";
    return diag_unix_listener(st.st_dev, st.st_ino);
}

// The names sock_diag knows for s (in p's network namespace); nothing changes when it does not list s.
void Tracer::diag_names(Proc &p, Sock &s, const Thread *t) {
    if (diag_failed || !diag_same_netns(p.tgid)) return;
    DiagSock d;
    uint32_t ino = (uint32_t)s.inode;
    DiagResult r = D_NOT_FOUND;
    if (s.family == AF_UNIX) {
        r = diag_unix(ino, d);
    } else if (s.family == AF_INET || s.family == AF_INET6) {
        if (int proto = diag_protocol(s.type, s.protocol)) r = diag_inet(s.family, proto, ino, d);
    } else if (s.family < 0) {  // nothing said what it is: ask every table
        r = diag_unix(ino, d);
        for (int fam : {AF_INET, AF_INET6})
            for (int proto : {IPPROTO_TCP, IPPROTO_UDP})
                if (r == D_NOT_FOUND) r = diag_inet(fam, proto, ino, d);
    }
    if (r == D_FAILED) {
        diag_failed = true;
        degraded("sock_diag", diag_errno(), nullptr);
        return;
    }
    if (r != D_FOUND) return;
    if (s.family != d.family || (d.type >= 0 && s.type != d.type)) s.json.clear();
    s.family = d.family;
    if (d.type >= 0) s.type = d.type;
    set_name(s, s.local, d.local);
    if (!d.peer.empty()) set_name(s, s.peer, d.peer);
    else if (d.peer_embryo && t && t->nr == SYS_connect) set_name(s, s.peer, listener_name(p.tgid, *t));
}

Sock *Tracer::learn_without_fd(Proc &p, int fd, const SockHint *h) {
    bool open;
    uint64_t ino = socket_inode(p.tgid, fd, &open);
    if (!ino) {
        if (open) p.fds->socks.erase(fd);
        return nullptr;
    }
    Sock &s = socks[ino];
    s.inode = ino;
    s.json.clear();
    if (h && h->family >= 0) s.family = h->family, s.type = h->type, s.protocol = h->protocol;
    else if (s.family < 0) kind_from_xattr(p.tgid, fd, s);
    if (s.family == AF_UNIX && s.type == SOCK_RAW) s.type = SOCK_DGRAM;  // unix_create() makes it a datagram socket
    if (h && h->fresh) {
        // nothing has bound or connected it yet: no need to ask
        set_name(s, s.local, empty_name(s));
        if (h->pair) set_name(s, s.peer, empty_name(s));
    } else {
        diag_names(p, s, nullptr);
        if (s.local.empty()) set_name(s, s.local, empty_name(s));
    }
    p.fds->socks[fd] = ino;
    return &s;
}
