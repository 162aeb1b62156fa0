/* Concurrent TCP echo server: listens on the port in argv[1] and serves every client in a child
 * process of its own, so a slow client never holds up the others.
 * This starter serves one client at a time (lab 02); follow README.md to make it concurrent. */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

static int send_all(int fd, const char *buf, size_t len)
{
    while (len > 0) {
        ssize_t n = send(fd, buf, len, 0);
        if (n < 0)
            return -1;
        buf += n;
        len -= (size_t)n;
    }
    return 0;
}

static void serve(int cfd)
{
    char buf[4096];
    ssize_t n;
    while ((n = recv(cfd, buf, sizeof buf, 0)) > 0) {
        if (send_all(cfd, buf, (size_t)n) < 0) {
            perror("send");
            return;
        }
    }
    if (n < 0)
        perror("recv");
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: %s PORT\n", argv[0]);
        return 2;
    }
    /* Step 3 TODO: a SIGCHLD handler that reaps finished children (waitpid with WNOHANG). */

    int lfd = socket(AF_INET, SOCK_STREAM, 0);
    if (lfd < 0) {
        perror("socket");
        return 1;
    }
    struct sockaddr_in addr;
    memset(&addr, 0, sizeof addr);
    addr.sin_family = AF_INET;
    addr.sin_port = htons((unsigned short)atoi(argv[1]));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (bind(lfd, (struct sockaddr *)&addr, sizeof addr) < 0) {
        perror("bind");
        return 1;
    }
    /* Step 1 TODO: is a backlog of 1 enough when many clients connect at once? */
    if (listen(lfd, 1) < 0) {
        perror("listen");
        return 1;
    }
    for (;;) {
        int cfd = accept(lfd, NULL, NULL);
        if (cfd < 0) {
            if (errno != EINTR)
                perror("accept");
            continue;
        }
        /* Step 2 TODO: fork(); the child serves and exits, the parent closes its copy and loops. */
        serve(cfd);
        close(cfd);
    }
}
