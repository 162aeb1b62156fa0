/* Dual-stack greeting server: one AF_INET6 socket on port argv[1] that accepts IPv6 and IPv4 clients
 * alike, tells each client the address it came from ("hello ::1"), and closes the connection. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static void greet(int cfd, const struct sockaddr_in6 *peer)
{
    char text[INET6_ADDRSTRLEN];
    /* An IPv4 client appears as an IPv4-mapped IPv6 address, ::ffff:a.b.c.d */
    if (!inet_ntop(AF_INET6, &peer->sin6_addr, text, sizeof text)) {
        perror("inet_ntop");
        return;
    }
    char line[INET6_ADDRSTRLEN + 16];
    int len = snprintf(line, sizeof line, "hello %s\n", text);
    if (send(cfd, line, (size_t)len, 0) != len)
        perror("send");
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: %s PORT\n", argv[0]);
        return 2;
    }
    int lfd = socket(AF_INET6, SOCK_STREAM, 0);
    if (lfd < 0) {
        perror("socket");
        return 1;
    }
    /* The default comes from /proc/sys/net/ipv6/bindv6only: say what we want instead of hoping. */
    int off = 0;
    if (setsockopt(lfd, IPPROTO_IPV6, IPV6_V6ONLY, &off, sizeof off) < 0) {
        perror("setsockopt IPV6_V6ONLY");
        return 1;
    }
    struct sockaddr_in6 addr;
    memset(&addr, 0, sizeof addr);
    addr.sin6_family = AF_INET6;
    addr.sin6_port = htons((unsigned short)atoi(argv[1]));
    addr.sin6_addr = in6addr_loopback;
    if (bind(lfd, (struct sockaddr *)&addr, sizeof addr) < 0) {
        perror("bind");
        return 1;
    }
    if (listen(lfd, 16) < 0) {
        perror("listen");
        return 1;
    }
    for (;;) {
        struct sockaddr_in6 peer;
        socklen_t plen = sizeof peer;
        int cfd = accept(lfd, (struct sockaddr *)&peer, &plen);
        if (cfd < 0) {
            perror("accept");
            continue;
        }
        greet(cfd, &peer);
        close(cfd);
    }
}
