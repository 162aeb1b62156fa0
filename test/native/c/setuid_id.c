/* Prints its real and effective uid: installed setuid to show that the tracer runs it unprivileged. */
#include <stdio.h>
#include <sys/socket.h>
#include <unistd.h>

int main(void) {
    int s = socket(AF_INET, SOCK_DGRAM, 0);
    printf("uid=%d euid=%d\n", (int)getuid(), (int)geteuid());
    close(s);
    return 0;
}
