/* Unix domain sockets: a socket file, an abstract name, and a socketpair between parent and child.
 *   unix_demo path FILE | abstract NAME | pair */
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
        ssize_t n = send(fd, buf, len, MSG_NOSIGNAL);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return -1;
        buf += n;
        len -= (size_t)n;
    }
    return 0;
}

/* Reads exactly len bytes unless the stream ends first; returns how many arrived, or -1. */
static ssize_t read_n(int fd, char *buf, size_t len)
{
    size_t got = 0;
    while (got < len) {
        ssize_t n = recv(fd, buf + got, len - got, 0);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return -1;
        if (n == 0)
            break;
        got += (size_t)n;
    }
    return (ssize_t)got;
}

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

static int listen_unix(const char *name, int abstract)
{
    struct sockaddr_un addr;
    memset(&addr, 0, sizeof addr);
    addr.sun_family = AF_UNIX;
    socklen_t len;
    if (abstract) {
        /* sun_path[0] is the NUL that marks the abstract namespace; the name follows, unterminated */
        size_t n = strlen(name);
        if (n > sizeof addr.sun_path - 1) {
            fprintf(stderr, "abstract name too long\n");
            return -1;
        }
        memcpy(&addr.sun_path[1], name, n);
        len = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + 1 + n);
    } else {
        int w = snprintf(addr.sun_path, sizeof addr.sun_path, "%s", name);
        if (w < 0 || (size_t)w >= sizeof addr.sun_path) {
            fprintf(stderr, "path too long for sun_path\n");
            return -1;
        }
        len = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + (size_t)w + 1);
        if (unlink(addr.sun_path) == -1 && errno != ENOENT) {
            perror("unlink");
            return -1;
        }
    }
    int fd = socket(AF_UNIX, SOCK_STREAM, 0);
    if (fd == -1) {
        perror("socket");
        return -1;
    }
    if (bind(fd, (struct sockaddr *)&addr, len) == -1) {
        perror("bind");
        close(fd);
        return -1;
    }
    if (listen(fd, 16) == -1) {
        perror("listen");
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
            if (errno != EINTR)
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
    if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) == -1) {
        perror("socketpair");
        return 1;
    }
    pid_t pid = fork();
    if (pid == -1) {
        perror("fork");
        close(sv[0]);
        close(sv[1]);
        return 1;
    }
    if (pid == 0) {
        close(sv[0]);
        char word[5];
        ssize_t n = read_n(sv[1], word, 4);
        if (n != 4)
            _exit(1);
        word[4] = '\0';
        printf("child got %s\n", word);
        fflush(stdout);
        for (int i = 0; i < 4; i++)
            word[i] = (char)toupper((unsigned char)word[i]);
        int bad = write_all(sv[1], word, 4);
        close(sv[1]);
        _exit(bad ? 1 : 0);
    }
    close(sv[1]);
    if (write_all(sv[0], "ping", 4) < 0) {
        perror("send");
        close(sv[0]);
        return 1;
    }
    char reply[64];
    ssize_t got = read_n(sv[0], reply, sizeof reply - 1); /* until the child's end of stream */
    close(sv[0]);
    if (got < 0) {
        perror("recv");
        return 1;
    }
    reply[got] = '\0';
    int status;
    while (waitpid(pid, &status, 0) == -1) {
        if (errno != EINTR) {
            perror("waitpid");
            return 1;
        }
    }
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        fprintf(stderr, "child failed\n");
        return 1;
    }
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
