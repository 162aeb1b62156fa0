/* Unix domain sockets, three ways (follow README.md; each TODO names its step):
 *   unix_demo path FILE      an upper-casing server on a socket file (unlinked first, if stale)
 *   unix_demo abstract NAME  the same server on an abstract name (no file at all)
 *   unix_demo pair           a parent and its child talking over socketpair() */
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
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

/* Step 1 and 2: bind a listening stream socket to a path (unlinking a stale file first), or to an
 * abstract name when `abstract` is set (sun_path[0] = '\0', and an address length that counts only the
 * name's bytes). Returns the listening fd, or -1. */
static int listen_unix(const char *name, int abstract)
{
    (void)name;
    (void)abstract;
    /* TODO: struct sockaddr_un, unlink (path only), socket(AF_UNIX, SOCK_STREAM, 0), bind, listen */
    fprintf(stderr, "listen_unix: not written yet (steps 1 and 2)\n");
    return -1;
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

/* Step 3: socketpair(), fork(); the child reads "ping", prints "child got ping", writes back "PING" and
 * exits; the parent writes "ping", reads the reply until end of stream, prints "parent got PING". */
static int pair(void)
{
    /* TODO */
    fprintf(stderr, "pair: not written yet (step 3)\n");
    return 1;
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
