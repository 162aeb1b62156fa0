/* Processes and threads: fork, vfork+exec, pthreads, SIGPIPE from a write to a closed peer, a handled
 * SIGUSR1 (raised, and sent by the parent), and exit codes. The parent waits for each child before its next
 * socket call, and joins each thread before starting the next, so every per-thread sequence is fixed. */
#include "sl.h"

#include <pthread.h>
#include <signal.h>

static volatile sig_atomic_t usr1;
static void on_usr1(int sig) { usr1 += sig == SIGUSR1; }

static void *worker(void *arg) {
    int sv[2];
    OK(socketpair(AF_UNIX, SOCK_DGRAM, 0, sv)); /* @site thread-socketpair */
    OK(send(sv[0], arg, strlen(arg), 0));
    char b[32];
    OK(recv(sv[1], b, sizeof b, 0));
    OK(close(sv[0]));
    OK(close(sv[1]));
    return NULL;
}

int main(int argc, char **argv) {
    if (argc > 1 && strcmp(argv[1], "exec") == 0) { /* the program again, after vfork+exec */
        int s = OK(socket(AF_UNIX, SOCK_DGRAM, 0)); /* @site exec-socket */
        OK(close(s));
        return 7;
    }
    signal(SIGUSR1, on_usr1);
    raise(SIGUSR1);

    int sv[2];
    OK(socketpair(AF_UNIX, SOCK_STREAM, 0, sv));
    OK(close(sv[1]));
    signal(SIGPIPE, SIG_IGN);
    if (send(sv[0], "lost", 4, 0) != -1 || errno != EPIPE) return 1; /* ignored SIGPIPE: EPIPE */
    signal(SIGPIPE, SIG_DFL);
    if (send(sv[0], "lost", 4, MSG_NOSIGNAL) != -1 || errno != EPIPE) return 1;

    pid_t a = OK(fork());
    if (a == 0) {
        write(sv[0], "dies", 4); /* @site sigpipe: the default action ends the child */
        _exit(1);
    }
    if (wait_child(a) != 128 + SIGPIPE) return 1;

    sigset_t usr, old;
    sigemptyset(&usr);
    sigaddset(&usr, SIGUSR1);
    sigprocmask(SIG_BLOCK, &usr, &old);
    pid_t b = OK(fork());
    if (b == 0) {
        sigsuspend(&old); /* returns after the handler ran */
        int s = OK(socket(AF_INET, SOCK_DGRAM, 0));
        OK(close(s));
        _exit(usr1 == 2 ? 3 : 1); /* one raised before the fork, one from the parent */
    }
    kill(b, SIGUSR1);
    if (wait_child(b) != 3) return 1;
    sigprocmask(SIG_SETMASK, &old, NULL);

    pid_t c = vfork();
    if (c == 0) {
        execl("/proc/self/exe", argv[0], "exec", (char *)NULL);
        _exit(127);
    }
    if (wait_child(c) != 7) return 1;

    const char *words[] = {"first thread", "second thread"};
    for (int i = 0; i < 2; i++) {
        pthread_t t;
        if (pthread_create(&t, NULL, worker, (void *)words[i]) != 0) return 1;
        pthread_join(t, NULL);
    }
    OK(close(sv[0]));
    return usr1 == 1 ? 0 : 1;
}
