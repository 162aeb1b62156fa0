/* Workload: a million writes to /dev/null with a socket round trip every thousand: what stopping only on
   traced syscalls (and on read/write only for sockets) saves. usage: mixed [WRITES] */
#include <fcntl.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <unistd.h>

int main(int argc, char **argv) {
    long writes = argc > 1 ? strtol(argv[1], NULL, 10) : 1000000;
    int pair[2];
    socketpair(AF_UNIX, SOCK_STREAM, 0, pair);
    int devnull = open("/dev/null", O_WRONLY);
    char c = 'x';
    for (long i = 0; i < writes; i++) {
        if (write(devnull, &c, 1) != 1) return 1;
        if (i % 1000 == 0) {
            send(pair[0], &c, 1, 0);
            recv(pair[1], &c, 1, 0);
        }
    }
    close(devnull);
    close(pair[0]);
    close(pair[1]);
    return 0;
}
