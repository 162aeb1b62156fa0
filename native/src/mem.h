// Reading and writing a tracee's memory with process_vm_readv/writev (one syscall, any length), or with
// pread/pwrite on /proc/TID/mem where those are denied (a seccomp profile), detected once per run.
#pragma once
#include <sys/types.h>

#include <cstddef>
#include <functional>
#include <string>

// Told once when process_vm_readv or process_vm_writev is denied (name, errno): /proc/TID/mem is used instead.
extern std::function<void(const char *, int)> mem_on_fallback;
// A thread that exited or exec'd: its /proc/TID/mem (which stays with the old memory) is closed.
void mem_forget(pid_t tid);

// Bytes copied (may be short at the end of a mapping), or -1 when nothing could be read.
ssize_t mem_read(pid_t tid, unsigned long addr, void *buf, size_t len);
// True when all len bytes were read.
bool mem_read_all(pid_t tid, unsigned long addr, void *buf, size_t len);
bool mem_write_all(pid_t tid, unsigned long addr, const void *buf, size_t len);
// A NUL-terminated string of at most max bytes; false when unreadable.
bool mem_read_str(pid_t tid, unsigned long addr, std::string &s, size_t max);

// Memory read ahead of decoding: while regions are set for a tid, mem_read serves reads that fall inside
// them from this copy, so the tracee can be resumed before its event is formatted.
struct Prefetch {
    pid_t tid = 0;
    int n = 0;
    unsigned long addr[4];
    size_t len[4];      // bytes actually copied
    unsigned char *buf[4];
};
// Read up to four regions with one process_vm_readv (each region falls back to its own read on a fault).
void prefetch(pid_t tid, int n, const unsigned long *addr, const size_t *want);
void prefetch_clear();
