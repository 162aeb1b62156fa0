// A C++ program in two files: its socket calls are made in member functions of a class in a namespace, and
// their sites carry the demangled names (ns::Server::start()).
#include "server.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstring>

namespace ns {

int Server::start() {
    fd_ = socket(AF_INET, SOCK_STREAM, 0); // @site socket
    sockaddr_in a;
    std::memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    bind(fd_, reinterpret_cast<sockaddr *>(&a), sizeof a); // @site bind
    listen(fd_, 1); // @site listen
    socklen_t len = sizeof a;
    getsockname(fd_, reinterpret_cast<sockaddr *>(&a), &len);
    return ntohs(a.sin_port);
}

int Server::serve_one() {
    int c = accept(fd_, nullptr, nullptr); // @site accept
    char buf[16];
    ssize_t n = recv(c, buf, sizeof buf, 0); // @site recv
    close(c);
    return static_cast<int>(n);
}

Server::~Server() {
    if (fd_ >= 0) close(fd_); // @site close
}

}  // namespace ns
