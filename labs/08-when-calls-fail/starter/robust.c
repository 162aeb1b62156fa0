/* A framed echo server and client that survive failing calls (this starter does not yet: follow
 * README.md, each TODO names its step). A frame is a 4-byte length in network
 * byte order followed by that many bytes.
 *   robust server PORT   echoes every frame back; survives restarts, short reads and writes, lost peers
 *   robust client PORT   sends the frame "hello", prints the reply frame; retries while refused */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define MAX_FRAME (1 << 20)

/* Step 3 TODO: recv() may return fewer bytes than asked; loop until `len` bytes have arrived.
 * Returns 1 when full, 0 on end of stream, -1 on error. */
static int recv_full(int fd, void *buf, size_t len)
{
    ssize_t n = recv(fd, buf, len, 0);
    if (n <= 0)
        return (int)n;
    return 1;
}

/* Step 3 TODO: send() may take fewer bytes than asked; loop until all are sent.
 * Step 2 TODO: a peer that has gone raises SIGPIPE here, which kills the server (MSG_NOSIGNAL). */
static int send_full(int fd, const void *buf, size_t len)
{
    return send(fd, buf, len, 0) < 0 ? -1 : 0;
}

static int send_frame(int fd, const char *data, uint32_t len)
{
    uint32_t be = htonl(len);
    if (send_full(fd, &be, sizeof be) < 0 || send_full(fd, data, len) < 0)
        return -1;
    return 0;
}

/* Reads one frame into a new buffer (*out, *len). Returns 1, or 0 at end of stream, or -1 on error. */
static int recv_frame(int fd, char **out, uint32_t *len)
{
    uint32_t be;
    int r = recv_full(fd, &be, sizeof be);
    if (r <= 0)
        return r;
    *len = ntohl(be); /* the length travels big-endian, like ports */
    if (*len > MAX_FRAME) {
        fprintf(stderr, "frame of %u bytes is too big\n", *len);
        return -1;
    }
    char *buf = malloc(*len + 1);
    if (!buf)
        return -1;
    if (*len > 0 && recv_full(fd, buf, *len) <= 0) {
        free(buf);
        return -1;
    }
    buf[*len] = '\0';
    *out = buf;
    return 1;
}

static void serve(int cfd)
{
    for (;;) {
        char *data = NULL;
        uint32_t len = 0;
        int r = recv_frame(cfd, &data, &len);
        if (r <= 0) {
            if (r < 0)
                perror("recv");
            return;
        }
        int failed = send_frame(cfd, data, len);
        free(data);
        if (failed) {
            perror("send"); /* EPIPE or ECONNRESET: this client is gone, the server is not */
            return;
        }
    }
}

static int server(int port)
{
    int lfd = socket(AF_INET, SOCK_STREAM, 0);
    if (lfd < 0) {
        perror("socket");
        return 1;
    }
    /* Step 1 TODO: SO_REUSEADDR, so that a restarted server can bind while old connections linger. */
    struct sockaddr_in addr;
    memset(&addr, 0, sizeof addr);
    addr.sin_family = AF_INET;
    addr.sin_port = htons((uint16_t)port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (bind(lfd, (struct sockaddr *)&addr, sizeof addr) < 0) {
        perror("bind");
        return 1;
    }
    if (listen(lfd, 64) < 0) {
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
        close(cfd);
    }
}

static int client(int port)
{
    struct sockaddr_in addr;
    memset(&addr, 0, sizeof addr);
    addr.sin_family = AF_INET;
    addr.sin_port = htons((uint16_t)port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    /* Step 2 TODO: on ECONNREFUSED the server may not be up yet: retry with a new socket. */
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0) {
        perror("socket");
        return 1;
    }
    if (connect(fd, (struct sockaddr *)&addr, sizeof addr) < 0) {
        perror("connect");
        close(fd);
        return 1;
    }
    char *reply = NULL;
    uint32_t len = 0;
    if (send_frame(fd, "hello", 5) < 0 || recv_frame(fd, &reply, &len) <= 0) {
        perror("exchange");
        close(fd);
        return 1;
    }
    printf("%s\n", reply);
    free(reply);
    close(fd);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc == 3 && strcmp(argv[1], "server") == 0)
        return server(atoi(argv[2]));
    if (argc == 3 && strcmp(argv[1], "client") == 0)
        return client(atoi(argv[2]));
    fprintf(stderr, "usage: %s server PORT | client PORT\n", argv[0]);
    return 2;
}
