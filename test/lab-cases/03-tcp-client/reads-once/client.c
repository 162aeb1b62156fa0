/* TCP client: connects to 127.0.0.1 on the port in argv[1], sends the text in argv[2] followed by a
 * newline, then prints everything the server replies until the server closes the connection. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static int send_all(int fd, const char *buf, size_t len)
{
    while (len > 0) {
        ssize_t n = send(fd, buf, len, 0);
        if (n < 0)
            return -1;
        buf += n;
        len -= (size_t)n;
    }
    return 0;
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: %s PORT MESSAGE\n", argv[0]);
        return 2;
    }
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0) {
        perror("socket");
        return 1;
    }
    struct sockaddr_in addr;
    memset(&addr, 0, sizeof addr);
    addr.sin_family = AF_INET;
    addr.sin_port = htons((unsigned short)atoi(argv[1]));
    if (inet_pton(AF_INET, "127.0.0.1", &addr.sin_addr) != 1) {
        fprintf(stderr, "bad address\n");
        return 1;
    }
    if (connect(fd, (struct sockaddr *)&addr, sizeof addr) < 0) {
        perror("connect");
        close(fd);
        return 1;
    }
    char line[1024];
    int len = snprintf(line, sizeof line, "%s\n", argv[2]);
    if (len < 0 || (size_t)len >= sizeof line || send_all(fd, line, (size_t)len) < 0) {
        perror("send");
        close(fd);
        return 1;
    }
    /* The reply may come in any number of pieces: read until the server closes (recv returns 0). */
    char buf[4096];
    ssize_t n;
    if ((n = recv(fd, buf, sizeof buf, 0)) > 0)
        fwrite(buf, 1, (size_t)n, stdout);
    n = 0;
    if (n < 0) {
        perror("recv");
        close(fd);
        return 1;
    }
    close(fd);
    return 0;
}
