/* Concurrent TCP echo server: listens on the port in argv[1] and serves every client in a child
 * process of its own, so a slow client never holds up the others. */
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

/* Reap every child that has finished, so none stays a zombie. */
static void on_child(int sig)
{
    (void)sig;
    int saved = errno;
    while (waitpid(-1, NULL, WNOHANG) > 0)
        ;
    errno = saved;
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: %s PORT\n", argv[0]);
        return 2;
    }
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_child;
    sa.sa_flags = SA_RESTART; /* accept() resumes after the handler instead of failing with EINTR */
    sigaction(SIGCHLD, &sa, NULL);

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
    /* Connections the kernel has completed wait here until accept(); SOMAXCONN is the system's cap. */
    if (listen(lfd, SOMAXCONN) < 0) {
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
        pid_t pid = fork();
        if (pid < 0) {
            perror("fork");
            close(cfd);
            continue;
        }
        if (pid == 0) {
            close(lfd); /* the child serves one client; the listening socket is the parent's */
            serve(cfd);
            close(cfd);
            _exit(0);
        }
        /* The parent's copy must go, or the client never sees end of stream when the child closes. */
        close(cfd);
    }
}
