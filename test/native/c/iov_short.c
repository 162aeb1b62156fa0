/* A writev and a sendmsg of two iovecs ("abcd", "0123456789") on a socketpair; prints what each returned,
 * the iovec lengths (and msg_iovlen) afterwards, and what arrived. */
#include <sys/uio.h>
#include <sys/socket.h>
#include <stdio.h>
#include <unistd.h>
int main(void) {
    int sv[2];
    socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
    char a[] = "abcd", b[] = "0123456789";
    struct iovec iov[2] = {{a, 4}, {b, 10}};
    ssize_t n = writev(sv[0], iov, 2);
    printf("writev %zd, lens now %zu %zu\n", n, iov[0].iov_len, iov[1].iov_len);
    struct msghdr m = {0};
    m.msg_iov = iov; m.msg_iovlen = 2;
    n = sendmsg(sv[0], &m, 0);
    printf("sendmsg %zd, lens now %zu %zu iovlen %zu\n", n, iov[0].iov_len, iov[1].iov_len, (size_t)m.msg_iovlen);
    char r[64]; n = read(sv[1], r, sizeof r); printf("read %zd: %.*s\n", n, (int)n, r);
    return 0;
}
