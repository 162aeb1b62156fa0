/* TCP in one process: connect (success, ECONNREFUSED, EINPROGRESS), accept, accept4, getpeername, shutdown,
 * and read/write/readv/writev/close on sockets next to read/write/close on a regular file (never reported). */
#include "sl.h"

#include <fcntl.h>
#include <poll.h>
#include <sys/uio.h>

int main(void) {
    int l = OK(socket(AF_INET, SOCK_STREAM, 0));
    struct sockaddr_in a = lo4(0);
    OK(bind(l, SA(&a), sizeof a));
    OK(listen(l, 8));
    struct sockaddr_in srv = lo4(PORT_OF(l));

    int c = OK(socket(AF_INET, SOCK_STREAM, 0));
    OK(connect(c, SA(&srv), sizeof srv)); /* @site connect-ok */
    struct sockaddr_in peer;
    socklen_t plen = sizeof peer;
    int s = OK(accept(l, SA(&peer), &plen)); /* @site accept */
    struct sockaddr_in x;
    socklen_t xlen = sizeof x;
    OK(getpeername(c, SA(&x), &xlen)); /* @site getpeername */
    xlen = sizeof x;
    OK(getpeername(s, SA(&x), &xlen));
    xlen = sizeof x;
    OK(getsockname(s, SA(&x), &xlen));

    char buf[64];
    OK(write(c, "hello", 5)); /* @site write */
    OK(read(s, buf, sizeof buf)); /* @site read */
    struct iovec out[3] = {{"one ", 4}, {"two ", 4}, {"three", 5}};
    OK(writev(s, out, 3)); /* @site writev */
    char b1[6], b2[32];
    struct iovec in[2] = {{b1, sizeof b1}, {b2, sizeof b2}};
    OK(readv(c, in, 2)); /* @site readv */
    OK(send(c, "ping", 4, MSG_NOSIGNAL));
    OK(recv(s, buf, sizeof buf, 0));

    /* accept4 with flags, and no peer address asked for */
    int c2 = OK(socket(AF_INET, SOCK_STREAM, 0));
    OK(connect(c2, SA(&srv), sizeof srv));
    int s2 = OK(accept4(l, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC)); /* @site accept4 */
    if (read(s2, buf, sizeof buf) != -1 || errno != EAGAIN) return 1; /* nothing sent yet */
    OK(shutdown(c2, SHUT_WR)); /* @site shutdown */
    if (read(s2, buf, sizeof buf) != 0) return 1; /* end of stream */
    OK(shutdown(s2, SHUT_RDWR));
    if (write(c, "", 0) != 0) return 1;

    /* refused: a bound socket that does not listen */
    int b = OK(socket(AF_INET, SOCK_STREAM, 0));
    OK(bind(b, SA(&a), sizeof a));
    struct sockaddr_in closed = lo4(PORT_OF(b));
    int r = OK(socket(AF_INET, SOCK_STREAM, 0));
    if (connect(r, SA(&closed), sizeof closed) == 0 || errno != ECONNREFUSED) return 1; /* @site refused */

    /* non-blocking connect: EINPROGRESS, then writable, then SO_ERROR says 0 */
    int nb = OK(socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0));
    if (connect(nb, SA(&srv), sizeof srv) == 0 || errno != EINPROGRESS) return 1; /* @site inprogress */
    struct pollfd pf = {nb, POLLOUT, 0};
    OK(poll(&pf, 1, 5000));
    int err = -1;
    socklen_t elen = sizeof err;
    OK(getsockopt(nb, SOL_SOCKET, SO_ERROR, &err, &elen));
    if (err != 0) return 1;
    int s3 = OK(accept(l, NULL, NULL));

    /* a regular file takes a closed socket's number: its read, write and close are not socket calls */
    OK(close(r));
    int f = OK(open("tcp.txt", O_RDWR | O_CREAT | O_TRUNC, 0600));
    if (f != r) return 1;
    OK(write(f, "file data", 9));
    OK(lseek(f, 0, SEEK_SET));
    OK(read(f, buf, sizeof buf));
    OK(close(f));
    unlink("tcp.txt");

    int all[] = {c, s, c2, s2, b, nb, s3, l};
    for (unsigned i = 0; i < sizeof all / sizeof *all; i++) OK(close(all[i]));
    if (close(c) != -1 || errno != EBADF) return 1; /* already closed: not a socket any more */
    return 0;
}
