/* Minimal HTTP/1.1 server (./http_server PORT): GET / says hello, other paths 404, other methods 405.
 * The head is read one byte at a time, so nothing past the blank line is ever taken from the socket. */
#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

#define HEAD_MAX 8192

/* Reads up to and including the blank line. Returns the head's length (NUL-terminated), or -1. */
static ssize_t read_head(int fd, char *head, size_t cap)
{
    size_t len = 0;
    int state = 0; /* how much of "\r\n\r\n" has just been seen */
    while (state < 4) {
        if (len + 1 >= cap)
            return -1; /* head too big */
        char c;
        ssize_t n = read(fd, &c, 1);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return -1;
        head[len++] = c;
        if (c == '\r')
            state = (state == 2) ? 3 : 1;
        else if (c == '\n' && (state == 1 || state == 3))
            state++;
        else
            state = 0;
    }
    head[len] = '\0';
    return (ssize_t)len;
}

/* The value of a header (case-insensitive name), or NULL. */
static const char *header(const char *head, const char *name)
{
    size_t k = strlen(name);
    for (const char *line = strstr(head, "\r\n"); line; line = strstr(line, "\r\n")) {
        line += 2;
        if (strncasecmp(line, name, k) == 0 && line[k] == ':') {
            const char *v = line + k + 1;
            while (*v == ' ' || *v == '\t')
                v++;
            return v;
        }
    }
    return NULL;
}

/* Takes a request body off the socket, so that closing does not reset the connection under the reply. */
static void skip_body(int fd, const char *head)
{
    const char *cl = header(head, "Content-Length");
    long left = cl ? strtol(cl, NULL, 10) : 0;
    char sink[512];
    while (left > 0) {
        ssize_t n = read(fd, sink, left < (long)sizeof sink ? (size_t)left : sizeof sink);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return;
        left -= n;
    }
}

/* writev() may write part of the vector: step past what went out and write the rest. */
static int writev_all(int fd, struct iovec *iov, int cnt)
{
    while (cnt > 0) {
        ssize_t n = writev(fd, iov, cnt);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return -1;
        }
        while (cnt > 0 && (size_t)n >= iov->iov_len) {
            n -= (ssize_t)iov->iov_len;
            iov++;
            cnt--;
        }
        if (cnt > 0) {
            iov->iov_base = (char *)iov->iov_base + n;
            iov->iov_len -= (size_t)n;
        }
    }
    return 0;
}

static void reply(int fd, const char *status, const char *more, const char *body, int with_body)
{
    char head[512];
    int n = snprintf(head, sizeof head,
                     "HTTP/1.1 %s\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: %zu\r\n%s"
                     "Connection: close\r\n\r\n",
                     status, strlen(body), more);
    struct iovec iov[2] = {{head, (size_t)n}, {(void *)body, with_body ? strlen(body) : 0}};
    if (writev_all(fd, iov, with_body ? 2 : 1) < 0)
        perror("writev");
}

static void handle(int fd)
{
    char head[HEAD_MAX];
    if (read_head(fd, head, sizeof head) < 0)
        return;
    char method[16], target[1024], version[16];
    if (sscanf(head, "%15s %1023s %15s", method, target, version) != 3 || strncmp(version, "HTTP/1.", 7) != 0) {
        reply(fd, "400 Bad Request", "", "bad request\n", 1);
        return;
    }
    skip_body(fd, head);
    int is_head = strcmp(method, "HEAD") == 0;
    if (strcmp(method, "GET") != 0 && !is_head)
        reply(fd, "405 Method Not Allowed", "Allow: GET, HEAD\r\n", "method not allowed\n", 1);
    else if (strcmp(target, "/") != 0)
        reply(fd, "404 Not Found", "", "no such page\n", !is_head);
    else
        reply(fd, "200 OK", "", "Hello from C\n", !is_head);
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: %s PORT\n", argv[0]);
        return 2;
    }
    signal(SIGPIPE, SIG_IGN);
    int lfd = socket(AF_INET, SOCK_STREAM, 0);
    if (lfd < 0) {
        perror("socket");
        return 1;
    }
    int on = 1;
    if (setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on) < 0)
        perror("setsockopt");
    struct sockaddr_in sin;
    memset(&sin, 0, sizeof sin);
    sin.sin_family = AF_INET;
    sin.sin_port = htons((unsigned short)atoi(argv[1]));
    inet_pton(AF_INET, "127.0.0.1", &sin.sin_addr);
    if (bind(lfd, (struct sockaddr *)&sin, sizeof sin) < 0 || listen(lfd, SOMAXCONN) < 0) {
        perror("bind/listen");
        return 1;
    }
    for (;;) {
        int cfd = accept(lfd, NULL, NULL);
        if (cfd < 0) {
            if (errno != EINTR)
                perror("accept");
            continue;
        }
        handle(cfd);
        close(cfd);
    }
}
