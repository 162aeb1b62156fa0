/* A DNS-like exchange over UDP: a forked resolver answers two queries with a 12-byte header and an A record. */
#include <arpa/inet.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

struct hdr { uint16_t id, flags, qd, an, ns, ar; };

static void serve(int fd, int n) {
    unsigned char pkt[512];
    struct sockaddr_in peer;
    for (int i = 0; i < n; i++) {
        socklen_t plen = sizeof peer;
        ssize_t got = recvfrom(fd, pkt, sizeof pkt, 0, (struct sockaddr *)&peer, &plen);
        if (got < (ssize_t)sizeof(struct hdr)) _exit(2);
        struct hdr *h = (struct hdr *)pkt;
        h->flags = htons(0x8180);
        h->an = htons(1);
        unsigned char rr[] = {0xc0, 0x0c, 0, 1, 0, 1, 0, 0, 0x0e, 0x10, 0, 4, 10, 0, 0, (unsigned char)(i + 1)};
        memcpy(pkt + got, rr, sizeof rr);
        sendto(fd, pkt, got + sizeof rr, 0, (struct sockaddr *)&peer, plen);
    }
    _exit(0);
}

int main(void) {
    int srv = socket(AF_INET, SOCK_DGRAM, 0);
    struct sockaddr_in a = {0};
    a.sin_family = AF_INET;
    inet_pton(AF_INET, "127.0.0.1", &a.sin_addr);
    if (bind(srv, (struct sockaddr *)&a, sizeof a) < 0) { perror("bind"); return 1; }
    socklen_t alen = sizeof a;
    getsockname(srv, (struct sockaddr *)&a, &alen);
    pid_t kid = fork();
    if (kid == 0) serve(srv, 2);
    close(srv);

    int c = socket(AF_INET, SOCK_DGRAM, 0);
    struct timeval tv = {3, 0};
    setsockopt(c, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    const char *names[] = {"\3www\7example\3com", "\4mail\7example\3org"};
    for (int i = 0; i < 2; i++) {
        unsigned char q[256] = {0};
        struct hdr *h = (struct hdr *)q;
        h->id = htons(0x1000 + i);
        h->flags = htons(0x0100);
        h->qd = htons(1);
        size_t n = sizeof *h + strlen(names[i]) + 1;
        memcpy(q + sizeof *h, names[i], strlen(names[i]) + 1);
        q[n + 1] = 1, q[n + 3] = 1, n += 4;
        sendto(c, q, n, 0, (struct sockaddr *)&a, sizeof a);
        unsigned char r[512];
        struct sockaddr_in from;
        socklen_t flen = sizeof from;
        ssize_t got = recvfrom(c, r, sizeof r, 0, (struct sockaddr *)&from, &flen);
        if (got > 4) printf("answer %d: 10.0.0.%d\n", i, r[got - 1]);
    }
    close(c);
    int st;
    waitpid(kid, &st, 0);
    return WEXITSTATUS(st);
}
