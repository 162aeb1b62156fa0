/* Echo server on one thread with select(): the listening socket and every client are non-blocking, and
 * select() says which are readable. select() only handles fds below FD_SETSIZE, so a connection that
 * gets a larger fd is closed at once rather than corrupting the fd_set. */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <unistd.h>

static fd_set watched;
static int maxfd = -1;

static int nonblocking(int fd)
{
    int fl = fcntl(fd, F_GETFL);
    if (fl == -1)
        return -1;
    return fcntl(fd, F_SETFL, fl | O_NONBLOCK);
}

static void forget(int fd)
{
    FD_CLR(fd, &watched);
    close(fd);
    while (maxfd >= 0 && !FD_ISSET(maxfd, &watched))
        maxfd--;
}

static void take_new(int lfd)
{
    for (;;) {
        int cfd = accept(lfd, NULL, NULL);
        if (cfd == -1) {
            if (errno == EINTR)
                continue;
            if (errno != EAGAIN && errno != EWOULDBLOCK)
                perror("accept");
            return;
        }
        if (cfd >= FD_SETSIZE) {
            fprintf(stderr, "fd %d does not fit in an fd_set: connection refused\n", cfd);
            close(cfd);
            continue;
        }
        if (nonblocking(cfd) == -1) {
            perror("fcntl");
            close(cfd);
            continue;
        }
        FD_SET(cfd, &watched);
        if (cfd > maxfd)
            maxfd = cfd;
    }
}

/* Echo until the socket has nothing more; returns 0 to keep the client, -1 to drop it. */
static int echo_some(int fd)
{
    char buf[1024];
    for (;;) {
        ssize_t n = read(fd, buf, sizeof buf);
        if (n == 0)
            return -1;
        if (n < 0) {
            if (errno == EAGAIN || errno == EWOULDBLOCK)
                return 0;
            if (errno == EINTR)
                continue;
            perror("read");
            return -1;
        }
        ssize_t off = 0;
        while (off < n) {
            ssize_t w = write(fd, buf + off, (size_t)(n - off));
            if (w < 0 && errno == EINTR)
                continue;
            if (w < 0) {
                /* EAGAIN here means the client does not read its echoes: drop it rather than block */
                perror("write");
                return -1;
            }
            off += w;
        }
    }
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: %s PORT\n", argv[0]);
        return 2;
    }
    signal(SIGPIPE, SIG_IGN);
    int lfd = socket(AF_INET, SOCK_STREAM, 0);
    if (lfd == -1) {
        perror("socket");
        return 1;
    }
    int one = 1;
    setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    struct sockaddr_in sin;
    memset(&sin, 0, sizeof sin);
    sin.sin_family = AF_INET;
    sin.sin_port = htons((unsigned short)atoi(argv[1]));
    inet_pton(AF_INET, "127.0.0.1", &sin.sin_addr);
    if (bind(lfd, (struct sockaddr *)&sin, sizeof sin) == -1 || listen(lfd, SOMAXCONN) == -1 ||
        nonblocking(lfd) == -1) {
        perror("listen");
        return 1;
    }
    FD_ZERO(&watched);
    FD_SET(lfd, &watched);
    maxfd = lfd;
    for (;;) {
        fd_set ready = watched; /* select() overwrites its sets: pass a copy */
        int n = select(maxfd + 1, &ready, NULL, NULL, NULL);
        if (n == -1) {
            if (errno == EINTR)
                continue;
            perror("select");
            return 1;
        }
        int top = maxfd;
        for (int fd = 0; fd <= top && n > 0; fd++) {
            if (!FD_ISSET(fd, &ready))
                continue;
            n--;
            if (fd == lfd)
                take_new(lfd);
            else if (echo_some(fd) == -1)
                forget(fd);
        }
    }
}
