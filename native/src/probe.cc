// The capability probe: what `socklab doctor` and the extension ask before anyone traces. It does what the
// tracer does, for real, on a child of its own: PTRACE_TRACEME and a stop, PTRACE_SETOPTIONS with
// TRACESECCOMP, the base seccomp filter plus a stacked fd filter (TSYNC) and their stops, pidfd_getfd of the
// child's socket, process_vm_readv/writev of its memory, and the fallbacks a tracer can use without those
// (/proc/PID/fd and sock_diag for socket identity, /proc/PID/mem for memory). Containers deny these one by
// one (Docker's default seccomp profile denies pidfd_getfd without CAP_SYS_PTRACE), so each is tried on its
// own and reported with its errno. It runs in a process forked from Node, like the tracer, so its waitpid
// never meets Node's children, and an alarm bounds it: a step that does not finish is reported as timed out.
#include "probe.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/inet_diag.h>
#include <linux/netlink.h>
#include <linux/seccomp.h>
#include <linux/sock_diag.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/user.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <string>

#include "consts.h"
#include "json.h"
#include "seccomp.h"

#ifndef SYS_pidfd_open
#define SYS_pidfd_open 434
#endif
#ifndef SYS_pidfd_getfd
#define SYS_pidfd_getfd 438
#endif

namespace {

struct Check {
    bool ok = false;
    const char *step = "not tried";  // where it failed
    int err = 0;
    void pass() { ok = true, step = nullptr, err = 0; }
    void fail(const char *s, int e) { ok = false, step = s, err = e; }
};

// What the child reports on its pipe: the step that failed and why, or C_FILTERS with 0 when its filters are in.
enum ChildStep { C_TRACEME = 1, C_NO_NEW_PRIVS, C_FILTER, C_STACKED, C_FILTERS };
struct Record {
    int step, err;
};

const unsigned long MAGIC = 0x736f636b6c616231UL;
volatile unsigned long g_magic;    // the child sets it after the fork: the parent reads the child's copy
volatile unsigned long g_scratch;  // the parent writes the child's copy
volatile sig_atomic_t g_alarm;

void on_alarm(int) { g_alarm = 1; }

void report(int fd, int step, int err) {
    Record r = {step, err};
    if (write(fd, &r, sizeof r) < 0) _exit(3);
}

// The child: asks to be traced and stops; once resumed installs the tracer's filters and makes one call
// each of them stops (socket() for the base filter, close(sock) for the fd filter), as a tracee would.
[[noreturn]] void child(int rep, int sock, pid_t parent) {
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() != parent) _exit(2);
    g_magic = MAGIC;
    if (ptrace(PTRACE_TRACEME, 0, 0, 0) < 0) report(rep, C_TRACEME, errno);
    kill(getpid(), SIGSTOP);  // a ptrace stop if traced, else a job-control stop: the parent probes meanwhile
    if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0) report(rep, C_NO_NEW_PRIVS, errno), _exit(0);
    std::vector<struct sock_filter> base = base_filter(), fds = fd_filter({sock});
    struct sock_fprog b = {(unsigned short)base.size(), base.data()}, f = {(unsigned short)fds.size(), fds.data()};
    if (syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &b) < 0) report(rep, C_FILTER, errno), _exit(0);
    // the tracer adds fd filters from inside the tracee with TSYNC (docs/ARCHITECTURE.md)
    if (syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, SECCOMP_FILTER_FLAG_TSYNC, &f) != 0) report(rep, C_STACKED, errno), _exit(0);
    report(rep, C_FILTERS, 0);
    // with no tracer (or no TRACESECCOMP) these fail with ENOSYS instead of stopping: never a hang
    int s = socket(AF_UNIX, SOCK_DGRAM, 0);
    if (s >= 0) close(s);
    close(sock);
    _exit(0);
}

// waitpid that gives up when the alarm rings
pid_t wait_child(pid_t pid, int *st) {
    pid_t w;
    while ((w = waitpid(pid, st, __WALL | WUNTRACED)) < 0 && errno == EINTR && !g_alarm) {
    }
    return w;
}

ino_t inode_of(int fd) {
    struct stat s;
    return fstat(fd, &s) == 0 && S_ISSOCK(s.st_mode) ? s.st_ino : 0;
}

void try_pidfd(Check &c, pid_t pid, int sock, ino_t ino) {
    int pidfd = (int)syscall(SYS_pidfd_open, pid, 0);
    if (pidfd < 0) return c.fail("pidfd_open", errno);
    int fd = (int)syscall(SYS_pidfd_getfd, pidfd, sock, 0);
    int err = errno;
    close(pidfd);
    if (fd < 0) return c.fail("pidfd_getfd", err);
    bool same = inode_of(fd) == ino;
    close(fd);
    if (same) c.pass();
    else c.fail("pidfd_getfd (another file came back)", 0);
}

void try_proc_fd(Check &c, pid_t pid, int sock, ino_t ino) {
    char path[64], link[64];
    snprintf(path, sizeof path, "/proc/%d/fd/%d", pid, sock);
    ssize_t n = readlink(path, link, sizeof link - 1);
    if (n < 0) return c.fail("readlink /proc/PID/fd", errno);
    link[n] = 0;
    char want[64];
    snprintf(want, sizeof want, "socket:[%lu]", (unsigned long)ino);
    if (strcmp(link, want) == 0) c.pass();
    else c.fail("readlink /proc/PID/fd (not the socket)", 0);
}

// The fallback's other half: ask the kernel (NETLINK_SOCK_DIAG, inet_diag) about TCP listeners, and find
// the probe's socket by its inode.
void try_sock_diag(Check &c, ino_t ino) {
    int nl = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_SOCK_DIAG);
    if (nl < 0) return c.fail("socket(AF_NETLINK, NETLINK_SOCK_DIAG)", errno);
    struct timeval tv = {1, 0};
    setsockopt(nl, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    struct {
        struct nlmsghdr h;
        struct inet_diag_req_v2 r;
    } req;
    memset(&req, 0, sizeof req);
    req.h.nlmsg_len = sizeof req;
    req.h.nlmsg_type = SOCK_DIAG_BY_FAMILY;
    req.h.nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
    req.r.sdiag_family = AF_INET;
    req.r.sdiag_protocol = IPPROTO_TCP;
    req.r.idiag_states = 1u << TCP_LISTEN;
    struct sockaddr_nl kernel;
    memset(&kernel, 0, sizeof kernel);
    kernel.nl_family = AF_NETLINK;
    if (sendto(nl, &req, sizeof req, 0, (struct sockaddr *)&kernel, sizeof kernel) < 0) {
        c.fail("sock_diag request", errno);
        close(nl);
        return;
    }
    c.fail("sock_diag (the socket was not listed)", 0);
    static char buf[32768];
    for (bool more = true; more && !g_alarm;) {
        ssize_t n = recv(nl, buf, sizeof buf, 0);
        if (n < 0) {
            if (errno != EINTR) c.fail("sock_diag reply", errno);
            break;
        }
        for (struct nlmsghdr *h = (struct nlmsghdr *)buf; NLMSG_OK(h, (unsigned)n); h = NLMSG_NEXT(h, n)) {
            if (h->nlmsg_type == NLMSG_DONE) more = false;
            else if (h->nlmsg_type == NLMSG_ERROR) {
                c.fail("sock_diag reply", -((struct nlmsgerr *)NLMSG_DATA(h))->error);
                more = false;
            } else if (((struct inet_diag_msg *)NLMSG_DATA(h))->idiag_inode == ino) c.pass();
        }
    }
    close(nl);
}

void try_vm(Check &c, pid_t pid) {
    unsigned long got = 0, put = MAGIC + 1;
    struct iovec local = {&got, sizeof got}, remote = {(void *)&g_magic, sizeof got};
    if (process_vm_readv(pid, &local, 1, &remote, 1, 0) != sizeof got) return c.fail("process_vm_readv", errno);
    if (got != MAGIC) return c.fail("process_vm_readv (other bytes came back)", 0);
    // the tracer writes the fd filter it injects into the tracee's memory
    local = {&put, sizeof put};
    remote = {(void *)&g_scratch, sizeof put};
    if (process_vm_writev(pid, &local, 1, &remote, 1, 0) != sizeof put) return c.fail("process_vm_writev", errno);
    c.pass();
}

void try_proc_mem(Check &c, pid_t pid) {
    char path[64];
    snprintf(path, sizeof path, "/proc/%d/mem", pid);
    int fd = open(path, O_RDWR | O_CLOEXEC);
    if (fd < 0) return c.fail("open /proc/PID/mem", errno);
    unsigned long got = 0, put = MAGIC + 2;
    if (pread(fd, &got, sizeof got, (off_t)(unsigned long)&g_magic) != sizeof got) c.fail("read /proc/PID/mem", errno);
    else if (got != MAGIC) c.fail("read /proc/PID/mem (other bytes came back)", 0);
    else if (pwrite(fd, &put, sizeof put, (off_t)(unsigned long)&g_scratch) != sizeof put) c.fail("write /proc/PID/mem", errno);
    else c.pass();
    close(fd);
}

struct Stops {
    bool base = false;  // socket(): the base filter's stop
    bool fd = false;    // close(sock): the stacked fd filter's stop
};

// Follows the resumed child to its end, noting its seccomp stops; false when the alarm rang first.
bool watch_child(pid_t pid, bool attached, Stops &stops) {
    int st;
    for (;;) {
        if (wait_child(pid, &st) != pid) {
            kill(pid, SIGKILL);
            waitpid(pid, &st, __WALL);
            return false;
        }
        if (WIFEXITED(st) || WIFSIGNALED(st)) return true;
        int sig = 0;
        if (st >> 8 == (SIGTRAP | (PTRACE_EVENT_SECCOMP << 8))) {
            struct user_regs_struct regs;
            if (ptrace(PTRACE_GETREGS, pid, 0, &regs) == 0) {
                if (regs.orig_rax == SYS_socket) stops.base = true;
                if (regs.orig_rax == SYS_close) stops.fd = true;
            }
        } else if (WIFSTOPPED(st) && WSTOPSIG(st) != SIGTRAP) {
            sig = WSTOPSIG(st);
        }
        if (attached) ptrace(PTRACE_CONT, pid, 0, sig);
        else kill(pid, SIGCONT);
    }
}

// The seccomp result from what the child reported on its pipe and the stops seen.
void seccomp_result(Check &c, int rep, bool traced, const Stops &stops, bool timed_out) {
    c.fail(timed_out ? "the child's filters (timed out)" : "the child's filters (it ended first)", 0);
    Record rec;
    while (read(rep, &rec, sizeof rec) == sizeof rec) {
        if (rec.step == C_NO_NEW_PRIVS) c.fail("PR_SET_NO_NEW_PRIVS", rec.err);
        else if (rec.step == C_FILTER) c.fail("SECCOMP_SET_MODE_FILTER", rec.err);
        else if (rec.step == C_STACKED) c.fail("SECCOMP_SET_MODE_FILTER with TSYNC (a second filter)", rec.err);
        else if (rec.step == C_FILTERS) {
            // the filters are in; without ptrace no stop can be seen, which the ptrace result already says
            if (!traced || (stops.base && stops.fd)) c.pass();
            else c.fail(stops.base ? "the fd filter's stop (none came)" : "the seccomp stop (none came)", 0);
        }
    }
}

struct Results {
    Check ptrace, seccomp, pidfd, procfd, sockdiag, memory, procmem;
    int yama = -1;  // -1: no Yama
    bool timed_out = false;
};

void run_probe(Results &r) {
    if (FILE *f = fopen("/proc/sys/kernel/yama/ptrace_scope", "r")) {
        if (fscanf(f, "%d", &r.yama) != 1) r.yama = -1;
        fclose(f);
    }
    // a listening TCP socket (bound to any address: a new network namespace's lo may be down) that the child
    // inherits at the same fd number: the thing whose identity the tracer must find
    int sock = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in any;
    memset(&any, 0, sizeof any);
    any.sin_family = AF_INET;
    if (sock < 0 || bind(sock, (struct sockaddr *)&any, sizeof any) < 0 || listen(sock, 1) < 0) {
        int e = errno;
        r.pidfd.fail("a TCP socket to look at", e), r.procfd = r.sockdiag = r.pidfd;
        if (sock >= 0) close(sock), sock = -1;
    }
    ino_t ino = sock >= 0 ? inode_of(sock) : 0;
    int rep[2];
    if (pipe2(rep, O_CLOEXEC) < 0) return r.ptrace.fail("pipe", errno);
    pid_t parent = getpid();
    // a raw fork, as launch.cc does: this process is a copy of Node, whose atfork handlers must not run here
    pid_t pid = (pid_t)syscall(SYS_clone, SIGCHLD, 0, 0, 0, 0);
    if (pid < 0) return r.ptrace.fail("fork", errno);
    if (pid == 0) {
        close(rep[0]);
        child(rep[1], sock, parent);
    }
    close(rep[1]);
    int st = 0;
    if (wait_child(pid, &st) != pid || !WIFSTOPPED(st)) {
        r.timed_out = g_alarm;
        r.ptrace.fail(g_alarm ? "the child's stop (timed out)" : "the child's stop", 0);
        kill(pid, SIGKILL);
        waitpid(pid, &st, __WALL);
        close(rep[0]);
        return;
    }
    // a refused PTRACE_TRACEME was reported before the stop, so it is in the pipe now
    fcntl(rep[0], F_SETFL, O_NONBLOCK);
    Record rec;
    bool attached = true;  // the child is our tracee (a ptrace stop, resumed with PTRACE_CONT, not SIGCONT)
    if (read(rep[0], &rec, sizeof rec) == sizeof rec && rec.step == C_TRACEME) attached = false, r.ptrace.fail("PTRACE_TRACEME", rec.err);
    fcntl(rep[0], F_SETFL, 0);
    long opts = PTRACE_O_TRACESYSGOOD | PTRACE_O_TRACESECCOMP | PTRACE_O_TRACEFORK | PTRACE_O_TRACEVFORK |
                PTRACE_O_TRACECLONE | PTRACE_O_TRACEEXEC | PTRACE_O_EXITKILL;
    bool traced = false;  // and seccomp stops will be reported
    if (attached && ptrace(PTRACE_SETOPTIONS, pid, 0, opts) < 0) r.ptrace.fail("PTRACE_SETOPTIONS", errno);
    else if (attached) r.ptrace.pass(), traced = true;
    if (sock >= 0) {
        try_pidfd(r.pidfd, pid, sock, ino);
        try_proc_fd(r.procfd, pid, sock, ino);
        try_sock_diag(r.sockdiag, ino);
    }
    try_vm(r.memory, pid);
    try_proc_mem(r.procmem, pid);
    // resume the child: it installs its filters, then makes the two calls they stop
    bool resumed = attached ? ptrace(PTRACE_CONT, pid, 0, 0) == 0 : kill(pid, SIGCONT) == 0;
    if (!resumed) kill(pid, SIGKILL);
    Stops stops;
    if (!watch_child(pid, attached, stops)) r.timed_out = true;
    seccomp_result(r.seccomp, rep[0], traced, stops, r.timed_out);
    close(rep[0]);
    if (sock >= 0) close(sock);
}

void put(Json &j, const char *k, const Check &c) {
    j.key(k);
    j.open();
    j.key("ok");
    j.boolean(c.ok);
    if (c.step) j.kstr("step", c.step);
    if (c.err) j.kstr("errno", *errno_name(c.err) ? errno_name(c.err) : std::to_string(c.err));
    j.close();
}

[[noreturn]] void probe_main(int out) {
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    prctl(PR_SET_NAME, "socklab-probe");
    for (int s = 1; s < 65; s++)
        if (s != SIGKILL && s != SIGSTOP) signal(s, SIG_DFL);
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, nullptr);
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_alarm;  // no SA_RESTART: a waitpid or recv that would block returns EINTR
    sigaction(SIGALRM, &sa, nullptr);
    signal(SIGPIPE, SIG_IGN);
    alarm(5);
    Results r;
    run_probe(r);
    Json j;
    j.open();
    j.kv("yama", r.yama);
    put(j, "ptrace", r.ptrace);
    put(j, "seccomp", r.seccomp);
    put(j, "pidfd", r.pidfd);
    put(j, "procFd", r.procfd);
    put(j, "sockDiag", r.sockdiag);
    put(j, "memory", r.memory);
    put(j, "procMem", r.procmem);
    j.key("timedOut");
    j.boolean(r.timed_out);
    j.close();
    j.s += '\n';
    if (write(out, j.s.data(), j.s.size()) < 0) _exit(1);
    _exit(0);
}

}  // namespace

Napi::Value Probe(const Napi::CallbackInfo &info) {
    Napi::Env env = info.Env();
    int p[2];
    if (pipe2(p, O_CLOEXEC) < 0) throw Napi::Error::New(env, std::string("pipe: ") + strerror(errno));
    pid_t pid = fork();
    if (pid < 0) {
        close(p[0]);
        close(p[1]);
        throw Napi::Error::New(env, std::string("fork: ") + strerror(errno));
    }
    if (pid == 0) {
        if (p[1] != 3) dup2(p[1], 3);
        syscall(SYS_close_range, 4, ~0U, 0);  // only stdio and the result pipe (Node's fds are not ours)
        probe_main(3);
    }
    close(p[1]);
    Napi::Object r = Napi::Object::New(env);
    r.Set("pid", pid);
    r.Set("fd", p[0]);
    return r;
}
