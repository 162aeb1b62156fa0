// What a socket is without a copy of its fd: the kernel's socket diagnostics (NETLINK_SOCK_DIAG: inet_diag
// for TCP and UDP, unix_diag for AF_UNIX), which need no capability. Used when pidfd_getfd is denied.
#pragma once
#include <stdint.h>
#include <sys/types.h>

#include <string>

// One socket as getsockname/getpeername would show it: raw sockaddr bytes, "" when the call would fail.
struct DiagSock {
    int family = -1, type = -1;
    std::string local, peer;
    bool peer_embryo = false;  // AF_UNIX: connected to a listener that has not accepted yet (peer unknown here)
};

enum DiagResult { D_FOUND, D_NOT_FOUND, D_FAILED };

// TCP (protocol IPPROTO_TCP) or UDP (IPPROTO_UDP) sockets of one family, found by inode.
DiagResult diag_inet(int family, int protocol, uint32_t inode, DiagSock &out);
// An AF_UNIX socket by inode, with its peer's name.
DiagResult diag_unix(uint32_t inode, DiagSock &out);
// The name of the AF_UNIX listener bound to the socket file (dev, ino), as it was bound; "" if none.
std::string diag_unix_listener(dev_t dev, ino_t ino);
// errno of the last failure to talk to sock_diag (socket() denied, say).
int diag_errno();
// Whether process tgid is in the tracer's own network namespace (sock_diag answers for that one only).
bool diag_same_netns(pid_t tgid);
