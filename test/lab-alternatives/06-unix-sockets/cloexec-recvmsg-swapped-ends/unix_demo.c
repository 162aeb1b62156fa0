/* Unix domain sockets three ways: unix_demo path FILE | abstract NAME | pair */
#define _GNU_SOURCE /* accept4 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>
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

static void upper_echo(int fd)
{
    char buf[512];
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
    struct sockaddr_un sun;
    memset(&sun, 0, sizeof sun);
    sun.sun_family = AF_LOCAL;
    size_t n = strlen(name);
    size_t room = sizeof sun.sun_path - 1; /* one byte for the path's NUL, or the abstract marker */
    if (n > room) {
        fprintf(stderr, "%s: too long\n", name);
        return -1;
    }
    socklen_t len = sizeof sun;
    if (abstract) {
        strncpy(sun.sun_path + 1, name, room);
        len = (socklen_t)(sizeof(sa_family_t) + 1 + n);
    } else {
        strncpy(sun.sun_path, name, room);
        if (unlink(name) != 0) {
            if (errno != ENOENT) {
                perror("unlink");
                return -1;
            }
        }
    }
    int fd = socket(AF_LOCAL, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        perror("socket");
        return -1;
    }
    if (bind(fd, (struct sockaddr *)&sun, len) != 0 || listen(fd, SOMAXCONN) != 0) {
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
        int cfd = accept4(lfd, NULL, NULL, SOCK_CLOEXEC);
        if (cfd < 0) {
            perror("accept4");
            continue;
        }
        upper_echo(cfd);
        close(cfd);
    }
}

static ssize_t send_iov(int fd, const char *buf, size_t len)
{
    struct iovec iov = {.iov_base = (void *)buf, .iov_len = len};
    struct msghdr msg;
    memset(&msg, 0, sizeof msg);
    msg.msg_iov = &iov;
    msg.msg_iovlen = 1;
    return sendmsg(fd, &msg, MSG_NOSIGNAL);
}

static ssize_t recv_iov(int fd, char *buf, size_t len)
{
    struct iovec iov = {.iov_base = buf, .iov_len = len};
    struct msghdr msg;
    memset(&msg, 0, sizeof msg);
    msg.msg_iov = &iov;
    msg.msg_iovlen = 1;
    return recvmsg(fd, &msg, 0);
}

/* The child's side: the end it keeps is `mine`. */
static void child(int mine)
{
    char buf[64];
    ssize_t n = recv_iov(mine, buf, sizeof buf - 1);
    if (n <= 0)
        _exit(1);
    buf[n] = '\0';
    dprintf(STDOUT_FILENO, "child got %s\n", buf);
    for (ssize_t i = 0; i < n; i++)
        buf[i] = (char)toupper((unsigned char)buf[i]);
    ssize_t sent = send_iov(mine, buf, (size_t)n);
    close(mine);
    _exit(sent == n ? 0 : 1);
}

static int pair(void)
{
    int sv[2];
    if (socketpair(AF_LOCAL, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) != 0) {
        perror("socketpair");
        return 1;
    }
    /* Either end will do for either process, as long as each closes the one it does not keep. */
    int parent_end = sv[1], child_end = sv[0];
    pid_t pid = fork();
    if (pid < 0) {
        perror("fork");
        return 1;
    }
    if (pid == 0) {
        close(parent_end);
        child(child_end);
    }
    close(child_end);
    if (send_iov(parent_end, "ping", 4) != 4) {
        perror("sendmsg");
        return 1;
    }
    char reply[64];
    size_t got = 0;
    for (;;) {
        ssize_t n = recv_iov(parent_end, reply + got, sizeof reply - 1 - got);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            perror("recvmsg");
            return 1;
        }
        if (n == 0 || got + (size_t)n == sizeof reply - 1) {
            got += (size_t)n;
            break;
        }
        got += (size_t)n;
    }
    reply[got] = '\0';
    close(parent_end);
    if (waitpid(pid, NULL, 0) < 0)
        perror("waitpid");
    dprintf(STDOUT_FILENO, "parent got %s\n", reply);
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
