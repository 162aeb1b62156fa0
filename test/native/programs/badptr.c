/* Bad pointers handed to the kernel: each call fails with EFAULT (or reads nothing), and the tracer shows
 * the pointer as an address instead of reading through it. */
#include "sl.h"

#include <sys/mman.h>
#include <sys/uio.h>

int main(void) {
    int u = OK(socket(AF_INET, SOCK_DGRAM, 0));
    int t = OK(socket(AF_INET, SOCK_STREAM, 0));
    struct sockaddr *bad = (struct sockaddr *)8;
    if (connect(t, bad, 16) != -1 || errno != EFAULT) return 1; /* @site connect-bad */
    if (sendto(u, "x", 1, 0, bad, 16) != -1 || errno != EFAULT) return 1; /* @site sendto-bad-addr */
    struct sockaddr_in to = lo4(9);
    if (sendto(u, (void *)16, 4, 0, SA(&to), sizeof to) != -1 || errno != EFAULT) return 1; /* @site sendto-bad-buf */
    if (bind(u, bad, 16) != -1 || errno != EFAULT) return 1;

    /* a page that is gone: an address the tracer cannot read either */
    char *page = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (page == MAP_FAILED) return 1;
    munmap(page, 4096);
    if (connect(t, (struct sockaddr *)page, 16) != -1 || errno != EFAULT) return 1;
    if (setsockopt(t, SOL_SOCKET, SO_REUSEADDR, page, 4) != -1 || errno != EFAULT) return 1;
    socklen_t len = 16;
    if (getsockname(t, bad, &len) != -1 || errno != EFAULT) return 1;
    if (getsockname(t, SA(&to), (socklen_t *)8) != -1 || errno != EFAULT) return 1;
    struct msghdr *m = (struct msghdr *)24;
    if (sendmsg(u, m, 0) != -1 || errno != EFAULT) return 1;
    struct iovec iov = {(void *)32, 8};
    struct msghdr m2 = {.msg_name = &to, .msg_namelen = sizeof to, .msg_iov = &iov, .msg_iovlen = 1};
    if (sendmsg(u, &m2, 0) != -1 || errno != EFAULT) return 1;
    if (socketpair(AF_UNIX, SOCK_STREAM, 0, (int *)8) != -1 || errno != EFAULT) return 1;
    /* an address length past any sockaddr: EINVAL, and no read of 100000 bytes */
    if (connect(t, SA(&to), 100000) != -1 || errno != EINVAL) return 1;
    OK(close(u));
    OK(close(t));
    return 0;
}
