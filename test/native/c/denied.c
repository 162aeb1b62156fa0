/* Which calls a seccomp profile denies: tries each and prints NAME OK or NAME ERRNO-NUMBER, one a line. */
#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <unistd.h>

static void say(const char *name, long r) {
    if (r >= 0) printf("%s OK\n", name);
    else printf("%s %d\n", name, errno);
}

int main(void) {
    int pidfd = (int)syscall(434, getpid(), 0);
    say("pidfd_open", pidfd);
    say("pidfd_getfd", pidfd < 0 ? -1 : syscall(438, pidfd, 1, 0));
    char a[8] = "abcdefg", b[8];
    struct iovec l = {b, sizeof b}, r = {a, sizeof a};
    say("process_vm_readv", process_vm_readv(getpid(), &l, 1, &r, 1, 0));
    say("process_vm_writev", process_vm_writev(getpid(), &l, 1, &r, 1, 0));
    /* in a child, so a namespace that is made does not change this process */
    pid_t c = fork();
    if (c == 0) _exit(unshare(CLONE_NEWUSER) == 0 ? 0 : errno);
    int st;
    waitpid(c, &st, 0);
    errno = WEXITSTATUS(st);
    say("unshare(CLONE_NEWUSER)", errno ? -1 : 0);
    long k = syscall(SYS_clone, CLONE_NEWUSER | SIGCHLD, 0, 0, 0, 0);
    if (k == 0) _exit(0);
    if (k > 0) waitpid((pid_t)k, &st, 0);
    say("clone(CLONE_NEWUSER)", k);
    k = syscall(SYS_clone, SIGCHLD, 0, 0, 0, 0);
    if (k == 0) _exit(0);
    if (k > 0) waitpid((pid_t)k, &st, 0);
    say("clone", k);
    return 0;
}
