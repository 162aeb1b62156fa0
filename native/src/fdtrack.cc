// Keeping each process's fd table true after a call returns: new sockets (socket, accept, socketpair,
// dup*, F_DUPFD, SCM_RIGHTS), closes, close-on-exec, and the addresses learned by bind/connect/listen.
#include <sys/syscall.h>
#include <dirent.h>
#include <fcntl.h>
#include <unistd.h>

#include <cstdio>
#include <sys/socket.h>

#include <cstdlib>
#include <cstring>
#include <unordered_map>

#include "decode.h"
#include "mem.h"
#include "tracer.h"

#define CLOSE_RANGE_CLOEXEC_FLAG 4

static void mark_cloexec(FdTable &t, int fd, bool on) {
    if (on) t.cloexec.insert(fd);
    else t.cloexec.erase(fd);
}

// fds passed with SCM_RIGHTS in a received msghdr
static std::vector<int> received_fds(pid_t tid, unsigned long msg_addr) {
    std::vector<int> fds;
    struct msghdr m;
    if (!mem_read_all(tid, msg_addr, &m, sizeof m) || !m.msg_control || m.msg_controllen > 65536) return fds;
    std::vector<unsigned char> b(m.msg_controllen);
    if (!mem_read_all(tid, (unsigned long)m.msg_control, b.data(), b.size())) return fds;
    for (const Cmsg &c : parse_cmsgs(b.data(), b.size()))
        if (c.level == SOL_SOCKET && c.type == SCM_RIGHTS)
            for (int fd : cmsg_fds(c)) fds.push_back(fd);
    return fds;
}

void Tracer::track_fds(Thread &t, long ret) {
    Proc &p = *t.proc;
    FdTable &ft = *p.fds;
    const unsigned long *a = t.args;
    std::vector<int> fresh;
    if (ret < 0) {
        if (t.nr == SYS_connect && ret == -EINPROGRESS) {
            if (Sock *s = sock_of(p, (int)a[0])) refresh_addrs(p, (int)a[0], *s);
        }
        return;
    }
    auto dup_to = [&](int oldfd, int newfd, bool cloexec) {
        auto it = ft.socks.find(oldfd);
        if (it == ft.socks.end()) return drop_fd(p, newfd);
        ft.socks[newfd] = it->second;
        mark_cloexec(ft, newfd, cloexec);
        fresh.push_back(newfd);
    };
    switch (t.nr) {
    case SYS_socket:
    case SYS_accept:
    case SYS_accept4: {
        // what the call says the socket is, for when its fd cannot be copied: socket()'s arguments, or
        // the listener an accepted socket comes from
        SockHint h;
        if (t.nr == SYS_socket) h.family = (int)a[0], h.type = (int)a[1] & 0xf, h.protocol = (int)a[2], h.fresh = true;
        else if (Sock *l = sock_of(p, (int)a[0])) h.family = l->family, h.type = l->type, h.protocol = l->protocol;
        if (learn_socket(p, (int)ret, &h)) {
            int flags = t.nr == SYS_socket ? (int)a[1] : t.nr == SYS_accept4 ? (int)a[3] : 0;
            mark_cloexec(ft, (int)ret, flags & SOCK_CLOEXEC);
            fresh.push_back((int)ret);
        }
        break;
    }
    case SYS_socketpair: {
        int sv[2];
        SockHint h;
        h.family = (int)a[0], h.type = (int)a[1] & 0xf, h.protocol = (int)a[2], h.fresh = h.pair = true;
        if (mem_read_all(t.tid, a[3], sv, sizeof sv))
            for (int fd : sv)
                if (learn_socket(p, fd, &h)) {
                    mark_cloexec(ft, fd, (int)a[1] & SOCK_CLOEXEC);
                    fresh.push_back(fd);
                }
        break;
    }
    case SYS_dup: dup_to((int)a[0], (int)ret, false); break;
    case SYS_dup2: if ((int)a[0] != (int)a[1]) dup_to((int)a[0], (int)a[1], false); break;
    case SYS_dup3: dup_to((int)a[0], (int)a[1], a[2] & O_CLOEXEC); break;
    case SYS_fcntl:
        if (a[1] == F_DUPFD || a[1] == F_DUPFD_CLOEXEC) dup_to((int)a[0], (int)ret, a[1] == F_DUPFD_CLOEXEC);
        else if (a[1] == F_SETFD) mark_cloexec(ft, (int)a[0], a[2] & FD_CLOEXEC);
        break;
    case SYS_close: {  // unless another thread already reused the number for a new socket meanwhile
        auto it = ft.socks.find((int)a[0]);
        if (it != ft.socks.end() && it->second == t.fd_inode) drop_fd(p, (int)a[0]);
        break;
    }
    case SYS_close_range: {
        std::vector<int> gone;
        for (auto &kv : ft.socks)
            if ((unsigned)kv.first >= (unsigned)a[0] && (unsigned)kv.first <= (unsigned)a[1]) gone.push_back(kv.first);
        for (int fd : gone) {
            if (a[2] & CLOSE_RANGE_CLOEXEC_FLAG) mark_cloexec(ft, fd, true);
            else drop_fd(p, fd);
        }
        break;
    }
    case SYS_recvmsg:
        for (int fd : received_fds(t.tid, a[1]))
            if (learn_socket(p, fd)) fresh.push_back(fd);
        break;
    case SYS_bind: case SYS_listen: case SYS_connect:  // the kernel now knows the addresses
        if (Sock *s = sock_of(p, (int)a[0])) refresh_addrs(p, (int)a[0], *s, &t);
        break;
    case SYS_sendto: case SYS_recvfrom: case SYS_sendmsg: case SYS_read: case SYS_write: case SYS_readv:
    case SYS_writev: case SYS_recvmmsg: case SYS_sendmmsg:
        // the first transfer can bind an ephemeral port (UDP) or follow a non-blocking connect
        if (Sock *s = sock_of(p, (int)a[0]))
            if (!s->io_refreshed) {
                s->io_refreshed = true;
                refresh_addrs(p, (int)a[0], *s);
            }
        break;
    default:
        break;
    }
    for (int fd : fresh)
        if (!p.covered.count(fd)) t.pending_cover.push_back(fd);
    if (t.pending_cover.size() > 200) t.pending_cover.resize(200);
}

// The fds of a process that are sockets now, with their inodes, from /proc/PID/fd.
static std::unordered_map<int, uint64_t> socket_fds(pid_t pid) {
    std::unordered_map<int, uint64_t> out;
    char dir[64], link[64], target[64];
    snprintf(dir, sizeof dir, "/proc/%d/fd", pid);
    DIR *d = opendir(dir);
    if (!d) return out;
    while (struct dirent *e = readdir(d)) {
        if (e->d_name[0] < '0' || e->d_name[0] > '9') continue;
        snprintf(link, sizeof link, "%s/%s", dir, e->d_name);
        ssize_t n = readlink(link, target, sizeof target - 1);
        if (n <= 0) continue;
        target[n] = 0;
        unsigned long long ino;
        if (sscanf(target, "socket:[%llu]", &ino) == 1) out[atoi(e->d_name)] = ino;
    }
    closedir(d);
    return out;
}

// After exec (the program's start included) the fd table is read from the kernel: sockets the program was
// started with (inetd style, `prog <&sock`, systemd socket activation) or that an untraced path passed on
// are learned, and those not yet covered by an fd filter get one before the new image runs (stops.cc).
void Tracer::learn_open_sockets(Thread &t) {
    Proc &p = *t.proc;
    auto now = socket_fds(p.tgid);
    std::vector<int> gone;
    for (auto &kv : p.fds->socks)
        if (!now.count(kv.first)) gone.push_back(kv.first);
    for (int fd : gone) drop_fd(p, fd);
    for (auto &kv : now) {
        auto it = p.fds->socks.find(kv.first);
        if ((it == p.fds->socks.end() || it->second != kv.second) && !learn_socket(p, kv.first)) continue;
        if (!p.covered.count(kv.first)) t.pending_cover.push_back(kv.first);
    }
    if (t.pending_cover.size() > 200) t.pending_cover.resize(200);
}

void Tracer::on_exec(Thread &t) {
    Proc &p = *t.proc;
    if (p.tgid == root) root_execd = true;
    mem_forget(t.tid);  // an open /proc/TID/mem keeps the memory from before the exec
    // exec closes close-on-exec fds and unshares an fd table shared with CLONE_FILES
    auto fresh = std::make_shared<FdTable>(*p.fds);
    for (int fd : p.fds->cloexec) fresh->socks.erase(fd);
    fresh->cloexec.clear();
    p.fds = fresh;
    t.state = T_RUNNING;
    t.nr = -1;
    t.pending_cover.clear();
    learn_open_sockets(t);
    // the filter goes in at execve's own exit, before the program's first instruction
    if (!t.pending_cover.empty()) t.state = T_EXEC_COVER;
    load_text(p);
    char path[64], exe[4096];
    snprintf(path, sizeof path, "/proc/%d/exe", p.tgid);
    ssize_t n = readlink(path, exe, sizeof exe - 1);
    exe[n > 0 ? n : 0] = 0;
    Json j;
    j.open();
    j.kstr("type", "exec");
    j.kv("pid", p.tgid);
    j.kv("ts", (long long)now());
    j.kstr("path", exe);
    j.key("argv");
    j.open_array();
    snprintf(path, sizeof path, "/proc/%d/cmdline", p.tgid);
    FILE *f = fopen(path, "re");
    if (f) {
        std::string all;
        char buf[4096];
        size_t k;
        while ((k = fread(buf, 1, sizeof buf, f)) > 0 && all.size() < (1 << 20)) all.append(buf, k);
        fclose(f);
        size_t start = 0;
        for (size_t i = 0; i < all.size(); i++)
            if (all[i] == 0) {
                j.str(all.data() + start, i - start);
                start = i + 1;
            }
    }
    j.close_array();
    j.close();
    emit(j);
}
