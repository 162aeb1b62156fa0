// Call sites. libc's wrappers have no frame pointers, so instead of unwinding we scan the stack upward from
// the stopped thread's stack pointer for the first word that is a return address into the main program's
// text: a value inside an executable mapping of the program file whose preceding bytes are a call
// instruction. That return address minus one lies in the user's call; the reader maps it to file:line
// once per address and tells the tracer (output.h). docs/ARCHITECTURE.md explains the limits.
#include <elf.h>
#include <fcntl.h>
#include <sys/ptrace.h>
#include <sys/user.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>

#include "mem.h"
#include "tracer.h"

// The ELF program headers map file offsets to addresses: addr = offset - p_offset + p_vaddr.
static bool segment_delta(const char *path, unsigned long file_off, long *vaddr_minus_off) {
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return false;
    Elf64_Ehdr eh;
    bool found = false;
    if (pread(fd, &eh, sizeof eh, 0) == sizeof eh && memcmp(eh.e_ident, ELFMAG, SELFMAG) == 0 &&
        eh.e_ident[EI_CLASS] == ELFCLASS64 && eh.e_phentsize == sizeof(Elf64_Phdr)) {
        for (int i = 0; i < eh.e_phnum && !found; i++) {
            Elf64_Phdr ph;
            if (pread(fd, &ph, sizeof ph, eh.e_phoff + i * sizeof ph) != sizeof ph) break;
            if (ph.p_type == PT_LOAD && file_off >= ph.p_offset && file_off < ph.p_offset + ph.p_filesz) {
                *vaddr_minus_off = (long)ph.p_vaddr - (long)ph.p_offset;
                found = true;
            }
        }
    }
    close(fd);
    return found;
}

void Tracer::load_text(Proc &p) {
    p.text.clear();
    p.call_ok.clear();
    if (p.exe_fd >= 0) close(p.exe_fd);
    p.exe_fd = -1;
    p.exe_id = -1;
    if (!opt.sites) return;
    char path[64], exe[4096];
    snprintf(path, sizeof path, "/proc/%d/exe", p.tgid);
    ssize_t n = readlink(path, exe, sizeof exe - 1);
    if (n <= 0) return;
    exe[n] = 0;
    snprintf(path, sizeof path, "/proc/%d/maps", p.tgid);
    FILE *f = fopen(path, "re");
    if (!f) return;
    char line[8192];
    while (fgets(line, sizeof line, f)) {
        unsigned long start, end, off;
        char perms[8];
        int name_at = 0;
        if (sscanf(line, "%lx-%lx %7s %lx %*s %*s %n", &start, &end, perms, &off, &name_at) < 4) continue;
        if (!name_at || perms[2] != 'x') continue;
        char *name = line + name_at;
        name[strcspn(name, "\n")] = 0;
        if (strcmp(name, exe) != 0) continue;
        long d;
        if (!segment_delta(exe, off, &d)) continue;
        if (p.exe_fd < 0) p.exe_fd = open(exe, O_RDONLY | O_CLOEXEC);
        // elf = (runtime - start + off) + d  =>  delta = start - off - d
        p.text.push_back({start, end, off, (long)(start - off) - d});
    }
    fclose(f);
    if (!p.text.empty()) p.exe_id = output.exe_id(exe);
}

static const TextRange *in_text(const Proc &p, unsigned long a) {
    for (const auto &r : p.text)
        if (a >= r.start && a < r.end) return &r;
    return nullptr;
}

// Do the bytes before a return address end with a call instruction? (E8 rel32; FF /2 through a register,
// rip-relative memory or a displaced base register, with or without a REX prefix.)
// The bytes come from the program file, not the tracee: it may be gone by now (events of the hot calls
// are formatted after the tracee was resumed).
static bool follows_call(const Proc &p, const TextRange &tr, unsigned long ret) {
    unsigned char b[8];
    long at = (long)(ret - tr.start + tr.off) - 8;
    if (p.exe_fd < 0 || at < 0 || pread(p.exe_fd, b, 8, at) != 8) return false;
    if (b[3] == 0xe8) return true;                                   // call rel32
    if (b[2] == 0xff && b[3] == 0x15) return true;                   // call *disp32(%rip)
    if (b[6] == 0xff && (b[7] & 0xf8) == 0xd0) return true;           // call *%reg
    if (b[5] == 0xff && (b[6] & 0xf8) == 0x50) return true;           // call *disp8(%reg)
    if (b[2] == 0xff && (b[3] & 0xf8) == 0x90) return true;           // call *disp32(%reg)
    if (b[5] == 0xff && b[6] == 0x14 && b[7] == 0x24) return false;  // (unusual) keep scanning
    return false;
}

unsigned long Tracer::find_site(Thread &t, const struct user_regs_struct &r) {
    Proc &p = *t.proc;
    if (p.text.empty()) return 0;
    // a raw syscall instruction in the program itself
    if (const TextRange *tr = in_text(p, r.rip)) return r.rip - 1 - tr->delta;
    // 512 bytes above the stack pointer (the copy made at the stop), then 4 KiB at a time: libc's wrappers
    // keep the return address within a few words, getaddrinfo() and friends call from 10 KiB deeper
    unsigned long words[512];
    unsigned long sp = r.rsp;
    size_t want = SITE_FIRST_READ;
    for (int chunk = 0; chunk < 9; chunk++) {
        ssize_t n = mem_read(t.tid, sp, words, want);
        if (n <= 0) return 0;
        for (size_t i = 0; i < (size_t)n / sizeof(long); i++) {
            unsigned long w = words[i];
            const TextRange *tr = in_text(p, w);
            if (!tr) continue;
            auto it = p.call_ok.find(w);
            bool ok = it != p.call_ok.end() ? it->second : (p.call_ok[w] = follows_call(p, *tr, w));
            if (ok) return w - 1 - tr->delta;
        }
        if ((size_t)n < want) return 0;  // the top of the stack
        sp += n;
        want = sizeof words;
    }
    return 0;
}

// Where a fault happened: the faulting instruction when it is in the program's own code, else the program's
// call into the library that faulted (strlen of a bad pointer), found on the stack as for a syscall.
unsigned long Tracer::fault_site(Thread &t) {
    struct user_regs_struct r;
    if (ptrace(PTRACE_GETREGS, t.tid, 0, &r) < 0) return 0;
    Proc &p = *t.proc;
    if (const TextRange *tr = in_text(p, r.rip)) return r.rip - tr->delta;
    r.rip = 0;  // not in the program: scan the stack only
    return find_site(t, r);
}
