// What each socket API function does, in our own words: the prototype and a few sentences for the hover,
// and one line for the lens above a call before any run. Pure data; the man page is linked for the rest.

export interface CallDoc {
  /** the C prototype, as in the header */
  signature: string;
  /** man page section: 2 for system calls, 3 for library functions */
  section: 2 | 3;
  /** what it does, its result and the usual mistake; a sentence or three */
  text: string;
  /** the same in a few words, after `name(): ` above a call that has not run; only for calls that get a lens */
  lens?: string;
}

export const CALL_DOCS: Readonly<Record<string, CallDoc>> = {
  socket: {
    signature: 'int socket(int domain, int type, int protocol);', section: 2,
    lens: 'creates an endpoint and returns its fd',
    text: 'Creates a socket and returns its file descriptor, or -1 with errno set. `domain` is the address family (AF_INET, AF_INET6, AF_UNIX), `type` the kind of exchange (SOCK_STREAM for a byte stream such as TCP, SOCK_DGRAM for datagrams such as UDP); pass 0 as `protocol` to let the kernel choose.',
  },
  socketpair: {
    signature: 'int socketpair(int domain, int type, int protocol, int sv[2]);', section: 2,
    lens: 'creates two connected sockets, one for each end',
    text: 'Creates two sockets already connected to each other and stores their fds in `sv`. Only AF_UNIX supports it. Handy between a parent and the child it forks.',
  },
  bind: {
    signature: 'int bind(int sockfd, const struct sockaddr *addr, socklen_t addrlen);', section: 2,
    lens: 'gives the socket a local address and port',
    text: 'Gives the socket its local address: the port a server listens on. The port and address in `addr` must be in network byte order (`htons`, `htonl`). Fails with EADDRINUSE when another socket holds the port; SO_REUSEADDR, set before `bind`, lets a restarted server reuse it.',
  },
  listen: {
    signature: 'int listen(int sockfd, int backlog);', section: 2,
    lens: 'turns the socket into one that accepts connections',
    text: 'Makes a bound stream socket passive: the kernel now completes connections from clients and queues them (up to about `backlog`) until `accept` takes them. Returns 0, or -1 with errno set.',
  },
  accept: {
    signature: 'int accept(int sockfd, struct sockaddr *addr, socklen_t *addrlen);', section: 2,
    lens: 'waits for a client and returns a new fd for it',
    text: 'Takes the next connection from a listening socket, waiting for one if there is none, and returns a new fd for talking to that client. The listening socket stays open for the next client. `addr` receives the client\'s address; `*addrlen` must hold its size on entry. Pass NULL, NULL if you do not need it.',
  },
  accept4: {
    signature: 'int accept4(int sockfd, struct sockaddr *addr, socklen_t *addrlen, int flags);', section: 2,
    lens: 'waits for a client and returns a new fd for it, with flags',
    text: 'Like `accept`, and sets flags on the new fd at once: SOCK_NONBLOCK, SOCK_CLOEXEC.',
  },
  connect: {
    signature: 'int connect(int sockfd, const struct sockaddr *addr, socklen_t addrlen);', section: 2,
    lens: 'connects to a server (TCP) or sets the default peer (UDP)',
    text: 'On a stream socket, opens a connection to the server at `addr` and waits until it is made (ECONNREFUSED when nothing listens there). On a datagram socket, only sets the default peer for `send` and filters what `recv` gets. Port and address in network byte order.',
  },
  shutdown: {
    signature: 'int shutdown(int sockfd, int how);', section: 2,
    lens: 'ends reading, writing or both, without closing the fd',
    text: 'Ends one direction of a connection without closing the fd: SHUT_WR sends end-of-stream (the peer\'s `recv` returns 0) while you can still read the reply; SHUT_RD, SHUT_RDWR. Unlike `close`, it acts on the connection even when other fds refer to it.',
  },
  getsockname: {
    signature: 'int getsockname(int sockfd, struct sockaddr *addr, socklen_t *addrlen);', section: 2,
    lens: 'tells the socket\'s own address',
    text: 'Stores the socket\'s own address in `addr`: for example the port the kernel chose after `bind` to port 0, or after `connect` without `bind`.',
  },
  getpeername: {
    signature: 'int getpeername(int sockfd, struct sockaddr *addr, socklen_t *addrlen);', section: 2,
    lens: 'tells the address of the other end',
    text: 'Stores the address of the connected peer in `addr`. ENOTCONN when the socket is not connected.',
  },
  setsockopt: {
    signature: 'int setsockopt(int sockfd, int level, int optname, const void *optval, socklen_t optlen);', section: 2,
    lens: 'sets an option of the socket (SO_REUSEADDR...)',
    text: 'Sets an option. `level` says who owns it: SOL_SOCKET for the socket layer (SO_REUSEADDR, SO_RCVTIMEO...), IPPROTO_TCP for TCP (TCP_NODELAY), IPPROTO_IPV6 (IPV6_V6ONLY). The value is passed by address: `int one = 1; setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);`',
  },
  getsockopt: {
    signature: 'int getsockopt(int sockfd, int level, int optname, void *optval, socklen_t *optlen);', section: 2,
    lens: 'reads an option of the socket (SO_ERROR...)',
    text: 'Reads an option into `optval`; `*optlen` holds its size on entry and the length written on return. SO_ERROR tells how a non-blocking `connect` ended (and clears the error).',
  },
  send: {
    signature: 'ssize_t send(int sockfd, const void *buf, size_t len, int flags);', section: 2,
    lens: 'queues bytes for the peer; may take fewer than asked',
    text: 'Queues bytes for the connected peer and returns how many it took: on a stream socket that can be fewer than `len`, so loop until all are sent. Blocks while the send buffer is full (unless non-blocking: EAGAIN). EPIPE when the peer has closed; MSG_NOSIGNAL avoids the SIGPIPE that comes with it.',
  },
  sendto: {
    signature: 'ssize_t sendto(int sockfd, const void *buf, size_t len, int flags, const struct sockaddr *dest_addr, socklen_t addrlen);', section: 2,
    lens: 'sends bytes, or one datagram to an address',
    text: 'Sends one datagram to `dest_addr` (UDP), or, with a NULL address, behaves like `send`. A datagram is sent whole or not at all.',
  },
  sendmsg: {
    signature: 'ssize_t sendmsg(int sockfd, const struct msghdr *msg, int flags);', section: 2,
    lens: 'sends from several buffers, with control data',
    text: 'Sends from several buffers (`msg_iov`) at once, with an optional address and control data such as fds passed over AF_UNIX (SCM_RIGHTS).',
  },
  recv: {
    signature: 'ssize_t recv(int sockfd, void *buf, size_t len, int flags);', section: 2,
    lens: 'waits for bytes; 0 means the peer closed',
    text: 'Waits for bytes and copies up to `len` of them into `buf`; returns how many, which may be fewer than were sent (TCP keeps no message boundaries). 0 means the peer closed its end: stop reading. -1 with errno on error (EAGAIN on a non-blocking socket with nothing to read).',
  },
  recvfrom: {
    signature: 'ssize_t recvfrom(int sockfd, void *buf, size_t len, int flags, struct sockaddr *src_addr, socklen_t *addrlen);', section: 2,
    lens: 'receives bytes, or one datagram with its sender',
    text: 'Receives one datagram and the address it came from (so you can reply with `sendto`). A datagram longer than `len` is cut, the rest lost. `*addrlen` must hold the size of `src_addr` on entry.',
  },
  recvmsg: {
    signature: 'ssize_t recvmsg(int sockfd, struct msghdr *msg, int flags);', section: 2,
    lens: 'receives into several buffers, with control data',
    text: 'Receives into several buffers, with the sender\'s address and control data (fds passed over AF_UNIX). MSG_TRUNC in `msg_flags` says a datagram was cut.',
  },
  read: {
    signature: 'ssize_t read(int fd, void *buf, size_t count);', section: 2,
    lens: 'reads bytes from the fd; on a socket, like recv',
    text: 'Reads up to `count` bytes. On a connected socket it is `recv` with no flags: it may return fewer bytes than asked, and 0 at end of stream.',
  },
  write: {
    signature: 'ssize_t write(int fd, const void *buf, size_t count);', section: 2,
    lens: 'writes bytes to the fd; on a socket, like send',
    text: 'Writes up to `count` bytes and returns how many were taken. On a connected socket it is `send` with no flags: loop on short writes.',
  },
  close: {
    signature: 'int close(int fd);', section: 2,
    lens: 'releases the fd; the connection ends when no fd refers to it',
    text: 'Releases the fd. The connection ends (the peer reads end-of-stream) only when no fd refers to the socket any more: after `fork`, both parent and child must close it. Close every accepted fd when its client is done, or fds run out (EMFILE).',
  },
  poll: {
    signature: 'int poll(struct pollfd *fds, nfds_t nfds, int timeout);', section: 2,
    lens: 'waits until one of several fds is ready',
    text: 'Waits until at least one of the fds is ready for what its `events` ask (POLLIN: something to read or a connection to accept; POLLOUT: room to write), or `timeout` ms pass (-1: wait forever). Returns how many fds have `revents` set; a server loops over them.',
  },
  select: {
    signature: 'int select(int nfds, fd_set *readfds, fd_set *writefds, fd_set *exceptfds, struct timeval *timeout);', section: 2,
    lens: 'waits until one of several fds is ready (fd sets)',
    text: 'The older form of `poll` with fd sets: `nfds` is the highest fd plus one, and the sets are changed on return, so fill them again before each call. Limited to fds below FD_SETSIZE (1024).',
  },
  epoll_create1: {
    signature: 'int epoll_create1(int flags);', section: 2,
    lens: 'creates an epoll instance',
    text: 'Creates an epoll instance and returns its fd: a set of watched fds kept by the kernel, so each wait does not pass the whole list as `poll` does.',
  },
  epoll_create: {
    signature: 'int epoll_create(int size);', section: 2,
    lens: 'creates an epoll instance',
    text: 'The older form of `epoll_create1`; `size` is ignored but must be positive.',
  },
  epoll_ctl: {
    signature: 'int epoll_ctl(int epfd, int op, int fd, struct epoll_event *event);', section: 2,
    lens: 'adds, changes or removes an fd watched by epoll',
    text: 'Adds (EPOLL_CTL_ADD), changes (EPOLL_CTL_MOD) or removes (EPOLL_CTL_DEL) a watched fd. `event.events` says what to wait for (EPOLLIN, EPOLLOUT, EPOLLET), `event.data` what `epoll_wait` gives back, usually the fd.',
  },
  epoll_wait: {
    signature: 'int epoll_wait(int epfd, struct epoll_event *events, int maxevents, int timeout);', section: 2,
    lens: 'waits for events on the fds epoll watches',
    text: 'Waits until watched fds are ready, fills `events` with up to `maxevents` of them and returns how many. With EPOLLET (edge-triggered), read until EAGAIN, or the rest waits for the next event.',
  },
  fcntl: {
    signature: 'int fcntl(int fd, int cmd, ... /* arg */);', section: 2,
    lens: 'changes fd flags, e.g. O_NONBLOCK',
    text: 'Reads or changes fd flags. Making a socket non-blocking: `fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);` Calls that would wait then fail with EAGAIN instead.',
  },
  fork: {
    signature: 'pid_t fork(void);', section: 2,
    lens: 'makes a child process that shares the open sockets',
    text: 'Makes a child process that is a copy of this one, with the same open fds: returns 0 in the child and the child\'s pid in the parent. A forking server closes the listening socket in the child and the client\'s fd in the parent.',
  },
  htons: {
    signature: 'uint16_t htons(uint16_t hostshort);', section: 3,
    text: 'Host to network order, 16 bits: puts a port in the byte order sockaddr structures hold (big-endian). Without it, port 8080 on a little-endian machine becomes 36895.',
  },
  ntohs: {
    signature: 'uint16_t ntohs(uint16_t netshort);', section: 3,
    text: 'Network to host order, 16 bits: reads a port out of a sockaddr, e.g. to print it.',
  },
  htonl: {
    signature: 'uint32_t htonl(uint32_t hostlong);', section: 3,
    text: 'Host to network order, 32 bits: for an IPv4 address held as a number, e.g. `htonl(INADDR_LOOPBACK)`.',
  },
  ntohl: {
    signature: 'uint32_t ntohl(uint32_t netlong);', section: 3,
    text: 'Network to host order, 32 bits.',
  },
  inet_pton: {
    signature: 'int inet_pton(int af, const char *src, void *dst);', section: 3,
    text: 'Turns an address written as text ("127.0.0.1", "::1") into its binary form in network order, e.g. into `&addr.sin_addr`. Returns 1 on success, 0 when the text is not an address of family `af`.',
  },
  inet_ntop: {
    signature: 'const char *inet_ntop(int af, const void *src, char *dst, socklen_t size);', section: 3,
    text: 'Writes a binary address as text into `dst` (INET_ADDRSTRLEN or INET6_ADDRSTRLEN bytes are enough) and returns `dst`, or NULL on error.',
  },
  getaddrinfo: {
    signature: 'int getaddrinfo(const char *node, const char *service, const struct addrinfo *hints, struct addrinfo **res);', section: 3,
    text: 'Resolves a host name and a service (or port) into a list of addresses ready for `socket` and `connect`/`bind`, IPv4 and IPv6 alike. Returns 0 or an error for `gai_strerror` (not errno). Free the list with `freeaddrinfo`.',
  },
  sendmmsg: {
    signature: 'int sendmmsg(int sockfd, struct mmsghdr *msgvec, unsigned int vlen, int flags);', section: 2,
    lens: 'sends several datagrams in one call',
    text: 'Sends several datagrams in one call and returns how many were sent.',
  },
  recvmmsg: {
    signature: 'int recvmmsg(int sockfd, struct mmsghdr *msgvec, unsigned int vlen, int flags, struct timespec *timeout);', section: 2,
    lens: 'receives several datagrams in one call',
    text: 'Receives several datagrams in one call and returns how many.',
  },
  ppoll: {
    signature: 'int ppoll(struct pollfd *fds, nfds_t nfds, const struct timespec *tmo_p, const sigset_t *sigmask);', section: 2,
    lens: 'waits until one of several fds is ready, with a signal mask',
    text: 'Like `poll`, with the timeout as a timespec and a signal mask that holds only during the wait.',
  },
  pselect: {
    signature: 'int pselect(int nfds, fd_set *readfds, fd_set *writefds, fd_set *exceptfds, const struct timespec *timeout, const sigset_t *sigmask);', section: 2,
    lens: 'waits until one of several fds is ready, with a signal mask',
    text: 'Like `select`, with a signal mask that holds only during the wait.',
  },
  epoll_pwait: {
    signature: 'int epoll_pwait(int epfd, struct epoll_event *events, int maxevents, int timeout, const sigset_t *sigmask);', section: 2,
    lens: 'waits for events on the fds epoll watches, with a signal mask',
    text: 'Like `epoll_wait`, with a signal mask that holds only during the wait.',
  },
  readv: {
    signature: 'ssize_t readv(int fd, const struct iovec *iov, int iovcnt);', section: 2,
    lens: 'reads into several buffers',
    text: 'Reads into several buffers in turn, in one call; returns the total read, 0 at end of stream.',
  },
  writev: {
    signature: 'ssize_t writev(int fd, const struct iovec *iov, int iovcnt);', section: 2,
    lens: 'writes from several buffers',
    text: 'Writes several buffers in one call, e.g. a header and a body, and returns the total taken: check for a short write as with `write`.',
  },
  dup: {
    signature: 'int dup(int oldfd);', section: 2,
    lens: 'makes a second fd for the same socket',
    text: 'Returns a new fd for the same open socket. The socket lives until every fd that refers to it is closed.',
  },
  dup2: {
    signature: 'int dup2(int oldfd, int newfd);', section: 2,
    lens: 'makes a given fd refer to the same socket',
    text: 'Makes `newfd` refer to the same socket as `oldfd` (closing what `newfd` was), e.g. to make a socket the standard input of a program.',
  },
  dup3: {
    signature: 'int dup3(int oldfd, int newfd, int flags);', section: 2,
    lens: 'makes a given fd refer to the same socket, with flags',
    text: 'Like `dup2`, with O_CLOEXEC as the only flag.',
  },
  sendfile: {
    signature: 'ssize_t sendfile(int out_fd, int in_fd, off_t *offset, size_t count);', section: 2,
    lens: 'copies bytes from a file to a socket in the kernel',
    text: 'Copies up to `count` bytes from a file to a socket inside the kernel, without passing them through your buffers; may copy fewer, so loop.',
  },
  ioctl: {
    signature: 'int ioctl(int fd, unsigned long request, ...);', section: 2,
    lens: 'device control; FIONBIO makes a socket non-blocking',
    text: 'Device-specific requests; on sockets, FIONBIO makes the socket non-blocking and FIONREAD tells how many bytes wait to be read.',
  },
};
