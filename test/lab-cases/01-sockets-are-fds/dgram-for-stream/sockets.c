/* Sockets are file descriptors: makes sockets of several families and types, shows the fd numbers the
 * kernel hands out, and asks each socket which protocol "0" picked for it (SO_PROTOCOL). */
#include <stdio.h>
#include <sys/socket.h>
#include <unistd.h>

/* Opens a socket, prints what protocol the kernel chose for protocol 0, closes it. 0 on success. */
static int show_protocol(int domain, const char *dname, int type, const char *tname)
{
    int fd = socket(domain, type == SOCK_STREAM && domain == AF_INET ? SOCK_DGRAM : type, 0);
    if (fd < 0) {
        perror("socket");
        return -1;
    }
    int proto = -1;
    socklen_t len = sizeof proto;
    if (getsockopt(fd, SOL_SOCKET, SO_PROTOCOL, &proto, &len) < 0) {
        perror("getsockopt");
        close(fd);
        return -1;
    }
    printf("%s %s protocol %d\n", dname, tname, proto);
    close(fd);
    return 0;
}

int main(void)
{
    /* Step 1: 0, 1 and 2 are taken (stdin, stdout, stderr), so the first socket gets 3. */
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0) {
        perror("socket");
        return 1;
    }
    printf("fd %d\n", fd);
    if (close(fd) < 0) {
        perror("close");
        return 1;
    }
    /* The kernel always hands out the lowest free number, so the closed 3 comes back. */
    int again = socket(AF_INET, SOCK_STREAM, 0);
    if (again < 0) {
        perror("socket");
        return 1;
    }
    printf("reused fd %d\n", again);
    close(again);

    /* Steps 2 and 3: three families and types; protocol 0 means "the usual one for this pair". */
    if (show_protocol(AF_INET, "AF_INET", SOCK_STREAM, "SOCK_STREAM") < 0 ||
        show_protocol(AF_INET, "AF_INET", SOCK_DGRAM, "SOCK_DGRAM") < 0 ||
        show_protocol(AF_UNIX, "AF_UNIX", SOCK_STREAM, "SOCK_STREAM") < 0)
        return 1;
    return 0;
}
