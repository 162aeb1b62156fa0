// The table of traced syscalls (x86_64 numbers).
#include "syscalls.h"

#include <cstring>

#define A(n, k) {n, k}
static const SyscallSpec table[] = {
    {0, "read", SF_ON_SOCKET, 3, {A("fd", K_FD), A("buf", K_BUF_IN), A("count", K_ULONG)}},
    {1, "write", SF_ON_SOCKET, 3, {A("fd", K_FD), A("buf", K_BUF_OUT), A("count", K_ULONG)}},
    {3, "close", SF_ON_SOCKET, 1, {A("fd", K_FD)}},
    {7, "poll", SF_NONE, 3, {A("fds", K_POLLFDS), A("nfds", K_ULONG), A("timeout", K_INT)}},
    {16, "ioctl", SF_ON_SOCKET, 3, {A("fd", K_FD), A("request", K_IOCTL_REQ), A("argp", K_IOCTL_ARG)}},
    {19, "readv", SF_ON_SOCKET, 3, {A("fd", K_FD), A("iov", K_IOV_IN), A("iovcnt", K_INT)}},
    {20, "writev", SF_ON_SOCKET, 3, {A("fd", K_FD), A("iov", K_IOV_OUT), A("iovcnt", K_INT)}},
    {23, "select", SF_NONE, 5,
     {A("nfds", K_INT), A("readfds", K_FDSET), A("writefds", K_FDSET), A("exceptfds", K_FDSET),
      A("timeout", K_TIMEVAL)}},
    {32, "dup", SF_NEW_FD, 1, {A("oldfd", K_FD)}},
    {33, "dup2", SF_NEW_FD, 2, {A("oldfd", K_FD), A("newfd", K_INT)}},
    {40, "sendfile", SF_NONE, 4,
     {A("out_fd", K_FD), A("in_fd", K_INT), A("offset", K_OFFPTR), A("count", K_ULONG)}},
    {41, "socket", SF_NEW_FD, 3, {A("domain", K_FAMILY), A("type", K_SOCKTYPE), A("protocol", K_PROTOCOL)}},
    {42, "connect", SF_NONE, 3, {A("sockfd", K_FD), A("addr", K_SA_IN), A("addrlen", K_INT)}},
    {43, "accept", SF_NEW_FD, 3, {A("sockfd", K_FD), A("addr", K_SA_OUT), A("addrlen", K_LENPTR)}},
    {44, "sendto", SF_NONE, 6,
     {A("sockfd", K_FD), A("buf", K_BUF_OUT), A("len", K_ULONG), A("flags", K_MSGFLAGS),
      A("dest_addr", K_SA_IN), A("addrlen", K_INT)}},
    {45, "recvfrom", SF_NONE, 6,
     {A("sockfd", K_FD), A("buf", K_BUF_IN), A("len", K_ULONG), A("flags", K_MSGFLAGS),
      A("src_addr", K_SA_OUT), A("addrlen", K_LENPTR)}},
    {46, "sendmsg", SF_NONE, 3, {A("sockfd", K_FD), A("msg", K_MSGHDR_OUT), A("flags", K_MSGFLAGS)}},
    {47, "recvmsg", SF_NONE, 3, {A("sockfd", K_FD), A("msg", K_MSGHDR_IN), A("flags", K_MSGFLAGS)}},
    {48, "shutdown", SF_NONE, 2, {A("sockfd", K_FD), A("how", K_SHUT)}},
    {49, "bind", SF_NONE, 3, {A("sockfd", K_FD), A("addr", K_SA_IN), A("addrlen", K_INT)}},
    {50, "listen", SF_NONE, 2, {A("sockfd", K_FD), A("backlog", K_INT)}},
    {51, "getsockname", SF_NONE, 3, {A("sockfd", K_FD), A("addr", K_SA_OUT), A("addrlen", K_LENPTR)}},
    {52, "getpeername", SF_NONE, 3, {A("sockfd", K_FD), A("addr", K_SA_OUT), A("addrlen", K_LENPTR)}},
    {53, "socketpair", SF_NONE, 4,
     {A("domain", K_FAMILY), A("type", K_SOCKTYPE), A("protocol", K_PROTOCOL), A("sv", K_SV_OUT)}},
    {54, "setsockopt", SF_NONE, 5,
     {A("sockfd", K_FD), A("level", K_LEVEL), A("optname", K_OPTNAME), A("optval", K_OPTVAL_IN),
      A("optlen", K_INT)}},
    {55, "getsockopt", SF_NONE, 5,
     {A("sockfd", K_FD), A("level", K_LEVEL), A("optname", K_OPTNAME), A("optval", K_OPTVAL_OUT),
      A("optlen", K_LENPTR)}},
    {72, "fcntl", SF_ON_SOCKET, 3, {A("fd", K_FD), A("cmd", K_FCNTL_CMD), A("arg", K_FCNTL_ARG)}},
    {213, "epoll_create", SF_NEW_FD, 1, {A("size", K_INT)}},
    {232, "epoll_wait", SF_NONE, 4,
     {A("epfd", K_INT), A("events", K_EPOLL_OUT), A("maxevents", K_INT), A("timeout", K_INT)}},
    {233, "epoll_ctl", SF_NONE, 4,
     {A("epfd", K_INT), A("op", K_EPOLLOP), A("fd", K_FD), A("event", K_EPOLL_EVENT)}},
    {270, "pselect6", SF_NONE, 6,
     {A("nfds", K_INT), A("readfds", K_FDSET), A("writefds", K_FDSET), A("exceptfds", K_FDSET),
      A("timeout", K_TIMESPEC), A("sigmask", K_PTR)}},
    {271, "ppoll", SF_NONE, 5,
     {A("fds", K_POLLFDS), A("nfds", K_ULONG), A("tmo_p", K_TIMESPEC), A("sigmask", K_PTR),
      A("sigsetsize", K_ULONG)}},
    {281, "epoll_pwait", SF_NONE, 6,
     {A("epfd", K_INT), A("events", K_EPOLL_OUT), A("maxevents", K_INT), A("timeout", K_INT),
      A("sigmask", K_PTR), A("sigsetsize", K_ULONG)}},
    {288, "accept4", SF_NEW_FD, 4,
     {A("sockfd", K_FD), A("addr", K_SA_OUT), A("addrlen", K_LENPTR), A("flags", K_SOCKFLAGS)}},
    {291, "epoll_create1", SF_NEW_FD, 1, {A("flags", K_EPOLLFLAGS)}},
    {292, "dup3", SF_NEW_FD, 3, {A("oldfd", K_FD), A("newfd", K_INT), A("flags", K_OFLAGS)}},
    {299, "recvmmsg", SF_NONE, 5,
     {A("sockfd", K_FD), A("msgvec", K_MMSG_IN), A("vlen", K_ULONG), A("flags", K_MSGFLAGS),
      A("timeout", K_TIMESPEC)}},
    {307, "sendmmsg", SF_NONE, 4,
     {A("sockfd", K_FD), A("msgvec", K_MMSG_OUT), A("vlen", K_ULONG), A("flags", K_MSGFLAGS)}},
    {436, "close_range", SF_NONE, 3, {A("first", K_INT), A("last", K_INT), A("flags", K_INT)}},
    {441, "epoll_pwait2", SF_NONE, 6,
     {A("epfd", K_INT), A("events", K_EPOLL_OUT), A("maxevents", K_INT), A("timeout", K_TIMESPEC),
      A("sigmask", K_PTR), A("sigsetsize", K_ULONG)}},
};
#undef A

// 219 is restart_syscall, by which the kernel resumes a poll() that a stop signal interrupted (stops.cc)
static const int always[] = {7, 23, 32, 33, 40, 41, 42, 43, 44, 45, 46, 47, 48, 49, 50, 51, 52, 53, 54,
                             55, 213, 219, 232, 233, 270, 271, 281, 288, 291, 292, 299, 307, 436, 441};
static const int per_fd[] = {0, 1, 3, 16, 19, 20, 72};

static const SyscallSpec *by_nr[512];
static bool indexed = false;

static void build_index() {
    for (const auto &s : table) by_nr[s.nr] = &s;
    indexed = true;
}

const SyscallSpec *syscall_spec(long nr) {
    if (!indexed) build_index();
    if (nr < 0 || nr >= 512) return nullptr;
    return by_nr[nr];
}

const SyscallSpec *syscall_by_name(const char *name) {
    for (const auto &s : table)
        if (strcmp(s.name, name) == 0) return &s;
    return nullptr;
}

int always_traced(const int **nrs) {
    *nrs = always;
    return (int)(sizeof always / sizeof *always);
}

int per_fd_traced(const int **nrs) {
    *nrs = per_fd;
    return (int)(sizeof per_fd / sizeof *per_fd);
}
