/* Unix sockets whose peer is a listener that has not accepted yet (a path given differently from the bound one,
   and an abstract name), and an inet socket received with SCM_RIGHTS: the cases where a tracer without
   pidfd_getfd must work hardest to name a socket the same way. */
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <netinet/in.h>
#include <sys/wait.h>
#include <unistd.h>
int main(void) {
    struct sockaddr_un a = {.sun_family = AF_UNIX}, b = {.sun_family = AF_UNIX};
    strcpy(a.sun_path, "pending.sock");
    unlink(a.sun_path);
    int l = socket(AF_UNIX, SOCK_STREAM, 0);
    bind(l, (struct sockaddr *)&a, sizeof a);
    listen(l, 5);
    int n = snprintf(b.sun_path + 1, sizeof b.sun_path - 1, "pending-abs");
    int la = socket(AF_UNIX, SOCK_SEQPACKET, 0);
    bind(la, (struct sockaddr *)&b, offsetof(struct sockaddr_un, sun_path) + 1 + n);
    listen(la, 5);
    int c = socket(AF_UNIX, SOCK_STREAM, 0);
    struct sockaddr_un a2 = {.sun_family = AF_UNIX};
    strcpy(a2.sun_path, "./pending.sock");
    connect(c, (struct sockaddr *)&a2, sizeof a2);
    write(c, "hi", 2);
    int ca = socket(AF_UNIX, SOCK_SEQPACKET, 0);
    connect(ca, (struct sockaddr *)&b, offsetof(struct sockaddr_un, sun_path) + 1 + n);
    send(ca, "x", 1, 0);
    int s = accept(l, NULL, NULL);
    char buf[8];
    read(s, buf, sizeof buf);
    int sa = accept(la, NULL, NULL);
    recv(sa, buf, sizeof buf, 0);
    int sv[2];
    socketpair(AF_UNIX, SOCK_DGRAM, 0, sv);
    /* pass c over the pair, receive it: SCM_RIGHTS */
    char cb[CMSG_SPACE(sizeof(int))];
    struct iovec io = {"z", 1};
    struct msghdr m = {.msg_iov = &io, .msg_iovlen = 1, .msg_control = cb, .msg_controllen = sizeof cb};
    struct cmsghdr *h = CMSG_FIRSTHDR(&m);
    h->cmsg_level = SOL_SOCKET; h->cmsg_type = SCM_RIGHTS; h->cmsg_len = CMSG_LEN(sizeof(int));
    int lfd = socket(AF_INET6, SOCK_DGRAM, 0);
    struct sockaddr_in6 z = {.sin6_family = AF_INET6};
    bind(lfd, (struct sockaddr *)&z, sizeof z);
    memcpy(CMSG_DATA(h), &lfd, sizeof(int));
    sendmsg(sv[0], &m, 0);
    char rb[1]; struct iovec rio = {rb, 1};
    struct msghdr rm = {.msg_iov = &rio, .msg_iovlen = 1, .msg_control = cb, .msg_controllen = sizeof cb};
    recvmsg(sv[1], &rm, 0);
    int got; memcpy(&got, CMSG_DATA(CMSG_FIRSTHDR(&rm)), sizeof got);
    sendto(got, "q", 1, 0, (struct sockaddr *)&z, sizeof z);
    close(got); close(lfd); close(c); close(ca); close(s); close(sa); close(l); close(la); close(sv[0]); close(sv[1]);
    unlink(a.sun_path);
    return 0;
}
