// Syscall entry (seccomp stop) and exit (syscall-exit-stop): decode, inject faults, emit the event, keep the
// fd tables, and cover new socket fds with a seccomp filter injected into the tracee.
#include <errno.h>
#include <signal.h>
#include <fcntl.h>
#include <linux/seccomp.h>
#include <sys/ptrace.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstddef>
#include <cstring>
#include <vector>

#include "consts.h"
#include "decode.h"
#include "mem.h"
#include "seccomp.h"
#include "syscalls.h"
#include "tracer.h"

static void regs_args(const struct user_regs_struct &r, unsigned long *a) {
    a[0] = r.rdi, a[1] = r.rsi, a[2] = r.rdx, a[3] = r.r10, a[4] = r.r8, a[5] = r.r9;
}

static void uncut_iovecs(Thread &t) {
    for (int k = 0; k < 2; k++) {
        if (t.cut_addr[k]) mem_write_all(t.tid, t.cut_addr[k], &t.cut_value[k], sizeof t.cut_value[k]);
        t.cut_addr[k] = 0;
    }
}

// writev and sendmsg carry their lengths in iovecs: a short-count fault shortens the iovec where the
// cut falls and the count of iovecs given to the kernel (writev's register, or the msghdr's msg_iovlen),
// and the iovec's length and msg_iovlen are put back at the call's exit, so that the program and the
// event see the program's own. True when the call asked for more than the cut.
static bool cut_iovecs(Thread &t, struct user_regs_struct &r) {
    unsigned long iov_at, cnt, cnt_at = 0;
    if (t.nr == SYS_writev) {
        iov_at = t.args[1], cnt = t.args[2];
    } else {
        struct msghdr m;
        if (!mem_read_all(t.tid, t.args[1], &m, sizeof m)) return false;
        iov_at = (unsigned long)m.msg_iov, cnt = m.msg_iovlen;
        cnt_at = t.args[1] + offsetof(struct msghdr, msg_iovlen);
    }
    if (!iov_at || cnt == 0 || cnt > 1024) return false;
    std::vector<struct iovec> v(cnt);
    if (!mem_read_all(t.tid, iov_at, v.data(), cnt * sizeof(struct iovec))) return false;
    unsigned long before = 0, cut = (unsigned long)t.inject_short;
    size_t i = 0;
    while (i < cnt && before + v[i].iov_len <= cut) before += v[i++].iov_len;
    if (i == cnt) return false;  // it asked for no more than the cut
    unsigned long len_at = iov_at + i * sizeof(struct iovec) + offsetof(struct iovec, iov_len);
    unsigned long keep = cut - before, n = i + 1;
    if (!mem_write_all(t.tid, len_at, &keep, sizeof keep)) return false;
    t.cut_addr[0] = len_at, t.cut_value[0] = v[i].iov_len;
    if (t.nr == SYS_writev) {
        r.rdx = n;
        ptrace(PTRACE_SETREGS, t.tid, 0, &r);
    } else if (mem_write_all(t.tid, cnt_at, &n, sizeof n)) {
        t.cut_addr[1] = cnt_at, t.cut_value[1] = cnt;
    } else {
        uncut_iovecs(t);  // the later iovecs would still go out: no cut at all rather than a wrong one
        return false;
    }
    return true;
}

bool Tracer::want_inject(Thread &t) {
    for (auto &in : opt.injects) {
        if (in.nr != t.nr) continue;
        long n = ++in.count;
        if (n < in.first || n > in.last || (n - in.first) % in.step) continue;
        if (in.error) t.inject_errno = in.error;
        else if (in.short_len >= 0) t.inject_short = in.short_len;
        return true;
    }
    return false;
}

void Tracer::on_seccomp(Thread &t) {
    struct user_regs_struct r;
    if (ptrace(PTRACE_GETREGS, t.tid, 0, &r) < 0) return;
    long nr = (long)r.orig_rax;
    // restart_syscall resuming the poll() this thread was in: reported as that call again, with its
    // arguments (the kernel keeps them in the thread's restart block)
    bool resumed = nr == SYS_restart_syscall && t.restart_nr >= 0 && r.rip == t.restart_rip;
    if (resumed) nr = t.restart_nr;
    t.restart_nr = -1;
    const SyscallSpec *spec = syscall_spec(nr);
    if (!spec) return resume(t.tid, (int)PTRACE_CONT);
    if (!resumed) regs_args(r, t.args);
    // the socket arg 0 names now (threads share fd tables, so close() checks it again at exit)
    auto known = t.proc->fds->socks.find((int)t.args[0]);
    t.fd_inode = known != t.proc->fds->socks.end() ? known->second : 0;
    if ((spec->flags & SF_ON_SOCKET) && !t.fd_inode)
        return resume(t.tid, (int)PTRACE_CONT);  // a covered fd number that is not a socket now
    t.nr = spec->nr;
    t.t_enter = now();
    if (t.quiet_enter && t.quiet_nr == t.nr) t.t_enter = t.quiet_enter;  // the call made again after a quiet interruption
    t.quiet_enter = 0;
    t.inject_errno = 0;
    t.inject_short = -1;
    t.site.n = 0;
    t.sp = r.rsp;
    t.rip = r.rip;
    t.announced = false;
    for (auto &s : t.entry_args) s.clear();
    read_entry_lens(t.tid, spec, t.args, t.entry_lens);  // the kernel overwrites them
    for (int i = 0; i < spec->nargs; i++) {
        if (spec->args[i].kind != K_OFFPTR) continue;  // the kernel advances *offset; show what was passed in
        Decoder d{t.tid, spec, t.args, 0, false, opt.payload};
        Json j;
        d.arg(j, i);
        t.entry_args[i] = j.s;
    }
    if (t.nr == SYS_select || t.nr == SYS_pselect6) {  // the kernel overwrites the sets
        Decoder d{t.tid, spec, t.args, 0, false, opt.payload};
        for (int i = 1; i <= 3; i++) {
            Json j;
            d.fdset(j, t.args[i], (int)t.args[0]);
            t.entry_args[i] = j.s;
        }
    }
    if (!opt.injects.empty() && !resumed && want_inject(t)) {
        if (t.inject_errno) {
            r.orig_rax = (unsigned long)-1;  // skip the call; the exit stop sets the error
            ptrace(PTRACE_SETREGS, t.tid, 0, &r);
        } else {
            int k = length_arg(syscall_spec(t.nr));
            unsigned long long *reg = k == 2 ? &r.rdx : nullptr;
            if (!reg && iovec_cut(syscall_spec(t.nr))) {
                if (!cut_iovecs(t, r)) t.inject_short = -1;
            } else if (reg && *reg > (unsigned long long)t.inject_short) {
                // the kernel sees the shorter length; the event keeps the program's own (args), so a
                // reader can tell that the call moved fewer bytes than the program asked for
                *reg = t.inject_short;
                ptrace(PTRACE_SETREGS, t.tid, 0, &r);
            } else {
                t.inject_short = -1;
            }
        }
    }
    t.state = T_IN_SYSCALL;
    resume(t.tid, (int)PTRACE_SYSCALL);
}

// Inject seccomp(SECCOMP_SET_MODE_FILTER, TSYNC, prog) at a syscall-exit stop: the instruction before rip
// is the `syscall` just finished, so pointing rip back at it with new registers runs our call next.
// at_syscall: where a `syscall` instruction is, normally the one just finished (rip - 2).
static bool setup_cover(Thread &t, const std::vector<int> &fds, unsigned long at_syscall) {
    std::vector<struct sock_filter> f = fd_filter(fds);
    struct user_regs_struct r = t.saved;
    size_t code = f.size() * sizeof(struct sock_filter);
    unsigned long at = (r.rsp - 1024 - code - 64) & ~15UL;  // well below the red zone
    struct sock_fprog prog = {(unsigned short)f.size(), (struct sock_filter *)(at + 32)};
    if (!mem_write_all(t.tid, at, &prog, sizeof prog)) return false;
    if (!mem_write_all(t.tid, at + 32, f.data(), code)) return false;
    r.rax = SYS_seccomp;
    r.orig_rax = SYS_seccomp;
    r.rdi = SECCOMP_SET_MODE_FILTER;
    r.rsi = SECCOMP_FILTER_FLAG_TSYNC;
    r.rdx = at;
    r.rip = at_syscall;
    return ptrace(PTRACE_SETREGS, t.tid, 0, &r) == 0;
}

// After exec no `syscall` instruction precedes rip (it is the new image's entry point); the vDSO has one
// (its clock_gettime fallback): the bytes 0f 05 anywhere in an executable mapping run as `syscall`.
static unsigned long syscall_in_vdso(pid_t pid) {
    char path[64], line[512];
    snprintf(path, sizeof path, "/proc/%d/maps", pid);
    FILE *f = fopen(path, "re");
    if (!f) return 0;
    unsigned long lo = 0, hi = 0;
    while (fgets(line, sizeof line, f))
        if (strstr(line, "[vdso]") && sscanf(line, "%lx-%lx", &lo, &hi) == 2) break;
        else lo = hi = 0;
    fclose(f);
    if (!lo || hi <= lo || hi - lo > (1 << 20)) return 0;
    std::vector<unsigned char> b(hi - lo);
    ssize_t n = mem_read(pid, lo, b.data(), b.size());
    for (ssize_t i = 0; i + 1 < n; i++)
        if (b[i] == 0x0f && b[i + 1] == 0x05) return lo + i;
    return 0;
}

// The kernel-internal results of a call interrupted by a signal (include/linux/errno.h), or nullptr.
static const char *restart_name(long ret) {
    switch (ret) {
    case -512: return "ERESTARTSYS";
    case -513: return "ERESTARTNOINTR";
    case -514: return "ERESTARTNOHAND";
    case -516: return "ERESTART_RESTARTBLOCK";
    default: return nullptr;
    }
}

void Tracer::on_syscall_stop(Thread &t) {
    struct user_regs_struct r;
    switch (t.state) {
    case T_IN_SYSCALL: {
        // One read for the stack (call site) and the buffers of the hot calls, made before PTRACE_GETREGS:
        // the first ptrace request waits for the tracee to be fully off its CPU, and the read needs only
        // what entry saw (the stack pointer is the same at exit, and a recv buffer is read up to its size).
        uncut_iovecs(t);  // before the stack (which may hold the iovecs) is copied for the event
        bool hot = t.nr == 0 || t.nr == 1 || t.nr == 44 || t.nr == 45;
        // the stack goes last: near the top of a stack its read can come up short
        unsigned long at[4] = {0, 0, 0, opt.sites ? t.sp : 0};
        size_t want[4] = {0, 0, 0, SITE_FIRST_READ};
        if (hot) {
            at[0] = t.args[1];
            want[0] = t.args[2] < (unsigned long)opt.payload ? t.args[2] : opt.payload;
            if (t.nr == SYS_sendto) at[1] = t.args[4], want[1] = t.args[5] < 128 ? t.args[5] : 128;
            if (t.nr == SYS_recvfrom) at[1] = t.args[4], want[1] = 128, at[2] = t.args[5], want[2] = 4;
        }
        prefetch(t.tid, 4, at, want);
        if (ptrace(PTRACE_GETREGS, t.tid, 0, &r) < 0) return prefetch_clear();
        long ret = (long)r.rax;
        if (t.inject_errno) {
            r.rax = (unsigned long)(long)-t.inject_errno;
            ptrace(PTRACE_SETREGS, t.tid, 0, &r);
            ret = -t.inject_errno;
        }
        // for the hot calls the tracee goes on at once and the event is formatted from the copy meanwhile
        // the call site first: when it is deeper than the copy, the scan reads on while still stopped
        if (opt.sites) find_site(t, r, t.site, t.nr);
        // (not for an interrupted call: whether its signal is one the program ignores is read from
        // /proc while the thread is still stopped, before it takes the signal)
        bool early = hot && t.pending_cover.empty() && !restart_name(ret);
        if (early) {
            t.state = T_RUNNING;
            resume(t.tid, (int)PTRACE_CONT);
        }
        finish_syscall(t, ret, false);
        prefetch_clear();
        if (early) return;
        t.state = T_RUNNING;
        if (!t.pending_cover.empty()) {
            t.saved = r;
            if (setup_cover(t, t.pending_cover, r.rip - 2)) {
                t.state = T_INJECT_ENTER;
                return resume(t.tid, (int)PTRACE_SYSCALL);
            }
            t.pending_cover.clear();
        }
        return resume(t.tid, (int)PTRACE_CONT);
    }
    case T_EXEC_COVER: {  // execve's exit: cover the sockets the new image starts with (on_exec)
        t.state = T_RUNNING;
        unsigned long at = ptrace(PTRACE_GETREGS, t.tid, 0, &r) == 0 ? syscall_in_vdso(t.proc->tgid) : 0;
        if (at) {
            t.saved = r;
            if (setup_cover(t, t.pending_cover, at)) {
                t.state = T_INJECT_ENTER;
                return resume(t.tid, (int)PTRACE_SYSCALL);
            }
        }
        if (getenv("SOCKLAB_DEBUG")) fprintf(stderr, "cannot cover the sockets %d started with\n", t.tid);
        t.pending_cover.clear();
        return resume(t.tid, (int)PTRACE_CONT);
    }
    case T_INJECT_ENTER:
        t.state = T_INJECT_EXIT;
        return resume(t.tid, (int)PTRACE_SYSCALL);
    case T_INJECT_EXIT:
        if (ptrace(PTRACE_GETREGS, t.tid, 0, &r) == 0 && r.rax == 0)
            for (int fd : t.pending_cover) t.proc->covered.insert(fd);
        else if (getenv("SOCKLAB_DEBUG")) fprintf(stderr, "cover failed in %d: %lld\n", t.tid, (long long)r.rax);
        t.pending_cover.clear();
        ptrace(PTRACE_SETREGS, t.tid, 0, &t.saved);
        t.state = T_RUNNING;
        return resume(t.tid, (int)PTRACE_CONT);
    default:
        return resume(t.tid, (int)PTRACE_CONT);
    }
}

static void sock_json(Json &j, Sock &s) {
    if (!s.json.empty()) return j.raw(s.json);
    Json c;
    c.open();
    c.kv("inode", (long long)s.inode);
    if (s.family >= 0) c.kraw("family", const_json("family", s.family));
    if (s.type >= 0) c.kraw("type", socktype_json(s.type));
    if (!s.local.empty()) c.kraw("local", s.local);
    if (!s.peer.empty()) c.kraw("peer", s.peer);
    c.close();
    s.json = c.s;
    j.raw(s.json);
}

// Signals the program ignores (SIG_IGN, or no handler and a default action of ignore): a traced thread still
// gets them queued, for the tracer to see, so its blocking call is interrupted and restarted, which the
// program untraced would never go through. True when such signals, and only such, are pending now.
static bool only_ignored_pending(pid_t tid) {
    char path[64], buf[4096];
    snprintf(path, sizeof path, "/proc/%d/status", tid);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return false;
    ssize_t n = read(fd, buf, sizeof buf - 1);
    close(fd);
    if (n <= 0) return false;
    buf[n] = 0;
    auto mask = [&](const char *key) -> unsigned long long {
        const char *at = strstr(buf, key);
        return at ? strtoull(at + strlen(key), nullptr, 16) : 0;
    };
    unsigned long long pending = mask("\nSigPnd:") | mask("\nShdPnd:"), ign = mask("\nSigIgn:"), caught = mask("\nSigCgt:");
    auto bit = [](int sig) { return 1ull << (sig - 1); };
    unsigned long long dflt_ignore = bit(SIGCHLD) | bit(SIGURG) | bit(SIGWINCH);
    unsigned long long ignored = ign | (dflt_ignore & ~caught);
    return pending && (pending & ~ignored) == 0;
}

void Tracer::finish_syscall(Thread &t, long ret, bool unfinished) {
    const SyscallSpec *spec = syscall_spec(t.nr);
    if (!unfinished && restart_name(ret) && !t.inject_errno && only_ignored_pending(t.tid)) {
        if (ret == -516) t.restart_nr = t.nr, t.restart_rip = t.rip;
        t.quiet_enter = t.t_enter;
        t.quiet_nr = t.nr;
        t.quiet_signal = true;
        t.nr = -1;
        return;
    }
    Proc &p = *t.proc;
    Decoder d{t.tid, spec, t.args, ret, !unfinished, opt.payload};
    d.in_lens = &t.entry_lens;
    if (t.fd_inode) d.sock_family = socks[t.fd_inode].family;
    Json j;
    j.open();
    j.kstr("type", "syscall");
    j.kv("seq", ++seq);
    j.kv("pid", p.tgid);
    j.kv("tid", t.tid);
    j.kv("ts", (long long)t.t_enter);
    j.kv("dur", unfinished ? 0 : (long long)(now() - t.t_enter));
    j.key("name");
    j.str(spec->name);
    j.key("args");
    d.args(j, t.entry_args);
    if (unfinished) {
        j.key("ret");
        j.null();
        j.kraw("unfinished", "true");
    } else if (restart_name(ret)) {
        // interrupted by a signal: the program never sees this value; it sees the call restarted (a new
        // entry, so a new event) or EINTR, which the kernel decides after the signal-delivery-stop
        j.key("ret");
        j.null();
        j.kstr("restart", restart_name(ret));
        if (ret == -516) t.restart_nr = t.nr, t.restart_rip = t.rip;
    } else if (ret < 0 && ret >= -4095) {
        j.kv("ret", -1);
        const char *e = errno_name((int)-ret);
        if (*e) j.kstr("errno", e);
        else j.kv("errno", -ret);
    } else {
        j.kv("ret", ret);
    }
    if ((t.nr == SYS_select || t.nr == SYS_pselect6) && d.ok()) {
        j.key("ready");
        j.open();
        static const char *names[] = {"", "readfds", "writefds", "exceptfds"};
        for (int i = 1; i <= 3; i++) {
            if (!t.args[i]) continue;
            j.key(names[i]);
            d.fdset(j, t.args[i], (int)t.args[0]);
        }
        j.close();
    }
    int fa = fd_arg(spec);
    uint64_t inode = 0;
    if (fa >= 0) {
        auto it = p.fds->socks.find((int)t.args[fa]);
        if (it != p.fds->socks.end()) inode = it->second;
        else if (!unfinished && !(spec->flags & SF_ON_SOCKET) && t.nr != SYS_dup && t.nr != SYS_dup2 && t.nr != SYS_dup3) {
            Sock *s = learn_socket(p, (int)t.args[fa]);  // an fd we had not seen (inherited)
            if (s) inode = s->inode;
        }
    }
    if (!unfinished) track_fds(t, ret);
    if (inode) {
        j.key("sock");
        sock_json(j, socks[inode]);
    }
    if ((spec->flags & SF_NEW_FD) && ret >= 0 && !unfinished) {
        auto it = p.fds->socks.find((int)ret);
        if (it != p.fds->socks.end() && it->second != inode) {
            j.key(fa >= 0 ? "newsock" : "sock");
            sock_json(j, socks[it->second]);
        }
    }
    if (t.inject_errno) j.kstr("injected", std::string("error=") + errno_name(t.inject_errno));
    else if (t.inject_short >= 0) j.kstr("injected", "short=" + std::to_string(t.inject_short));
    if (t.site.n && p.exe_id >= 0) {
        emit_at(j, p.exe_id, t.site);
    } else {
        j.close();
        emit(j);
    }
    t.nr = -1;
}
