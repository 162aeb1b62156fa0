// What each fd is. The tracer copies a tracee's fd into itself with pidfd_getfd (the same permission as
// ptrace) and asks the kernel directly: fstat for the socket inode, SO_DOMAIN/SO_TYPE, getsockname and
// getpeername. The copy is closed at once; the tracee is stopped meanwhile. Where pidfd_getfd is denied
// (a container's seccomp profile without CAP_SYS_PTRACE), the same facts come from sources that need no
// capability: see sockets_nofd.cc.
#include <errno.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cstring>

#include "consts.h"
#include "decode.h"
#include "json.h"
#include "tracer.h"

#ifndef SYS_pidfd_open
#define SYS_pidfd_open 434
#endif
#ifndef SYS_pidfd_getfd
#define SYS_pidfd_getfd 438
#endif

// Denied by a seccomp profile or a missing capability, or not in this kernel: not worth asking again.
static bool denied(int e) { return e == EPERM || e == EACCES || e == ENOSYS; }

int Tracer::grab(Proc &p, int fd) {
    if (getfd_denied) return -1;
    if (p.pidfd < 0) p.pidfd = (int)syscall(SYS_pidfd_open, p.tgid, 0);
    if (p.pidfd < 0) {
        if (denied(errno)) getfd_denied = true, degraded("pidfd_open", errno, "sock_diag");
        return -1;
    }
    int mine = (int)syscall(SYS_pidfd_getfd, p.pidfd, fd, 0);
    if (mine < 0 && denied(errno)) getfd_denied = true, degraded("pidfd_getfd", errno, "sock_diag");
    return mine;
}

void Tracer::degraded(const char *what, int err, const char *instead) {
    if (!degraded_told.insert(what).second) return;
    Json j;
    j.open();
    j.kstr("type", "degraded");
    j.kstr("what", what);
    const char *e = errno_name(err);
    if (*e) j.kstr("errno", e);
    else j.kv("errno", err);
    if (instead) j.kstr("instead", instead);
    j.close();
    output.status(j);
}

static std::string name_json(int fd, bool peer) {
    unsigned char b[256];
    socklen_t len = sizeof b;
    int r = peer ? getpeername(fd, (struct sockaddr *)b, &len) : getsockname(fd, (struct sockaddr *)b, &len);
    if (r < 0) return "";
    Json j;
    sockaddr_json(j, b, len > sizeof b ? sizeof b : len);
    return j.s;
}

static void read_names(int fd, Sock &s) {
    std::string l = name_json(fd, false), p = name_json(fd, true);
    if (!l.empty() && l != s.local) s.local = l, s.json.clear();
    if (!p.empty() && p != s.peer) s.peer = p, s.json.clear();
}

Sock *Tracer::sock_of(Proc &p, int fd) {
    auto it = p.fds->socks.find(fd);
    if (it == p.fds->socks.end()) return nullptr;
    return &socks[it->second];
}

Sock *Tracer::learn_socket(Proc &p, int fd, const SockHint *hint) {
    int mine = grab(p, fd);
    if (mine < 0) return getfd_denied ? learn_without_fd(p, fd, hint) : nullptr;
    struct stat st;
    Sock *s = nullptr;
    if (fstat(mine, &st) == 0 && S_ISSOCK(st.st_mode)) {
        s = &socks[st.st_ino];
        s->inode = st.st_ino;
        int v;
        socklen_t len = sizeof v;
        s->json.clear();
        if (getsockopt(mine, SOL_SOCKET, SO_DOMAIN, &v, &len) == 0) s->family = v;
        len = sizeof v;
        if (getsockopt(mine, SOL_SOCKET, SO_TYPE, &v, &len) == 0) s->type = v;
        read_names(mine, *s);
        p.fds->socks[fd] = st.st_ino;
    } else {
        p.fds->socks.erase(fd);
    }
    close(mine);
    return s;
}

void Tracer::refresh_addrs(Proc &p, int fd, Sock &s, const Thread *t) {
    int mine = grab(p, fd);
    if (mine < 0) {
        if (getfd_denied) diag_names(p, s, t);
        return;
    }
    read_names(mine, s);
    close(mine);
}

void Tracer::drop_fd(Proc &p, int fd) {
    p.fds->socks.erase(fd);
    p.fds->cloexec.erase(fd);
}
