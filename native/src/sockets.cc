// What each fd is. The tracer copies a tracee's fd into itself with pidfd_getfd (the same permission as
// ptrace) and asks the kernel directly: fstat for the socket inode, SO_DOMAIN/SO_TYPE, getsockname and
// getpeername. The copy is closed at once; the tracee is stopped meanwhile.
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cstring>

#include "decode.h"
#include "tracer.h"

#ifndef SYS_pidfd_open
#define SYS_pidfd_open 434
#endif
#ifndef SYS_pidfd_getfd
#define SYS_pidfd_getfd 438
#endif

static int grab(Proc &p, int fd) {
    if (p.pidfd < 0) p.pidfd = (int)syscall(SYS_pidfd_open, p.tgid, 0);
    if (p.pidfd < 0) return -1;
    return (int)syscall(SYS_pidfd_getfd, p.pidfd, fd, 0);
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

Sock *Tracer::learn_socket(Proc &p, int fd) {
    int mine = grab(p, fd);
    if (mine < 0) return nullptr;
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

void Tracer::refresh_addrs(Proc &p, int fd, Sock &s) {
    int mine = grab(p, fd);
    if (mine < 0) return;
    read_names(mine, s);
    close(mine);
}

void Tracer::drop_fd(Proc &p, int fd) {
    p.fds->socks.erase(fd);
    p.fds->cloexec.erase(fd);
}
