// What the tracer knows about its tracees: threads, processes (fd tables, mappings) and sockets.
#pragma once
#include <sys/types.h>
#include <sys/user.h>

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "site_chain.h"

// A socket, shared by every fd (in any process) that refers to it; keyed by its inode.
struct Sock {
    uint64_t inode = 0;
    int family = -1, type = -1;
    int protocol = 0;          // as the creating call gave it (which sock_diag table to ask, without pidfd_getfd)
    std::string local, peer;   // JSON of the addresses, "" when not known yet
    bool io_refreshed = false; // addresses re-read after its first send/recv
    std::string json;          // cached "sock" value; cleared when anything above changes
};

// What the call that made a socket says about it, for when its fd cannot be copied (no pidfd_getfd).
struct SockHint {
    int family = -1, type = -1, protocol = 0;
    bool fresh = false;  // socket()/socketpair(): unbound, so its names are the family's empty ones
    bool pair = false;   // socketpair(): connected to an unnamed peer
};

struct FdTable {
    std::unordered_map<int, uint64_t> socks;  // fd -> socket inode
    std::unordered_set<int> cloexec;          // socket fds closed by exec
};

// Executable text of the main program, to map return addresses to ELF addresses for call sites.
struct TextRange {
    unsigned long start, end;
    unsigned long off;  // file offset of start
    long delta;         // elf address = runtime address - delta
};

// The call instruction before a return address: `target` is NO_CALL, CALL_INDIRECT, CALL_OUT or the ELF
// address a direct call goes to; `wrapper` the system-call wrapper it calls through the PLT or GOT (plt.h
// wrapper_of), -1 for none known.
struct CallBefore {
    unsigned long target;
    int wrapper;
};

struct Proc {
    pid_t tgid = 0;
    std::shared_ptr<FdTable> fds;
    std::unordered_set<int> covered;  // fd numbers that a seccomp filter already stops on
    std::vector<TextRange> text;
    int exe_fd = -1;  // the program file, to read code bytes even after the process is gone
    int exe_id = -1;  // the program, for call-site answers (Output::exe_id)
    // return address -> the call before it (sites.cc call_before)
    std::unordered_map<unsigned long, CallBefore> calls;
    // the program's functions (ELF symbol table): start -> end, to tell a live return address from a stale one
    std::shared_ptr<const std::map<unsigned long, unsigned long>> funcs;
    // GOT slot -> the library function bound there (plt.h)
    std::shared_ptr<const std::unordered_map<unsigned long, std::string>> got;
    int pidfd = -1;
};

enum ThreadState {
    T_NEW,          // waiting for its first stop (PTRACE_EVENT_STOP)
    T_RUNNING,      // resumed with PTRACE_CONT
    T_IN_SYSCALL,   // stopped at a seccomp entry and resumed to its exit
    T_INJECT_ENTER, // running a seccomp() call we injected, expecting its entry stop
    T_INJECT_EXIT,  // expecting its exit stop
    T_EXEC_COVER,   // exec'd with sockets to cover: expecting execve's exit stop
};

struct Thread {
    pid_t tid = 0;
    std::shared_ptr<Proc> proc;
    ThreadState state = T_NEW;
    bool started = false;       // first stop seen
    // the syscall in progress
    long nr = -1;
    unsigned long args[6] = {0};
    uint64_t t_enter = 0;
    unsigned long sp = 0;       // stack pointer at entry (the same at exit)
    unsigned long rip = 0;      // instruction pointer at entry
    bool announced = false;     // this call was reported as blocked
    uint64_t fd_inode = 0;      // the socket arg 0 referred to at entry (threads share fd tables)
    SiteChain site;             // call site candidates (ELF addresses in the executable)
    int inject_errno = 0;       // fail this call with this errno
    long inject_short = -1;     // the length given to the kernel was cut to this
    // a short writev/sendmsg is cut in the tracee's iovecs (and msghdr): what to put back at the call's exit
    unsigned long cut_addr[2] = {0, 0};
    unsigned long cut_value[2] = {0, 0};
    std::string entry_args[6];  // args only readable at entry (select's input sets), as JSON
    // a call that ended in ERESTART_RESTARTBLOCK, which the kernel resumes with restart_syscall from the
    // same instruction (rip); args still hold its arguments
    long restart_nr = -1;
    unsigned long restart_rip = 0;
    // a call interrupted only because a signal the program ignores was queued for the tracer (untraced, the
    // kernel would have discarded it and the call would have gone on): its entry time, for the call made
    // again, and that signal's stop is not reported either
    uint64_t quiet_enter = 0;
    long quiet_nr = -1;
    bool quiet_signal = false;
    std::vector<int> entry_lens;  // value-result lengths as given at entry (read_entry_lens)
    // a seccomp() we inject runs with these registers saved
    struct user_regs_struct saved;
    std::vector<int> pending_cover;  // fds to cover once the current call's exit is handled
};
