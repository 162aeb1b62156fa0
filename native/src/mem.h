// Reading and writing a tracee's memory with process_vm_readv/writev (one syscall, any length).
#pragma once
#include <sys/types.h>

#include <cstddef>
#include <string>

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
