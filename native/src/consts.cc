// The constant tables themselves (Linux, x86_64 and generic ABI values).
#include "consts.h"

#include <cstdio>
#include <cstring>

#define N(x) (int)(sizeof(x) / sizeof((x)[0]))

static const ConstEntry families[] = {
    {"AF_UNSPEC", 0}, {"AF_UNIX", 1}, {"AF_INET", 2}, {"AF_AX25", 3}, {"AF_IPX", 4}, {"AF_APPLETALK", 5},
    {"AF_NETROM", 6}, {"AF_BRIDGE", 7}, {"AF_X25", 9}, {"AF_INET6", 10}, {"AF_KEY", 15},
    {"AF_NETLINK", 16}, {"AF_PACKET", 17}, {"AF_RDS", 21}, {"AF_IRDA", 23}, {"AF_LLC", 26}, {"AF_CAN", 29},
    {"AF_TIPC", 30}, {"AF_BLUETOOTH", 31}, {"AF_ALG", 38}, {"AF_VSOCK", 40}, {"AF_XDP", 44},
};
static const ConstEntry socktypes[] = {
    {"SOCK_STREAM", 1}, {"SOCK_DGRAM", 2}, {"SOCK_RAW", 3}, {"SOCK_RDM", 4}, {"SOCK_SEQPACKET", 5},
    {"SOCK_DCCP", 6}, {"SOCK_PACKET", 10},
};
static const ConstEntry sockflags[] = {{"SOCK_NONBLOCK", 04000}, {"SOCK_CLOEXEC", 02000000}};
static const ConstEntry ipprotos[] = {
    {"IPPROTO_IP", 0}, {"IPPROTO_ICMP", 1}, {"IPPROTO_IGMP", 2}, {"IPPROTO_IPIP", 4}, {"IPPROTO_TCP", 6},
    {"IPPROTO_EGP", 8}, {"IPPROTO_PUP", 12}, {"IPPROTO_UDP", 17}, {"IPPROTO_IDP", 22}, {"IPPROTO_TP", 29},
    {"IPPROTO_DCCP", 33}, {"IPPROTO_IPV6", 41}, {"IPPROTO_RSVP", 46}, {"IPPROTO_GRE", 47},
    {"IPPROTO_ESP", 50}, {"IPPROTO_AH", 51}, {"IPPROTO_ICMPV6", 58}, {"IPPROTO_MTP", 92},
    {"IPPROTO_ENCAP", 98}, {"IPPROTO_PIM", 103}, {"IPPROTO_SCTP", 132}, {"IPPROTO_UDPLITE", 136},
    {"IPPROTO_MPLS", 137}, {"IPPROTO_RAW", 255}, {"IPPROTO_MPTCP", 262},
};
// socket(AF_NETLINK, type, protocol): which kernel part the socket talks to (getaddrinfo's AI_ADDRCONFIG
// asks NETLINK_ROUTE for the host's addresses, so most programs that resolve a name open one)
static const ConstEntry netlink_protos[] = {
    {"NETLINK_ROUTE", 0}, {"NETLINK_USERSOCK", 2}, {"NETLINK_FIREWALL", 3}, {"NETLINK_SOCK_DIAG", 4},
    {"NETLINK_NFLOG", 5}, {"NETLINK_XFRM", 6}, {"NETLINK_SELINUX", 7}, {"NETLINK_ISCSI", 8},
    {"NETLINK_AUDIT", 9}, {"NETLINK_FIB_LOOKUP", 10}, {"NETLINK_CONNECTOR", 11}, {"NETLINK_NETFILTER", 12},
    {"NETLINK_IP6_FW", 13}, {"NETLINK_DNRTMSG", 14}, {"NETLINK_KOBJECT_UEVENT", 15}, {"NETLINK_GENERIC", 16},
    {"NETLINK_SCSITRANSPORT", 18}, {"NETLINK_ECRYPTFS", 19}, {"NETLINK_RDMA", 20}, {"NETLINK_CRYPTO", 21},
    {"NETLINK_SMC", 22},
};
static const ConstEntry levels[] = {
    {"SOL_IP", 0}, {"SOL_SOCKET", 1}, {"SOL_TCP", 6}, {"SOL_UDP", 17}, {"SOL_IPV6", 41},
    {"SOL_ICMPV6", 58}, {"SOL_RAW", 255}, {"SOL_PACKET", 263},
};
static const ConstEntry so_opts[] = {
    {"SO_DEBUG", 1}, {"SO_REUSEADDR", 2}, {"SO_TYPE", 3}, {"SO_ERROR", 4}, {"SO_DONTROUTE", 5},
    {"SO_BROADCAST", 6}, {"SO_SNDBUF", 7}, {"SO_RCVBUF", 8}, {"SO_KEEPALIVE", 9}, {"SO_OOBINLINE", 10},
    {"SO_NO_CHECK", 11}, {"SO_PRIORITY", 12}, {"SO_LINGER", 13}, {"SO_BSDCOMPAT", 14},
    {"SO_REUSEPORT", 15}, {"SO_PASSCRED", 16}, {"SO_PEERCRED", 17}, {"SO_RCVLOWAT", 18},
    {"SO_SNDLOWAT", 19}, {"SO_RCVTIMEO_OLD", 20}, {"SO_SNDTIMEO_OLD", 21}, {"SO_BINDTODEVICE", 25},
    {"SO_ATTACH_FILTER", 26}, {"SO_DETACH_FILTER", 27}, {"SO_PEERNAME", 28}, {"SO_TIMESTAMP_OLD", 29},
    {"SO_ACCEPTCONN", 30}, {"SO_PEERSEC", 31}, {"SO_SNDBUFFORCE", 32}, {"SO_RCVBUFFORCE", 33},
    {"SO_PASSSEC", 34}, {"SO_MARK", 36}, {"SO_PROTOCOL", 38}, {"SO_DOMAIN", 39}, {"SO_RXQ_OVFL", 40},
    {"SO_PEEK_OFF", 42}, {"SO_BUSY_POLL", 46}, {"SO_INCOMING_CPU", 49}, {"SO_COOKIE", 57},
    {"SO_PEERGROUPS", 59}, {"SO_ZEROCOPY", 60}, {"SO_RCVTIMEO_NEW", 66}, {"SO_SNDTIMEO_NEW", 67},
};
static const ConstEntry tcp_opts[] = {
    {"TCP_NODELAY", 1}, {"TCP_MAXSEG", 2}, {"TCP_CORK", 3}, {"TCP_KEEPIDLE", 4}, {"TCP_KEEPINTVL", 5},
    {"TCP_KEEPCNT", 6}, {"TCP_SYNCNT", 7}, {"TCP_LINGER2", 8}, {"TCP_DEFER_ACCEPT", 9},
    {"TCP_WINDOW_CLAMP", 10}, {"TCP_INFO", 11}, {"TCP_QUICKACK", 12}, {"TCP_CONGESTION", 13},
    {"TCP_MD5SIG", 14}, {"TCP_THIN_LINEAR_TIMEOUTS", 16}, {"TCP_THIN_DUPACK", 17}, {"TCP_USER_TIMEOUT", 18},
    {"TCP_REPAIR", 19}, {"TCP_REPAIR_QUEUE", 20}, {"TCP_QUEUE_SEQ", 21}, {"TCP_REPAIR_OPTIONS", 22},
    {"TCP_FASTOPEN", 23}, {"TCP_TIMESTAMP", 24}, {"TCP_NOTSENT_LOWAT", 25}, {"TCP_CC_INFO", 26},
    {"TCP_SAVE_SYN", 27}, {"TCP_SAVED_SYN", 28}, {"TCP_REPAIR_WINDOW", 29}, {"TCP_FASTOPEN_CONNECT", 30},
    {"TCP_ULP", 31}, {"TCP_MD5SIG_EXT", 32}, {"TCP_FASTOPEN_KEY", 33}, {"TCP_FASTOPEN_NO_COOKIE", 34},
    {"TCP_ZEROCOPY_RECEIVE", 35}, {"TCP_INQ", 36}, {"TCP_TX_DELAY", 37},
};
static const ConstEntry ip_opts[] = {
    {"IP_TOS", 1}, {"IP_TTL", 2}, {"IP_HDRINCL", 3}, {"IP_OPTIONS", 4}, {"IP_ROUTER_ALERT", 5},
    {"IP_RECVOPTS", 6}, {"IP_RETOPTS", 7}, {"IP_PKTINFO", 8}, {"IP_MTU_DISCOVER", 10}, {"IP_RECVERR", 11},
    {"IP_RECVTTL", 12}, {"IP_RECVTOS", 13}, {"IP_MTU", 14}, {"IP_FREEBIND", 15}, {"IP_IPSEC_POLICY", 16},
    {"IP_XFRM_POLICY", 17}, {"IP_PASSSEC", 18}, {"IP_TRANSPARENT", 19}, {"IP_RECVORIGDSTADDR", 20},
    {"IP_MINTTL", 21}, {"IP_NODEFRAG", 22}, {"IP_CHECKSUM", 23}, {"IP_BIND_ADDRESS_NO_PORT", 24},
    {"IP_RECVFRAGSIZE", 25}, {"IP_RECVERR_RFC4884", 26}, {"IP_MULTICAST_IF", 32}, {"IP_MULTICAST_TTL", 33},
    {"IP_MULTICAST_LOOP", 34}, {"IP_ADD_MEMBERSHIP", 35}, {"IP_DROP_MEMBERSHIP", 36},
    {"IP_UNBLOCK_SOURCE", 37}, {"IP_BLOCK_SOURCE", 38}, {"IP_ADD_SOURCE_MEMBERSHIP", 39},
    {"IP_DROP_SOURCE_MEMBERSHIP", 40}, {"IP_MSFILTER", 41}, {"MCAST_JOIN_GROUP", 42},
    {"MCAST_BLOCK_SOURCE", 43}, {"MCAST_UNBLOCK_SOURCE", 44}, {"MCAST_LEAVE_GROUP", 45},
    {"MCAST_JOIN_SOURCE_GROUP", 46}, {"MCAST_LEAVE_SOURCE_GROUP", 47}, {"MCAST_MSFILTER", 48},
    {"IP_MULTICAST_ALL", 49}, {"IP_UNICAST_IF", 50},
};
static const ConstEntry ipv6_opts[] = {
    {"IPV6_ADDRFORM", 1}, {"IPV6_2292PKTINFO", 2}, {"IPV6_2292HOPOPTS", 3}, {"IPV6_2292DSTOPTS", 4},
    {"IPV6_2292RTHDR", 5}, {"IPV6_2292PKTOPTIONS", 6}, {"IPV6_CHECKSUM", 7}, {"IPV6_2292HOPLIMIT", 8},
    {"IPV6_NEXTHOP", 9}, {"IPV6_AUTHHDR", 10}, {"IPV6_UNICAST_HOPS", 16}, {"IPV6_MULTICAST_IF", 17},
    {"IPV6_MULTICAST_HOPS", 18}, {"IPV6_MULTICAST_LOOP", 19}, {"IPV6_ADD_MEMBERSHIP", 20},
    {"IPV6_DROP_MEMBERSHIP", 21}, {"IPV6_ROUTER_ALERT", 22}, {"IPV6_MTU_DISCOVER", 23}, {"IPV6_MTU", 24},
    {"IPV6_RECVERR", 25}, {"IPV6_V6ONLY", 26}, {"IPV6_JOIN_ANYCAST", 27}, {"IPV6_LEAVE_ANYCAST", 28},
    {"IPV6_MULTICAST_ALL", 29}, {"IPV6_ROUTER_ALERT_ISOLATE", 30}, {"IPV6_IPSEC_POLICY", 34},
    {"IPV6_XFRM_POLICY", 35}, {"IPV6_HDRINCL", 36}, {"MCAST_JOIN_GROUP", 42}, {"MCAST_BLOCK_SOURCE", 43},
    {"MCAST_UNBLOCK_SOURCE", 44}, {"MCAST_LEAVE_GROUP", 45}, {"MCAST_JOIN_SOURCE_GROUP", 46},
    {"MCAST_LEAVE_SOURCE_GROUP", 47}, {"MCAST_MSFILTER", 48}, {"IPV6_RECVPKTINFO", 49}, {"IPV6_PKTINFO", 50},
    {"IPV6_RECVHOPLIMIT", 51}, {"IPV6_HOPLIMIT", 52}, {"IPV6_RECVHOPOPTS", 53}, {"IPV6_HOPOPTS", 54},
    {"IPV6_RTHDRDSTOPTS", 55}, {"IPV6_RECVRTHDR", 56}, {"IPV6_RTHDR", 57}, {"IPV6_RECVDSTOPTS", 58},
    {"IPV6_DSTOPTS", 59}, {"IPV6_RECVPATHMTU", 60}, {"IPV6_PATHMTU", 61}, {"IPV6_DONTFRAG", 62},
    {"IPV6_RECVTCLASS", 66}, {"IPV6_TCLASS", 67}, {"IPV6_ADDR_PREFERENCES", 72}, {"IPV6_MINHOPCOUNT", 73},
    {"IPV6_RECVORIGDSTADDR", 74}, {"IPV6_TRANSPARENT", 75}, {"IPV6_UNICAST_IF", 76},
    {"IPV6_RECVFRAGSIZE", 77}, {"IPV6_FREEBIND", 78},
};
static const ConstEntry udp_opts[] = {
    {"UDP_CORK", 1}, {"UDP_ENCAP", 100}, {"UDP_NO_CHECK6_TX", 101}, {"UDP_NO_CHECK6_RX", 102},
    {"UDP_SEGMENT", 103}, {"UDP_GRO", 104},
};
static const ConstEntry raw_opts[] = {{"ICMP_FILTER", 1}};      // SOL_RAW, IPv4 raw ICMP sockets
static const ConstEntry icmpv6_opts[] = {{"ICMP6_FILTER", 1}};  // IPPROTO_ICMPV6
static const ConstEntry packet_opts[] = {
    {"PACKET_ADD_MEMBERSHIP", 1}, {"PACKET_DROP_MEMBERSHIP", 2}, {"PACKET_RECV_OUTPUT", 3},
    {"PACKET_RX_RING", 5}, {"PACKET_STATISTICS", 6}, {"PACKET_COPY_THRESH", 7}, {"PACKET_AUXDATA", 8},
    {"PACKET_ORIGDEV", 9}, {"PACKET_VERSION", 10}, {"PACKET_HDRLEN", 11}, {"PACKET_RESERVE", 12},
    {"PACKET_TX_RING", 13}, {"PACKET_LOSS", 14}, {"PACKET_VNET_HDR", 15}, {"PACKET_TX_TIMESTAMP", 16},
    {"PACKET_TIMESTAMP", 17}, {"PACKET_FANOUT", 18}, {"PACKET_TX_HAS_OFF", 19}, {"PACKET_QDISC_BYPASS", 20},
    {"PACKET_ROLLOVER_STATS", 21}, {"PACKET_FANOUT_DATA", 22}, {"PACKET_IGNORE_OUTGOING", 23},
};
static const ConstEntry msgflags[] = {
    {"MSG_OOB", 0x1}, {"MSG_PEEK", 0x2}, {"MSG_DONTROUTE", 0x4}, {"MSG_CTRUNC", 0x8}, {"MSG_PROXY", 0x10},
    {"MSG_TRUNC", 0x20}, {"MSG_DONTWAIT", 0x40}, {"MSG_EOR", 0x80}, {"MSG_WAITALL", 0x100},
    {"MSG_FIN", 0x200}, {"MSG_SYN", 0x400}, {"MSG_CONFIRM", 0x800}, {"MSG_RST", 0x1000},
    {"MSG_ERRQUEUE", 0x2000}, {"MSG_NOSIGNAL", 0x4000}, {"MSG_MORE", 0x8000},
    {"MSG_WAITFORONE", 0x10000}, {"MSG_BATCH", 0x40000}, {"MSG_ZEROCOPY", 0x4000000},
    {"MSG_FASTOPEN", 0x20000000}, {"MSG_CMSG_CLOEXEC", 0x40000000},
};
static const ConstEntry shut_how[] = {{"SHUT_RD", 0}, {"SHUT_WR", 1}, {"SHUT_RDWR", 2}};
static const ConstEntry cmsg_types[] = {{"SCM_RIGHTS", 1}, {"SCM_CREDENTIALS", 2}, {"SCM_SECURITY", 3}};
static const ConstEntry fcntl_cmds[] = {
    {"F_DUPFD", 0}, {"F_GETFD", 1}, {"F_SETFD", 2}, {"F_GETFL", 3}, {"F_SETFL", 4}, {"F_GETLK", 5},
    {"F_SETLK", 6}, {"F_SETLKW", 7}, {"F_SETOWN", 8}, {"F_GETOWN", 9}, {"F_SETSIG", 10}, {"F_GETSIG", 11},
    {"F_SETOWN_EX", 15}, {"F_GETOWN_EX", 16}, {"F_OFD_GETLK", 36}, {"F_OFD_SETLK", 37},
    {"F_OFD_SETLKW", 38}, {"F_SETLEASE", 1024}, {"F_GETLEASE", 1025}, {"F_NOTIFY", 1026},
    {"F_DUPFD_CLOEXEC", 1030}, {"F_SETPIPE_SZ", 1031}, {"F_GETPIPE_SZ", 1032},
};
static const ConstEntry open_flags[] = {
    {"O_WRONLY", 01}, {"O_RDWR", 02}, {"O_CREAT", 0100}, {"O_EXCL", 0200}, {"O_NOCTTY", 0400},
    {"O_TRUNC", 01000}, {"O_APPEND", 02000}, {"O_NONBLOCK", 04000}, {"O_DSYNC", 010000},
    {"O_ASYNC", 020000}, {"O_DIRECT", 040000}, {"O_LARGEFILE", 0100000}, {"O_DIRECTORY", 0200000},
    {"O_NOFOLLOW", 0400000}, {"O_NOATIME", 01000000}, {"O_CLOEXEC", 02000000},
};
static const ConstEntry fd_flags[] = {{"FD_CLOEXEC", 1}};
static const ConstEntry poll_events[] = {
    {"POLLIN", 0x1}, {"POLLPRI", 0x2}, {"POLLOUT", 0x4}, {"POLLERR", 0x8}, {"POLLHUP", 0x10},
    {"POLLNVAL", 0x20}, {"POLLRDNORM", 0x40}, {"POLLRDBAND", 0x80}, {"POLLWRNORM", 0x100},
    {"POLLWRBAND", 0x200}, {"POLLMSG", 0x400}, {"POLLRDHUP", 0x2000},
};
static const ConstEntry epoll_events[] = {
    {"EPOLLIN", 0x1}, {"EPOLLPRI", 0x2}, {"EPOLLOUT", 0x4}, {"EPOLLERR", 0x8}, {"EPOLLHUP", 0x10},
    {"EPOLLRDNORM", 0x40}, {"EPOLLRDBAND", 0x80}, {"EPOLLWRNORM", 0x100}, {"EPOLLWRBAND", 0x200},
    {"EPOLLMSG", 0x400}, {"EPOLLRDHUP", 0x2000}, {"EPOLLEXCLUSIVE", 1L << 28},
    {"EPOLLWAKEUP", 1L << 29}, {"EPOLLONESHOT", 1L << 30}, {"EPOLLET", 1L << 31},
};
static const ConstEntry epoll_ops[] = {{"EPOLL_CTL_ADD", 1}, {"EPOLL_CTL_DEL", 2}, {"EPOLL_CTL_MOD", 3}};
static const ConstEntry epoll_flags[] = {{"EPOLL_CLOEXEC", 02000000}};
static const ConstEntry splice_flags[] = {
    {"SPLICE_F_MOVE", 1}, {"SPLICE_F_NONBLOCK", 2}, {"SPLICE_F_MORE", 4}, {"SPLICE_F_GIFT", 8}};
static const ConstEntry ioctl_reqs[] = {
    {"FIONREAD", 0x541B}, {"FIONBIO", 0x5421}, {"FIOCLEX", 0x5451}, {"FIONCLEX", 0x5450},
    {"FIOASYNC", 0x5452}, {"SIOCOUTQ", 0x5411}, {"SIOCATMARK", 0x8905}, {"SIOCGIFNAME", 0x8910},
    {"SIOCGIFCONF", 0x8912}, {"SIOCGIFFLAGS", 0x8913}, {"SIOCSIFFLAGS", 0x8914},
    {"SIOCGIFADDR", 0x8915}, {"SIOCGIFINDEX", 0x8933}, {"TCGETS", 0x5401}, {"TCSETS", 0x5402},
    {"TIOCGWINSZ", 0x5413},
};

static const ConstEntry errnos[] = {
    {"EPERM", 1}, {"ENOENT", 2}, {"ESRCH", 3}, {"EINTR", 4}, {"EIO", 5}, {"ENXIO", 6}, {"E2BIG", 7},
    {"ENOEXEC", 8}, {"EBADF", 9}, {"ECHILD", 10}, {"EAGAIN", 11}, {"ENOMEM", 12}, {"EACCES", 13},
    {"EFAULT", 14}, {"ENOTBLK", 15}, {"EBUSY", 16}, {"EEXIST", 17}, {"EXDEV", 18}, {"ENODEV", 19},
    {"ENOTDIR", 20}, {"EISDIR", 21}, {"EINVAL", 22}, {"ENFILE", 23}, {"EMFILE", 24}, {"ENOTTY", 25},
    {"ETXTBSY", 26}, {"EFBIG", 27}, {"ENOSPC", 28}, {"ESPIPE", 29}, {"EROFS", 30}, {"EMLINK", 31},
    {"EPIPE", 32}, {"EDOM", 33}, {"ERANGE", 34}, {"EDEADLK", 35}, {"ENAMETOOLONG", 36}, {"ENOLCK", 37},
    {"ENOSYS", 38}, {"ENOTEMPTY", 39}, {"ELOOP", 40}, {"ENOMSG", 42}, {"EIDRM", 43}, {"ENOSTR", 60},
    {"ENODATA", 61}, {"ETIME", 62}, {"ENOSR", 63}, {"ENOLINK", 67}, {"EPROTO", 71}, {"EMULTIHOP", 72},
    {"EBADMSG", 74}, {"EOVERFLOW", 75}, {"EILSEQ", 84}, {"ERESTART", 85}, {"EUSERS", 87},
    {"ENOTSOCK", 88}, {"EDESTADDRREQ", 89}, {"EMSGSIZE", 90}, {"EPROTOTYPE", 91}, {"ENOPROTOOPT", 92},
    {"EPROTONOSUPPORT", 93}, {"ESOCKTNOSUPPORT", 94}, {"EOPNOTSUPP", 95}, {"EPFNOSUPPORT", 96},
    {"EAFNOSUPPORT", 97}, {"EADDRINUSE", 98}, {"EADDRNOTAVAIL", 99}, {"ENETDOWN", 100},
    {"ENETUNREACH", 101}, {"ENETRESET", 102}, {"ECONNABORTED", 103}, {"ECONNRESET", 104},
    {"ENOBUFS", 105}, {"EISCONN", 106}, {"ENOTCONN", 107}, {"ESHUTDOWN", 108}, {"ETOOMANYREFS", 109},
    {"ETIMEDOUT", 110}, {"ECONNREFUSED", 111}, {"EHOSTDOWN", 112}, {"EHOSTUNREACH", 113},
    {"EALREADY", 114}, {"EINPROGRESS", 115}, {"ESTALE", 116}, {"EDQUOT", 122}, {"ECANCELED", 125},
    {"EOWNERDEAD", 130}, {"ENOTRECOVERABLE", 131},
    // kernel-internal values a traced call can show at syscall exit before a restart
    {"ERESTARTSYS", 512}, {"ERESTARTNOINTR", 513}, {"ERESTARTNOHAND", 514}, {"ERESTART_RESTARTBLOCK", 516},
};
static const ConstEntry signals[] = {
    {"SIGHUP", 1}, {"SIGINT", 2}, {"SIGQUIT", 3}, {"SIGILL", 4}, {"SIGTRAP", 5}, {"SIGABRT", 6},
    {"SIGBUS", 7}, {"SIGFPE", 8}, {"SIGKILL", 9}, {"SIGUSR1", 10}, {"SIGSEGV", 11}, {"SIGUSR2", 12},
    {"SIGPIPE", 13}, {"SIGALRM", 14}, {"SIGTERM", 15}, {"SIGSTKFLT", 16}, {"SIGCHLD", 17},
    {"SIGCONT", 18}, {"SIGSTOP", 19}, {"SIGTSTP", 20}, {"SIGTTIN", 21}, {"SIGTTOU", 22}, {"SIGURG", 23},
    {"SIGXCPU", 24}, {"SIGXFSZ", 25}, {"SIGVTALRM", 26}, {"SIGPROF", 27}, {"SIGWINCH", 28},
    {"SIGIO", 29}, {"SIGPWR", 30}, {"SIGSYS", 31},
};

static const ConstTable tables[] = {
    {"family", families, N(families), false},
    {"socktype", socktypes, N(socktypes), false},
    {"sockflags", sockflags, N(sockflags), true},
    {"ipproto", ipprotos, N(ipprotos), false},
    {"netlinkproto", netlink_protos, N(netlink_protos), false},
    {"level", levels, N(levels), false},
    {"so", so_opts, N(so_opts), false},
    {"tcp", tcp_opts, N(tcp_opts), false},
    {"ip", ip_opts, N(ip_opts), false},
    {"ipv6", ipv6_opts, N(ipv6_opts), false},
    {"udp", udp_opts, N(udp_opts), false},
    {"raw", raw_opts, N(raw_opts), false},
    {"icmpv6", icmpv6_opts, N(icmpv6_opts), false},
    {"packet", packet_opts, N(packet_opts), false},
    {"msgflags", msgflags, N(msgflags), true},
    {"shut", shut_how, N(shut_how), false},
    {"scm", cmsg_types, N(cmsg_types), false},
    {"fcntl", fcntl_cmds, N(fcntl_cmds), false},
    {"oflags", open_flags, N(open_flags), true},
    {"fdflags", fd_flags, N(fd_flags), true},
    {"poll", poll_events, N(poll_events), true},
    {"epoll", epoll_events, N(epoll_events), true},
    {"epollop", epoll_ops, N(epoll_ops), false},
    {"epollflags", epoll_flags, N(epoll_flags), true},
    {"spliceflags", splice_flags, N(splice_flags), true},
    {"ioctl", ioctl_reqs, N(ioctl_reqs), false},
    {"errno", errnos, N(errnos), false},
    {"signal", signals, N(signals), false},
};

const ConstTable *const_tables(int *count) {
    *count = N(tables);
    return tables;
}

const ConstTable *const_table(const char *id) {
    for (const auto &t : tables)
        if (strcmp(t.id, id) == 0) return &t;
    return nullptr;
}

const char *const_name(const char *id, long v) {
    const ConstTable *t = const_table(id);
    if (!t) return "";
    for (int i = 0; i < t->count; i++)
        if (t->items[i].value == v) return t->items[i].name;
    return "";
}

// Flag sets print known bits by name and any rest in hex; zero prints as 0.
static std::string flags_text(const ConstTable *t, long v, bool *named) {
    std::string s;
    unsigned long rest = (unsigned long)v;
    *named = false;
    for (int i = 0; i < t->count; i++) {
        unsigned long bit = (unsigned long)t->items[i].value;
        if (bit && (rest & bit) == bit) {
            if (!s.empty()) s += '|';
            s += t->items[i].name;
            rest &= ~bit;
            *named = true;
        }
    }
    if (rest) {
        char buf[32];
        snprintf(buf, sizeof buf, "%s0x%lx", s.empty() ? "" : "|", rest);
        s += buf;
    }
    if (s.empty()) s = "0";
    return s;
}

std::string const_text(const char *id, long v) {
    const ConstTable *t = const_table(id);
    if (t && t->flags) {
        bool named;
        return flags_text(t, v, &named);
    }
    const char *n = const_name(id, v);
    return *n ? std::string(n) : std::to_string(v);
}

std::string const_json(const char *id, long v) {
    const ConstTable *t = const_table(id);
    if (t && t->flags) {
        bool named;
        std::string s = flags_text(t, v, &named);
        if (!named) return std::to_string(v);
        return "\"" + s + "\"";
    }
    const char *n = const_name(id, v);
    return *n ? "\"" + std::string(n) + "\"" : std::to_string(v);
}

const char *errno_name(int e) { return const_name("errno", e); }
const char *signal_name(int s) { return const_name("signal", s); }

int errno_value(const char *name) {
    const ConstTable *t = const_table("errno");
    for (int i = 0; i < t->count; i++)
        if (strcmp(t->items[i].name, name) == 0) return (int)t->items[i].value;
    return -1;
}
