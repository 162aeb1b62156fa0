/* Workload: UDP datagrams to a socket of the same process over loopback. usage: udp [COUNT] */
#include <arpa/inet.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <unistd.h>

int main(int argc, char **argv) {
    long count = argc > 1 ? strtol(argv[1], NULL, 10) : 20000;
    struct sockaddr_in to = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    socklen_t len = sizeof to;
    int rx = socket(AF_INET, SOCK_DGRAM, 0), tx = socket(AF_INET, SOCK_DGRAM, 0);
    if (bind(rx, (struct sockaddr *)&to, len)) return 1;
    getsockname(rx, (struct sockaddr *)&to, &len);
    char dgram[64] = "a datagram";
    for (long i = 0; i < count; i++) {
        sendto(tx, dgram, 10, 0, (struct sockaddr *)&to, len);
        struct sockaddr_in from;
        socklen_t flen = sizeof from;
        recvfrom(rx, dgram, sizeof dgram, 0, (struct sockaddr *)&from, &flen);
    }
    close(rx);
    close(tx);
    return 0;
}
