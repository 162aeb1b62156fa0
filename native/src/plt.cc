#include "plt.h"

#include <sys/syscall.h>
#include <unistd.h>

#include <cstring>
#include <vector>

std::shared_ptr<const GotNames> read_got_names(int fd, const Elf64_Ehdr &eh) {
    auto names = std::make_shared<GotNames>();
    if (eh.e_shentsize != sizeof(Elf64_Shdr) || eh.e_shnum == 0) return names;
    std::vector<Elf64_Shdr> sh(eh.e_shnum);
    size_t bytes = sh.size() * sizeof(Elf64_Shdr);
    if (pread(fd, sh.data(), bytes, eh.e_shoff) != (ssize_t)bytes) return names;
    auto read_section = [&](const Elf64_Shdr &h, std::vector<char> &out) {
        if (h.sh_size > (16u << 20)) return false;
        out.resize(h.sh_size);
        return pread(fd, out.data(), h.sh_size, h.sh_offset) == (ssize_t)h.sh_size;
    };
    for (const auto &rel : sh) {
        // relocations against the dynamic symbol table: JUMP_SLOT (the PLT's slots), GLOB_DAT (-fno-plt)
        if (rel.sh_type != SHT_RELA || rel.sh_entsize != sizeof(Elf64_Rela) || rel.sh_link >= sh.size()) continue;
        const Elf64_Shdr &symh = sh[rel.sh_link];
        if (symh.sh_type != SHT_DYNSYM || symh.sh_entsize != sizeof(Elf64_Sym) || symh.sh_link >= sh.size()) continue;
        std::vector<char> relas, syms, strs;
        if (!read_section(rel, relas) || !read_section(symh, syms) || !read_section(sh[symh.sh_link], strs)) continue;
        size_t nsyms = syms.size() / sizeof(Elf64_Sym);
        for (size_t i = 0; i + sizeof(Elf64_Rela) <= relas.size(); i += sizeof(Elf64_Rela)) {
            Elf64_Rela r;
            memcpy(&r, relas.data() + i, sizeof r);
            unsigned type = ELF64_R_TYPE(r.r_info);
            size_t s = ELF64_R_SYM(r.r_info);
            if ((type != R_X86_64_JUMP_SLOT && type != R_X86_64_GLOB_DAT) || s == 0 || s >= nsyms) continue;
            Elf64_Sym y;
            memcpy(&y, syms.data() + s * sizeof y, sizeof y);
            if (y.st_name >= strs.size()) continue;
            const char *name = strs.data() + y.st_name;
            (*names)[r.r_offset] = std::string(name, strnlen(name, strs.size() - y.st_name));
        }
    }
    return names;
}

unsigned long plt_slot(const unsigned char *code, unsigned long addr) {
    int i = 0;
    if (code[0] == 0xf3 && code[1] == 0x0f && code[2] == 0x1e && code[3] == 0xfa) i = 4;  // endbr64
    if (code[i] == 0xf2) i++;                                                             // bnd
    if (code[i] != 0xff || code[i + 1] != 0x25) return 0;                                 // jmp *disp32(%rip)
    int32_t disp;
    memcpy(&disp, code + i + 2, 4);
    return addr + i + 6 + disp;
}

namespace {
struct Wrapper {
    const char *name;
    long a, b = -1;  // the call it makes, and another it may make instead (SYS_read is 0: -1 is none)
};

// Wrappers that make one system call (or one of two, as the kernel or the C library version has it), with
// their names under _FORTIFY_SOURCE. Unknown names (printf, getaddrinfo, the program's own helpers) say nothing.
const Wrapper WRAPPERS[] = {
    {"socket", SYS_socket}, {"socketpair", SYS_socketpair}, {"bind", SYS_bind}, {"listen", SYS_listen},
    {"accept", SYS_accept, SYS_accept4}, {"accept4", SYS_accept4}, {"connect", SYS_connect},
    {"shutdown", SYS_shutdown}, {"setsockopt", SYS_setsockopt}, {"getsockopt", SYS_getsockopt},
    {"getsockname", SYS_getsockname}, {"getpeername", SYS_getpeername},
    {"send", SYS_sendto}, {"sendto", SYS_sendto}, {"sendmsg", SYS_sendmsg}, {"sendmmsg", SYS_sendmmsg},
    {"recv", SYS_recvfrom}, {"__recv_chk", SYS_recvfrom}, {"recvfrom", SYS_recvfrom},
    {"__recvfrom_chk", SYS_recvfrom}, {"recvmsg", SYS_recvmsg}, {"recvmmsg", SYS_recvmmsg},
    {"read", SYS_read}, {"__read_chk", SYS_read}, {"write", SYS_write}, {"readv", SYS_readv},
    {"writev", SYS_writev}, {"close", SYS_close}, {"fcntl", SYS_fcntl}, {"fcntl64", SYS_fcntl},
    {"ioctl", SYS_ioctl}, {"dup", SYS_dup}, {"dup2", SYS_dup2, SYS_dup3}, {"dup3", SYS_dup3},
    {"pipe", SYS_pipe, SYS_pipe2}, {"pipe2", SYS_pipe2},
    {"poll", SYS_poll, SYS_ppoll}, {"__poll_chk", SYS_poll, SYS_ppoll}, {"ppoll", SYS_ppoll},
    {"select", SYS_select, SYS_pselect6}, {"pselect", SYS_pselect6},
    {"epoll_create", SYS_epoll_create, SYS_epoll_create1}, {"epoll_create1", SYS_epoll_create1},
    {"epoll_ctl", SYS_epoll_ctl}, {"epoll_wait", SYS_epoll_wait, SYS_epoll_pwait},
    {"epoll_pwait", SYS_epoll_pwait},
};

bool makes(const Wrapper &w, long nr) { return nr >= 0 && (w.a == nr || w.b == nr); }
}  // namespace

int wrapper_of(const std::string &name) {
    for (size_t i = 0; i < sizeof WRAPPERS / sizeof WRAPPERS[0]; i++)
        if (name == WRAPPERS[i].name) return (int)i;
    return -1;
}

bool wrapper_cannot_make(int wrapper, long nr) {
    if (wrapper < 0) return false;
    bool known_call = false;
    for (const auto &w : WRAPPERS) known_call = known_call || makes(w, nr);
    return known_call && !makes(WRAPPERS[wrapper], nr);
}
