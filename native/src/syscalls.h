// The traced syscalls and the kinds of their arguments, in one table (syscalls.cc). Names are the kernel's;
// argument names are the man pages'. docs/adding-a-syscall.md says how to add one.
#pragma once

#include <vector>

enum Kind {
    K_NONE,
    K_INT,          // plain int
    K_ULONG,        // size or count
    K_PTR,          // pointer shown as an address
    K_FD,           // a file descriptor (socket info attached when it is one)
    K_FAMILY,       // AF_*
    K_SOCKTYPE,     // SOCK_* | SOCK_NONBLOCK | SOCK_CLOEXEC
    K_PROTOCOL,     // IPPROTO_* (given the family in arg 0)
    K_SOCKFLAGS,    // accept4 flags
    K_SA_IN,        // const struct sockaddr *, length in the next arg
    K_SA_OUT,       // struct sockaddr * filled by the kernel, socklen_t * in the next arg
    K_LENPTR,       // socklen_t * (value at exit)
    K_BUF_OUT,      // bytes the program sends, length in the next arg
    K_BUF_IN,       // bytes the kernel returns, length = return value
    K_MSGFLAGS,     // MSG_*
    K_SHUT,         // SHUT_*
    K_LEVEL,        // SOL_* / IPPROTO_* level
    K_OPTNAME,      // option name for the level in the previous arg
    K_OPTVAL_IN,    // setsockopt value, length in the next arg
    K_OPTVAL_OUT,   // getsockopt value, socklen_t * in the next arg
    K_SV_OUT,       // int[2] from socketpair
    K_MSGHDR_OUT,   // struct msghdr * sent
    K_MSGHDR_IN,    // struct msghdr * received
    K_MMSG_OUT,     // struct mmsghdr * sent, vlen in the next arg
    K_MMSG_IN,      // struct mmsghdr * received, vlen in the next arg
    K_IOV_OUT,      // const struct iovec *, iovcnt in the next arg
    K_IOV_IN,       // struct iovec * filled, iovcnt in the next arg
    K_POLLFDS,      // struct pollfd *, nfds in the next arg
    K_FDSET,        // fd_set * of select, nfds in arg 0
    K_TIMEVAL,      // struct timeval *
    K_TIMESPEC,     // struct timespec *
    K_EPOLLOP,      // EPOLL_CTL_*
    K_EPOLL_EVENT,  // struct epoll_event * given to epoll_ctl
    K_EPOLL_OUT,    // struct epoll_event * filled by epoll_wait, count = return value
    K_EPOLLFLAGS,   // EPOLL_CLOEXEC
    K_FCNTL_CMD,    // F_*
    K_FCNTL_ARG,    // depends on the command in the previous arg
    K_IOCTL_REQ,    // FIONBIO, ...
    K_IOCTL_ARG,    // depends on the request in the previous arg
    K_OFLAGS,       // O_* flags (dup3)
    K_OFFPTR,       // off_t * (sendfile, splice)
    K_SPLICE_FLAGS, // SPLICE_F_*
};

enum SyscallFlags {
    SF_NONE = 0,
    SF_ON_SOCKET = 1,     // traced per socket fd: reported only when arg 0 is a socket (read, write, close, ...)
    SF_NEW_FD = 2,        // a successful call returns a new fd
    SF_SEND = 4,          // moves bytes out through its fd
    SF_RECV = 8,          // moves bytes in through its fd
    SF_WAIT = 16,         // waits for fds to be ready (poll, select, epoll)
    SF_MAKES_SOCKET = 32, // a successful call makes a socket (socket, accept, socketpair)
    SF_BLOCKS = 64,       // waits until its socket is ready when that socket is blocking (sends, receives, accept, connect)
};

struct ArgSpec {
    const char *name;
    Kind kind;
};

struct SyscallSpec {
    int nr;
    const char *name;
    int flags;
    int nargs;
    ArgSpec args[6];
};

// The spec for syscall nr, or nullptr when it is not one we decode.
const SyscallSpec *syscall_spec(long nr);
// By name, for --inject; nullptr if unknown.
const SyscallSpec *syscall_by_name(const char *name);
// The numbers traced always (the base seccomp filter) and those traced per socket fd (SF_ON_SOCKET).
std::vector<int> always_traced();
std::vector<int> per_fd_traced();
// The argument holding the byte count of a call's buffer (the one a short-write injection cuts), or -1.
// the argument that is the fd the call acts on (its first K_FD argument), or -1
int fd_arg(const SyscallSpec *spec);
int length_arg(const SyscallSpec *spec);
// Whether a short-count fault cuts the call in its iovecs (writev, sendmsg: stops.cc).
bool iovec_cut(const SyscallSpec *spec);
// The whole table, for the addon's syscallTable() (the generated TypeScript list is checked against it).
int syscall_count();
const SyscallSpec *syscall_at(int i);
