// The client side and main of the two-file C++ program (server.cpp has the server).
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <string>

#include "server.hpp"

template <typename T> static void send_all(int fd, const T &data) {
    send(fd, data.data(), data.size(), 0); // @site send
}

int main() {
    ns::Server server;
    int port = server.start();
    int c = socket(AF_INET, SOCK_STREAM, 0); // @site client_socket
    sockaddr_in a;
    std::memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_port = htons(static_cast<uint16_t>(port));
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    connect(c, reinterpret_cast<sockaddr *>(&a), sizeof a); // @site connect
    send_all(c, std::string("hello"));
    int got = server.serve_one();
    close(c);
    std::printf("server got %d bytes\n", got);
    return got == 5 ? 0 : 1;
}
