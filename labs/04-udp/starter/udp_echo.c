/* UDP echo server: binds the UDP port in argv[1] on 127.0.0.1 and sends every datagram it receives
 * back to the address it came from, one datagram for one datagram.
 * Follow README.md; each TODO names its step. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: %s PORT\n", argv[0]);
        return 2;
    }
    /* Step 1 TODO: this is a stream (TCP) socket, as in lab 02: make it SOCK_DGRAM, then bind() it to
     * 127.0.0.1 and the port. */
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0) {
        perror("socket");
        return 1;
    }
    /* Step 2 TODO: loop: recvfrom() a datagram and the sender's address, sendto() it back there. */
    fprintf(stderr, "udp_echo: nothing bound yet (write step 1)\n");
    close(fd);
    return 1;
}
