/* A server to stop and continue (kill -STOP, Ctrl-Z) while it is traced. It prints "ready PID PORT" and
 * answers each client with "hi\n". argv[1] "poll": it waits in poll() before each accept() (a poll that a
 * stop interrupts is resumed by the kernel with restart_syscall). argv[1] "group": the server is a child in a process group of its own,
 * whose parent stays in the group it came from; the kernel discards SIGTSTP, SIGTTIN and SIGTTOU sent to
 * an orphaned process group, and this one is not orphaned, whatever group the tracer was started in. */
#include <arpa/inet.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

static int serve(int use_poll) {
    int s = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    socklen_t n = sizeof a;
    if (s < 0 || bind(s, (struct sockaddr *)&a, sizeof a) < 0 || listen(s, 8) < 0) return 1;
    if (getsockname(s, (struct sockaddr *)&a, &n) < 0) return 1;
    printf("ready %d %d\n", (int)getpid(), ntohs(a.sin_port));
    fflush(stdout);
    for (;;) {
        struct pollfd p = {.fd = s, .events = POLLIN};
        if (use_poll && poll(&p, 1, -1) != 1) continue;
        int c = accept(s, NULL, NULL);
        if (c < 0) continue;
        send(c, "hi\n", 3, MSG_NOSIGNAL);
        close(c);
    }
}

int main(int argc, char **argv) {
    if (argc > 1 && strcmp(argv[1], "group") == 0) {
        pid_t p = fork();
        if (p < 0) return 1;
        if (p == 0) {
            setpgid(0, 0);
            return serve(0);
        }
        int st;
        while (waitpid(p, &st, 0) < 0) {
        }
        return 0;
    }
    return serve(argc > 1 && strcmp(argv[1], "poll") == 0);
}
