/* TCP client: connects to 127.0.0.1 on the port in argv[1], sends the text in argv[2] followed by a
 * newline, then prints everything the server replies until the server closes the connection.
 * Follow README.md; each TODO names its step. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: %s PORT MESSAGE\n", argv[0]);
        return 2;
    }
    /* Step 1 TODO: socket(AF_INET, SOCK_STREAM, 0), then connect() it to 127.0.0.1 and the port in
     * argv[1] (remember htons). If connect fails, print why (perror) and exit with status 1. */
    int fd = -1;

    /* Step 2 TODO: send argv[2] followed by "\n". */

    /* Step 3 TODO: recv() until it returns 0, writing each piece to stdout; then close(fd). */
    (void)fd;
    fprintf(stderr, "client: not connected yet (write step 1)\n");
    return 1;
}
