/* Echo server on one thread: non-blocking sockets and poll(). The pollfd array grows as clients come;
 * what a client's socket cannot take right now waits in that client's buffer until POLLOUT. */
#define _GNU_SOURCE /* accept4 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

struct pending {
    char *data;
    size_t len;
};

static struct pollfd *fds;    /* fds[0] is the listening socket */
static struct pending *outq;  /* outq[i] belongs to fds[i] */
static size_t nfds, cap;

static int add_fd(int fd)
{
    if (nfds == cap) {
        size_t ncap = cap ? cap * 2 : 16;
        struct pollfd *f = realloc(fds, ncap * sizeof *f);
        if (!f)
            return -1;
        fds = f;
        struct pending *q = realloc(outq, ncap * sizeof *q);
        if (!q)
            return -1;
        outq = q;
        cap = ncap;
    }
    fds[nfds] = (struct pollfd){.fd = fd, .events = POLLIN};
    outq[nfds] = (struct pending){NULL, 0};
    nfds++;
    return 0;
}

/* Closes the client in slot i and moves the last slot into it. */
static void drop(size_t i)
{
    close(fds[i].fd);
    free(outq[i].data);
    nfds--;
    fds[i] = fds[nfds];
    outq[i] = outq[nfds];
}

/* Sends what waits for slot i. Returns -1 when the client is gone. */
static int flush(size_t i)
{
    struct pending *q = &outq[i];
    while (q->len > 0) {
        ssize_t n = send(fds[i].fd, q->data, q->len, MSG_NOSIGNAL);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            if (errno == EAGAIN || errno == EWOULDBLOCK)
                break;
            perror("send");
            return -1;
        }
        memmove(q->data, q->data + n, q->len - (size_t)n);
        q->len -= (size_t)n;
    }
    fds[i].events = q->len ? POLLOUT : POLLIN; /* read more only once the echo has gone out */
    return 0;
}

/* Reads what is there and queues it back. Returns -1 at end of stream or on error. */
static int readable(size_t i)
{
    char buf[2048];
    for (;;) {
        ssize_t n = recv(fds[i].fd, buf, sizeof buf, 0);
        if (n > 0) {
            struct pending *q = &outq[i];
            char *d = realloc(q->data, q->len + (size_t)n);
            if (!d)
                return -1;
            memcpy(d + q->len, buf, (size_t)n);
            q->data = d;
            q->len += (size_t)n;
            if (flush(i) < 0)
                return -1;
            if (q->len)
                return 0; /* the socket is full: wait for POLLOUT */
            continue;
        }
        if (n == 0)
            return -1;
        if (errno == EINTR)
            continue;
        if (errno == EAGAIN || errno == EWOULDBLOCK)
            return 0;
        perror("recv");
        return -1;
    }
}

static void accept_ready(int lfd)
{
    for (;;) {
        int cfd = accept4(lfd, NULL, NULL, SOCK_NONBLOCK);
        if (cfd < 0) {
            if (errno == EINTR || errno == ECONNABORTED)
                continue;
            if (errno != EAGAIN && errno != EWOULDBLOCK)
                perror("accept4");
            return;
        }
        if (add_fd(cfd) < 0) {
            fprintf(stderr, "out of memory for a client\n");
            close(cfd);
        }
    }
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: %s PORT\n", argv[0]);
        return 2;
    }
    int lfd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
    if (lfd < 0) {
        perror("socket");
        return 1;
    }
    int on = 1;
    if (setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on) < 0)
        perror("setsockopt");
    struct sockaddr_in sin;
    memset(&sin, 0, sizeof sin);
    sin.sin_family = AF_INET;
    sin.sin_port = htons((unsigned short)atoi(argv[1]));
    sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (bind(lfd, (struct sockaddr *)&sin, sizeof sin) < 0 || listen(lfd, SOMAXCONN) < 0) {
        perror("bind/listen");
        return 1;
    }
    if (add_fd(lfd) < 0)
        return 1;
    for (;;) {
        int ready = poll(fds, (nfds_t)nfds, -1);
        if (ready < 0) {
            if (errno == EINTR)
                continue;
            perror("poll");
            return 1;
        }
        /* Clients first, from the end, so that drop() only moves slots already looked at. */
        for (size_t i = nfds; i-- > 1;) {
            short re = fds[i].revents;
            if (!re)
                continue;
            int bad = 0;
            if (re & POLLOUT)
                bad = flush(i) < 0;
            else if (re & (POLLIN | POLLHUP | POLLERR))
                bad = readable(i) < 0;
            if (bad)
                drop(i);
        }
        if (fds[0].revents & POLLIN)
            accept_ready(lfd);
    }
}
