/* Minimal HTTP/1.1 server on the port in argv[1]: reads a request's head, answers GET / with a short
 * text, anything else with 404 or 405, and closes the connection after each response.
 * Follow README.md; each TODO names its step. */
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

/* Step 1 TODO: read until the blank line that ends the head ("\r\n\r\n"), however the bytes arrive.
 * Returns the head's length, or -1 when the peer left, failed, or sent too much. */
static int read_head(int fd, char *buf, size_t cap)
{
    ssize_t n = recv(fd, buf, cap - 1, 0);
    if (n <= 0)
        return -1;
    buf[n] = '\0';
    return (int)n;
}

/* Step 2 TODO: parse the request line, and answer with a status line, headers (Content-Type,
 * Content-Length, Connection: close), a blank line and the body: 200 for GET /, 404 for other paths,
 * 405 for other methods. */
static void serve(int fd)
{
    char buf[HEAD_MAX];
    if (read_head(fd, buf, sizeof buf) < 0)
        return;
    const char *reply = "Hello from C\n";
    if (send_all(fd, reply, strlen(reply)) < 0)
        perror("send");
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
