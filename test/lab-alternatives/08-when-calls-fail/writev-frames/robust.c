/* Framed echo (4-byte big-endian length, then the bytes) that survives failing calls; replies go out with
 * writev(), the length and the payload as two iovecs, resumed after a partial write.
 *   robust server PORT | robust client PORT */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

#define MAX_FRAME 65536

/* 1: all len bytes read; 0: end of stream first; -1: error (errno says which). */
static int read_exact(int fd, void *buf, size_t len)
{
    unsigned char *p = buf;
    size_t done = 0;
    while (done < len) {
        ssize_t n = read(fd, p + done, len - done);
        if (n > 0)
            done += (size_t)n;
        else if (n == 0)
            return 0;
        else if (errno != EINTR)
            return -1;
    }
    return 1;
}

static int write_exact(int fd, const void *buf, size_t len)
{
    const unsigned char *p = buf;
    size_t done = 0;
    while (done < len) {
        ssize_t n = write(fd, p + done, len - done);
        if (n >= 0)
            done += (size_t)n;
        else if (errno != EINTR)
            return -1;
    }
    return 0;
}

/* writev() may take only part of the vector: step past what went out and write the rest. */
static int writev_all(int fd, struct iovec *v, int cnt)
{
    while (cnt > 0) {
        ssize_t n = writev(fd, v, cnt);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return -1;
        }
        while (cnt > 0 && (size_t)n >= v->iov_len) {
            n -= (ssize_t)v->iov_len;
            v++;
            cnt--;
        }
        if (cnt > 0) {
            v->iov_base = (char *)v->iov_base + n;
            v->iov_len -= (size_t)n;
        }
    }
    return 0;
}

static void serve(int cfd)
{
    static char payload[MAX_FRAME];
    for (;;) {
        uint32_t be;
        int r = read_exact(cfd, &be, sizeof be);
        if (r == 0)
            return;
        if (r < 0) {
            fprintf(stderr, "read: %s\n", strerror(errno));
            return;
        }
        uint32_t len = ntohl(be);
        if (len > sizeof payload) {
            fprintf(stderr, "frame of %u bytes refused\n", (unsigned)len);
            return;
        }
        r = read_exact(cfd, payload, len);
        if (r <= 0) {
            fprintf(stderr, "frame cut short: %s\n", r == 0 ? "peer left" : strerror(errno));
            return;
        }
        struct iovec iov[2] = {{&be, sizeof be}, {payload, len}};
        int bad = writev_all(cfd, iov, 2) < 0;
        if (bad) {
            fprintf(stderr, "write: %s (client dropped)\n", strerror(errno));
            return;
        }
    }
}

static int server(const char *port)
{
    int lfd = socket(AF_INET, SOCK_STREAM, 0);
    if (lfd == -1) {
        fprintf(stderr, "socket: %s\n", strerror(errno));
        return 1;
    }
    int yes = 1;
    if (setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes) == -1) {
        fprintf(stderr, "SO_REUSEADDR: %s\n", strerror(errno));
        return 1;
    }
    struct sockaddr_in sin = {0};
    sin.sin_family = AF_INET;
    sin.sin_port = htons((uint16_t)atoi(port));
    inet_pton(AF_INET, "127.0.0.1", &sin.sin_addr);
    if (bind(lfd, (struct sockaddr *)&sin, sizeof sin) == -1 || listen(lfd, SOMAXCONN) == -1) {
        fprintf(stderr, "bind/listen: %s\n", strerror(errno));
        return 1;
    }
    for (;;) {
        int cfd = accept(lfd, NULL, NULL);
        if (cfd == -1) {
            switch (errno) {
            case EINTR:
            case ECONNABORTED:
                continue;
            default:
                fprintf(stderr, "accept: %s\n", strerror(errno));
                continue;
            }
        }
        serve(cfd);
        close(cfd);
    }
}

static int connect_retrying(const struct sockaddr_in *sin)
{
    for (int tries = 0; tries < 20; tries++) {
        int fd = socket(AF_INET, SOCK_STREAM, 0);
        if (fd == -1) {
            fprintf(stderr, "socket: %s\n", strerror(errno));
            return -1;
        }
        if (connect(fd, (const struct sockaddr *)sin, sizeof *sin) == 0)
            return fd;
        int err = errno;
        close(fd);
        switch (err) {
        case ECONNREFUSED: /* not listening yet */
        case EINTR:
            usleep(100000);
            break;
        default:
            fprintf(stderr, "connect: %s\n", strerror(err));
            return -1;
        }
    }
    fprintf(stderr, "connect: server never came up\n");
    return -1;
}

static int client(const char *port)
{
    struct sockaddr_in sin = {0};
    sin.sin_family = AF_INET;
    sin.sin_port = htons((uint16_t)atoi(port));
    inet_pton(AF_INET, "127.0.0.1", &sin.sin_addr);
    int fd = connect_retrying(&sin);
    if (fd < 0)
        return 1;
    const char msg[] = "hello";
    uint32_t be = htonl((uint32_t)strlen(msg));
    if (write_exact(fd, &be, sizeof be) < 0 || write_exact(fd, msg, strlen(msg)) < 0) {
        fprintf(stderr, "write: %s\n", strerror(errno));
        close(fd);
        return 1;
    }
    static char reply[MAX_FRAME + 1];
    if (read_exact(fd, &be, sizeof be) != 1 || ntohl(be) > MAX_FRAME || read_exact(fd, reply, ntohl(be)) != 1) {
        fprintf(stderr, "no reply\n");
        close(fd);
        return 1;
    }
    reply[ntohl(be)] = '\0';
    printf("%s\n", reply);
    close(fd);
    return 0;
}

int main(int argc, char **argv)
{
    /* A peer that has gone makes write() fail with EPIPE instead of killing the process. */
    signal(SIGPIPE, SIG_IGN);
    if (argc == 3 && strcmp(argv[1], "server") == 0)
        return server(argv[2]);
    if (argc == 3 && strcmp(argv[1], "client") == 0)
        return client(argv[2]);
    fprintf(stderr, "usage: %s server PORT | client PORT\n", argv[0]);
    return 2;
}
