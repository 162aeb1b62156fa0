/* splice(): bytes from a socket into a pipe and on into another socket, without a user buffer. */
#include "sl.h"
#include <fcntl.h>

int main(void) {
    int a[2], b[2], p[2];
    OK(socketpair(AF_UNIX, SOCK_STREAM, 0, a));
    OK(socketpair(AF_UNIX, SOCK_STREAM, 0, b));
    OK(pipe(p));
    OK(send(a[1], "spliced", 7, 0));
    long in = OK(splice(a[0], NULL, p[1], NULL, 64, SPLICE_F_MOVE));
    long out = OK(splice(p[0], NULL, b[0], NULL, (size_t)in, SPLICE_F_MOVE | SPLICE_F_MORE));
    char got[16];
    long n = OK(recv(b[1], got, sizeof got, 0));
    close(a[0]), close(a[1]), close(b[0]), close(b[1]);
    return in == 7 && out == 7 && n == 7 && memcmp(got, "spliced", 7) == 0 ? 0 : 1;
}
