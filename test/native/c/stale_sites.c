/* An echo server on select(): a return address that a finished call left on the stack must not be taken
 * for the live one. fcntl() called from helpers leaves its return address in a slot that libc's select()
 * does not always overwrite; every pselect6 is made at main's select() line, not at a helper's fcntl()
 * line, the last one too, which is still waiting when the run is stopped. It prints "ready PORT" when it listens. */
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <unistd.h>

static fd_set watched;
static int maxfd;

static int nonblocking(int fd)
{
    int fl = fcntl(fd, F_GETFL);
    return fcntl(fd, F_SETFL, fl | O_NONBLOCK);
}

static void take(int lfd)
{
    int fd = accept(lfd, NULL, NULL);
    if (fd < 0)
        return;
    nonblocking(fd);
    FD_SET(fd, &watched);
    if (fd > maxfd)
        maxfd = fd;
}

static void echo(int fd)
{
    char buf[256];
    ssize_t n = recv(fd, buf, sizeof buf, 0);
    if (n > 0) {
        send(fd, buf, (size_t)n, MSG_NOSIGNAL);
        return;
    }
    FD_CLR(fd, &watched);
    close(fd);
}

int main(void)
{
    int lfd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a;
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (lfd < 0 || bind(lfd, (struct sockaddr *)&a, sizeof a) < 0 || listen(lfd, 16) < 0)
        return 1;
    socklen_t len = sizeof a;
    getsockname(lfd, (struct sockaddr *)&a, &len);
    printf("ready %d\n", ntohs(a.sin_port));
    fflush(stdout);
    nonblocking(lfd);
    FD_SET(lfd, &watched);
    maxfd = lfd;
    for (;;) {
        fd_set ready = watched;
        int n = select(maxfd + 1, &ready, NULL, NULL, NULL); /* @site select */
        for (int fd = 0; fd <= maxfd && n > 0; fd++) {
            if (!FD_ISSET(fd, &ready))
                continue;
            n--;
            if (fd == lfd)
                take(lfd);
            else
                echo(fd);
        }
    }
}
