// Filters return SECCOMP_RET_TRACE for what the tracer wants to see and ALLOW for everything else. When
// several filters are stacked the kernel takes the most restrictive answer, so adding a filter can only add
// stops: a filter per new socket fd widens what stops without touching the others (man 2 seccomp).
#include "seccomp.h"

#include <errno.h>
#include <linux/audit.h>
#include <linux/seccomp.h>
#include <stddef.h>
#include <sys/prctl.h>

#include "syscalls.h"

static struct sock_filter stmt(unsigned short code, unsigned int k) {
    struct sock_filter f = {code, 0, 0, k};
    return f;
}
static struct sock_filter jump(unsigned short code, unsigned int k, unsigned char jt, unsigned char jf) {
    struct sock_filter f = {code, jt, jf, k};
    return f;
}

// Load the arch, allow anything that is not native x86_64 (32-bit syscalls are not traced), load the nr.
static void prologue(std::vector<struct sock_filter> &f) {
    f.push_back(stmt(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch)));
    f.push_back(jump(BPF_JMP | BPF_JEQ | BPF_K, AUDIT_ARCH_X86_64, 1, 0));
    f.push_back(stmt(BPF_RET | BPF_K, SECCOMP_RET_ALLOW));
    f.push_back(stmt(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)));
}

std::vector<struct sock_filter> base_filter() {
    std::vector<int> nrs = always_traced();
    int n = (int)nrs.size();
    std::vector<struct sock_filter> f;
    prologue(f);
    // each match jumps over the remaining tests and the ALLOW to the TRACE at the end
    for (int i = 0; i < n; i++) f.push_back(jump(BPF_JMP | BPF_JEQ | BPF_K, nrs[i], n - i, 0));
    f.push_back(stmt(BPF_RET | BPF_K, SECCOMP_RET_ALLOW));
    f.push_back(stmt(BPF_RET | BPF_K, SECCOMP_RET_TRACE));
    return f;
}

std::vector<struct sock_filter> fd_filter(const std::vector<int> &fds) {
    std::vector<int> nrs = per_fd_traced();
    int n = (int)nrs.size();
    int m = (int)fds.size();
    std::vector<struct sock_filter> f;
    prologue(f);
    for (int i = 0; i < n; i++) f.push_back(jump(BPF_JMP | BPF_JEQ | BPF_K, nrs[i], n - i, 0));
    f.push_back(stmt(BPF_RET | BPF_K, SECCOMP_RET_ALLOW));
    // fd is args[0]; an int, so its low 32 bits (little endian: the first word)
    f.push_back(stmt(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, args[0])));
    for (int i = 0; i < m; i++) f.push_back(jump(BPF_JMP | BPF_JEQ | BPF_K, (unsigned)fds[i], m - i, 0));
    f.push_back(stmt(BPF_RET | BPF_K, SECCOMP_RET_ALLOW));
    f.push_back(stmt(BPF_RET | BPF_K, SECCOMP_RET_TRACE));
    return f;
}

int install_base_filter() {
    std::vector<struct sock_filter> f = base_filter();
    struct sock_fprog prog = {(unsigned short)f.size(), f.data()};
    if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0)) return errno;
    if (prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog)) return errno;
    return 0;
}
