/* A socket call made inside a function from a header (header_site.h). */
#include <unistd.h>

#include "header_site.h"

int main(void) {
    int s = open_udp();
    if (s < 0) return 1;
    close(s); /* @site main-close */
    return 0;
}
