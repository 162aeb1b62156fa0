// process_vm_readv needs the same permission as ptrace, which the tracer has; it fails with EFAULT on bad
// addresses instead of faulting, so a tracee's bad pointer can never crash the tracer. A seccomp profile
// may deny it all the same: then /proc/TID/mem (open to a tracer too) gives the same bytes, one pread per
// region, with the same short counts at the end of a mapping.
#include "mem.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/uio.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <unordered_map>

std::function<void(const char *, int)> mem_on_fallback;
static bool read_denied = false, write_denied = false;
static std::unordered_map<pid_t, int> mem_fds;  // tid -> its /proc/TID/mem, once the calls are denied

static bool denied(int e) { return e == EPERM || e == EACCES || e == ENOSYS; }

static int mem_fd(pid_t tid) {
    auto it = mem_fds.find(tid);
    if (it != mem_fds.end()) return it->second;
    char path[64];
    snprintf(path, sizeof path, "/proc/%d/mem", tid);
    int fd = open(path, O_RDWR | O_CLOEXEC);
    if (fd >= 0) mem_fds[tid] = fd;
    return fd;
}

void mem_forget(pid_t tid) {
    auto it = mem_fds.find(tid);
    if (it == mem_fds.end()) return;
    close(it->second);
    mem_fds.erase(it);
}

// One region after another, stopping at the first that comes up short, as process_vm_readv/writev do.
static ssize_t proc_mem(pid_t tid, const struct iovec *local, int n, const struct iovec *remote, bool write) {
    int fd = mem_fd(tid);
    if (fd < 0) return -1;
    ssize_t total = 0;
    for (int i = 0; i < n; i++) {
        off_t at = (off_t)(unsigned long)remote[i].iov_base;
        ssize_t r = write ? pwrite(fd, local[i].iov_base, local[i].iov_len, at)
                          : pread(fd, local[i].iov_base, local[i].iov_len, at);
        if (r < 0) return total ? total : -1;
        total += r;
        if ((size_t)r < local[i].iov_len) break;
    }
    return total;
}

static ssize_t vm_read(pid_t tid, const struct iovec *local, int n, const struct iovec *remote) {
    if (!read_denied) {
        ssize_t r = process_vm_readv(tid, local, n, remote, n, 0);
        if (r >= 0 || !denied(errno)) return r;
        read_denied = true;
        if (mem_on_fallback) mem_on_fallback("process_vm_readv", errno);
    }
    return proc_mem(tid, local, n, remote, false);
}

static ssize_t vm_write(pid_t tid, const struct iovec *local, const struct iovec *remote) {
    if (!write_denied) {
        ssize_t r = process_vm_writev(tid, local, 1, remote, 1, 0);
        if (r >= 0 || !denied(errno)) return r;
        write_denied = true;
        if (mem_on_fallback) mem_on_fallback("process_vm_writev", errno);
    }
    return proc_mem(tid, local, 1, remote, true);
}

static Prefetch pf;
static unsigned char pf_store[4][4096];

void prefetch_clear() { pf.tid = 0; pf.n = 0; }

void prefetch(pid_t tid, int n, const unsigned long *addr, const size_t *want) {
    struct iovec local[4], remote[4];
    int k = 0;
    for (int i = 0; i < n && i < 4; i++) {
        size_t w = want[i] > sizeof pf_store[i] ? sizeof pf_store[i] : want[i];
        if (!addr[i] || !w) continue;
        pf.addr[k] = addr[i];
        pf.buf[k] = pf_store[k];
        local[k] = {pf_store[k], w};
        remote[k] = {(void *)addr[i], w};
        pf.len[k] = w;
        k++;
    }
    pf.tid = 0;
    pf.n = 0;
    ssize_t got = k ? vm_read(tid, local, k, remote) : 0;
    if (got < 0) got = 0;
    // a fault stops the copy at an iovec boundary: the regions after it are read one by one, each as far
    // as it goes (a stack read may run past the top of the stack)
    size_t done = 0;
    for (int i = 0; i < k; i++) {
        if (done + pf.len[i] <= (size_t)got) {
            done += pf.len[i];
            continue;
        }
        ssize_t r = mem_read(tid, pf.addr[i], pf.buf[i], pf.len[i]);
        pf.len[i] = r > 0 ? (size_t)r : 0;
        done = (size_t)got + 1;  // nothing after this came from the batch
    }
    pf.tid = tid;
    pf.n = k;
}

static bool from_prefetch(pid_t tid, unsigned long addr, void *buf, size_t len, ssize_t *n) {
    if (pf.tid != tid) return false;
    for (int i = 0; i < pf.n; i++) {
        if (addr >= pf.addr[i] && addr + len <= pf.addr[i] + pf.len[i]) {
            memcpy(buf, pf.buf[i] + (addr - pf.addr[i]), len);
            *n = (ssize_t)len;
            return true;
        }
        if (addr == pf.addr[i] && pf.len[i] > 0) {  // a region that came up short: what there is
            memcpy(buf, pf.buf[i], pf.len[i]);
            *n = (ssize_t)pf.len[i];
            return true;
        }
    }
    return false;
}

ssize_t mem_read(pid_t tid, unsigned long addr, void *buf, size_t len) {
    if (len == 0) return 0;
    ssize_t got;
    if (from_prefetch(tid, addr, buf, len, &got)) return got;
    struct iovec local = {buf, len};
    struct iovec remote = {(void *)addr, len};
    ssize_t n = vm_read(tid, &local, 1, &remote);
    if (n >= 0) return n;
    // a range that crosses into an unmapped page fails whole: retry up to the page end
    unsigned long page_end = (addr | 4095) + 1;
    if (addr + len > page_end && page_end > addr) {
        size_t first = page_end - addr;
        remote.iov_len = local.iov_len = first;
        n = vm_read(tid, &local, 1, &remote);
        return n;
    }
    return -1;
}

bool mem_read_all(pid_t tid, unsigned long addr, void *buf, size_t len) {
    return mem_read(tid, addr, buf, len) == (ssize_t)len;
}

bool mem_write_all(pid_t tid, unsigned long addr, const void *buf, size_t len) {
    struct iovec local = {(void *)buf, len};
    struct iovec remote = {(void *)addr, len};
    return vm_write(tid, &local, &remote) == (ssize_t)len;
}

bool mem_read_str(pid_t tid, unsigned long addr, std::string &s, size_t max) {
    s.clear();
    char buf[256];
    while (s.size() < max) {
        size_t want = sizeof buf;
        // stay within a page so a string at the end of a mapping still reads
        size_t to_page = 4096 - (addr & 4095);
        if (want > to_page) want = to_page;
        ssize_t n = mem_read(tid, addr, buf, want);
        if (n <= 0) return !s.empty();
        void *z = memchr(buf, 0, n);
        if (z) {
            s.append(buf, (char *)z - buf);
            return true;
        }
        s.append(buf, n);
        addr += n;
    }
    return true;
}
