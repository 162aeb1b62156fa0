/* Many socket calls: N round trips of 10 bytes over a socketpair (2N traced calls). usage: many N */
#include <stdlib.h>
#include <sys/socket.h>

int main(int argc, char **argv) {
    long n = argc > 1 ? atol(argv[1]) : 100000;
    int sv[2];
    char b[64] = "0123456789";
    socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
    for (long i = 0; i < n; i++) {
        send(sv[0], b, 10, 0);
        recv(sv[1], b, sizeof b, 0);
    }
    return 0;
}
