/* Sockets are file descriptors: makes sockets of several families and types, shows the fd numbers the
 * kernel hands out, and asks each socket which protocol "0" picked for it (SO_PROTOCOL).
 * Follow README.md; each TODO names its step. */
#include <stdio.h>
#include <sys/socket.h>
#include <unistd.h>

/* Steps 2 and 3: open a socket of this family and type with protocol 0, print
 * "<family> <type> protocol <n>" where n is what getsockopt(SO_PROTOCOL) says, close it. */
static int show_protocol(int domain, const char *dname, int type, const char *tname)
{
    (void)domain;
    (void)type;
    /* TODO: socket(), getsockopt(fd, SOL_SOCKET, SO_PROTOCOL, ...), printf, close() */
    printf("%s %s protocol ?\n", dname, tname);
    return 0;
}

int main(void)
{
    /* Step 1 TODO: make an AF_INET stream socket, print "fd N", close it, make another and print
     * "reused fd N", close that one too. */
    printf("fd ?\n");

    if (show_protocol(AF_INET, "AF_INET", SOCK_STREAM, "SOCK_STREAM") < 0 ||
        show_protocol(AF_INET, "AF_INET", SOCK_DGRAM, "SOCK_DGRAM") < 0 ||
        show_protocol(AF_UNIX, "AF_UNIX", SOCK_STREAM, "SOCK_STREAM") < 0)
        return 1;
    return 0;
}
