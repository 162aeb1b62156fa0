/* Minimal HTTP/1.1 server on argv[1]. One connection at a time: read the head into a buffer, answer,
 * then a "lingering close": shut down our side and read what the client still sends before closing,
 * so that unread request bytes never turn the close into a reset that could lose the response. */
#define _GNU_SOURCE /* memmem */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

struct request {
    char buf[8192];
    size_t len;
    char method[16], target[1024], version[16];
};

/* Fills r->buf until it holds a whole head. 1 when it does, 0 when the client left, -1 on errors. */
static int read_request(int fd, struct request *r)
{
    r->len = 0;
    for (;;) {
        if (r->len > 3 && memmem(r->buf, r->len, "\r\n\r\n", 4))
            break;
        size_t room = sizeof r->buf - 1 - r->len;
        if (room == 0)
            return -1;
        ssize_t n = recv(fd, r->buf + r->len, room < 512 ? room : 512, 0);
        if (n == 0)
            return 0;
        if (n < 0) {
            if (errno == EINTR)
                continue;
            perror("recv");
            return -1;
        }
        r->len += (size_t)n;
    }
    r->buf[r->len] = '\0';
    if (sscanf(r->buf, "%15s %1023s %15s", r->method, r->target, r->version) != 3)
        return -1;
    return 1;
}

static int send_all(int fd, const char *p, size_t len)
{
    while (len > 0) {
        ssize_t n = send(fd, p, len, MSG_NOSIGNAL);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return -1;
        }
        p += n;
        len -= (size_t)n;
    }
    return 0;
}

static void respond(int fd, int code, const char *reason, const char *extra, const char *body)
{
    char out[1024];
    int n = snprintf(out, sizeof out,
                     "HTTP/1.1 %d %s\r\n"
                     "Content-Length: %zu\r\n"
                     "Content-Type: text/plain; charset=utf-8\r\n"
                     "Connection: close\r\n"
                     "%s\r\n%s",
                     code, reason, strlen(body), extra, body);
    if (n < 0 || (size_t)n >= sizeof out) {
        fprintf(stderr, "response too long\n");
        return;
    }
    if (send_all(fd, out, (size_t)n) < 0)
        perror("send");
}

static void linger_close(int fd)
{
    if (shutdown(fd, SHUT_WR) == 0) {
        struct timeval tv = {1, 0};
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
        char sink[1024];
        ssize_t n;
        while ((n = recv(fd, sink, sizeof sink, 0)) > 0 || (n < 0 && errno == EINTR))
            ;
    }
    close(fd);
}

static void serve(int fd)
{
    struct request r;
    int got = read_request(fd, &r);
    if (got == 0)
        return;
    if (got < 0 || strncmp(r.version, "HTTP/1.", 7) != 0)
        respond(fd, 400, "Bad Request", "", "bad request\n");
    else if (strcmp(r.method, "GET") != 0)
        respond(fd, 405, "Method Not Allowed", "Allow: GET\r\n", "use GET\n");
    else if (strcmp(r.target, "/") != 0)
        respond(fd, 404, "Not Found", "", "not found\n");
    else
        respond(fd, 200, "OK", "", "Hello from C\n");
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: %s PORT\n", argv[0]);
        return 2;
    }
    int lfd = socket(AF_INET, SOCK_STREAM, 0);
    if (lfd < 0) {
        perror("socket");
        return 1;
    }
    int yes = 1;
    setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
    struct sockaddr_in sin;
    memset(&sin, 0, sizeof sin);
    sin.sin_family = AF_INET;
    sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    sin.sin_port = htons((unsigned short)atoi(argv[1]));
    if (bind(lfd, (struct sockaddr *)&sin, sizeof sin) < 0) {
        perror("bind");
        return 1;
    }
    if (listen(lfd, 32) < 0) {
        perror("listen");
        return 1;
    }
    for (;;) {
        int cfd = accept(lfd, NULL, NULL);
        if (cfd < 0) {
            perror("accept");
            continue;
        }
        serve(cfd);
        linger_close(cfd);
    }
}
