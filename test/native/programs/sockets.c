/* socket() in every family and type, socketpair(), bind() to each kind of address, listen(), getsockname(). */
#include "sl.h"

int main(int argc, char **argv) {
    const char *tag = argc > 1 ? argv[1] : "sockets";
    int t4 = OK(socket(AF_INET, SOCK_STREAM, 0)); /* @site socket-inet-stream */
    int u4 = OK(socket(AF_INET, SOCK_DGRAM, 0));
    int t6 = OK(socket(AF_INET6, SOCK_STREAM, 0));
    int u6 = OK(socket(AF_INET6, SOCK_DGRAM, IPPROTO_UDP));
    int nb = OK(socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, IPPROTO_TCP)); /* @site socket-flags */
    int us = OK(socket(AF_UNIX, SOCK_STREAM, 0));
    int ud = OK(socket(AF_UNIX, SOCK_DGRAM, 0));
    int ua = OK(socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0));
    int sv[2], dv[2];
    OK(socketpair(AF_UNIX, SOCK_STREAM, 0, sv)); /* @site socketpair */
    OK(socketpair(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0, dv));

    struct sockaddr_in a4 = lo4(0);
    OK(bind(t4, SA(&a4), sizeof a4)); /* @site bind-inet */
    struct sockaddr_in any = lo4(0);
    any.sin_addr.s_addr = htonl(INADDR_ANY);
    OK(bind(u4, SA(&any), sizeof any));
    struct sockaddr_in6 a6 = lo6(0);
    OK(bind(t6, SA(&a6), sizeof a6)); /* @site bind-inet6 */
    struct sockaddr_in6 any6 = lo6(0);
    any6.sin6_addr = in6addr_any;
    OK(bind(u6, SA(&any6), sizeof any6));

    struct sockaddr_un p = {.sun_family = AF_UNIX};
    strcpy(p.sun_path, "sockets.sock");
    unlink(p.sun_path);
    OK(bind(us, SA(&p), offsetof(struct sockaddr_un, sun_path) + strlen(p.sun_path) + 1)); /* @site bind-path */
    struct sockaddr_un ab = {.sun_family = AF_UNIX};
    int n = snprintf(ab.sun_path + 1, sizeof ab.sun_path - 1, "%s-abstract", tag);
    OK(bind(ud, SA(&ab), offsetof(struct sockaddr_un, sun_path) + 1 + n)); /* @site bind-abstract */
    struct sockaddr_un un = {.sun_family = AF_UNIX};
    OK(bind(ua, SA(&un), sizeof(sa_family_t))); /* @site bind-unnamed */

    OK(listen(t4, 5)); /* @site listen */
    OK(listen(t6, SOMAXCONN));
    OK(listen(us, 1));
    OK(listen(ua, 0));

    struct sockaddr_storage ss;
    socklen_t len;
    int fds[] = {t4, u4, t6, u6, nb, us, ud, ua, sv[0]};
    for (unsigned i = 0; i < sizeof fds / sizeof *fds; i++) {
        len = sizeof ss;
        OK(getsockname(fds[i], SA(&ss), &len)); /* @site getsockname */
    }

    /* failures: a taken port, a family and a protocol the kernel refuses */
    int t4b = OK(socket(AF_INET, SOCK_STREAM, 0));
    struct sockaddr_in taken = lo4(PORT_OF(t4));
    if (bind(t4b, SA(&taken), sizeof taken) == 0) return 1; /* @site bind-in-use */
    if (socket(AF_INET, SOCK_STREAM, IPPROTO_UDP) >= 0) return 1;
    if (socket(12345, SOCK_STREAM, 0) >= 0) return 1;
    if (bind(sv[0], SA(&a4), sizeof a4) == 0) return 1; /* an inet address for a unix socket */
    if (listen(u4, 1) == 0) return 1;                   /* UDP does not listen */

    int all[] = {t4, u4, t6, u6, nb, us, ud, ua, sv[0], sv[1], dv[0], dv[1], t4b};
    for (unsigned i = 0; i < sizeof all / sizeof *all; i++) OK(close(all[i]));
    unlink(p.sun_path);
    return 0;
}
