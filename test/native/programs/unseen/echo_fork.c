/* A forking TCP echo server on [::1] and a client process that makes three connections in a row. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#define CLIENTS 3

static void die(const char *m) { perror(m); exit(1); }

static void client(int port) {
    for (int i = 0; i < CLIENTS; i++) {
        int fd = socket(AF_INET6, SOCK_STREAM, 0);
        struct sockaddr_in6 sa = {.sin6_family = AF_INET6, .sin6_port = htons(port), .sin6_addr = in6addr_loopback};
        if (connect(fd, (struct sockaddr *)&sa, sizeof sa) < 0) die("connect");
        char line[64], back[64];
        int n = snprintf(line, sizeof line, "line %d\n", i);
        write(fd, line, n);
        shutdown(fd, SHUT_WR);
        int got = 0, r;
        while ((r = read(fd, back + got, sizeof back - got)) > 0) got += r;
        if (got != n || memcmp(line, back, n)) exit(3);
        close(fd);
    }
    exit(0);
}

static void echo(int fd) {
    char buf[128];
    ssize_t n;
    while ((n = recv(fd, buf, sizeof buf, 0)) > 0) send(fd, buf, n, 0);
    close(fd);
    exit(0);
}

int main(void) {
    int ls = socket(AF_INET6, SOCK_STREAM, 0);
    int one = 1;
    setsockopt(ls, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    struct sockaddr_in6 sa = {.sin6_family = AF_INET6, .sin6_addr = in6addr_loopback};
    if (bind(ls, (struct sockaddr *)&sa, sizeof sa) < 0) die("bind");
    listen(ls, 16);
    socklen_t len = sizeof sa;
    getsockname(ls, (struct sockaddr *)&sa, &len);
    pid_t cl = fork();
    if (cl == 0) {
        close(ls);
        client(ntohs(sa.sin6_port));
    }
    for (int i = 0; i < CLIENTS; i++) {
        struct sockaddr_in6 peer;
        socklen_t plen = sizeof peer;
        int fd = accept(ls, (struct sockaddr *)&peer, &plen);
        if (fd < 0) die("accept");
        pid_t h = fork();
        if (h == 0) {
            close(ls);
            echo(fd);
        }
        close(fd);
        waitpid(h, NULL, 0);
    }
    int st;
    waitpid(cl, &st, 0);
    close(ls);
    return WEXITSTATUS(st);
}
