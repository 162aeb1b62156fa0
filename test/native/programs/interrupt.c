/* A blocking call interrupted by a handled signal. A helper thread waits until the main thread sleeps
 * inside recvfrom(), sends it SIGUSR1, waits for the handler to have run, then sends one byte. With
 * SA_RESTART (argv[1] "restart") the kernel restarts the recv, which then gets the byte; without it
 * ("eintr") the recv fails with EINTR and a second recv gets the byte. Exit 0 when the program saw
 * what the kernel promises. */
#include "sl.h"

#include <pthread.h>
#include <signal.h>

static volatile sig_atomic_t handled;
static void on_usr1(int sig) { handled += sig == SIGUSR1; }

static int sv[2];
static pthread_t main_thread;

/* Is thread tid asleep in syscall nr? (its state is S and /proc says it is in that call) */
static int sleeping_in(pid_t tid, int nr) {
    char path[64], buf[512];
    snprintf(path, sizeof path, "/proc/self/task/%d/stat", tid);
    FILE *f = fopen(path, "r");
    if (!f) return 0;
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = 0;
    char *close_paren = strrchr(buf, ')');
    if (!close_paren || close_paren[2] != 'S') return 0;
    snprintf(path, sizeof path, "/proc/self/task/%d/syscall", tid);
    f = fopen(path, "r");
    if (!f) return 0;
    int in = -1;
    if (fscanf(f, "%d", &in) != 1) in = -1;
    fclose(f);
    return in == nr;
}

static void *helper(void *arg) {
    pid_t main_tid = *(pid_t *)arg;
    while (!sleeping_in(main_tid, 45 /* recvfrom */)) usleep(1000);
    pthread_kill(main_thread, SIGUSR1);
    while (!handled) usleep(1000);
    OK(send(sv[1], "x", 1, 0));
    return NULL;
}

int main(int argc, char **argv) {
    int restart = argc > 1 && strcmp(argv[1], "restart") == 0;
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_usr1;
    sa.sa_flags = restart ? SA_RESTART : 0;
    sigaction(SIGUSR1, &sa, NULL);
    OK(socketpair(AF_UNIX, SOCK_STREAM, 0, sv));
    main_thread = pthread_self();
    pid_t me = getpid();
    pthread_t t;
    if (pthread_create(&t, NULL, helper, &me) != 0) return 1;
    char b[8];
    ssize_t n = recv(sv[0], b, sizeof b, 0); /* @site interrupted-recv */
    int err = errno;
    pthread_join(t, NULL);
    if (restart) {
        printf("recv %zd\n", n);
        if (n != 1) return 1;
    } else {
        printf("recv %zd %s\n", n, strerror(err));
        if (n != -1 || err != EINTR) return 1;
        if (OK(recv(sv[0], b, sizeof b, 0)) != 1) return 1;
    }
    OK(close(sv[0]));
    OK(close(sv[1]));
    return handled == 1 ? 0 : 1;
}
