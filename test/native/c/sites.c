/* Call sites: each socket call is on a line marked with its name; the tracer must report that line. */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <pthread.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

static int make_pair(int sv[2]) {
    return socketpair(AF_UNIX, SOCK_STREAM, 0, sv); /* @site pair */
}

static void *worker(void *arg) {
    int fd = *(int *)arg;
    send(fd, "from thread", 11, 0); /* @site thread_send */
    return NULL;
}

static ssize_t (*sender)(int, const void *, size_t, int) = send;

int main(void) {
    int sv[2];
    make_pair(sv);
    int s = socket(AF_INET, SOCK_DGRAM, 0); /* @site socket */
    struct sockaddr_in a;
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    bind(s, (struct sockaddr *)&a, /* a call over two lines is reported at its first line: @site bind */
         sizeof a);
    char buf[64];
    write(sv[0], "hello", 5); /* @site write */
    read(sv[1], buf, sizeof buf); /* @site read */
    pthread_t t;
    pthread_create(&t, NULL, worker, &sv[0]);
    pthread_join(t, NULL);
    recv(sv[1], buf, sizeof buf, 0); /* @site recv */
    sender(sv[0], "ptr", 3, 0); /* @site fnptr */
    syscall(SYS_getsockname, s, &a, &(socklen_t){sizeof a}); /* @site raw */
    for (int i = 0; i < 3; i++) recv(sv[1], buf, 1, MSG_DONTWAIT); /* @site loop */
    close(s); /* @site close */
    return 0;
}
