/* recv with MSG_TRUNC into a buffer shorter than the datagram: the call returns the datagram's real length,
 * but only the buffer's bytes were written, so only those may be shown. */
#include "sl.h"

int main(void) {
    int srv = OK(socket(AF_INET, SOCK_DGRAM, 0));
    struct sockaddr_in a = lo4(0);
    OK(bind(srv, SA(&a), sizeof a));
    struct sockaddr_in to = lo4(PORT_OF(srv));
    int cli = OK(socket(AF_INET, SOCK_DGRAM, 0));
    char buf[16];
    memset(buf, '#', sizeof buf);
    OK(sendto(cli, "abcdefghij", 10, 0, SA(&to), sizeof to));
    OK(recvfrom(srv, buf, 4, MSG_TRUNC, NULL, NULL)); /* @site trunc: 10 returned, 4 bytes written */
    OK(close(srv));
    OK(close(cli));
    return 0;
}
