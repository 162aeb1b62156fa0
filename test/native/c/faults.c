/* Programs that misbehave, chosen by argv[1]: each must be traced without harming the tracer. */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

static void *thread_main(void *arg) {
    int sv[2];
    char b[8];
    (void)arg;
    socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
    send(sv[0], "t", 1, 0);
    recv(sv[1], b, sizeof b, 0);
    close(sv[0]);
    close(sv[1]);
    return NULL;
}

int main(int argc, char **argv) {
    const char *what = argc > 1 ? argv[1] : "";
    if (!strcmp(what, "segv")) {
        socket(AF_INET, SOCK_STREAM, 0);
        *(volatile int *)0 = 1;
    } else if (!strcmp(what, "hang")) {
        /* a server that never ends, with children that never end either */
        for (int i = 0; i < 3; i++)
            if (fork() == 0) {
                for (;;) pause();
            }
        int s = socket(AF_INET, SOCK_STREAM, 0);
        struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
        bind(s, (struct sockaddr *)&a, sizeof a);
        listen(s, 1);
        printf("ready\n");
        fflush(stdout);
        accept(s, NULL, NULL);
    } else if (!strcmp(what, "forks")) {
        int n = argc > 2 ? atoi(argv[2]) : 1000;
        for (int i = 0; i < n; i++) {
            pid_t p = fork();
            if (p == 0) _exit(i % 7);
            if (p < 0) return 3;
        }
        int st, ok = 0;
        while (wait(&st) > 0) ok++;
        printf("%d children\n", ok);
        return ok == n ? 0 : 4;
    } else if (!strcmp(what, "threads")) {
        int n = argc > 2 ? atoi(argv[2]) : 50;
        pthread_t t[256];
        for (int i = 0; i < n; i++) pthread_create(&t[i], NULL, thread_main, NULL);
        for (int i = 0; i < n; i++) pthread_join(t[i], NULL);
    } else if (!strcmp(what, "badptr")) {
        int s = socket(AF_INET, SOCK_DGRAM, 0);
        connect(s, (struct sockaddr *)1, 16);
        sendto(s, (void *)8, 4, 0, (struct sockaddr *)16, 16);
        recvfrom(s, (void *)24, 4, MSG_DONTWAIT, (struct sockaddr *)32, (socklen_t *)40);
        setsockopt(s, SOL_SOCKET, SO_RCVBUF, (void *)48, 4);
        int sv[2];
        socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
        struct msghdr m = {.msg_iov = (struct iovec *)56, .msg_iovlen = 3};
        sendmsg(sv[0], &m, 0);
        sendmsg(sv[0], (struct msghdr *)64, 0);
        close(s);
    } else if (!strcmp(what, "bytes")) {
        int sv[2];
        unsigned char all[256], back[256];
        for (int i = 0; i < 256; i++) all[i] = (unsigned char)i;
        socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
        send(sv[0], all, sizeof all, 0);
        recv(sv[1], back, sizeof back, MSG_WAITALL);
        send(sv[0], "<img src=x onerror=alert(1)>\"\\\n", 31, 0);
        recv(sv[1], back, sizeof back, 0);
    } else if (!strcmp(what, "sigpipe")) {
        int sv[2];
        socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
        close(sv[1]);
        send(sv[0], "x", 1, 0);
    } else if (!strcmp(what, "client")) {
        int s = socket(AF_INET, SOCK_STREAM, 0);
        struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons(1), .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
        int r = connect(s, (struct sockaddr *)&a, sizeof a);
        int sv[2];
        socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
        ssize_t n = send(sv[0], "hello", 5, 0);
        ssize_t m = send(sv[0], "hello", 5, 0);
        printf("connect %d send %zd %zd\n", r, n, m);
    } else if (!strcmp(what, "exec")) {
        execv(argv[2], argv + 2);
        return 99;
    }
    return 0;
}
