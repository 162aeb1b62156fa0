/* Three client threads (messages of one length, whatever the order) talk to a server thread over a Unix stream socket path; main joins everyone. */
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

static struct sockaddr_un where = {.sun_family = AF_UNIX, .sun_path = "threaded.sock"};
static int ls;

static void *server(void *arg) {
    (void)arg;
    for (int i = 0; i < 3; i++) {
        int fd = accept(ls, NULL, NULL);
        char buf[64];
        ssize_t n = read(fd, buf, sizeof buf);
        if (n > 0) write(fd, "ok", 2);
        close(fd);
    }
    return NULL;
}

static void *client(void *arg) {
    int fd = socket(AF_UNIX, SOCK_STREAM, 0);
    if (connect(fd, (struct sockaddr *)&where, sizeof where) != 0) return (void *)1;
    send(fd, arg, strlen(arg), 0);
    char r[8];
    ssize_t n = recv(fd, r, sizeof r, MSG_WAITALL);
    close(fd);
    return n == 2 ? NULL : (void *)1;
}

int main(void) {
    unlink(where.sun_path);
    ls = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (bind(ls, (struct sockaddr *)&where, sizeof where) || listen(ls, 8)) { perror("bind"); return 1; }
    pthread_t s, c[3];
    pthread_create(&s, NULL, server, NULL);
    const char *msgs[] = {"alpha", "bravo", "gamma"};
    int bad = 0;
    for (int i = 0; i < 3; i++) pthread_create(&c[i], NULL, client, (void *)msgs[i]);
    for (int i = 0; i < 3; i++) {
        void *r;
        pthread_join(c[i], &r);
        bad += r != NULL;
    }
    pthread_join(s, NULL);
    close(ls);
    unlink(where.sun_path);
    return bad;
}
