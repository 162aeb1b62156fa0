// Socket addresses: AF_INET, AF_INET6, AF_UNIX (path, abstract, unnamed) and AF_NETLINK; other families
// keep their raw bytes.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <linux/netlink.h>
#include <sys/socket.h>
#include <sys/un.h>

#include <cstring>

#include "consts.h"
#include "decode.h"
#include "mem.h"

static void raw_family(Json &j, int fam, const unsigned char *b, long len) {
    j.open();
    j.key("family");
    j.raw(const_json("family", fam));
    j.key("raw");
    j.hex(b + 2, len > 2 ? len - 2 : 0);
    j.close();
}

void sockaddr_json(Json &j, const unsigned char *b, long len) {
    if (len < 2) {
        j.open();
        j.key("raw");
        j.hex(b, len > 0 ? len : 0);
        j.close();
        return;
    }
    unsigned short fam;
    memcpy(&fam, b, 2);
    char text[INET6_ADDRSTRLEN];
    if (fam == AF_INET && len >= (long)sizeof(sockaddr_in)) {
        sockaddr_in sa;
        memcpy(&sa, b, sizeof sa);
        inet_ntop(AF_INET, &sa.sin_addr, text, sizeof text);
        j.open();
        j.kstr("family", "AF_INET");
        j.kstr("addr", text);
        j.kv("port", ntohs(sa.sin_port));
        j.close();
    } else if (fam == AF_INET6 && len >= (long)sizeof(sockaddr_in6)) {
        sockaddr_in6 sa;
        memcpy(&sa, b, sizeof sa);
        inet_ntop(AF_INET6, &sa.sin6_addr, text, sizeof text);
        j.open();
        j.kstr("family", "AF_INET6");
        j.kstr("addr", text);
        j.kv("port", ntohs(sa.sin6_port));
        if (sa.sin6_flowinfo) j.kv("flowinfo", ntohl(sa.sin6_flowinfo));
        if (sa.sin6_scope_id) j.kv("scope_id", sa.sin6_scope_id);
        j.close();
    } else if (fam == AF_UNIX) {
        const char *p = (const char *)b + 2;
        long n = len - 2;
        if (n > (long)sizeof(((sockaddr_un *)0)->sun_path)) n = sizeof(((sockaddr_un *)0)->sun_path);
        j.open();
        j.kstr("family", "AF_UNIX");
        if (n <= 0) {
            // unnamed
        } else if (p[0] == '\0') {
            // abstract: every byte after the NUL is the name, NULs included
            j.key("abstract");
            j.str(p + 1, n - 1);
        } else {
            j.key("path");
            j.str(p, strnlen(p, n));
        }
        j.close();
    } else if (fam == AF_NETLINK && len >= (long)sizeof(sockaddr_nl)) {
        // getaddrinfo() and if_nameindex() talk to the kernel over netlink
        sockaddr_nl sa;
        memcpy(&sa, b, sizeof sa);
        j.open();
        j.kstr("family", "AF_NETLINK");
        j.key("nl_pid");
        j.unum(sa.nl_pid);
        j.key("nl_groups");
        j.unum(sa.nl_groups);
        j.close();
    } else {
        raw_family(j, fam, b, len);
    }
}

void Decoder::sockaddr(Json &j, unsigned long addr, long len) {
    if (!addr) return j.null();
    if (len < 0 || len > 4096) return j.ptr(addr);
    unsigned char b[4096];
    if (!mem_read_all(tid, addr, b, len)) return j.ptr(addr);
    sockaddr_json(j, b, len);
}
