/* TCP echo server: listens on the port given as argv[1], serves one client after another,
 * sending back every byte it receives until the client closes its side.
 * Follow README.md step by step; each TODO names the step that fills it in. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

/* Step 2: echo every byte the client sends until recv() returns 0 (the client closed). */
static void serve(int cfd)
{
    (void)cfd;
    /* TODO: loop over recv(), and send back what each call returned */
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: %s PORT\n", argv[0]);
        return 2;
    }
    int port = atoi(argv[1]);

    /* Step 1: make a listening socket.
     * TODO: socket(AF_INET, SOCK_STREAM, 0), bind it to 127.0.0.1 and `port`, then listen(). */
    int lfd = -1;
    (void)port;

    if (lfd < 0) {
        fprintf(stderr, "not listening yet: write step 1 (socket, bind, listen)\n");
        return 1;
    }
    /* Step 2 and 3: accept a client, serve() it, close it, and go back to accept the next. */
    int cfd = accept(lfd, NULL, NULL);
    serve(cfd);
    return 0;
}
