/* deny NAME... -- CMD [ARGS...]: runs CMD with a seccomp filter that fails the named syscalls with EPERM, the
 * way a container's seccomp profile does (Docker's default one denies pidfd_getfd without CAP_SYS_PTRACE).
 * The filter is inherited by every child, so a tracer started under it and its tracees see the same denials.
 * NAME is a syscall (pidfd_getfd, pidfd_open, process_vm_readv, process_vm_writev) or `userns`: unshare and
 * clone with CLONE_NEWUSER fail with EPERM, and clone3 with ENOSYS (its flags are in memory, which a filter
 * cannot read; libc then falls back to clone), as container profiles do. */
#define _GNU_SOURCE
#include <errno.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <sched.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

static const struct { const char *name; int nr; } known[] = {
    {"pidfd_open", 434}, {"pidfd_getfd", 438}, {"process_vm_readv", 310}, {"process_vm_writev", 311},
};

#define LD(off) BPF_STMT(BPF_LD | BPF_W | BPF_ABS, (off))
#define RET(v) BPF_STMT(BPF_RET | BPF_K, (v))
#define ARG_LO(i) offsetof(struct seccomp_data, args[i])

static struct sock_filter prog[256];
static int n;

static void add(struct sock_filter f) { prog[n++] = f; }

/* nr -> EPERM */
static void deny_nr(int nr) {
    add((struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, nr, 0, 1));
    add((struct sock_filter)RET(SECCOMP_RET_ERRNO | EPERM));
}

/* nr with CLONE_NEWUSER in the low word of argument i -> EPERM (the number is reloaded after) */
static void deny_flag(int nr, int i) {
    add((struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, nr, 0, 4));
    add((struct sock_filter)LD(ARG_LO(i)));
    add((struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JSET | BPF_K, CLONE_NEWUSER, 0, 1));
    add((struct sock_filter)RET(SECCOMP_RET_ERRNO | EPERM));
    add((struct sock_filter)LD(offsetof(struct seccomp_data, nr)));
}

static int usage(void) {
    fprintf(stderr, "usage: deny NAME... -- CMD [ARGS...]  (NAME: pidfd_open, pidfd_getfd, process_vm_readv, "
                    "process_vm_writev, userns)\n");
    return 2;
}

int main(int argc, char **argv) {
    int i = 1;
    add((struct sock_filter)LD(offsetof(struct seccomp_data, arch)));
    add((struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, AUDIT_ARCH_X86_64, 1, 0));
    add((struct sock_filter)RET(SECCOMP_RET_ALLOW));
    add((struct sock_filter)LD(offsetof(struct seccomp_data, nr)));
    for (; i < argc && strcmp(argv[i], "--") != 0; i++) {
        int found = 0;
        for (size_t k = 0; k < sizeof known / sizeof *known; k++)
            if (strcmp(argv[i], known[k].name) == 0) deny_nr(known[k].nr), found = 1;
        if (strcmp(argv[i], "userns") == 0) {
            deny_flag(SYS_unshare, 0);
            deny_flag(SYS_clone, 0);
            add((struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 435, 0, 1));  /* clone3 */
            add((struct sock_filter)RET(SECCOMP_RET_ERRNO | ENOSYS));
            found = 1;
        }
        if (!found) {
            fprintf(stderr, "deny: unknown name %s\n", argv[i]);
            return usage();
        }
    }
    if (i >= argc - 1) return usage();
    add((struct sock_filter)RET(SECCOMP_RET_ALLOW));
    struct sock_fprog fp = {(unsigned short)n, prog};
    /* without no_new_privs an unprivileged process may not install a filter (man 2 seccomp) */
    if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) return perror("deny: PR_SET_NO_NEW_PRIVS"), 126;
    if (syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &fp) != 0) return perror("deny: seccomp"), 126;
    execvp(argv[i + 1], argv + i + 1);
    perror(argv[i + 1]);
    return 127;
}
