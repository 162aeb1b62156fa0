// The program's terminal: a pseudo-terminal made in the Node process. The master stays there (returned to
// JavaScript); the slave goes to the tracer process as its stdio, the child makes it its controlling
// terminal before exec (launch.cc), and the tracer closes its copies once the program runs, so that the
// master reads EIO when the last of the program's processes has closed it.
#include "pty.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>

int open_pty(int cols, int rows, int *master, int *slave) {
    int m = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
    if (m < 0) return errno;
    char name[128];
    if (grantpt(m) < 0 || unlockpt(m) < 0 || ptsname_r(m, name, sizeof name) != 0) {
        int e = errno;
        close(m);
        return e;
    }
    int s = open(name, O_RDWR | O_NOCTTY | O_CLOEXEC);
    if (s < 0) {
        int e = errno;
        close(m);
        return e;
    }
    resize_pty(m, cols, rows);
    *master = m;
    *slave = s;
    return 0;
}

int resize_pty(int master, int cols, int rows) {
    struct winsize ws = {};
    ws.ws_col = (unsigned short)(cols > 0 ? cols : 80);
    ws.ws_row = (unsigned short)(rows > 0 ? rows : 24);
    return ioctl(master, TIOCSWINSZ, &ws) < 0 ? errno : 0;
}

int take_terminal() {
    if (setsid() < 0) return errno;
    if (ioctl(0, TIOCSCTTY, 0) < 0) return errno;
    return 0;
}
