/* setsockopt/getsockopt at each level the tracer decodes: integers, booleans, struct linger, timeouts, types. */
#include "sl.h"

#include <linux/icmp.h>
#include <netinet/icmp6.h>
#include <netinet/tcp.h>
#include <netinet/udp.h>
#include <sys/time.h>

int main(void) {
    int t = OK(socket(AF_INET, SOCK_STREAM, 0));
    int u = OK(socket(AF_INET, SOCK_DGRAM, 0));
    int t6 = OK(socket(AF_INET6, SOCK_STREAM, 0));
    int on = 1, off = 0, v;
    socklen_t len;

    OK(setsockopt(t, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on)); /* @site reuseaddr */
    len = sizeof v;
    OK(getsockopt(t, SOL_SOCKET, SO_REUSEADDR, &v, &len));
    int rcvbuf = 65536;
    OK(setsockopt(t, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof rcvbuf));
    len = sizeof v;
    OK(getsockopt(t, SOL_SOCKET, SO_RCVBUF, &v, &len)); /* @site rcvbuf: the kernel doubles it */
    struct linger lg = {1, 5};
    OK(setsockopt(t, SOL_SOCKET, SO_LINGER, &lg, sizeof lg)); /* @site linger */
    struct linger lg2;
    len = sizeof lg2;
    OK(getsockopt(t, SOL_SOCKET, SO_LINGER, &lg2, &len));
    struct timeval tv = {2, 500000};
    OK(setsockopt(u, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv)); /* @site rcvtimeo */
    struct timeval tv2;
    len = sizeof tv2;
    OK(getsockopt(u, SOL_SOCKET, SO_RCVTIMEO, &tv2, &len));
    len = sizeof v;
    OK(getsockopt(t, SOL_SOCKET, SO_ERROR, &v, &len));
    len = sizeof v;
    OK(getsockopt(t, SOL_SOCKET, SO_TYPE, &v, &len)); /* @site so-type */
    len = sizeof v;
    OK(getsockopt(u, SOL_SOCKET, SO_TYPE, &v, &len));
    OK(setsockopt(t, IPPROTO_TCP, TCP_NODELAY, &on, sizeof on)); /* @site nodelay */
    len = sizeof v;
    OK(getsockopt(t, IPPROTO_TCP, TCP_NODELAY, &v, &len));
    int ttl = 7;
    OK(setsockopt(u, IPPROTO_IP, IP_TTL, &ttl, sizeof ttl)); /* @site ttl */
    len = sizeof v;
    OK(getsockopt(u, IPPROTO_IP, IP_TTL, &v, &len));
    OK(setsockopt(t6, IPPROTO_IPV6, IPV6_V6ONLY, &on, sizeof on)); /* @site v6only */
    len = sizeof v;
    OK(getsockopt(t6, IPPROTO_IPV6, IPV6_V6ONLY, &v, &len));
    OK(setsockopt(t6, IPPROTO_IPV6, IPV6_V6ONLY, &off, sizeof off));

    /* failures: an option the level does not have, a short optlen, an option on a UDP socket's TCP level */
    if (setsockopt(t, SOL_SOCKET, 9999, &on, sizeof on) == 0) return 1;
    if (setsockopt(t, SOL_SOCKET, SO_REUSEADDR, &on, 1) == 0) return 1;
    if (setsockopt(u, IPPROTO_TCP, TCP_NODELAY, &on, sizeof on) == 0) return 1;
    /* levels named by their own tables: SOL_UDP, SOL_RAW and IPPROTO_ICMPV6 (the last two fail here but
     * still name the option) */
    OK(setsockopt(u, SOL_UDP, UDP_CORK, &off, sizeof off));
    len = sizeof v;
    if (getsockopt(u, SOL_RAW, ICMP_FILTER, &v, &len) == 0) return 1;
    len = sizeof v;
    if (getsockopt(t6, IPPROTO_ICMPV6, ICMP6_FILTER, &v, &len) == 0) return 1;

    OK(close(t));
    OK(close(u));
    OK(close(t6));
    return 0;
}
