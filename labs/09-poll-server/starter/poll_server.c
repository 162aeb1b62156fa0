/* Scalable echo server: one process, one thread, non-blocking sockets and epoll (or poll). It serves
 * hundreds of clients at once, reading and writing only when the kernel says a socket is ready.
 * This starter blocks on one client at a time; follow README.md, each TODO names its step. */
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

/* Step 1 TODO: fcntl(F_GETFL), then F_SETFL with O_NONBLOCK added. */
static int set_nonblocking(int fd)
{
    (void)fd;
    return 0;
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
    /* Step 2 TODO: epoll_create1, register lfd, loop on epoll_wait.
     * Step 3 TODO: on lfd, accept every waiting client and register it; on a client, echo what is
     * readable until EAGAIN, and close it at end of stream. */
    for (;;) {
        int cfd = accept(lfd, NULL, NULL);
        if (cfd < 0)
            continue;
        char buf[4096];
        ssize_t n;
        while ((n = recv(cfd, buf, sizeof buf, 0)) > 0)
            send(cfd, buf, (size_t)n, MSG_NOSIGNAL);
        close(cfd);
    }
}
