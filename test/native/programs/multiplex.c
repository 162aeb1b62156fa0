/* Waiting on sockets: poll, ppoll, select, pselect6, epoll; fcntl(F_SETFL, O_NONBLOCK) and ioctl(FIONBIO).
 * Data is always queued before the wait, so every wait returns at once with the same answer. */
#include "sl.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/epoll.h>
#include <sys/ioctl.h>
#include <sys/select.h>
#include <sys/syscall.h>

int main(void) {
    int sv[2];
    OK(socketpair(AF_UNIX, SOCK_STREAM, 0, sv));
    OK(write(sv[1], "x", 1));

    struct pollfd p[2] = {{sv[0], POLLIN, 0}, {sv[1], POLLIN | POLLOUT, 0}};
    if (OK(poll(p, 2, 1000)) != 2) return 1; /* @site poll */
    struct timespec zero = {0, 0};
    sigset_t none;
    sigemptyset(&none);
    OK(ppoll(p, 2, &zero, &none)); /* @site ppoll */
    OK(poll(NULL, 0, 0));

    fd_set rd, wr;
    FD_ZERO(&rd);
    FD_ZERO(&wr);
    FD_SET(sv[0], &rd);
    FD_SET(sv[1], &rd);
    FD_SET(sv[1], &wr);
    if (OK(select(sv[1] + 1, &rd, &wr, NULL, NULL)) != 2) return 1; /* @site select: pselect6 */
    /* glibc's select() is pselect6 underneath: the select syscall itself, directly */
    struct timeval tz = {0, 0};
    FD_ZERO(&rd);
    FD_SET(sv[0], &rd);
    OK(syscall(SYS_select, sv[0] + 1, &rd, NULL, NULL, &tz)); /* @site select-syscall */
    FD_ZERO(&rd);
    FD_SET(sv[0], &rd);
    OK(pselect(sv[0] + 1, &rd, NULL, NULL, &zero, &none)); /* @site pselect6 */

    int ep = OK(epoll_create1(EPOLL_CLOEXEC)); /* @site epoll_create1 */
    struct epoll_event ev = {.events = EPOLLIN | EPOLLET, .data.u64 = 42};
    OK(epoll_ctl(ep, EPOLL_CTL_ADD, sv[0], &ev)); /* @site epoll_ctl */
    ev.events = EPOLLOUT;
    ev.data.u64 = 7;
    OK(epoll_ctl(ep, EPOLL_CTL_ADD, sv[1], &ev));
    ev.events = EPOLLIN | EPOLLOUT;
    OK(epoll_ctl(ep, EPOLL_CTL_MOD, sv[1], &ev));
    if (epoll_ctl(ep, EPOLL_CTL_ADD, sv[1], &ev) != -1 || errno != EEXIST) return 1;
    OK(epoll_ctl(ep, EPOLL_CTL_DEL, sv[1], NULL));
    struct epoll_event got[4];
    if (OK(epoll_wait(ep, got, 4, 1000)) != 1) return 1; /* @site epoll_wait */
    OK(epoll_pwait(ep, got, 4, 0, &none)); /* @site epoll_pwait: edge-triggered, nothing new */
    int old = OK(epoll_create(1));

    int fl = OK(fcntl(sv[0], F_GETFL));
    OK(fcntl(sv[0], F_SETFL, fl | O_NONBLOCK)); /* @site fcntl-nonblock */
    char b[8];
    OK(read(sv[0], b, sizeof b));
    if (read(sv[0], b, sizeof b) != -1 || errno != EAGAIN) return 1;
    int on = 1;
    OK(ioctl(sv[1], FIONBIO, &on)); /* @site ioctl-fionbio */
    OK(fcntl(sv[1], F_GETFL));
    int n = -1;
    OK(ioctl(sv[0], FIONREAD, &n));
    OK(fcntl(sv[0], F_SETFD, FD_CLOEXEC));

    OK(close(old));
    OK(close(ep));
    OK(close(sv[0]));
    OK(close(sv[1]));
    return 0;
}
