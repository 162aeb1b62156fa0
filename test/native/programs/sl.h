/* Shared helpers for the tracer's test programs: stop loudly on any call that was expected to succeed. */
#ifndef SL_H
#define SL_H
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <stddef.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

/* OK(call): the call's result, or exit 99 with the failing expression on stderr. */
#define OK(x) sl_ok((long)(x), #x, __LINE__)
static inline long sl_ok(long r, const char *what, int line) {
    if (r < 0) {
        fprintf(stderr, "line %d: %s: %s\n", line, what, strerror(errno));
        exit(99);
    }
    return r;
}

static inline struct sockaddr_in lo4(int port) {
    struct sockaddr_in a;
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_port = htons(port);
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    return a;
}

static inline struct sockaddr_in6 lo6(int port) {
    struct sockaddr_in6 a;
    memset(&a, 0, sizeof a);
    a.sin6_family = AF_INET6;
    a.sin6_port = htons(port);
    a.sin6_addr = in6addr_loopback;
    return a;
}

/* The port the kernel gave a socket bound to port 0. A macro, so that the getsockname it makes is
 * reported at the line that uses it. */
#define PORT_OF(fd)                                                                                        \
    ({                                                                                                     \
        struct sockaddr_in6 a_;                                                                            \
        socklen_t n_ = sizeof a_;                                                                          \
        OK(getsockname((fd), (struct sockaddr *)&a_, &n_));                                                \
        (int)ntohs(a_.sin6_port); /* sin_port and sin6_port sit at the same offset */                      \
    })

/* Waits for a child and checks how it ended: its exit code, or 128+signal. */
static inline int wait_child(pid_t pid) {
    int st;
    OK(waitpid(pid, &st, 0));
    return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

#define SA(p) ((struct sockaddr *)(p))
#endif
