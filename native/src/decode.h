// Decoding a syscall's arguments into JSON, given the registers saved at entry and the value at exit.
// Decoders never fail: what cannot be read becomes the pointer's address as a "0x..." string.
#pragma once
#include <sys/types.h>

#include <string>
#include <vector>

#include "json.h"
#include "syscalls.h"

struct Decoder {
    pid_t tid;
    const SyscallSpec *spec;
    const unsigned long *a;  // the six argument registers at entry
    long ret;                // return value (negative errno on failure)
    bool done;               // the call returned (out-parameters can be read)
    int payload;             // bytes of each buffer to keep

    bool ok() const { return done && ret >= 0; }
    void args(Json &j, const std::string *entry);
    void arg(Json &j, int i);
    // the parts
    void sockaddr(Json &j, unsigned long addr, long len);
    void buffer(Json &j, unsigned long addr, long len, long total);
    void iovec(Json &j, unsigned long addr, long cnt, long total);
    void msghdr(Json &j, unsigned long addr, bool in, long total);
    void mmsghdr(Json &j, unsigned long addr, long vlen, bool in);
    void cmsgs(Json &j, unsigned long addr, unsigned long len);
    void sockopt_value(Json &j, long level, long name, unsigned long addr, long len);
    void pollfds(Json &j, unsigned long addr, long n);
    void epoll_events(Json &j, unsigned long addr, long n);
    void timespec(Json &j, unsigned long addr, bool usec);
    void fdset(Json &j, unsigned long addr, long nfds);
};

// One control message of a msghdr, pointing into the buffer it was parsed from.
struct Cmsg {
    int level, type;
    const unsigned char *data;
    size_t len;
};
// The control messages in b[0..n), in order; a malformed length ends the list.
std::vector<Cmsg> parse_cmsgs(const unsigned char *b, size_t n);
// The fds carried by an SCM_RIGHTS message.
std::vector<int> cmsg_fds(const Cmsg &c);

// sockaddr bytes -> JSON object ({family, addr, port} / {family, path} / raw bytes)
void sockaddr_json(Json &j, const unsigned char *b, long len);
// a socket's protocol name given its family
std::string protocol_json(long family, long proto);
// "SOCK_STREAM|SOCK_CLOEXEC" as JSON
std::string socktype_json(long type);
