/* Socket fds copied with dup, dup2, dup3 and F_DUPFD_CLOEXEC, a regular file dup2'd over a socket, and
 * sendfile from a file to a socket. Calls on the file itself are not socket calls and are not reported. */
#include "sl.h"

#include <fcntl.h>
#include <sys/sendfile.h>

int main(void) {
    int sv[2];
    OK(socketpair(AF_UNIX, SOCK_STREAM, 0, sv));
    int d1 = OK(dup(sv[0])); /* @site dup */
    OK(dup2(sv[0], 20)); /* @site dup2 */
    OK(dup3(sv[0], 21, O_CLOEXEC)); /* @site dup3 */
    int d4 = OK(fcntl(sv[0], F_DUPFD_CLOEXEC, 30));
    OK(write(20, "via dup2", 8));
    char b[64];
    OK(read(sv[1], b, sizeof b));
    OK(write(d1, "d", 1));
    OK(write(21, "e", 1));
    OK(read(sv[1], b, sizeof b));

    int f = OK(open("fds.txt", O_RDWR | O_CREAT | O_TRUNC, 0600));
    OK(write(f, "file contents for sendfile\n", 27));
    OK(dup2(f, 21)); /* the file replaces the socket at 21 */
    OK(write(21, "!", 1));
    off_t off = 5;
    OK(sendfile(sv[0], f, &off, 8)); /* @site sendfile */
    OK(read(sv[1], b, sizeof b));
    if (dup2(99, 22) != -1 || errno != EBADF) return 1;

    int all[] = {d1, 20, 21, d4, sv[0], sv[1], f};
    for (unsigned i = 0; i < sizeof all / sizeof *all; i++) OK(close(all[i]));
    unlink("fds.txt");
    return 0;
}
