/* TCP echo server: listens on the port given as argv[1], serves one client after another,
 * sending back every byte it receives until the client closes its side. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

/* send() may write fewer bytes than asked: keep going until all of buf is out. */
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

/* Echo until the client closes (recv returns 0) or the connection fails. */
static void serve(int cfd)
{
    char buf[4096];
    for (;;) {
        ssize_t n = recv(cfd, buf, sizeof buf, 0);
        if (n == 0)
            return;
        if (n < 0) {
            perror("recv");
            return;
        }
        if (send_all(cfd, buf, (size_t)n) < 0) {
            perror("send");
            return;
        }
    }
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
    struct sockaddr_in addr;
    memset(&addr, 0, sizeof addr);
    addr.sin_family = AF_INET;
    addr.sin_port = htons((unsigned short)atoi(argv[1]));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (bind(lfd, (struct sockaddr *)&addr, sizeof addr) < 0) {
        perror("bind");
        return 1;
    }
    if (listen(lfd, 16) < 0) {
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
        return 0;
    }
}
