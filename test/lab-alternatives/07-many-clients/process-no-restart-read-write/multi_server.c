/* Concurrent echo server, a process per client. SIGCHLD reaps finished children; the handler is installed
 * without SA_RESTART, so accept() can fail with EINTR when a child exits, and the loop simply calls it
 * again. */
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

static void reap(int sig)
{
    (void)sig;
    int saved = errno;
    pid_t pid;
    do
        pid = waitpid(-1, NULL, WNOHANG);
    while (pid > 0);
    errno = saved;
}

static int echo_client(int fd)
{
    char buf[512];
    for (;;) {
        ssize_t n = read(fd, buf, sizeof buf);
        if (n == 0)
            return 0;
        if (n < 0) {
            if (errno == EINTR)
                continue;
            perror("read");
            return -1;
        }
        for (ssize_t off = 0; off < n;) {
            ssize_t w = write(fd, buf + off, (size_t)(n - off));
            if (w < 0) {
                if (errno == EINTR)
                    continue;
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
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = reap;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_NOCLDSTOP;
    if (sigaction(SIGCHLD, &sa, NULL) < 0) {
        perror("sigaction");
        return 1;
    }
    signal(SIGPIPE, SIG_IGN); /* a client that leaves mid-echo makes write() fail, not the child die */

    int lfd = socket(AF_INET, SOCK_STREAM, 0);
    if (lfd < 0) {
        perror("socket");
        return 1;
    }
    struct sockaddr_in sin;
    memset(&sin, 0, sizeof sin);
    sin.sin_family = AF_INET;
    sin.sin_port = htons((uint16_t)strtoul(argv[1], NULL, 10));
    if (inet_pton(AF_INET, "127.0.0.1", &sin.sin_addr) != 1) {
        fprintf(stderr, "inet_pton failed\n");
        return 1;
    }
    if (bind(lfd, (struct sockaddr *)&sin, sizeof sin) < 0) {
        perror("bind");
        return 1;
    }
    if (listen(lfd, 128) < 0) {
        perror("listen");
        return 1;
    }
    for (;;) {
        int cfd = accept(lfd, NULL, NULL);
        if (cfd < 0) {
            if (errno == EINTR)
                continue; /* a child exited while we waited */
            perror("accept");
            continue;
        }
        switch (fork()) {
        case -1:
            perror("fork");
            close(cfd);
            break;
        case 0: {
            close(lfd);
            int failed = echo_client(cfd);
            close(cfd);
            _exit(failed ? 1 : 0);
        }
        default:
            close(cfd);
        }
    }
}
