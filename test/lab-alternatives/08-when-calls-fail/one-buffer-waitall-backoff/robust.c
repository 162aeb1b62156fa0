/* Framed echo server and client (frame: 4-byte length in network order, then the bytes).
 *   robust server PORT    robust client PORT */
#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

/* MSG_WAITALL asks the kernel for all len bytes, but a signal or the peer leaving still cuts it short,
 * so it is looped like a plain recv. Returns len, or fewer at end of stream, or -1. */
static ssize_t recv_all(int fd, char *buf, size_t len)
{
    size_t got = 0;
    while (got < len) {
        ssize_t n = recv(fd, buf + got, len - got, MSG_WAITALL);
        if (n == -1 && errno == EINTR)
            continue;
        if (n == -1)
            return -1;
        if (n == 0)
            break;
        got += (size_t)n;
    }
    return (ssize_t)got;
}

static int send_all(int fd, const char *buf, size_t len)
{
    while (len) {
        ssize_t n = send(fd, buf, len, MSG_NOSIGNAL);
        if (n == -1) {
            if (errno == EINTR)
                continue;
            return -1;
        }
        buf += n;
        len -= (size_t)n;
    }
    return 0;
}

/* One buffer for the whole frame, so it goes out through one send loop. */
static int send_frame(int fd, const char *data, uint32_t len)
{
    char *frame = malloc(4 + (size_t)len);
    if (!frame)
        return -1;
    uint32_t be = htonl(len);
    memcpy(frame, &be, 4);
    memcpy(frame + 4, data, len);
    int r = send_all(fd, frame, 4 + (size_t)len);
    free(frame);
    return r;
}

/* A frame's payload in a malloc'd, NUL-terminated buffer; NULL at end of stream or on error. */
static char *recv_frame(int fd, uint32_t *len)
{
    char head[4];
    ssize_t n = recv_all(fd, head, 4);
    if (n != 4) {
        if (n > 0)
            fprintf(stderr, "stream ended inside a frame's length\n");
        else if (n < 0)
            perror("recv");
        return NULL;
    }
    uint32_t be;
    memcpy(&be, head, 4);
    *len = ntohl(be);
    if (*len > (1u << 20)) {
        fprintf(stderr, "frame too big\n");
        return NULL;
    }
    char *data = malloc((size_t)*len + 1);
    if (!data)
        return NULL;
    n = recv_all(fd, data, *len);
    if (n != (ssize_t)*len) {
        if (n < 0)
            perror("recv");
        else
            fprintf(stderr, "stream ended inside a frame\n");
        free(data);
        return NULL;
    }
    data[*len] = '\0';
    return data;
}

static int server(const char *port)
{
    int lfd = socket(AF_INET, SOCK_STREAM, 0);
    if (lfd == -1) {
        perror("socket");
        return 1;
    }
    int one = 1;
    if (setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) == -1) {
        perror("setsockopt");
        return 1;
    }
    struct sockaddr_in sin;
    memset(&sin, 0, sizeof sin);
    sin.sin_family = AF_INET;
    sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    sin.sin_port = htons((uint16_t)atoi(port));
    if (bind(lfd, (struct sockaddr *)&sin, sizeof sin) == -1) {
        perror("bind");
        return 1;
    }
    if (listen(lfd, 32) == -1) {
        perror("listen");
        return 1;
    }
    for (;;) {
        int cfd = accept(lfd, NULL, NULL);
        if (cfd == -1) {
            perror("accept");
            continue;
        }
        uint32_t len;
        char *data;
        while ((data = recv_frame(cfd, &len)) != NULL) {
            int bad = send_frame(cfd, data, len);
            free(data);
            if (bad) {
                perror("send"); /* the client left; drop it, keep serving */
                break;
            }
        }
        close(cfd);
    }
}

static int client(const char *port)
{
    struct addrinfo hints, *res;
    memset(&hints, 0, sizeof hints);
    hints.ai_family = AF_INET;
    hints.ai_socktype = SOCK_STREAM;
    int e = getaddrinfo("127.0.0.1", port, &hints, &res);
    if (e != 0) {
        fprintf(stderr, "getaddrinfo: %s\n", gai_strerror(e));
        return 1;
    }
    int fd = -1;
    long pause_ms = 50;
    for (long waited = 0; fd == -1;) {
        fd = socket(res->ai_family, res->ai_socktype, res->ai_protocol);
        if (fd == -1) {
            perror("socket");
            break;
        }
        if (connect(fd, res->ai_addr, res->ai_addrlen) == 0)
            break;
        if (errno != ECONNREFUSED || waited >= 4000) {
            perror("connect");
            close(fd);
            fd = -1;
            break;
        }
        close(fd);
        fd = -1;
        struct timespec ts = {pause_ms / 1000, (pause_ms % 1000) * 1000000L};
        nanosleep(&ts, NULL);
        waited += pause_ms;
        if (pause_ms < 400)
            pause_ms *= 2;
    }
    freeaddrinfo(res);
    if (fd == -1)
        return 1;
    uint32_t len;
    char *reply = NULL;
    if (send_frame(fd, "hello", 5) == -1)
        perror("send");
    else if ((reply = recv_frame(fd, &len)) == NULL)
        fprintf(stderr, "no reply\n");
    close(fd);
    if (!reply)
        return 1;
    printf("%s\n", reply);
    free(reply);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc == 3 && strcmp(argv[1], "server") == 0)
        return server(argv[2]);
    if (argc == 3 && strcmp(argv[1], "client") == 0)
        return client(argv[2]);
    fprintf(stderr, "usage: %s server PORT | client PORT\n", argv[0]);
    return 2;
}
