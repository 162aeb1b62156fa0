/* Workload: TCP round trips over loopback between a parent (client) and its child (echo server).
   usage: pingpong [ROUNDS] */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char **argv) {
    long rounds = argc > 1 ? strtol(argv[1], NULL, 10) : 20000;
    struct sockaddr_in addr = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    socklen_t len = sizeof addr;
    int listener = socket(AF_INET, SOCK_STREAM, 0);
    if (bind(listener, (struct sockaddr *)&addr, len) || listen(listener, 1)) return 1;
    getsockname(listener, (struct sockaddr *)&addr, &len);
    pid_t server = fork();
    if (server == 0) {
        int conn = accept(listener, NULL, NULL);
        char msg[32];
        ssize_t n;
        while ((n = recv(conn, msg, sizeof msg, 0)) > 0) send(conn, msg, n, 0);
        _exit(0);
    }
    close(listener);
    int s = socket(AF_INET, SOCK_STREAM, 0);
    if (connect(s, (struct sockaddr *)&addr, len)) return 1;
    char msg[32] = "pong";
    for (long i = 0; i < rounds; i++) {
        send(s, msg, 4, 0);
        recv(s, msg, sizeof msg, 0);
    }
    close(s);
    waitpid(server, NULL, 0);
    return 0;
}
