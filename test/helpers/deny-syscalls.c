// deny-syscalls SYSCALL... -- COMMAND [ARGS...]
// Runs COMMAND under a seccomp filter that makes each named syscall fail with EPERM, the way a container's
// seccomp profile does (Docker's default denies pidfd_getfd without CAP_SYS_PTRACE). A SYSCALL is a name
// below or a number; `newuser` denies only new user namespaces: unshare() and clone() with CLONE_NEWUSER
// fail with EPERM, and clone3() with ENOSYS (a filter cannot read its flags; glibc then uses clone()).
// The filter is inherited by everything COMMAND starts, and filters only stack, so nothing can lift it.
#define _GNU_SOURCE
#include <errno.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <sched.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

static const struct { const char *name; int nr; } NAMES[] = {
    {"ptrace", SYS_ptrace}, {"pidfd_open", 434}, {"pidfd_getfd", 438}, {"process_vm_readv", SYS_process_vm_readv},
    {"process_vm_writev", SYS_process_vm_writev}, {"unshare", SYS_unshare}, {"seccomp", SYS_seccomp},
};

static struct sock_filter prog[256];
static int len;

static void add(unsigned short code, unsigned int k, unsigned char jt, unsigned char jf) {
    if (len == 256) {
        fprintf(stderr, "deny-syscalls: too many syscalls\n");
        exit(2);
    }
    prog[len++] = (struct sock_filter){code, jt, jf, k};
}

static void load_nr(void) { add(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr), 0, 0); }

// if nr == n: return EPERM (or ENOSYS); each rule reloads nr, so rules can follow each other freely
static void deny(int n, int err) {
    load_nr();
    add(BPF_JMP | BPF_JEQ | BPF_K, n, 0, 1);
    add(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | err, 0, 0);
}

// if nr == n and (args[0] & CLONE_NEWUSER): EPERM (clone's and unshare's flags are both args[0] on x86_64)
static void deny_newuser(int n) {
    load_nr();
    add(BPF_JMP | BPF_JEQ | BPF_K, n, 0, 3);
    add(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, args[0]), 0, 0);
    add(BPF_JMP | BPF_JSET | BPF_K, CLONE_NEWUSER, 0, 1);
    add(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | EPERM, 0, 0);
}

static int lookup(const char *s) {
    for (size_t i = 0; i < sizeof NAMES / sizeof NAMES[0]; i++)
        if (strcmp(NAMES[i].name, s) == 0) return NAMES[i].nr;
    char *end;
    long n = strtol(s, &end, 10);
    if (*s && !*end && n >= 0) return (int)n;
    fprintf(stderr, "deny-syscalls: unknown syscall %s\n", s);
    exit(2);
}

int main(int argc, char **argv) {
    int i = 1;
    add(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch), 0, 0);
    add(BPF_JMP | BPF_JEQ | BPF_K, AUDIT_ARCH_X86_64, 1, 0);
    add(BPF_RET | BPF_K, SECCOMP_RET_ALLOW, 0, 0);
    for (; i < argc && strcmp(argv[i], "--") != 0; i++) {
        if (strcmp(argv[i], "newuser") == 0) {
            deny_newuser(SYS_unshare);
            deny_newuser(SYS_clone);
            deny(435 /* clone3 */, ENOSYS);
        } else {
            deny(lookup(argv[i]), EPERM);
        }
    }
    if (i + 1 >= argc) {
        fprintf(stderr, "usage: deny-syscalls SYSCALL... -- COMMAND [ARGS...]\n");
        return 2;
    }
    add(BPF_RET | BPF_K, SECCOMP_RET_ALLOW, 0, 0);
    struct sock_fprog fprog = {(unsigned short)len, prog};
    if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0 || prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &fprog) < 0) {
        perror("deny-syscalls: seccomp");
        return 2;
    }
    execvp(argv[i + 1], argv + i + 1);
    perror(argv[i + 1]);
    return 127;
}
