// Socket diagnostics over netlink (man 7 sock_diag): one request, the kernel's answer rebuilt into the
// sockaddrs getsockname/getpeername would have returned, so the events read as with a copy of the fd.
#include "sockdiag.h"

#include <arpa/inet.h>
#include <errno.h>
#include <linux/inet_diag.h>
#include <linux/netlink.h>
#include <linux/sock_diag.h>
#include <linux/unix_diag.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/un.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <functional>

static int nl = -1;
static int last_err = 0;
static uint32_t seq = 0;

int diag_errno() { return last_err; }

bool diag_same_netns(pid_t tgid) {
    static ino_t own = 0;
    struct stat st;
    if (!own) {
        if (stat("/proc/self/ns/net", &st) != 0) return true;  // no namespaces to tell apart
        own = st.st_ino;
    }
    char path[64];
    snprintf(path, sizeof path, "/proc/%d/ns/net", tgid);
    return stat(path, &st) != 0 || st.st_ino == own;
}

static bool open_nl() {
    if (nl >= 0) return true;
    nl = socket(AF_NETLINK, SOCK_DGRAM | SOCK_CLOEXEC, NETLINK_SOCK_DIAG);
    if (nl < 0) last_err = errno;
    return nl >= 0;
}

// Sends one request and hands each answer to `each` until the dump (or the single answer) ends.
// False when netlink itself failed; an NLMSG_ERROR answer (no such socket) ends it normally.
static bool ask(const void *req, size_t len, bool dump, const std::function<void(const nlmsghdr *)> &each) {
    if (!open_nl()) return false;
    struct {
        nlmsghdr h;
        unsigned char body[128];
    } msg;
    memset(&msg, 0, sizeof msg);
    msg.h.nlmsg_len = NLMSG_LENGTH(len);
    msg.h.nlmsg_type = SOCK_DIAG_BY_FAMILY;
    msg.h.nlmsg_flags = NLM_F_REQUEST | (dump ? NLM_F_DUMP : 0);
    msg.h.nlmsg_seq = ++seq;
    memcpy(msg.body, req, len);
    struct sockaddr_nl to = {};
    to.nl_family = AF_NETLINK;
    if (sendto(nl, &msg, msg.h.nlmsg_len, 0, (struct sockaddr *)&to, sizeof to) < 0) {
        last_err = errno;
        return false;
    }
    static unsigned char buf[32768] __attribute__((aligned(4)));
    for (;;) {
        ssize_t n = recv(nl, buf, sizeof buf, 0);
        if (n < 0) {
            if (errno == EINTR) continue;
            last_err = errno;
            return false;
        }
        for (nlmsghdr *h = (nlmsghdr *)buf; NLMSG_OK(h, (size_t)n); h = NLMSG_NEXT(h, n)) {
            if (h->nlmsg_seq != seq) continue;  // a late answer to an earlier request
            if (h->nlmsg_type == NLMSG_DONE || h->nlmsg_type == NLMSG_ERROR) return true;
            each(h);
            if (!dump) return true;
        }
    }
}

// ---- inet ----

// inet_getname(): the peer only while connected (not closed, not still in SYN_SENT)
static bool has_peer(const inet_diag_msg *m) {
    return m->id.idiag_dport && m->idiag_state != 7 /* TCP_CLOSE */ && m->idiag_state != 2 /* TCP_SYN_SENT */;
}

static std::string inet_addr(int family, const __be32 *addr, __be16 port, uint32_t ifindex) {
    if (family == AF_INET) {
        sockaddr_in sa = {};
        sa.sin_family = AF_INET;
        sa.sin_port = port;
        memcpy(&sa.sin_addr, addr, 4);
        return std::string((const char *)&sa, sizeof sa);
    }
    sockaddr_in6 sa = {};
    sa.sin6_family = AF_INET6;
    sa.sin6_port = port;
    memcpy(&sa.sin6_addr, addr, 16);
    // the kernel names the interface only for link-local addresses (ipv6_iface_scope_id)
    if (IN6_IS_ADDR_LINKLOCAL(&sa.sin6_addr) || IN6_IS_ADDR_MC_LINKLOCAL(&sa.sin6_addr)) sa.sin6_scope_id = ifindex;
    return std::string((const char *)&sa, sizeof sa);
}

DiagResult diag_inet(int family, int protocol, uint32_t inode, DiagSock &out) {
    inet_diag_req_v2 req = {};
    req.sdiag_family = family;
    req.sdiag_protocol = protocol;
    req.idiag_states = ~0u;  // every state, listening and bound-only sockets included
    req.id.idiag_cookie[0] = req.id.idiag_cookie[1] = INET_DIAG_NOCOOKIE;
    bool found = false;
    bool ok = ask(&req, sizeof req, true, [&](const nlmsghdr *h) {
        const inet_diag_msg *m = (const inet_diag_msg *)NLMSG_DATA(h);
        if (found || h->nlmsg_len < NLMSG_LENGTH(sizeof *m) || m->idiag_inode != inode) return;
        found = true;
        out.family = family;
        out.type = protocol == IPPROTO_TCP ? SOCK_STREAM : SOCK_DGRAM;
        out.local = inet_addr(family, m->id.idiag_src, m->id.idiag_sport, m->id.idiag_if);
        out.peer = has_peer(m) ? inet_addr(family, m->id.idiag_dst, m->id.idiag_dport, m->id.idiag_if) : "";
    });
    return !ok ? D_FAILED : found ? D_FOUND : D_NOT_FOUND;
}

// ---- unix ----

struct UnixFacts {
    int type = -1;
    bool named = false;
    std::string name;  // sun_path bytes as bound (the address length minus the family)
    bool has_peer = false;
    uint32_t peer = 0;
    bool has_vfs = false;
    unix_diag_vfs vfs = {};
};

static void unix_attrs(const nlmsghdr *h, UnixFacts &f) {
    const unix_diag_msg *m = (const unix_diag_msg *)NLMSG_DATA(h);
    f.type = m->udiag_type;
    size_t off = NLMSG_ALIGN(sizeof *m);
    const unsigned char *p = (const unsigned char *)m;
    size_t end = h->nlmsg_len - NLMSG_HDRLEN;
    while (off + sizeof(nlattr) <= end) {
        const nlattr *a = (const nlattr *)(p + off);
        if (a->nla_len < sizeof(nlattr) || off + a->nla_len > end) break;
        const unsigned char *v = p + off + NLA_HDRLEN;
        size_t vlen = a->nla_len - NLA_HDRLEN;
        if (a->nla_type == UNIX_DIAG_NAME) f.named = true, f.name.assign((const char *)v, vlen);
        else if (a->nla_type == UNIX_DIAG_PEER && vlen >= 4) f.has_peer = true, memcpy(&f.peer, v, 4);
        else if (a->nla_type == UNIX_DIAG_VFS && vlen >= sizeof f.vfs) f.has_vfs = true, memcpy(&f.vfs, v, sizeof f.vfs);
        off += NLA_ALIGN(a->nla_len);
    }
}

static DiagResult unix_exact(uint32_t inode, uint32_t show, UnixFacts &f) {
    unix_diag_req req = {};
    req.sdiag_family = AF_UNIX;
    req.udiag_states = ~0u;
    req.udiag_ino = inode;
    req.udiag_show = show;
    req.udiag_cookie[0] = req.udiag_cookie[1] = INET_DIAG_NOCOOKIE;
    bool found = false;
    bool ok = ask(&req, sizeof req, false, [&](const nlmsghdr *h) {
        if (h->nlmsg_len < NLMSG_LENGTH(sizeof(unix_diag_msg))) return;
        found = true;
        unix_attrs(h, f);
    });
    return !ok ? D_FAILED : found ? D_FOUND : D_NOT_FOUND;
}

// what unix_getname() copies: the family, then the bound name (none for an unnamed socket)
static std::string unix_addr(const UnixFacts &f) {
    std::string a(2, '\0');
    sa_family_t fam = AF_UNIX;
    memcpy(&a[0], &fam, 2);
    if (f.named) a += f.name;
    return a;
}

DiagResult diag_unix(uint32_t inode, DiagSock &out) {
    UnixFacts f;
    DiagResult r = unix_exact(inode, UDIAG_SHOW_NAME | UDIAG_SHOW_PEER, f);
    if (r != D_FOUND) return r;
    out.family = AF_UNIX;
    out.type = f.type;
    out.local = unix_addr(f);
    out.peer.clear();
    out.peer_embryo = false;
    if (f.has_peer && f.peer) {
        UnixFacts pf;
        if (unix_exact(f.peer, UDIAG_SHOW_NAME, pf) == D_FOUND) out.peer = unix_addr(pf);
    } else if (f.has_peer) {
        // the peer is the listener's embryo socket, which has no inode before accept(); it carries the
        // listener's name, which the caller finds from the address connect() was given
        out.peer_embryo = true;
    }
    return D_FOUND;
}

std::string diag_unix_listener(dev_t dev, ino_t ino) {
    unix_diag_req req = {};
    req.sdiag_family = AF_UNIX;
    req.udiag_states = 1u << 10;  // TCP_LISTEN
    req.udiag_show = UDIAG_SHOW_NAME | UDIAG_SHOW_VFS;
    req.udiag_cookie[0] = req.udiag_cookie[1] = INET_DIAG_NOCOOKIE;
    // the kernel reports the file system's device in its own encoding (MAJOR << 20 | MINOR)
    uint32_t kdev = (uint32_t)(major(dev) << 20 | minor(dev));
    std::string name;
    bool found = false;
    ask(&req, sizeof req, true, [&](const nlmsghdr *h) {
        if (found || h->nlmsg_len < NLMSG_LENGTH(sizeof(unix_diag_msg))) return;
        UnixFacts f;
        unix_attrs(h, f);
        if (f.has_vfs && f.vfs.udiag_vfs_ino == (uint32_t)ino && f.vfs.udiag_vfs_dev == kdev && f.named) {
            found = true;
            name = unix_addr(f);
        }
    });
    return name;
}
