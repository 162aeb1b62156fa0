// The event loop: waitpid(-1) -> one stop -> dispatch by kind, as man 2 ptrace describes the stops.
// Safe only because this process's sole children are the tracees (launch.cc, addon.cc).
#include <sys/syscall.h>
#include "tracer.h"

#include <algorithm>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <sched.h>
#include <sys/ptrace.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>

#include "consts.h"
#include "mem.h"
#include "syscalls.h"

volatile sig_atomic_t g_stop_requested = 0;
volatile sig_atomic_t g_tick = 0;  // set by the 100 ms interval timer

uint64_t mono_ns() {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000ull + ts.tv_nsec;
}

uint64_t Tracer::now() { return mono_ns() - t0; }

void Tracer::resume(pid_t tid, int how, int sig) {
    // ESRCH: the thread died meanwhile (SIGKILL); its exit is reported by waitpid.
    ptrace((enum __ptrace_request)how, tid, 0, (void *)(long)sig);
}

// A limit was reached: say which (and, for memory, how much was in use and by which process), then end
// every tracee.
void Tracer::over_limit(const char *what, long value, pid_t pid, long used) {
    Json j;
    j.open();
    j.kstr("type", "limit");
    j.kstr("what", what);
    j.kv("value", value);
    if (pid > 0) j.kv("pid", pid);
    if (used > 0) j.kv("used", used);
    j.close();
    output.status(j);
    kill_all();
}

// One "Key:   N kB" field of a /proc/PID file, in kB; -1 when the file or the field cannot be read (the
// process is gone, or the kernel has no smaps_rollup).
static long proc_kb(pid_t pid, const char *file, const char *key) {
    char path[64], buf[4096];
    snprintf(path, sizeof path, "/proc/%d/%s", pid, file);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return -1;
    ssize_t n = read(fd, buf, sizeof buf - 1);
    close(fd);
    if (n <= 0) return -1;
    buf[n] = 0;
    const char *at = strstr(buf, key);
    return at ? strtol(at + strlen(key), nullptr, 10) : -1;
}

// The memory limit is on resident memory, not address space: a thread's stack and glibc's per-thread
// malloc arenas reserve far more than they use (docs/ARCHITECTURE.md, "Limits"). What counts is the
// proportional set size (Pss), so that pages a forked child still shares with its parent, and the C
// library's pages, count once across the tree rather than once per process.
//
// Pss costs a walk of each process's page tables (about 0.8 ms for a process with 64 MiB resident, so
// 80 ms for 100 forked children), and the tracer does nothing else meanwhile. So every 100 ms the cheap
// VmRSS of /proc/PID/status is summed first: Pss never exceeds it, so a tree under the limit in VmRSS is
// under it. Only above it are the Pss read, and then the next poll waits nine times as long as the reading
// took: the polls take at most a tenth of the tracer's time, however many processes share how much.
void Tracer::poll_memory() {
    if (!opt.limits.mem_bytes || stopping) return;
    uint64_t t = now();
    if (t - last_mem_poll < mem_poll_gap) return;
    last_mem_poll = t;
    mem_poll_gap = 100000000ull;
    long rss_kb = 0;
    for (auto &kv : procs) rss_kb += std::max(0L, proc_kb(kv.first, "status", "\nVmRSS:"));
    if (rss_kb * 1024 <= opt.limits.mem_bytes) return;
    long total_kb = 0, most_kb = -1;
    pid_t most = 0;
    for (auto &kv : procs) {
        long kb = proc_kb(kv.first, "smaps_rollup", "\nPss:");
        if (kb < 0) kb = std::max(0L, proc_kb(kv.first, "status", "\nVmRSS:"));
        total_kb += kb;
        if (kb > most_kb) most_kb = kb, most = kv.first;
    }
    mem_poll_gap = std::max(mem_poll_gap, 9 * (now() - t));
    if (total_kb * 1024 > opt.limits.mem_bytes) over_limit("mem", opt.limits.mem_bytes, most, total_kb * 1024);
}

extern void (*g_on_stop)();
static Tracer *g_self;
static void stop_now() {
    g_on_stop = nullptr;  // once is enough: the loop reaps them
    g_self->kill_all();
}

void Tracer::hook_stop() {
    g_self = this;
    g_on_stop = stop_now;
}

void Tracer::kill_all() {
    // calls still waiting get their call site now, while their stacks can be read: their events come after
    if (opt.sites && !stopping)
        for (auto &kv : threads)
            if (kv.second.state == T_IN_SYSCALL && !kv.second.announced) site_while_waiting(kv.second);
    stopping = true;
    // (never kill(0): that is this process's whole group, the caller included)
    for (auto &kv : threads) if (kv.first > 0) kill(kv.first, SIGKILL);
    for (auto &kv : early) if (kv.first > 0) kill(kv.first, SIGKILL);
}

void Tracer::loop() {
    mem_on_fallback = [this](const char *what, int err) { degraded(what, err, "/proc/PID/mem"); };
    while (!threads.empty() || !early.empty()) {
        int st = 0;
        // Events are written in batches: when 64 KiB are ready, on each 100 ms tick (so a program blocked
        // in accept() still shows its trace), and at the end. A write per event would wake the reader
        // for every syscall and double the cost of tracing.
        pid_t tid = waitpid(-1, &st, __WALL);
        if (tid < 0) {
            if (errno == ECHILD) break;
            if (errno != EINTR) continue;
            if (g_tick) {
                g_tick = 0;
                // site answers that came while every tracee was blocked release the events held for them
                if (output.waiting()) output.read_answers(false);
                flush();
                announce_blocked();
            }
            if (g_stop_requested && !stopping) kill_all();
            if (opt.limits.wall_ms && !stopping && now() / 1000000 > (uint64_t)opt.limits.wall_ms)
                over_limit("wall", opt.limits.wall_ms);
            poll_memory();
            continue;
        }
        if (WIFEXITED(st) || WIFSIGNALED(st)) on_exit(tid, st);
        else if (WIFSTOPPED(st)) on_stop(tid, st);
        if (output.waiting()) output.read_answers(false);
        poll_memory();  // also here: a tracee that stops all the time may never let waitpid be interrupted
    }
}

// The signals whose default action stops the process; with PTRACE_SEIZE a group-stop is reported as
// PTRACE_EVENT_STOP with one of them, any other PTRACE_EVENT_STOP carries SIGTRAP.
static bool stop_signal(int sig) { return sig == SIGSTOP || sig == SIGTSTP || sig == SIGTTIN || sig == SIGTTOU; }

void Tracer::on_stop(pid_t tid, int st) {
    int sig = WSTOPSIG(st), event = (unsigned)st >> 16;
    auto it = threads.find(tid);
    if (it == threads.end()) {
        // a new child can report its first stop before its parent's fork event: hold it until then
        early[tid] = sig;
        return;
    }
    Thread &t = it->second;
    if (!t.started) {
        // a seized tracee's new child first reports PTRACE_EVENT_STOP (with SIGTRAP, or with the stop
        // signal when its thread group is stopping)
        t.started = true;
        if (event == PTRACE_EVENT_STOP) {
            if (stopping) kill(tid, SIGKILL);
            return on_group_stop(t, sig);
        }
    }
    if (event == PTRACE_EVENT_SECCOMP) on_seccomp(t);
    else if (sig == (SIGTRAP | 0x80)) on_syscall_stop(t);
    else if (event == PTRACE_EVENT_STOP) on_group_stop(t, sig);
    else if (event) on_event(t, event);
    else on_signal(t, sig);
}

// PTRACE_EVENT_STOP: a group-stop (kill -STOP, Ctrl-Z) is kept with PTRACE_LISTEN, so the program stays
// stopped (state t) as it would untraced, and SIGCONT wakes it: the thread then stops once more with
// SIGTRAP and goes on. The signal itself was reported at its signal-delivery-stop.
void Tracer::on_group_stop(Thread &t, int sig) {
    if (stop_signal(sig)) return resume(t.tid, PTRACE_LISTEN);
    // a thread in the middle of our injected seccomp() (or of a call) must keep its syscall stops
    bool syscall_stops = t.state == T_IN_SYSCALL || t.state == T_INJECT_ENTER || t.state == T_INJECT_EXIT;
    resume(t.tid, syscall_stops ? PTRACE_SYSCALL : PTRACE_CONT);
}

void Tracer::on_event(Thread &t, int event) {
    unsigned long msg = 0;
    ptrace(PTRACE_GETEVENTMSG, t.tid, 0, &msg);
    switch (event) {
    case PTRACE_EVENT_FORK:
    case PTRACE_EVENT_VFORK:
    case PTRACE_EVENT_CLONE:
        adopt(t.tid, (pid_t)msg, event);
        break;
    case PTRACE_EVENT_EXEC:
        if ((pid_t)msg != t.tid) {
            // a non-leader thread exec'd: it now has the leader's tid and the old tid is gone
            auto old = threads.find((pid_t)msg);
            if (old != threads.end()) threads.erase(old);
            mem_forget((pid_t)msg);
        }
        on_exec(threads[t.tid]);
        // sockets to cover: stop again at execve's exit (stops.cc)
        if (t.state == T_EXEC_COVER) return resume(t.tid, PTRACE_SYSCALL);
        break;
    default:
        break;
    }
    resume(t.tid, PTRACE_CONT);
}

void Tracer::on_signal(Thread &t, int sig) {
    siginfo_t si;
    if (ptrace(PTRACE_GETSIGINFO, t.tid, 0, &si) < 0) {
        // no siginfo: the thread died meanwhile, or this is not a signal-delivery-stop; let it go on
        resume(t.tid, PTRACE_CONT);
        return;
    }
    if (t.state == T_INJECT_ENTER) {
        // the signal came before our injected seccomp() ran: undo it, retry at the next syscall exit
        ptrace(PTRACE_SETREGS, t.tid, 0, &t.saved);
        t.state = T_RUNNING;
    }
    if (t.quiet_signal) {
        // the signal that interrupted a call quietly (finish_syscall): ignored by the program, not reported
        t.quiet_signal = false;
        if (sig == SIGCHLD || sig == SIGURG || sig == SIGWINCH || sig == SIGCONT) return resume(t.tid, PTRACE_CONT, sig);
    }
    Json j;
    j.open();
    j.kstr("type", "signal");
    j.kv("pid", t.proc->tgid);
    j.kv("tid", t.tid);
    j.kv("ts", (long long)now());
    j.kraw("signal", const_json("signal", sig));
    // the sender for signals sent by a process, and the child for SIGCHLD
    if (si.si_code <= 0 || si.si_code == SI_USER || sig == SIGCHLD) j.kv("from", si.si_pid);
    // a fault the program made itself: the address it touched, and the line of the instruction (or of the
    // program's call into a library that faulted), found as call sites are
    bool fault = (sig == SIGSEGV || sig == SIGBUS || sig == SIGFPE || sig == SIGILL) && si.si_code > 0;
    SiteChain chain;
    if (fault) {
        char addr[32];
        snprintf(addr, sizeof addr, "0x%lx", (unsigned long)si.si_addr);
        j.kstr("addr", addr);
    }
    if ((fault || sig == SIGABRT) && opt.sites) fault_site(t, chain);
    if (chain.n && t.proc->exe_id >= 0) {
        emit_at(j, t.proc->exe_id, chain);
    } else {
        j.close();
        emit(j);
    }
    resume(t.tid, PTRACE_CONT, sig);
}

void Tracer::on_exit(pid_t tid, int st) {
    auto it = threads.find(tid);
    if (it == threads.end()) {
        early.erase(tid);
        return;
    }
    Thread &t = it->second;
    if (t.state == T_IN_SYSCALL) finish_syscall(t, 0, true);
    mem_forget(tid);
    Proc &p = *t.proc;
    // a process's exit (its leader is reaped last), or a thread's, which carries its tid
    if (!(tid == root && !root_execd)) {
        Json j;
        j.open();
        j.kstr("type", "exit");
        j.kv("pid", p.tgid);
        if (tid != p.tgid) j.kv("tid", tid);
        j.kv("ts", (long long)now());
        if (WIFEXITED(st)) {
            j.kv("code", WEXITSTATUS(st));
        } else {
            j.kraw("signal", const_json("signal", WTERMSIG(st)));
            if (WCOREDUMP(st)) j.kraw("core", "true");
        }
        j.close();
        emit(j);
    }
    if (tid == p.tgid) {
        if (p.pidfd >= 0) close(p.pidfd);
        if (p.exe_fd >= 0) close(p.exe_fd);
        procs.erase(p.tgid);
        live_procs--;
        if (tid == root) root_status = st;
    }
    threads.erase(it);
}

// A new process or thread: work out from the parent's clone flags what it shares.
void Tracer::adopt(pid_t parent_tid, pid_t child, int event) {
    Thread &parent = threads[parent_tid];
    struct user_regs_struct r;
    unsigned long flags = 0;
    if (ptrace(PTRACE_GETREGS, parent_tid, 0, &r) == 0) {
        if (r.orig_rax == SYS_clone) flags = r.rdi;
        else if (r.orig_rax == SYS_clone3) mem_read_all(parent_tid, r.rdi, &flags, 8);  // args->flags
        else if (r.orig_rax == SYS_vfork) flags = CLONE_VM | CLONE_VFORK;
    }
    bool thread = flags & CLONE_THREAD;
    Thread &t = threads[child];
    t.tid = child;
    t.state = T_RUNNING;
    if (thread) {
        t.proc = parent.proc;
    } else {
        auto p = std::make_shared<Proc>();
        p->tgid = child;
        p->fds = (flags & CLONE_FILES) ? parent.proc->fds : std::make_shared<FdTable>(*parent.proc->fds);
        p->covered = parent.proc->covered;  // seccomp filters are inherited
        p->text = parent.proc->text;
        p->calls = parent.proc->calls;
        p->funcs = parent.proc->funcs;
        p->exe_id = parent.proc->exe_id;
        p->exe_fd = parent.proc->exe_fd >= 0 ? fcntl(parent.proc->exe_fd, F_DUPFD_CLOEXEC, 0) : -1;
        procs[child] = p;
        t.proc = p;
        live_procs++;
    }
    Json j;
    j.open();
    j.kstr("type", "spawn");
    j.kv("pid", t.proc->tgid);
    j.kv("tid", child);
    j.kv("ts", (long long)now());
    j.kv("parent", parent.proc->tgid);
    j.kstr("how", event == PTRACE_EVENT_FORK ? "fork" : event == PTRACE_EVENT_VFORK ? "vfork" : "clone");
    j.key("thread");
    j.boolean(thread);
    j.close();
    emit(j);
    if (!thread && opt.limits.procs && live_procs > opt.limits.procs && !stopping) over_limit("procs", opt.limits.procs, child);
    auto held = early.find(child);
    if (held != early.end()) {
        int sig = held->second;
        early.erase(held);
        t.started = true;
        if (stopping) kill(child, SIGKILL);
        on_group_stop(t, sig);
    }
}

// The site of a call the thread is waiting in (it is not stopped: its stack is read as it is), kept for
// the call's event.
void Tracer::site_while_waiting(Thread &t) {
    struct user_regs_struct r;
    memset(&r, 0, sizeof r);
    r.rip = t.rip;
    r.rsp = t.sp;
    find_site(t, r, t.site, t.nr);
}

// Calls that have waited in the kernel for 200 ms (accept() with no client yet, say) get their call site
// then, kept for their event: a call still waiting when the run is stopped is reported with it, though the
// process is gone by then. With opt.blocked each is also told on the status pipe once, so an editor can show
// what the program is waiting in while it waits.
void Tracer::announce_blocked() {
    uint64_t t_now = now();
    for (auto &kv : threads) {
        Thread &t = kv.second;
        if (t.state != T_IN_SYSCALL || t.announced || t_now - t.t_enter < 200000000ull) continue;
        if (opt.sites) site_while_waiting(t);
        t.announced = true;
        const SiteChain &chain = t.site;
        if (!opt.blocked) continue;
        Json j;
        j.open();
        j.kstr("type", "blocked");
        j.kv("pid", t.proc->tgid);
        j.kv("tid", t.tid);
        j.kv("ts", (long long)t.t_enter);
        j.kstr("name", syscall_spec(t.nr)->name);
        if (chain.n && t.proc->exe_id >= 0) {
            j.kstr("path", output.exe_path(t.proc->exe_id));
            j.kv("pc", (long long)chain.pc[0]);
            j.key("pcs");
            j.open_array();
            for (int i = 0; i < chain.n; i++) j.unum(chain.pc[i]);
            j.close_array();
        }
        j.close();
        output.status(j);
    }
}
