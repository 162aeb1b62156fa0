/* Minimal HTTP/1.1 server on the port in argv[1]: reads a request's head, answers GET / with a short
 * text, anything else with 404 or 405, and closes the connection after each response. */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define HEAD_MAX 8192

static int send_all(int fd, const char *buf, size_t len)
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

/* Reads until the blank line that ends the head ("\r\n\r\n"), however the bytes arrive.
 * Returns the head's length, or -1 when the peer left, failed, or sent too much. */
static int read_head(int fd, char *buf, size_t cap)
{
    size_t got = 0;
    while (got < cap - 1) {
        ssize_t n = recv(fd, buf + got, cap - 1 - got, 0);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return -1;
        got += (size_t)n;
        buf[got] = '\0';
        if (strstr(buf, "\r\n\r\n"))
            return (int)got;
    }
    return -1;
}

static void respond(int fd, int status, const char *reason, const char *extra, const char *body)
{
    char head[512];
    int len = snprintf(head, sizeof head,
                       "HTTP/1.1 %d %s\n"
                       "Content-Type: text/plain; charset=utf-8\r\n"
                       "Content-Length: %zu\r\n"
                       "%s"
                       "Connection: close\n",
                       status, reason, strlen(body), extra);
    if (send_all(fd, head, (size_t)len) < 0 || send_all(fd, body, strlen(body)) < 0)
        perror("send");
}

static void serve(int fd)
{
    char buf[HEAD_MAX];
    if (read_head(fd, buf, sizeof buf) < 0)
        return;
    /* The request line: METHOD SP TARGET SP VERSION */
    char method[16], target[1024], version[16];
    if (sscanf(buf, "%15s %1023s %15s", method, target, version) != 3 || strncmp(version, "HTTP/1.", 7) != 0) {
        respond(fd, 400, "Bad Request", "", "bad request\n");
        return;
    }
    if (strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0)
        respond(fd, 405, "Method Not Allowed", "Allow: GET, HEAD\r\n", "only GET here\n");
    else if (strcmp(target, "/") != 0)
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
    int on = 1;
    setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
    struct sockaddr_in addr;
    memset(&addr, 0, sizeof addr);
    addr.sin_family = AF_INET;
    addr.sin_port = htons((unsigned short)atoi(argv[1]));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (bind(lfd, (struct sockaddr *)&addr, sizeof addr) < 0 || listen(lfd, 64) < 0) {
        perror("bind/listen");
        return 1;
    }
    for (;;) {
        int cfd = accept(lfd, NULL, NULL);
        if (cfd < 0) {
            perror("accept");
            continue;
        }
        serve(cfd);
        close(cfd);
    }
}
