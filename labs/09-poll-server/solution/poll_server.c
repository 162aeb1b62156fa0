/* Scalable echo server: one process, one thread, non-blocking sockets and epoll. It serves hundreds of
 * clients at once, reading and writing only when the kernel says a socket is ready. */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#define MAX_EVENTS 64

static int set_nonblocking(int fd)
{
    int flags = fcntl(fd, F_GETFL, 0);
    return flags < 0 ? -1 : fcntl(fd, F_SETFL, flags | O_NONBLOCK);
}

static int listen_on(int port)
{
    int lfd = socket(AF_INET, SOCK_STREAM, 0);
    if (lfd < 0)
        return -1;
    int on = 1;
    setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
    struct sockaddr_in addr;
    memset(&addr, 0, sizeof addr);
    addr.sin_family = AF_INET;
    addr.sin_port = htons((unsigned short)port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (bind(lfd, (struct sockaddr *)&addr, sizeof addr) < 0 || listen(lfd, SOMAXCONN) < 0 ||
        set_nonblocking(lfd) < 0) {
        close(lfd);
        return -1;
    }
    return lfd;
}

/* Accept every connection waiting (the listening socket is non-blocking: EAGAIN means none left). */
static void accept_all(int ep, int lfd)
{
    for (;;) {
        int cfd = accept(lfd, NULL, NULL);
        if (cfd < 0) {
            if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)
                perror("accept");
            return;
        }
        struct epoll_event ev = {.events = EPOLLIN, .data.fd = cfd};
        if (set_nonblocking(cfd) < 0 || epoll_ctl(ep, EPOLL_CTL_ADD, cfd, &ev) < 0) {
            perror("add client");
            close(cfd);
        }
    }
}

/* Echo what is readable. A reply the socket cannot take right now would need a per-client buffer and
 * EPOLLOUT; echo replies are small, so here a full socket buffer drops the client instead of blocking. */
static void echo(int ep, int cfd)
{
    char buf[4096];
    for (;;) {
        ssize_t n = recv(cfd, buf, sizeof buf, 0);
        if (n > 0) {
            ssize_t sent = send(cfd, buf, (size_t)n, MSG_NOSIGNAL);
            if (sent == n)
                continue;
            if (sent < 0)
                perror("send");
            else
                fprintf(stderr, "client too slow, dropped\n");
        } else if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            return; /* all read: back to epoll_wait */
        } else if (n < 0 && errno == EINTR) {
            continue;
        } else if (n < 0) {
            perror("recv");
        }
        /* end of stream, an error, or a dropped client */
        epoll_ctl(ep, EPOLL_CTL_DEL, cfd, NULL);
        close(cfd);
        return;
    }
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: %s PORT\n", argv[0]);
        return 2;
    }
    int lfd = listen_on(atoi(argv[1]));
    if (lfd < 0) {
        perror("listen");
        return 1;
    }
    int ep = epoll_create1(EPOLL_CLOEXEC);
    struct epoll_event lev = {.events = EPOLLIN, .data.fd = lfd};
    if (ep < 0 || epoll_ctl(ep, EPOLL_CTL_ADD, lfd, &lev) < 0) {
        perror("epoll");
        return 1;
    }
    struct epoll_event events[MAX_EVENTS];
    for (;;) {
        int n = epoll_wait(ep, events, MAX_EVENTS, -1);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            perror("epoll_wait");
            return 1;
        }
        for (int i = 0; i < n; i++) {
            if (events[i].data.fd == lfd)
                accept_all(ep, lfd);
            else
                echo(ep, events[i].data.fd);
        }
    }
}
