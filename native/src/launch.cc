// Starting the program under ptrace, and the tracer's output. The child waits until the tracer has seized it
// (PTRACE_SEIZE, so that group-stops can be told apart and kept: see tracer.cc), installs the base seccomp
// filter and execs; anything that fails before exec is reported through a close-on-exec pipe so the tracer
// can say which step failed and why.
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <vector>

#include "consts.h"
#include "pty.h"
#include "seccomp.h"
#include "tracer.h"

enum Stage { ST_CHDIR = 1, ST_PTRACE, ST_SECCOMP, ST_EXEC, ST_LIMITS, ST_TERMINAL };
struct Failure {
    int stage, err;
};

[[noreturn]] static void fail(int fd, int stage, int err) {
    Failure f = {stage, err};
    if (write(fd, &f, sizeof f) < 0) _exit(127);
    _exit(127);
}

static const long AS_GUARD = 16L << 30;

static void set_limit(int fd, int res, long v) {
    if (v <= 0) return;
    struct rlimit rl = {(rlim_t)v, (rlim_t)v};
    if (res == RLIMIT_CPU) rl.rlim_max = v + 1;  // SIGXCPU first, SIGKILL a second later
    if (setrlimit(res, &rl) < 0) fail(fd, ST_LIMITS, errno);
}

static void child(const Options &o, char **argv, char **envp, int report, int go) {
    // nothing runs before the tracer has seized this process: it closes its end of `go` then
    char b;
    while (read(go, &b, 1) < 0 && errno == EINTR) {
    }
    close(go);
    // the program gets default signal dispositions and an empty mask, whatever its parent had
    for (int s = 1; s < 65; s++)
        if (s != SIGKILL && s != SIGSTOP) signal(s, SIG_DFL);
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, nullptr);
    // nothing of the tracer's fds beyond stdio reaches the program
    syscall(SYS_close_range, 3, ~0U, 4 /* CLOSE_RANGE_CLOEXEC */);
    // Node marks its stdio close-on-exec; the program must keep them
    for (int fd = 0; fd < 3; fd++) fcntl(fd, F_SETFD, 0);
    // a terminal of its own, as a shell would give it: Ctrl-C, Ctrl-Z and SIGWINCH reach its process group
    if (o.terminal) {
        int err = take_terminal();
        if (err) fail(report, ST_TERMINAL, err);
    }
    if (!o.cwd.empty() && chdir(o.cwd.c_str()) < 0) fail(report, ST_CHDIR, errno);
    set_limit(report, RLIMIT_CPU, o.limits.cpu_s);
    // The memory limit is resident memory, polled by the tracer (tracer.cc poll_memory). Address space is
    // capped only as a guard against a runaway between two polls, far above what threads reserve.
    if (o.limits.mem_bytes) set_limit(report, RLIMIT_AS, std::max(AS_GUARD, 4 * o.limits.mem_bytes));
    set_limit(report, RLIMIT_FSIZE, o.limits.file_bytes);
    set_limit(report, RLIMIT_CORE, o.limits.cpu_s ? 1 : 0);
    int err = install_base_filter();
    if (err) fail(report, ST_SECCOMP, err);
    if (o.env.empty()) execvp(argv[0], argv);
    else execvpe(argv[0], argv, envp);
    fail(report, ST_EXEC, errno);
}

void Tracer::emit_error(const char *reason, int err, const char *detail) {
    Json j;
    j.open();
    j.kstr("type", "error");
    j.kstr("reason", reason);
    if (err) j.kstr("errno", *errno_name(err) ? errno_name(err) : std::to_string(err));
    if (detail) j.kstr("detail", detail);
    j.close();
    output.status(j);
}

// Why the child ended before exec, from the report pipe; false if it did exec.
static bool read_failure(int fd, Failure &f) {
    return fd >= 0 && read(fd, &f, sizeof f) == sizeof f;
}

static const char *stage_reason(int stage, int err) {
    switch (stage) {
    case ST_CHDIR: return "chdirFailed";
    case ST_PTRACE: return "ptraceDenied";
    case ST_SECCOMP: return "seccompUnavailable";
    case ST_LIMITS: return "limitsFailed";
    case ST_TERMINAL: return "terminalFailed";
    default: return err == ENOENT ? "notFound" : "notExecutable";
    }
}

pid_t Tracer::launch() {
    int p[2], go[2];
    if (pipe2(p, O_CLOEXEC) < 0) return -1;
    if (pipe2(go, O_CLOEXEC) < 0) {
        close(p[0]);
        close(p[1]);
        return -1;
    }
    std::vector<char *> argv, envp;
    for (auto &a : opt.argv) argv.push_back((char *)a.c_str());
    argv.push_back(nullptr);
    for (auto &e : opt.env) envp.push_back((char *)e.c_str());
    envp.push_back(nullptr);
    // A raw fork: this process is a copy of Node, whose pthread_atfork handlers would reopen their own
    // fds in the child over ours. This process has one thread, so glibc's fork bookkeeping is not needed.
    pid_t pid = (pid_t)syscall(SYS_clone, SIGCHLD, 0, 0, 0, 0);
    if (pid < 0) return -1;
    if (pid == 0) {
        close(p[0]);
        close(go[1]);
        child(opt, argv.data(), envp.data(), p[1], go[0]);
    }
    close(p[1]);
    close(go[0]);
    status_pipe = p[0];
    // PTRACE_SEIZE rather than PTRACE_TRACEME: only a seized tracee reports group-stops as
    // PTRACE_EVENT_STOP and can be left stopped with PTRACE_LISTEN (kill -STOP, Ctrl-Z). The child is
    // blocked reading `go` meanwhile, so it cannot have failed or exited yet.
    long options = PTRACE_O_TRACESYSGOOD | PTRACE_O_TRACESECCOMP | PTRACE_O_TRACEFORK | PTRACE_O_TRACEVFORK |
                   PTRACE_O_TRACECLONE | PTRACE_O_TRACEEXEC | PTRACE_O_EXITKILL;
    if (ptrace(PTRACE_SEIZE, pid, 0, (void *)options) < 0) {
        emit_error("ptraceDenied", errno, "PTRACE_SEIZE");
        kill(pid, SIGKILL);  // before it sees EOF on `go` and runs untraced
        close(go[1]);
        int st;
        while (waitpid(pid, &st, __WALL) < 0 && errno == EINTR) {
        }
        close(status_pipe);
        status_pipe = -1;
        return -1;
    }
    auto proc = std::make_shared<Proc>();
    proc->tgid = pid;
    proc->fds = std::make_shared<FdTable>();
    procs[pid] = proc;
    Thread &t = threads[pid];
    t.tid = pid;
    t.proc = proc;
    t.started = true;
    t.state = T_RUNNING;
    live_procs = 1;
    close(go[1]);  // EOF: the child goes on, traced
    if (opt.terminal) {
        // only the program holds the slave now: when it is gone the master reads EIO (end of output)
        int null = open("/dev/null", O_RDWR | O_CLOEXEC);
        for (int fd = 0; fd < 3 && null >= 0; fd++) dup2(null, fd);
        if (null > 2) close(null);
    }
    return pid;
}

int Tracer::run() {
    output.event_fd = opt.event_fd;
    output.status_fd = opt.status_fd;
    output.control_fd = opt.control_fd;
    t0 = mono_ns();
    {
        // the trace's clock: every event's ts counts from this CLOCK_MONOTONIC instant, which lets the caller put
        // its own moments (a grader's pause) on the same clock
        Json j;
        j.open();
        j.kstr("type", "clock");
        j.kv("t0", (long long)t0);
        j.close();
        output.status(j);
    }
    hook_stop();
    root = launch();
    if (root > 0) loop();
    // the root may have failed before exec (after its SIGSTOP): say why
    Failure f = {0, 0};
    bool failed = read_failure(status_pipe, f);
    if (failed) emit_error(stage_reason(f.stage, f.err), f.err, opt.argv[0].c_str());
    int code;
    if (root_status < 0) code = 127;
    else if (WIFEXITED(root_status)) code = WEXITSTATUS(root_status);
    else code = 128 + WTERMSIG(root_status);
    if (failed) code = 127;
    // every event out before the end is told: the reader may still be answering call-site questions
    while (output.waiting()) output.read_answers(true);
    flush();
    Json j;
    j.open();
    j.kstr("type", "done");
    j.kv("code", code);
    if (root_status >= 0 && WIFSIGNALED(root_status) && !failed) j.kraw("signal", const_json("signal", WTERMSIG(root_status)));
    j.kv("ts", (long long)now());
    j.close();
    output.status(j);
    return code;
}

void Tracer::emit(Json &j) {
    output.event(j);
    if (output.full()) flush();
}

void Tracer::emit_at(Json &j, int exe, const SiteChain &chain) {
    output.event_at(j, exe, chain);
    if (output.full()) flush();
}

// the reader is gone: nobody will see the trace, so end the program
void Tracer::flush() {
    if (!output.flush() && !stopping) kill_all();
}
