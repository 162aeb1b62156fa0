// A netlink socket's protocol is named from the netlink table (getaddrinfo opens a NETLINK_ROUTE socket in
// most programs that resolve a name), not shown as a bare number.
import * as assert from 'assert';
import * as fs from 'fs';
import { compileC, runCli, skipUnlessTracing, syscalls, tmpDir } from '../helpers/native';

const SRC = `#include <linux/netlink.h>
#include <sys/socket.h>
#include <unistd.h>
int main(void) {
    int a = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
    int b = socket(AF_NETLINK, SOCK_DGRAM, NETLINK_GENERIC);
    int c = socket(AF_NETLINK, SOCK_RAW, 99);
    close(a); close(b); if (c >= 0) close(c);
    return 0;
}
`;

describe('netlink sockets', function () {
  before(function () {
    skipUnlessTracing(this);
  });

  it('name their protocol', function () {
    const dir = tmpDir();
    try {
      const exe = compileC(SRC, dir, 'netlink');
      const r = runCli(['trace', '--', exe]);
      assert.strictEqual(r.code, 0, r.stderr);
      const protos = syscalls(r.events, 'socket').map((e) => (e.args as Record<string, unknown>).protocol);
      assert.deepStrictEqual(protos, ['NETLINK_ROUTE', 'NETLINK_GENERIC', 99]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
