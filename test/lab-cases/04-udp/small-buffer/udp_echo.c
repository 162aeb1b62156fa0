/* UDP echo server: binds the UDP port in argv[1] on 127.0.0.1 and sends every datagram it receives
 * back to the address it came from, one datagram for one datagram. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: %s PORT\n", argv[0]);
        return 2;
    }
    int fd = socket(AF_INET, SOCK_DGRAM, 0);
    if (fd < 0) {
        perror("socket");
        return 1;
    }
    struct sockaddr_in addr;
    memset(&addr, 0, sizeof addr);
    addr.sin_family = AF_INET;
    addr.sin_port = htons((unsigned short)atoi(argv[1]));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (bind(fd, (struct sockaddr *)&addr, sizeof addr) < 0) {
        perror("bind");
        return 1;
    }
    /* A datagram is never split across two recvfrom()s, but one bigger than the buffer is cut short:
     * 64 KiB holds any UDP datagram. */
    static char buf[512];
    for (;;) {
        struct sockaddr_in peer;
        socklen_t plen = sizeof peer;
        ssize_t n = recvfrom(fd, buf, sizeof buf, 0, (struct sockaddr *)&peer, &plen);
        if (n < 0) {
            perror("recvfrom");
            continue;
        }
        /* No connection: the reply goes to whoever sent this datagram. */
        if (sendto(fd, buf, (size_t)n, 0, (struct sockaddr *)&peer, plen) < 0)
            perror("sendto");
    }
}
