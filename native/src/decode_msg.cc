// struct msghdr, struct mmsghdr, iovecs and control messages (SCM_RIGHTS, SCM_CREDENTIALS).
#include <sys/socket.h>
#include <sys/uio.h>

#include <cstring>
#include <vector>

#include "consts.h"
#include "decode.h"
#include "mem.h"

// total < 0: every iovec's full length was offered (sent); else the kernel filled total bytes in order.
void Decoder::iovec(Json &j, unsigned long addr, long cnt, long total) {
    if (!addr) return j.null();
    if (cnt < 0 || cnt > 1024) return j.ptr(addr);
    std::vector<struct iovec> v(cnt);
    if (cnt && !mem_read_all(tid, addr, v.data(), cnt * sizeof(struct iovec))) return j.ptr(addr);
    long left = total, budget = payload;
    j.open_array();
    for (auto &io : v) {
        long len = (long)io.iov_len;
        if (total >= 0) {
            len = len < left ? len : left;
            left -= len;
        }
        long keep = len < budget ? len : budget;
        budget -= keep;
        Decoder sub = *this;
        sub.payload = (int)keep;
        sub.buffer(j, (unsigned long)io.iov_base, keep, len);
    }
    j.close_array();
}

std::vector<Cmsg> parse_cmsgs(const unsigned char *b, size_t n) {
    std::vector<Cmsg> out;
    size_t off = 0;
    while (off + sizeof(struct cmsghdr) <= n) {
        struct cmsghdr h;
        memcpy(&h, b + off, sizeof h);
        if (h.cmsg_len < sizeof h || off + h.cmsg_len > n) break;
        out.push_back({h.cmsg_level, h.cmsg_type, b + off + CMSG_LEN(0), h.cmsg_len - CMSG_LEN(0)});
        off += CMSG_ALIGN(h.cmsg_len);
    }
    return out;
}

std::vector<int> cmsg_fds(const Cmsg &c) {
    std::vector<int> fds(c.len / sizeof(int));
    if (!fds.empty()) memcpy(fds.data(), c.data, fds.size() * sizeof(int));
    return fds;
}

void Decoder::cmsgs(Json &j, unsigned long addr, unsigned long len) {
    if (!addr || len == 0) return j.null();
    if (len > 65536) return j.ptr(addr);
    std::vector<unsigned char> b(len);
    ssize_t n = mem_read(tid, addr, b.data(), len);
    if (n <= 0) return j.ptr(addr);
    j.open_array();
    for (const Cmsg &c : parse_cmsgs(b.data(), (size_t)n)) {
        j.open();
        j.kraw("cmsg_level", const_json("level", c.level));
        j.kraw("cmsg_type", c.level == SOL_SOCKET ? const_json("scm", c.type) : std::to_string(c.type));
        if (c.level == SOL_SOCKET && c.type == SCM_RIGHTS) {
            j.key("fds");
            j.open_array();
            for (int fd : cmsg_fds(c)) j.num(fd);
            j.close_array();
        } else if (c.level == SOL_SOCKET && c.type == SCM_CREDENTIALS && c.len >= 12) {
            int cred[3];
            memcpy(cred, c.data, sizeof cred);
            j.kv("pid", cred[0]);
            j.kv("uid", cred[1]);
            j.kv("gid", cred[2]);
        } else {
            j.key("data");
            j.hex(c.data, c.len);
        }
        j.close();
    }
    j.close_array();
}

// in: the kernel filled it (recvmsg): name, iov and flags are read only when the call succeeded.
// namelen_in: msg_namelen as given at entry (the kernel overwrites it with the source's length).
void Decoder::msghdr(Json &j, unsigned long addr, bool in, long total, long namelen_in) {
    if (!addr) return j.null();
    struct msghdr m;
    if (!mem_read_all(tid, addr, &m, sizeof m)) return j.ptr(addr);
    bool filled = !in || ok();
    j.open();
    j.key("msg_name");
    if (!m.msg_name) j.null();
    else if (in && filled) sockaddr_out(j, (unsigned long)m.msg_name, namelen_in, m.msg_namelen);
    else if (filled) sockaddr(j, (unsigned long)m.msg_name, m.msg_namelen);
    else j.ptr((unsigned long)m.msg_name);
    if (in && filled && m.msg_name && namelen_in >= 0 && namelen_in != (long)m.msg_namelen) {
        j.key("msg_namelen");
        len_in_out(j, namelen_in, m.msg_namelen);
    }
    j.key("msg_iov");
    if (in && !ok() && !m.msg_iov) j.null();
    else if (in && !ok()) j.ptr((unsigned long)m.msg_iov);
    else iovec(j, (unsigned long)m.msg_iov, (long)m.msg_iovlen, in ? total : -1);
    j.key("msg_control");
    if (filled) cmsgs(j, (unsigned long)m.msg_control, m.msg_controllen);
    else if (!m.msg_control) j.null();
    else j.ptr((unsigned long)m.msg_control);
    if (in && ok()) j.kraw("msg_flags", const_json("msgflags", m.msg_flags));
    j.close();
}

void Decoder::mmsghdr(Json &j, unsigned long addr, long vlen, bool in) {
    if (!addr) return j.null();
    if (vlen < 0 || vlen > 1024) return j.ptr(addr);
    // only the messages the call handled (its return value) carry data
    long n = done && ret >= 0 ? (ret < vlen ? ret : vlen) : (in ? 0 : vlen);
    j.open_array();
    for (long i = 0; i < n; i++) {
        unsigned long p = addr + i * sizeof(struct mmsghdr);
        unsigned int len = 0;
        mem_read_all(tid, p + offsetof(struct mmsghdr, msg_len), &len, sizeof len);
        j.open();
        j.key("msg_hdr");
        msghdr(j, p, in, in ? (long)len : -1, in ? in_len(i) : -1);
        if (done && ret >= 0) j.kv("msg_len", len);
        j.close();
    }
    j.close_array();
}
