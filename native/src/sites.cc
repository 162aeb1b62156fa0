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
#include <map>
#include <memory>
#include <vector>

#include "mem.h"
#include "plt.h"
#include "tracer.h"

// The program's executable segments from its ELF program headers, and the load bias (runtime address minus
// ELF address) from what the kernel told the process at exec: AT_ENTRY is the entry point's runtime address.
// Linkers lay segments out differently (lld starts the text in the middle of a file page that is mapped twice,
// once readable and once executable), so neither a mapping's file offset nor its address alone tells which
// segment it is; the program headers and the bias do, whatever the linker.
struct ExecSegment {
    unsigned long vaddr, offset, filesz;
};

static bool read_segments(int fd, Elf64_Ehdr &eh, std::vector<ExecSegment> &exec, unsigned long *lowest) {
    if (pread(fd, &eh, sizeof eh, 0) != sizeof eh || memcmp(eh.e_ident, ELFMAG, SELFMAG) != 0 ||
        eh.e_ident[EI_CLASS] != ELFCLASS64 || eh.e_phentsize != sizeof(Elf64_Phdr))
        return false;
    *lowest = ~0ul;
    for (int i = 0; i < eh.e_phnum; i++) {
        Elf64_Phdr ph;
        if (pread(fd, &ph, sizeof ph, eh.e_phoff + i * sizeof ph) != sizeof ph) return false;
        if (ph.p_type != PT_LOAD) continue;
        if (ph.p_vaddr < *lowest) *lowest = ph.p_vaddr;
        if (ph.p_flags & PF_X) exec.push_back({ph.p_vaddr, ph.p_offset, ph.p_filesz});
    }
    return !exec.empty();
}

static bool auxv_entry(pid_t pid, unsigned long *entry) {
    char path[64];
    snprintf(path, sizeof path, "/proc/%d/auxv", pid);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return false;
    unsigned long v[2 * 64];
    ssize_t n = read(fd, v, sizeof v);
    close(fd);
    for (ssize_t i = 0; i + 1 < n / (ssize_t)sizeof(long); i += 2) {
        if (v[i] == AT_NULL) break;
        if (v[i] == AT_ENTRY) {
            *entry = v[i + 1];
            return true;
        }
    }
    return false;
}

// The program's functions from its symbol table (.symtab, else .dynsym), start -> end as ELF addresses.
static std::shared_ptr<const std::map<unsigned long, unsigned long>> read_funcs(int fd, const Elf64_Ehdr &eh) {
    auto funcs = std::make_shared<std::map<unsigned long, unsigned long>>();
    if (eh.e_shentsize != sizeof(Elf64_Shdr) || eh.e_shnum == 0) return funcs;
    std::vector<Elf64_Shdr> sh(eh.e_shnum);
    size_t bytes = sh.size() * sizeof(Elf64_Shdr);
    if (pread(fd, sh.data(), bytes, eh.e_shoff) != (ssize_t)bytes) return funcs;
    const Elf64_Shdr *tab = nullptr;
    for (const auto &h : sh)
        if (h.sh_type == SHT_SYMTAB || (h.sh_type == SHT_DYNSYM && !tab)) tab = &h;
    if (!tab || tab->sh_entsize != sizeof(Elf64_Sym) || tab->sh_size > (256u << 20)) return funcs;
    std::vector<Elf64_Sym> syms(tab->sh_size / sizeof(Elf64_Sym));
    bytes = syms.size() * sizeof(Elf64_Sym);
    if (pread(fd, syms.data(), bytes, tab->sh_offset) != (ssize_t)bytes) return funcs;
    for (const auto &y : syms)
        if (ELF64_ST_TYPE(y.st_info) == STT_FUNC && y.st_value && y.st_size) (*funcs)[y.st_value] = y.st_value + y.st_size;
    return funcs;
}

struct Mapping {
    unsigned long start, end, off;
    bool exec;
};

void Tracer::load_text(Proc &p) {
    p.text.clear();
    p.calls.clear();
    p.funcs.reset();
    p.got.reset();
    if (p.exe_fd >= 0) close(p.exe_fd);
    p.exe_fd = -1;
    p.exe_id = -1;
    if (!opt.sites) return;
    char path[64], exe[4096];
    snprintf(path, sizeof path, "/proc/%d/exe", p.tgid);
    ssize_t n = readlink(path, exe, sizeof exe - 1);
    if (n <= 0) return;
    exe[n] = 0;
    int fd = open(exe, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return;
    Elf64_Ehdr eh;
    std::vector<ExecSegment> segs;
    unsigned long lowest;
    if (!read_segments(fd, eh, segs, &lowest)) {
        close(fd);
        return;
    }
    // the program file's mappings, in address order
    std::vector<Mapping> maps;
    snprintf(path, sizeof path, "/proc/%d/maps", p.tgid);
    if (FILE *f = fopen(path, "re")) {
        char line[8192];
        while (fgets(line, sizeof line, f)) {
            unsigned long start, end, off;
            char perms[8];
            int name_at = 0;
            if (sscanf(line, "%lx-%lx %7s %lx %*s %*s %n", &start, &end, perms, &off, &name_at) < 4) continue;
            if (!name_at) continue;
            char *name = line + name_at;
            name[strcspn(name, "\n")] = 0;
            if (strcmp(name, exe) == 0) maps.push_back({start, end, off, perms[2] == 'x'});
        }
        fclose(f);
    }
    // a fixed-address program has no bias; otherwise the kernel's AT_ENTRY, else the first mapping of the
    // file, which holds the lowest segment's first page
    long bias = 0;
    unsigned long entry;
    unsigned long page = (unsigned long)sysconf(_SC_PAGESIZE);
    if (eh.e_type == ET_EXEC) bias = 0;
    else if (eh.e_entry && auxv_entry(p.tgid, &entry)) bias = (long)(entry - eh.e_entry);
    else if (!maps.empty()) bias = (long)(maps[0].start - (lowest & ~(page - 1)));
    else {
        close(fd);
        return;
    }
    // each executable segment's file-backed bytes, where an executable mapping of the file covers them
    for (const auto &s : segs) {
        unsigned long lo = s.vaddr + bias, hi = lo + s.filesz;
        for (const auto &m : maps) {
            if (!m.exec) continue;
            unsigned long a = lo > m.start ? lo : m.start, b = hi < m.end ? hi : m.end;
            if (a >= b) continue;
            p.text.push_back({a, b, s.offset + (a - lo), bias});
        }
    }
    if (p.text.empty()) {
        close(fd);
        return;
    }
    p.funcs = read_funcs(fd, eh);
    p.got = read_got_names(fd, eh);
    p.exe_fd = fd;
    p.exe_id = output.exe_id(exe);
}

static const TextRange *in_text(const Proc &p, unsigned long a) {
    for (const auto &r : p.text)
        if (a >= r.start && a < r.end) return &r;
    return nullptr;
}

static const unsigned long NO_CALL = ~0ul, CALL_INDIRECT = 0, CALL_OUT = 1;

// The system-call wrapper a GOT slot (ELF address) is bound to, -1 if none known.
static int wrapper_at(const Proc &p, unsigned long slot) {
    if (!p.got) return -1;
    auto it = p.got->find(slot);
    return it != p.got->end() ? wrapper_of(it->second) : -1;
}

// The wrapper a PLT stub at ELF address `stub` jumps to, -1 if it is no stub or names none known.
static int wrapper_of_stub(const Proc &p, unsigned long stub) {
    unsigned char code[16];
    if (!p.got || p.got->empty()) return -1;  // a static program: no PLT to read
    for (const auto &r : p.text) {
        unsigned long at = stub + r.delta;
        if (at < r.start || at + sizeof code > r.end) continue;
        if (pread(p.exe_fd, code, sizeof code, (long)(at - r.start + r.off)) != sizeof code) return -1;
        unsigned long slot = plt_slot(code, stub);
        return slot ? wrapper_at(p, slot) : -1;
    }
    return -1;
}

// The call instruction the bytes before a return address end with: E8 rel32 (its target, as an ELF address),
// FF /2 through rip-relative memory: a GOT slot, read from the tracee (the target, or CALL_OUT when it lies
// outside the program's text); through a register or a displaced base register, with or without a REX prefix
// (CALL_INDIRECT); NO_CALL if none. With it, the system-call wrapper a call through the PLT or a GOT slot goes to.
// The bytes come from the program file, not the tracee: it may be gone by now (events of the hot calls
// are formatted after the tracee was resumed).
static CallBefore call_before(pid_t tid, const Proc &p, const TextRange &tr, unsigned long ret) {
    unsigned char b[8];
    long at = (long)(ret - tr.start + tr.off) - 8;
    if (p.exe_fd < 0 || at < 0 || pread(p.exe_fd, b, 8, at) != 8) return {NO_CALL, -1};
    if (b[3] == 0xe8) {                                              // call rel32
        int32_t rel;
        memcpy(&rel, b + 4, 4);
        unsigned long target = ret + rel - tr.delta;
        return {target, wrapper_of_stub(p, target)};
    }
    if (b[2] == 0xff && b[3] == 0x15) {                              // call *disp32(%rip)
        int32_t disp;
        memcpy(&disp, b + 4, 4);
        int wrapper = wrapper_at(p, ret - tr.delta + disp);
        unsigned long target;
        if (mem_read(tid, ret + disp, &target, sizeof target) != sizeof target) return {CALL_INDIRECT, wrapper};
        const TextRange *to = in_text(p, target);
        return {to ? target - to->delta : CALL_OUT, wrapper};
    }
    if (b[6] == 0xff && (b[7] & 0xf8) == 0xd0) return {CALL_INDIRECT, -1};  // call *%reg
    if (b[5] == 0xff && (b[6] & 0xf8) == 0x50) return {CALL_INDIRECT, -1};  // call *disp8(%reg)
    if (b[2] == 0xff && (b[3] & 0xf8) == 0x90) return {CALL_INDIRECT, -1};  // call *disp32(%reg)
    return {NO_CALL, -1};
}

// The start of the function holding ELF address a, 0 if the symbol table does not say.
static unsigned long func_of(const Proc &p, unsigned long a) {
    if (!p.funcs) return 0;
    auto it = p.funcs->upper_bound(a);
    if (it == p.funcs->begin()) return 0;
    --it;
    return a < it->second ? it->first : 0;
}

// Fills chain with the return addresses into the program, innermost first, up to the first one already known
// to be a call site (output.h: the reader passes over library code linked into the program).
// A word on the stack that looks like a return address may be stale: left by a call that has returned, in a
// slot the frames of the current call did not overwrite (optimized library frames often leave slots as they
// were). A live one's direct call goes to the function of the live return address below it, and not out of
// the program (to a shared library, through the GOT or the PLT); those come first in the chain, the others
// after them, so a stale one is only the site when nothing live is. A call through a pointer cannot be checked.
// A return address whose call went to a system call wrapper that cannot make call `nr` (fcntl() for a
// pselect6) is stale whatever else it looks like.
void Tracer::find_site(Thread &t, const struct user_regs_struct &r, SiteChain &chain, long nr) {
    Proc &p = *t.proc;
    chain.n = 0;
    if (p.text.empty()) return;
    SiteChain stale;
    unsigned long inner = 0;  // the function of the last live return address
    bool done = false;
    auto add = [&](unsigned long pc, const CallBefore &call) {
        // a wrapper that cannot make this call, or a direct call to another function than the live one below
        bool live = !wrapper_cannot_make(call.wrapper, nr) &&
                    !(chain.n && inner && call.target != CALL_INDIRECT && call.target != inner);
        if (!live) {
            if (stale.n < SITE_CHAIN) stale.pc[stale.n++] = pc;
            return;
        }
        chain.pc[chain.n++] = pc;
        inner = func_of(p, pc);
        done = chain.n == SITE_CHAIN || output.settled(p.exe_id, pc);
    };
    // a raw syscall instruction in the program itself (or a libc linked into it)
    if (const TextRange *tr = in_text(p, r.rip)) add(r.rip - 1 - tr->delta, {CALL_INDIRECT, -1});
    // 512 bytes above the stack pointer (the copy made at the stop), then 4 KiB at a time: libc's wrappers
    // keep the return address within a few words, getaddrinfo() and friends call from 10 KiB deeper
    unsigned long words[512];
    unsigned long sp = r.rsp;
    size_t want = SITE_FIRST_READ;
    for (int chunk = 0; chunk < 9 && !done; chunk++) {
        ssize_t n = mem_read(t.tid, sp, words, want);
        if (n <= 0) break;
        for (size_t i = 0; i < (size_t)n / sizeof(long) && !done; i++) {
            unsigned long w = words[i];
            const TextRange *tr = in_text(p, w);
            if (!tr) continue;
            auto it = p.calls.find(w);
            const CallBefore call = it != p.calls.end() ? it->second : (p.calls[w] = call_before(t.tid, p, *tr, w));
            if (call.target != NO_CALL) add(w - 1 - tr->delta, call);
        }
        if ((size_t)n < want) break;  // the top of the stack
        sp += n;
        want = sizeof words;
    }
    for (int i = 0; i < stale.n && chain.n < SITE_CHAIN; i++) chain.pc[chain.n++] = stale.pc[i];
}

// Where a fault happened: the faulting instruction when it is in the program's own code, else the program's
// call into the library that faulted (strlen of a bad pointer), found on the stack as for a syscall.
void Tracer::fault_site(Thread &t, SiteChain &chain) {
    chain.n = 0;
    struct user_regs_struct r;
    if (ptrace(PTRACE_GETREGS, t.tid, 0, &r) < 0) return;
    // find_site takes rip as the end of a syscall instruction (its site is rip - 1); a fault's rip is the
    // faulting instruction itself, so it is passed one byte on; outside the program the stack is scanned
    if (in_text(*t.proc, r.rip)) r.rip += 1;
    else r.rip = 0;
    find_site(t, r, chain, -1);
}
