/* Dual-stack greeting server: one AF_INET6 socket on port argv[1] that accepts IPv6 and IPv4 clients
 * alike, tells each client the address it came from ("hello ::1"), and closes the connection.
 * This starter is lab 02's IPv4 server; follow README.md to make it IPv6 and dual stack. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

/* Step 3 TODO: take the peer's struct sockaddr_in6 and print it with inet_ntop(AF_INET6, ...). */
static void greet(int cfd, const struct sockaddr_in *peer)
{
    char text[INET_ADDRSTRLEN];
    if (!inet_ntop(AF_INET, &peer->sin_addr, text, sizeof text)) {
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
    /* Step 1 TODO: an AF_INET6 socket bound to in6addr_any (struct sockaddr_in6). */
    int lfd = socket(AF_INET, SOCK_STREAM, 0);
    if (lfd < 0) {
        perror("socket");
        return 1;
    }
    /* Step 2 TODO: setsockopt(IPPROTO_IPV6, IPV6_V6ONLY, 0) before bind. */
    struct sockaddr_in addr;
    memset(&addr, 0, sizeof addr);
    addr.sin_family = AF_INET;
    addr.sin_port = htons((unsigned short)atoi(argv[1]));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (bind(lfd, (struct sockaddr *)&addr, sizeof addr) < 0) {
        perror("bind");
        return 1;
    }
    if (listen(lfd, 16) < 0) {
        perror("listen");
        return 1;
    }
    for (;;) {
        struct sockaddr_in peer;
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
