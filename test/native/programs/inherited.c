/* Started with a connected socket as stdin (as inetd, `prog <&sock` or systemd socket activation start a
 * program): it echoes one line and execs itself; the new image echoes the next line and closes the socket. None
 * of its calls creates the socket, so only the fds it starts with tell the tracer what fd 0 is. */
#include "sl.h"

int main(int argc, char **argv) {
    char buf[64];
    long n = OK(read(0, buf, sizeof buf)); /* @site first-read */
    OK(write(0, buf, n));
    if (argc < 2) {
        execl("/proc/self/exe", argv[0], "again", (char *)NULL);
        return 98;
    }
    OK(close(0)); /* @site close */
    return 0;
}
