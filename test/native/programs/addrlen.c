/* Out-parameter addresses with buffers shorter than the address: the kernel writes what fits and returns
 * the full length, so only the written bytes may be shown, with both lengths. Also an unbound AF_UNIX
 * datagram sender, whose source address the kernel leaves empty. */
#include "sl.h"

int main(void) {
    char buf[8];
    socklen_t n;
    /* IPv6 stream: accept and getpeername into 16 bytes of 28 (what socat passes), getsockname into 4 */
    int l6 = OK(socket(AF_INET6, SOCK_STREAM, 0));
    struct sockaddr_in6 a6 = lo6(0);
    OK(bind(l6, SA(&a6), sizeof a6));
    OK(listen(l6, 1));
    struct sockaddr_in6 to6 = lo6(PORT_OF(l6));
    int c6 = OK(socket(AF_INET6, SOCK_STREAM, 0));
    OK(connect(c6, SA(&to6), sizeof to6));
    struct sockaddr_in6 got;
    memset(&got, 0x5a, sizeof got); /* bytes the kernel does not write must not be shown */
    n = 16;
    int s6 = OK(accept(l6, SA(&got), &n)); /* @site accept6 */
    n = 16;
    OK(getpeername(c6, SA(&got), &n)); /* @site peer6 */
    n = 4;
    OK(getsockname(s6, SA(&got), &n));
    n = 24; /* everything but the scope id */
    OK(getpeername(s6, SA(&got), &n));
    /* IPv4 datagram: recvfrom into 8 bytes of 16, recvmsg with msg_namelen 6 */
    int u4 = OK(socket(AF_INET, SOCK_DGRAM, 0));
    struct sockaddr_in a4 = lo4(0);
    OK(bind(u4, SA(&a4), sizeof a4));
    struct sockaddr_in to4 = lo4(PORT_OF(u4));
    int c4 = OK(socket(AF_INET, SOCK_DGRAM, 0));
    OK(sendto(c4, "x", 1, 0, SA(&to4), sizeof to4));
    struct sockaddr_in from;
    memset(&from, 0x5a, sizeof from);
    n = 8;
    OK(recvfrom(u4, buf, sizeof buf, 0, SA(&from), &n)); /* @site recvfrom4 */
    OK(sendto(c4, "z", 1, 0, SA(&to4), sizeof to4));
    struct iovec io = {buf, sizeof buf};
    struct msghdr m;
    memset(&m, 0, sizeof m);
    m.msg_name = &from;
    m.msg_namelen = 6;
    m.msg_iov = &io;
    m.msg_iovlen = 1;
    OK(recvmsg(u4, &m, 0));
    /* AF_UNIX datagrams: an unbound sender (no source address at all), and a named peer cut to 6 bytes */
    int u = OK(socket(AF_UNIX, SOCK_DGRAM, 0));
    struct sockaddr_un ua;
    memset(&ua, 0, sizeof ua);
    ua.sun_family = AF_UNIX;
    strcpy(ua.sun_path, "addrlen.sock");
    unlink(ua.sun_path);
    OK(bind(u, SA(&ua), sizeof ua));
    int us = OK(socket(AF_UNIX, SOCK_DGRAM, 0));
    OK(sendto(us, "y", 1, 0, SA(&ua), sizeof ua));
    struct sockaddr_un uf;
    memset(&uf, 0x5a, sizeof uf);
    n = sizeof uf;
    OK(recvfrom(u, buf, sizeof buf, 0, SA(&uf), &n)); /* @site unnamed */
    OK(connect(us, SA(&ua), sizeof ua));
    n = 6;
    OK(getpeername(us, SA(&uf), &n));
    /* accept on IPv4 into 8 bytes of 16 (port and address, not the padding), and on a named AF_UNIX stream
     * listener whose client binds a path: its address cut to 5 bytes */
    int l4 = OK(socket(AF_INET, SOCK_STREAM, 0));
    OK(bind(l4, SA(&a4), sizeof a4));
    OK(listen(l4, 1));
    struct sockaddr_in t4 = lo4(PORT_OF(l4));
    int k4 = OK(socket(AF_INET, SOCK_STREAM, 0));
    OK(connect(k4, SA(&t4), sizeof t4));
    n = 8;
    OK(accept4(l4, SA(&from), &n, SOCK_CLOEXEC));
    int lu = OK(socket(AF_UNIX, SOCK_STREAM, 0));
    struct sockaddr_un la = ua, ca = ua;
    strcpy(la.sun_path, "addrlen.listen");
    strcpy(ca.sun_path, "addrlen.client");
    unlink(la.sun_path);
    unlink(ca.sun_path);
    OK(bind(lu, SA(&la), sizeof la));
    OK(listen(lu, 1));
    int ku = OK(socket(AF_UNIX, SOCK_STREAM, 0));
    OK(bind(ku, SA(&ca), sizeof ca));
    OK(connect(ku, SA(&la), sizeof la));
    n = 5;
    OK(accept(lu, SA(&uf), &n));
    /* recvfrom on IPv6 into 16 bytes of 28 */
    int u6 = OK(socket(AF_INET6, SOCK_DGRAM, 0));
    OK(bind(u6, SA(&a6), sizeof a6));
    struct sockaddr_in6 d6 = lo6(PORT_OF(u6));
    int k6 = OK(socket(AF_INET6, SOCK_DGRAM, 0));
    OK(sendto(k6, "w", 1, 0, SA(&d6), sizeof d6));
    n = 16;
    OK(recvfrom(u6, buf, sizeof buf, 0, SA(&got), &n));
    unlink(ua.sun_path);
    unlink(la.sun_path);
    unlink(ca.sun_path);
    return 0;
}
