// What the address structures and the fields a student fills in are, shown on hover: where byte order
// matters, and what to zero or unlink first. Our own words; pure data.
import type { ConstantDoc } from './constants';

export const STRUCT_DOCS: Readonly<Record<string, ConstantDoc>> = {
  sockaddr: { use: 'socket address type', text: 'The generic address type the socket calls take: pass a pointer to your `sockaddr_in`, `sockaddr_in6` or `sockaddr_un`, cast to `struct sockaddr *`, with that structure\'s size.' },
  sockaddr_in: { use: 'IPv4 address', text: 'An IPv4 address and port: `sin_family` (AF_INET), `sin_port` and `sin_addr`, both in network byte order. Zero it first (`memset`), so that its padding is zero.' },
  sockaddr_in6: { use: 'IPv6 address', text: 'An IPv6 address and port: `sin6_family` (AF_INET6), `sin6_port` in network byte order, `sin6_addr`, the flow info and the scope id. Zero it first.' },
  sockaddr_un: { use: 'Unix domain address', text: '`sun_family` (AF_UNIX) and `sun_path`: a path in the file system, or a name in the abstract namespace when it starts with a zero byte.' },
  sockaddr_storage: { use: 'socket address type', text: 'Room for an address of any family: give one to `accept` or `recvfrom` when the peer may be IPv4 or IPv6, then look at `ss_family`.' },
  socklen_t: { use: 'address length type', text: 'The type of address lengths. `accept`, `recvfrom` and `getsockname` take a pointer to one holding the buffer\'s size on entry and the address\'s size on return.' },
  sin_family: { use: 'struct sockaddr_in field', text: 'The address family: AF_INET.' },
  sin_port: { use: 'struct sockaddr_in field', text: 'The port, in network byte order: `htons(port)`. Without `htons`, port 8080 on a little-endian machine is bound as port 36895.' },
  sin_addr: { use: 'struct sockaddr_in field', text: 'The IPv4 address in network byte order: `addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK)`, or `inet_pton(AF_INET, "127.0.0.1", &addr.sin_addr)`.' },
  s_addr: { use: 'struct in_addr field', text: 'The IPv4 address as a 32-bit number in network byte order: put constants such as INADDR_LOOPBACK through `htonl`.' },
  sin6_port: { use: 'struct sockaddr_in6 field', text: 'The port, in network byte order: `htons(port)`.' },
  sin6_addr: { use: 'struct sockaddr_in6 field', text: 'The IPv6 address: `in6addr_any`, `in6addr_loopback`, or `inet_pton(AF_INET6, "::1", &addr.sin6_addr)`.' },
  sun_path: { use: 'struct sockaddr_un field', text: 'The socket file\'s path, at most 107 bytes and a zero byte. `bind` creates the file and fails with EADDRINUSE while it exists: `unlink` it first.' },
};
