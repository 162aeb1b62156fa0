/* A helper defined in a header: its socket call's site is this file, not the .c file that includes it. */
#include <sys/socket.h>

static int open_udp(void) {
    return socket(AF_INET, SOCK_DGRAM, 0); /* @site header-socket */
}
