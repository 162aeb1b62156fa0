/* UDP: sendto/recvfrom with and without addresses, binary bytes (NUL, 0xff), a datagram longer than the
 * payload limit, a connected UDP socket, MSG_DONTWAIT on an empty queue, IPv6. */
#include "sl.h"

int main(void) {
    int srv = OK(socket(AF_INET, SOCK_DGRAM, 0));
    struct sockaddr_in a = lo4(0);
    OK(bind(srv, SA(&a), sizeof a));
    struct sockaddr_in to = lo4(PORT_OF(srv));
    int cli = OK(socket(AF_INET, SOCK_DGRAM, 0));

    char buf[2048];
    struct sockaddr_in from;
    socklen_t flen = sizeof from;
    OK(sendto(cli, "query", 5, 0, SA(&to), sizeof to)); /* @site sendto-addr */
    OK(recvfrom(srv, buf, sizeof buf, 0, SA(&from), &flen)); /* @site recvfrom-addr */
    OK(sendto(srv, "answer", 6, 0, SA(&from), flen));
    OK(recvfrom(cli, buf, sizeof buf, 0, NULL, NULL)); /* @site recvfrom-noaddr */

    const unsigned char bin[] = {0x00, 0x01, 0xff, 0xfe, 0x00, 'A', '\n', 0x7f, 0x80, 0x00};
    OK(sendto(cli, bin, sizeof bin, 0, SA(&to), sizeof to)); /* @site binary */
    flen = sizeof from;
    OK(recvfrom(srv, buf, sizeof buf, 0, SA(&from), &flen));

    unsigned char big[1000];
    for (unsigned i = 0; i < sizeof big; i++) big[i] = (unsigned char)(i * 7);
    OK(sendto(cli, big, sizeof big, 0, SA(&to), sizeof to)); /* @site big */
    flen = sizeof from;
    OK(recvfrom(srv, buf, sizeof buf, 0, SA(&from), &flen));

    /* a connected UDP socket sends without an address */
    OK(connect(cli, SA(&to), sizeof to)); /* @site udp-connect */
    OK(send(cli, "abcdefghij", 10, 0));
    OK(recvfrom(srv, buf, sizeof buf, 0, NULL, NULL));
    if (recvfrom(srv, buf, sizeof buf, MSG_DONTWAIT, NULL, NULL) != -1 || errno != EAGAIN) return 1;
    OK(write(cli, "w", 1));
    OK(read(srv, buf, sizeof buf));

    /* IPv6 */
    int s6 = OK(socket(AF_INET6, SOCK_DGRAM, 0));
    struct sockaddr_in6 a6 = lo6(0);
    OK(bind(s6, SA(&a6), sizeof a6));
    struct sockaddr_in6 to6 = lo6(PORT_OF(s6));
    int c6 = OK(socket(AF_INET6, SOCK_DGRAM, 0));
    OK(sendto(c6, "six", 3, 0, SA(&to6), sizeof to6)); /* @site sendto6 */
    struct sockaddr_in6 from6;
    socklen_t f6 = sizeof from6;
    OK(recvfrom(s6, buf, sizeof buf, 0, SA(&from6), &f6));

    /* a datagram to nobody: an unconnected socket without an address */
    int lone = OK(socket(AF_INET, SOCK_DGRAM, 0));
    if (send(lone, "x", 1, 0) != -1 || errno != EDESTADDRREQ) return 1;

    int all[] = {srv, cli, s6, c6, lone};
    for (unsigned i = 0; i < sizeof all / sizeof *all; i++) OK(close(all[i]));
    return 0;
}
