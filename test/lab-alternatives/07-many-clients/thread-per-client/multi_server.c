/* Concurrent TCP echo server, a thread per client: each thread gets a malloc'd copy of its fd (not the
 * address of the loop's variable, which the next accept() overwrites), as the lab's README suggests. */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static void *serve(void *arg)
{
    int cfd = *(int *)arg;
    free(arg);
    char buf[4096];
    ssize_t n;
    while ((n = recv(cfd, buf, sizeof buf, 0)) > 0) {
        char *p = buf;
        while (n > 0) {
            ssize_t w = send(cfd, p, (size_t)n, 0);
            if (w < 0) { perror("send"); goto out; }
            p += w; n -= w;
        }
    }
    if (n < 0) perror("recv");
out:
    close(cfd);
    return NULL;
}

int main(int argc, char **argv)
{
    if (argc != 2) { fprintf(stderr, "usage: %s PORT\n", argv[0]); return 2; }
    int lfd = socket(AF_INET, SOCK_STREAM, 0);
    if (lfd < 0) { perror("socket"); return 1; }
    struct sockaddr_in addr;
    memset(&addr, 0, sizeof addr);
    addr.sin_family = AF_INET;
    addr.sin_port = htons((unsigned short)atoi(argv[1]));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (bind(lfd, (struct sockaddr *)&addr, sizeof addr) < 0) { perror("bind"); return 1; }
    if (listen(lfd, SOMAXCONN) < 0) { perror("listen"); return 1; }
    for (;;) {
        int cfd = accept(lfd, NULL, NULL);
        if (cfd < 0) { if (errno != EINTR) perror("accept"); continue; }
        int *p = malloc(sizeof *p);
        if (!p) { close(cfd); continue; }
        *p = cfd;
        pthread_t t;
        int e = pthread_create(&t, NULL, serve, p);
        if (e) { fprintf(stderr, "pthread_create: %s\n", strerror(e)); free(p); close(cfd); continue; }
        pthread_detach(t);
    }
}
