/* Unix domain sockets, three ways:
 *   unix_demo path FILE      an upper-casing server on a socket file (unlinked first, if stale)
 *   unix_demo abstract NAME  the same server on an abstract name (no file at all)
 *   unix_demo pair           a parent and its child talking over socketpair() */
#include <ctype.h>
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

static int write_all(int fd, const char *buf, size_t len)
{
    while (len > 0) {
        ssize_t n = write(fd, buf, len);
        if (n < 0)
            return -1;
        buf += n;
        len -= (size_t)n;
    }
    return 0;
}

/* Reads until end of stream, upper-cases every byte and writes it back. */
static void upper_echo(int fd)
{
    char buf[1024];
    ssize_t n;
    while ((n = read(fd, buf, sizeof buf)) > 0) {
        for (ssize_t i = 0; i < n; i++)
            buf[i] = (char)toupper((unsigned char)buf[i]);
        if (write_all(fd, buf, (size_t)n) < 0) {
            perror("write");
            return;
        }
    }
    if (n < 0)
        perror("read");
}

/* Binds a listening stream socket to a path, or to an abstract name (leading NUL byte, man 7 unix). */
static int listen_unix(const char *name, int abstract)
{
    struct sockaddr_un addr;
    memset(&addr, 0, sizeof addr);
    addr.sun_family = AF_UNIX;
    size_t n = strlen(name);
    if (n + 1 > sizeof addr.sun_path) {
        fprintf(stderr, "name too long\n");
        return -1;
    }
    socklen_t len;
    if (abstract) {
        memcpy(addr.sun_path + 1, name, n); /* sun_path[0] stays '\0' */
        len = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + 1 + n);
    } else {
        memcpy(addr.sun_path, name, n);
        len = (socklen_t)sizeof addr;
        /* A socket file outlives its server: remove a stale one, or bind fails with EADDRINUSE. */
        if (unlink(name) < 0 && errno != ENOENT) {
            perror("unlink");
            return -1;
        }
    }
    int fd = socket(AF_UNIX, SOCK_STREAM, 0);
    if (fd < 0) {
        perror("socket");
        return -1;
    }
    if (bind(fd, (struct sockaddr *)&addr, len) < 0 || listen(fd, 8) < 0) {
        perror("bind/listen");
        close(fd);
        return -1;
    }
    return fd;
}

static int serve(const char *name, int abstract)
{
    int lfd = listen_unix(name, abstract);
    if (lfd < 0)
        return 1;
    for (;;) {
        int cfd = accept(lfd, NULL, NULL);
        if (cfd < 0) {
            perror("accept");
            continue;
        }
        upper_echo(cfd);
        close(cfd);
    }
}

static int pair(void)
{
    int sv[2];
    if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) < 0) {
        perror("socketpair");
        return 1;
    }
    pid_t pid = fork();
    if (pid < 0) {
        perror("fork");
        return 1;
    }
    if (pid == 0) {
        /* The child keeps sv[1]; the parent's end is not its to hold. */
        close(sv[0]);
        char buf[64];
        ssize_t n = read(sv[1], buf, sizeof buf - 1);
        if (n <= 0)
            _exit(1);
        buf[n] = '\0';
        printf("child got %s\n", buf);
        fflush(stdout);
        for (ssize_t i = 0; i < n; i++)
            buf[i] = (char)toupper((unsigned char)buf[i]);
        write_all(sv[1], buf, (size_t)n);
        close(sv[1]);
        _exit(0);
    }
    if (write_all(sv[0], "ping", 4) < 0) {
        perror("write");
        return 1;
    }
    char reply[64];
    size_t got = 0;
    ssize_t n;
    while ((n = read(sv[0], reply + got, sizeof reply - 1 - got)) > 0)
        got += (size_t)n;
    reply[got] = '\0';
    close(sv[0]);
    int status;
    waitpid(pid, &status, 0);
    printf("parent got %s\n", reply);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc == 3 && strcmp(argv[1], "path") == 0)
        return serve(argv[2], 0);
    if (argc == 3 && strcmp(argv[1], "abstract") == 0)
        return serve(argv[2], 1);
    if (argc == 2 && strcmp(argv[1], "pair") == 0)
        return pair();
    fprintf(stderr, "usage: %s path FILE | abstract NAME | pair\n", argv[0]);
    return 2;
}
