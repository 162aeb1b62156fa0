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
    // value-result lengths as the program gave them at entry (entry_lens below), or null
    const std::vector<int> *in_lens = nullptr;
    int sock_family = -1;    // family of the socket arg 0 names, -1 when not a known socket

    bool ok() const { return done && ret >= 0; }
    void args(Json &j, const std::string *entry);
    void arg(Json &j, int i);
    // the parts
    void sockaddr(Json &j, unsigned long addr, long len);
    // an address the kernel filled: in = the buffer's size given, out = the length the kernel returned
    void sockaddr_out(Json &j, unsigned long addr, long in, long out);
    long in_len(size_t i) const { return in_lens && i < in_lens->size() ? (*in_lens)[i] : -1; }
    void buffer(Json &j, unsigned long addr, long len, long total);
    void iovec(Json &j, unsigned long addr, long cnt, long total);
    void msghdr(Json &j, unsigned long addr, bool in, long total, long namelen_in = -1);
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

// The value-result lengths the kernel overwrites, read at entry: *addrlen / *optlen of the calls that take
// a socklen_t *, recvmsg's msg_namelen, and each message's msg_namelen for recvmmsg (-1: unreadable).
void read_entry_lens(pid_t tid, const SyscallSpec *spec, const unsigned long *a, std::vector<int> &out);
// A value-result length: the number when the kernel left it as given, else {"in":N,"out":M}.
void len_in_out(Json &j, long in, long out);

// sockaddr bytes -> JSON object ({family, addr, port} / {family, path} / raw bytes)
void sockaddr_json(Json &j, const unsigned char *b, long len);
// a socket's protocol name given its family
std::string protocol_json(long family, long proto);
// "SOCK_STREAM|SOCK_CLOEXEC" as JSON
std::string socktype_json(long type);
