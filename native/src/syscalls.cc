// The table of traced syscalls (x86_64 numbers).
#include "syscalls.h"

#include <cstring>
#include <sys/syscall.h>
#include <vector>

#define A(n, k) {n, k}
static const SyscallSpec table[] = {
    {SYS_read, "read", SF_ON_SOCKET | SF_RECV | SF_BLOCKS, 3, {A("fd", K_FD), A("buf", K_BUF_IN), A("count", K_ULONG)}},
    {SYS_write, "write", SF_ON_SOCKET | SF_SEND | SF_BLOCKS, 3, {A("fd", K_FD), A("buf", K_BUF_OUT), A("count", K_ULONG)}},
    {SYS_close, "close", SF_ON_SOCKET, 1, {A("fd", K_FD)}},
    {SYS_poll, "poll", SF_WAIT, 3, {A("fds", K_POLLFDS), A("nfds", K_ULONG), A("timeout", K_INT)}},
    {SYS_ioctl, "ioctl", SF_ON_SOCKET, 3, {A("fd", K_FD), A("request", K_IOCTL_REQ), A("argp", K_IOCTL_ARG)}},
    {SYS_readv, "readv", SF_ON_SOCKET | SF_RECV | SF_BLOCKS, 3, {A("fd", K_FD), A("iov", K_IOV_IN), A("iovcnt", K_INT)}},
    {SYS_writev, "writev", SF_ON_SOCKET | SF_SEND | SF_BLOCKS, 3, {A("fd", K_FD), A("iov", K_IOV_OUT), A("iovcnt", K_INT)}},
    {SYS_select, "select", SF_WAIT, 5,
     {A("nfds", K_INT), A("readfds", K_FDSET), A("writefds", K_FDSET), A("exceptfds", K_FDSET),
      A("timeout", K_TIMEVAL)}},
    {SYS_dup, "dup", SF_NEW_FD, 1, {A("oldfd", K_FD)}},
    {SYS_dup2, "dup2", SF_NEW_FD, 2, {A("oldfd", K_FD), A("newfd", K_INT)}},
    {SYS_sendfile, "sendfile", SF_SEND | SF_BLOCKS, 4,
     {A("out_fd", K_FD), A("in_fd", K_INT), A("offset", K_OFFPTR), A("count", K_ULONG)}},
    {SYS_socket, "socket", SF_NEW_FD | SF_MAKES_SOCKET, 3, {A("domain", K_FAMILY), A("type", K_SOCKTYPE), A("protocol", K_PROTOCOL)}},
    {SYS_connect, "connect", SF_BLOCKS, 3, {A("sockfd", K_FD), A("addr", K_SA_IN), A("addrlen", K_INT)}},
    {SYS_accept, "accept", SF_NEW_FD | SF_MAKES_SOCKET | SF_BLOCKS, 3, {A("sockfd", K_FD), A("addr", K_SA_OUT), A("addrlen", K_LENPTR)}},
    {SYS_sendto, "sendto", SF_SEND | SF_BLOCKS, 6,
     {A("sockfd", K_FD), A("buf", K_BUF_OUT), A("len", K_ULONG), A("flags", K_MSGFLAGS),
      A("dest_addr", K_SA_IN), A("addrlen", K_INT)}},
    {SYS_recvfrom, "recvfrom", SF_RECV | SF_BLOCKS, 6,
     {A("sockfd", K_FD), A("buf", K_BUF_IN), A("len", K_ULONG), A("flags", K_MSGFLAGS),
      A("src_addr", K_SA_OUT), A("addrlen", K_LENPTR)}},
    {SYS_sendmsg, "sendmsg", SF_SEND | SF_BLOCKS, 3, {A("sockfd", K_FD), A("msg", K_MSGHDR_OUT), A("flags", K_MSGFLAGS)}},
    {SYS_recvmsg, "recvmsg", SF_RECV | SF_BLOCKS, 3, {A("sockfd", K_FD), A("msg", K_MSGHDR_IN), A("flags", K_MSGFLAGS)}},
    {SYS_shutdown, "shutdown", SF_NONE, 2, {A("sockfd", K_FD), A("how", K_SHUT)}},
    {SYS_bind, "bind", SF_NONE, 3, {A("sockfd", K_FD), A("addr", K_SA_IN), A("addrlen", K_INT)}},
    {SYS_listen, "listen", SF_NONE, 2, {A("sockfd", K_FD), A("backlog", K_INT)}},
    {SYS_getsockname, "getsockname", SF_NONE, 3, {A("sockfd", K_FD), A("addr", K_SA_OUT), A("addrlen", K_LENPTR)}},
    {SYS_getpeername, "getpeername", SF_NONE, 3, {A("sockfd", K_FD), A("addr", K_SA_OUT), A("addrlen", K_LENPTR)}},
    {SYS_socketpair, "socketpair", SF_MAKES_SOCKET, 4,
     {A("domain", K_FAMILY), A("type", K_SOCKTYPE), A("protocol", K_PROTOCOL), A("sv", K_SV_OUT)}},
    {SYS_setsockopt, "setsockopt", SF_NONE, 5,
     {A("sockfd", K_FD), A("level", K_LEVEL), A("optname", K_OPTNAME), A("optval", K_OPTVAL_IN),
      A("optlen", K_INT)}},
    {SYS_getsockopt, "getsockopt", SF_NONE, 5,
     {A("sockfd", K_FD), A("level", K_LEVEL), A("optname", K_OPTNAME), A("optval", K_OPTVAL_OUT),
      A("optlen", K_LENPTR)}},
    {SYS_fcntl, "fcntl", SF_ON_SOCKET, 3, {A("fd", K_FD), A("cmd", K_FCNTL_CMD), A("arg", K_FCNTL_ARG)}},
    {SYS_epoll_create, "epoll_create", SF_NEW_FD, 1, {A("size", K_INT)}},
    {SYS_epoll_wait, "epoll_wait", SF_WAIT, 4,
     {A("epfd", K_INT), A("events", K_EPOLL_OUT), A("maxevents", K_INT), A("timeout", K_INT)}},
    {SYS_epoll_ctl, "epoll_ctl", SF_NONE, 4,
     {A("epfd", K_INT), A("op", K_EPOLLOP), A("fd", K_FD), A("event", K_EPOLL_EVENT)}},
    {SYS_pselect6, "pselect6", SF_WAIT, 6,
     {A("nfds", K_INT), A("readfds", K_FDSET), A("writefds", K_FDSET), A("exceptfds", K_FDSET),
      A("timeout", K_TIMESPEC), A("sigmask", K_PTR)}},
    {SYS_ppoll, "ppoll", SF_WAIT, 5,
     {A("fds", K_POLLFDS), A("nfds", K_ULONG), A("tmo_p", K_TIMESPEC), A("sigmask", K_PTR),
      A("sigsetsize", K_ULONG)}},
    {SYS_splice, "splice", SF_NONE, 6,
     {A("fd_in", K_FD), A("off_in", K_OFFPTR), A("fd_out", K_INT), A("off_out", K_OFFPTR), A("len", K_ULONG),
      A("flags", K_SPLICE_FLAGS)}},
    {SYS_epoll_pwait, "epoll_pwait", SF_WAIT, 6,
     {A("epfd", K_INT), A("events", K_EPOLL_OUT), A("maxevents", K_INT), A("timeout", K_INT),
      A("sigmask", K_PTR), A("sigsetsize", K_ULONG)}},
    {SYS_accept4, "accept4", SF_NEW_FD | SF_MAKES_SOCKET | SF_BLOCKS, 4,
     {A("sockfd", K_FD), A("addr", K_SA_OUT), A("addrlen", K_LENPTR), A("flags", K_SOCKFLAGS)}},
    {SYS_epoll_create1, "epoll_create1", SF_NEW_FD, 1, {A("flags", K_EPOLLFLAGS)}},
    {SYS_dup3, "dup3", SF_NEW_FD, 3, {A("oldfd", K_FD), A("newfd", K_INT), A("flags", K_OFLAGS)}},
    {SYS_recvmmsg, "recvmmsg", SF_RECV | SF_BLOCKS, 5,
     {A("sockfd", K_FD), A("msgvec", K_MMSG_IN), A("vlen", K_ULONG), A("flags", K_MSGFLAGS),
      A("timeout", K_TIMESPEC)}},
    {SYS_sendmmsg, "sendmmsg", SF_SEND | SF_BLOCKS, 4,
     {A("sockfd", K_FD), A("msgvec", K_MMSG_OUT), A("vlen", K_ULONG), A("flags", K_MSGFLAGS)}},
    {SYS_close_range, "close_range", SF_NONE, 3, {A("first", K_INT), A("last", K_INT), A("flags", K_INT)}},
    {SYS_epoll_pwait2, "epoll_pwait2", SF_WAIT, 6,
     {A("epfd", K_INT), A("events", K_EPOLL_OUT), A("maxevents", K_INT), A("timeout", K_TIMESPEC),
      A("sigmask", K_PTR), A("sigsetsize", K_ULONG)}},
};
#undef A

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

// The base filter traces every call that is not traced per socket fd, and restart_syscall, by which the
// kernel resumes a poll() that a stop signal interrupted (stops.cc)
std::vector<int> always_traced() {
    std::vector<int> nrs;
    for (const auto &s : table)
        if (!(s.flags & SF_ON_SOCKET)) nrs.push_back(s.nr);
    nrs.push_back(SYS_restart_syscall);
    return nrs;
}

std::vector<int> per_fd_traced() {
    std::vector<int> nrs;
    for (const auto &s : table)
        if (s.flags & SF_ON_SOCKET) nrs.push_back(s.nr);
    return nrs;
}

int fd_arg(const SyscallSpec *spec) {
    for (int i = 0; i < spec->nargs; i++)
        if (spec->args[i].kind == K_FD) return i;
    return -1;
}

int length_arg(const SyscallSpec *spec) {
    for (int i = 0; i + 1 < spec->nargs; i++)
        if ((spec->args[i].kind == K_BUF_IN || spec->args[i].kind == K_BUF_OUT) && spec->args[i + 1].kind == K_ULONG)
            return i + 1;
    return -1;
}

bool iovec_cut(const SyscallSpec *spec) {
    for (int i = 0; i < spec->nargs; i++)
        if (spec->args[i].kind == K_IOV_OUT || spec->args[i].kind == K_MSGHDR_OUT) return true;
    return false;
}

int syscall_count() { return (int)(sizeof table / sizeof *table); }
const SyscallSpec *syscall_at(int i) { return &table[i]; }
