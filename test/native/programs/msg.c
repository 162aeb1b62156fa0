/* sendmsg/recvmsg with iovecs and msg_name, SCM_RIGHTS passing a socket from a child to its parent over a
 * socketpair, and sendmmsg/recvmmsg. The child finishes before the parent reads, so the order is fixed. */
#include "sl.h"

#include <sys/uio.h>

static void send_fd(int over, int fd) {
    char space[CMSG_SPACE(sizeof(int))];
    memset(space, 0, sizeof space);
    struct iovec io = {"F", 1};
    struct msghdr m = {.msg_iov = &io, .msg_iovlen = 1, .msg_control = space, .msg_controllen = sizeof space};
    struct cmsghdr *c = CMSG_FIRSTHDR(&m);
    c->cmsg_level = SOL_SOCKET;
    c->cmsg_type = SCM_RIGHTS;
    c->cmsg_len = CMSG_LEN(sizeof(int));
    memcpy(CMSG_DATA(c), &fd, sizeof fd);
    OK(sendmsg(over, &m, 0)); /* @site sendmsg-rights */
}

static int recv_fd(int over) {
    char space[CMSG_SPACE(sizeof(int))], b[1];
    struct iovec io = {b, 1};
    struct msghdr m = {.msg_iov = &io, .msg_iovlen = 1, .msg_control = space, .msg_controllen = sizeof space};
    OK(recvmsg(over, &m, 0)); /* @site recvmsg-rights */
    int fd;
    memcpy(&fd, CMSG_DATA(CMSG_FIRSTHDR(&m)), sizeof fd);
    return fd;
}

int main(void) {
    /* datagrams with an address and three iovecs */
    int srv = OK(socket(AF_INET, SOCK_DGRAM, 0));
    struct sockaddr_in a = lo4(0);
    OK(bind(srv, SA(&a), sizeof a));
    struct sockaddr_in to = lo4(PORT_OF(srv));
    int cli = OK(socket(AF_INET, SOCK_DGRAM, 0));
    struct iovec out[3] = {{"head:", 5}, {"\x00\xff\x01", 3}, {"tail", 4}};
    struct msghdr m = {.msg_name = &to, .msg_namelen = sizeof to, .msg_iov = out, .msg_iovlen = 3};
    OK(sendmsg(cli, &m, 0)); /* @site sendmsg-name */
    char b1[4], b2[64];
    struct sockaddr_in from;
    struct iovec in[2] = {{b1, sizeof b1}, {b2, sizeof b2}};
    struct msghdr r = {.msg_name = &from, .msg_namelen = sizeof from, .msg_iov = in, .msg_iovlen = 2};
    OK(recvmsg(srv, &r, 0)); /* @site recvmsg-name */
    struct msghdr empty = {.msg_iov = in, .msg_iovlen = 2};
    if (recvmsg(srv, &empty, MSG_DONTWAIT) != -1 || errno != EAGAIN) return 1;

    /* three datagrams in one call each way */
    struct iovec v[3] = {{"m1", 2}, {"mm2", 3}, {"mmm3", 4}};
    struct mmsghdr mm[3];
    memset(mm, 0, sizeof mm);
    for (int i = 0; i < 3; i++) {
        mm[i].msg_hdr.msg_name = &to;
        mm[i].msg_hdr.msg_namelen = sizeof to;
        mm[i].msg_hdr.msg_iov = &v[i];
        mm[i].msg_hdr.msg_iovlen = 1;
    }
    if (OK(sendmmsg(cli, mm, 3, 0)) != 3) return 1; /* @site sendmmsg */
    char rb[4][16];
    struct iovec rv[4];
    struct sockaddr_in rfrom[4];
    struct mmsghdr rm[4];
    memset(rm, 0, sizeof rm);
    for (int i = 0; i < 4; i++) {
        rv[i] = (struct iovec){rb[i], sizeof rb[i]};
        rm[i].msg_hdr.msg_name = &rfrom[i];
        rm[i].msg_hdr.msg_namelen = sizeof rfrom[i];
        rm[i].msg_hdr.msg_iov = &rv[i];
        rm[i].msg_hdr.msg_iovlen = 1;
    }
    if (OK(recvmmsg(srv, rm, 4, MSG_DONTWAIT, NULL)) != 3) return 1; /* @site recvmmsg */

    /* a socket passed from child to parent */
    int sv[2];
    OK(socketpair(AF_UNIX, SOCK_STREAM, 0, sv));
    pid_t pid = OK(fork());
    if (pid == 0) {
        OK(close(sv[0]));
        int gift = OK(socket(AF_INET, SOCK_DGRAM, 0));
        OK(connect(gift, SA(&to), sizeof to));
        send_fd(sv[1], gift);
        OK(close(gift));
        _exit(0);
    }
    if (wait_child(pid) != 0) return 1;
    OK(close(sv[1]));
    int got = recv_fd(sv[0]);
    OK(write(got, "via passed socket", 17)); /* @site write-passed: reported, the tracer knows it is a socket */
    OK(recv(srv, b2, sizeof b2, 0));
    int all[] = {got, sv[0], srv, cli};
    for (unsigned i = 0; i < sizeof all / sizeof *all; i++) OK(close(all[i]));
    return 0;
}
