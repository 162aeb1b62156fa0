/* The least a ptrace tracer can do: a seccomp filter stops the socket calls and close, and the loop takes
   an entry and an exit stop for each, reading the registers, decoding nothing. usage: floor PROGRAM ARGS */
#include <elf.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <signal.h>
#include <stddef.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/user.h>
#include <sys/wait.h>
#include <unistd.h>

static const unsigned traced[] = {SYS_socket, SYS_socketpair, SYS_bind, SYS_listen, SYS_accept, SYS_accept4,
                                  SYS_connect, SYS_sendto, SYS_recvfrom, SYS_sendmsg, SYS_recvmsg, SYS_shutdown,
                                  SYS_setsockopt, SYS_getsockopt, SYS_getsockname, SYS_getpeername, SYS_close};
#define NT (sizeof traced / sizeof traced[0])

static void filter(void) {
    struct sock_filter f[NT + 3];
    f[0] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr));
    for (unsigned i = 0; i < NT; i++) f[i + 1] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, traced[i], NT - i, 0);
    f[NT + 1] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW);
    f[NT + 2] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_TRACE);
    struct sock_fprog prog = {NT + 3, f};
    prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
    prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog);
}

int main(int argc, char **argv) {
    if (argc < 2) return 2;
    pid_t child = fork();
    if (child == 0) {
        ptrace(PTRACE_TRACEME, 0, 0, 0);
        raise(SIGSTOP);
        filter();
        execvp(argv[1], argv + 1);
        _exit(127);
    }
    int status, running = 1;
    waitpid(child, &status, 0);
    ptrace(PTRACE_SETOPTIONS, child, 0, PTRACE_O_TRACESYSGOOD | PTRACE_O_TRACESECCOMP | PTRACE_O_TRACEFORK |
                                            PTRACE_O_TRACECLONE | PTRACE_O_TRACEVFORK | PTRACE_O_EXITKILL);
    ptrace(PTRACE_CONT, child, 0, 0);
    while (running > 0) {
        pid_t p = waitpid(-1, &status, __WALL);
        if (p < 0) break;
        if (WIFEXITED(status) || WIFSIGNALED(status)) {
            running--;
            continue;
        }
        int event = status >> 16, sig = WSTOPSIG(status), how = PTRACE_CONT, pass = 0;
        struct user_regs_struct regs;
        struct iovec io = {&regs, sizeof regs};
        if (event == PTRACE_EVENT_SECCOMP) {
            ptrace(PTRACE_GETREGSET, p, NT_PRSTATUS, &io);
            how = PTRACE_SYSCALL;
        } else if (sig == (SIGTRAP | 0x80)) {
            ptrace(PTRACE_GETREGSET, p, NT_PRSTATUS, &io);
        } else if (event == PTRACE_EVENT_FORK || event == PTRACE_EVENT_VFORK || event == PTRACE_EVENT_CLONE) {
            running++;
        } else if (!event && sig != SIGSTOP && sig != SIGTRAP) {
            pass = sig;
        }
        ptrace(how, p, 0, pass);
    }
    return 0;
}
