// The tracer: runs in a process of its own whose only children are the tracees (see docs/ARCHITECTURE.md),
// follows every process and thread, and writes one JSON line per event to its output fd.
#pragma once
#include <sys/types.h>

#include <map>
#include <memory>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "json.h"
#include "output.h"
#include "state.h"

struct Inject {
    int nr = -1;
    int error = 0;        // errno to fail with, or 0
    long short_len = -1;  // cut the length to this many bytes, or -1
    long first = 1, last = 1L << 62, step = 1;  // which calls (1-based) of this syscall
    long count = 0;       // calls seen so far
};

struct Limits {
    long wall_ms = 0;       // 0: none
    long cpu_s = 0;
    long mem_bytes = 0;     // resident memory of the whole tree (polled), not address space
    long procs = 0;         // most live processes at once
    long file_bytes = 0;
};

struct Options {
    std::vector<std::string> argv, env;
    std::string cwd;
    int payload = 256;
    bool sites = true;
    bool blocked = false;   // tell the status pipe about calls that have been waiting a while
    bool terminal = false;  // stdio is a pty's slave: the program gets it as its controlling terminal
    std::vector<Inject> injects;
    Limits limits;
    int event_fd = -1;      // where the events go (JSON lines)
    int status_fd = -1;     // records about the run, call-site questions
    int control_fd = -1;    // call-site answers
};

class Tracer {
  public:
    explicit Tracer(const Options &o) : opt(o) {}
    // Fork the program, trace it to the end; returns the exit status for the tracer process.
    int run();
    // SIGKILL to every tracee (Stop, a limit, the reader gone); their exits are then reaped by the loop.
    void kill_all();
    // Lets a write blocked on a slow reader still act on Stop (output.cc's write loop calls kill_all).
    void hook_stop();

  private:
    Options opt;
    std::unordered_map<pid_t, Thread> threads;
    std::unordered_map<pid_t, std::shared_ptr<Proc>> procs;
    std::unordered_map<uint64_t, Sock> socks;
    std::map<pid_t, int> early;  // new tids that stopped before their parent's fork/clone event came: their stop signal
    pid_t root = 0;
    int root_status = -1;
    bool root_execd = false;  // the program itself started (a failed exec has no exit event)
    long seq = 0;
    long live_procs = 0;
    uint64_t t0 = 0;
    uint64_t last_mem_poll = 0, mem_poll_gap = 100000000ull;  // tracer.cc poll_memory
    Output output;
    bool stopping = false;
    int status_pipe = -1;  // reports the child's failure before exec
    bool getfd_denied = false;  // pidfd_getfd (or pidfd_open) failed for want of permission: fall back for the run
    bool diag_failed = false;   // sock_diag could not be used either
    std::set<std::string> degraded_told;

    // loop
    pid_t launch();
    void loop();
    void on_stop(pid_t tid, int status);
    void on_exit(pid_t tid, int status);
    void on_seccomp(Thread &t);
    void on_syscall_stop(Thread &t);
    void on_event(Thread &t, int event);
    void on_signal(Thread &t, int sig);
    void on_group_stop(Thread &t, int sig);
    void on_exec(Thread &t);
    void adopt(pid_t parent, pid_t child, int event);
    void start_thread(pid_t tid);
    void resume(pid_t tid, int how, int sig = 0);
    void over_limit(const char *what, long value, pid_t pid = 0, long used = 0);
    void poll_memory();
    // syscalls
    void finish_syscall(Thread &t, long ret, bool unfinished);
    void track_fds(Thread &t, long ret);
    void cover(Thread &t, const std::vector<int> &fds);
    bool want_inject(Thread &t);
    // sockets
    Sock *sock_of(Proc &p, int fd);
    Sock *learn_socket(Proc &p, int fd, const SockHint *hint = nullptr);
    void refresh_addrs(Proc &p, int fd, Sock &s, const Thread *t = nullptr);
    int grab(Proc &p, int fd);
    Sock *learn_without_fd(Proc &p, int fd, const SockHint *hint);
    void diag_names(Proc &p, Sock &s, const Thread *t);
    // a capability the tracer lacks and what it uses instead, told once per run on the status pipe
    void degraded(const char *what, int err, const char *instead);
    void drop_fd(Proc &p, int fd);
    void learn_open_sockets(Thread &t);
    // call sites
    void load_text(Proc &p);
    void find_site(Thread &t, const struct user_regs_struct &r, SiteChain &chain, long nr);  // nr: the call, -1 for a fault
    void fault_site(Thread &t, SiteChain &chain);
    // output
    uint64_t now();
    void emit(Json &j);
    void emit_at(Json &j, int exe, const SiteChain &chain);  // a syscall event, its site added
    void flush();
    void emit_error(const char *reason, int err, const char *detail);
    void announce_blocked();
    void site_while_waiting(Thread &t);
};

uint64_t mono_ns();

// Bytes of stack read at each exit stop for the call site: a libc wrapper's return address is within them.
const size_t SITE_FIRST_READ = 512;
