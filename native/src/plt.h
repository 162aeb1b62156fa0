// The library function a call in the program goes to through the PLT or a GOT slot: the symbol the dynamic
// linker binds that slot to. A return address found on the stack is stale when the call before it went to a
// system call wrapper that cannot make the call being traced: a return from fcntl() left in a stack slot that
// libc's select() did not overwrite is not where pselect6 came from. sites.cc uses it.
#pragma once
#include <elf.h>

#include <memory>
#include <string>
#include <unordered_map>

// GOT slot (ELF address) -> the name of the symbol bound there (.rela.plt and .rela.dyn with .dynsym)
using GotNames = std::unordered_map<unsigned long, std::string>;
std::shared_ptr<const GotNames> read_got_names(int fd, const Elf64_Ehdr &eh);

// The GOT slot (ELF address) that the PLT stub whose first bytes are `code` (16 of them, at ELF address
// `addr`) jumps through: `jmp *disp(%rip)`, after an endbr64 and a bnd prefix or not; 0 if it is no stub.
unsigned long plt_slot(const unsigned char *code, unsigned long addr);

// The C library system-call wrapper called `name`, as an index into the wrappers known here; -1 if unknown.
int wrapper_of(const std::string &name);

// Whether `wrapper` (wrapper_of) makes only system calls other than `nr`. False for -1, or when `nr` is not a
// call any known wrapper makes (restart_syscall, say).
bool wrapper_cannot_make(int wrapper, long nr);
