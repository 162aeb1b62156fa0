// Every constant the tracer's tables name is compared with the value the system headers give it.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { execFileSync } from 'child_process';
import { binding } from '../../native/index';
import { tmpDir } from '../helpers/native';

// Values the kernel uses internally or that these headers do not export; each is checked elsewhere or
// written from the kernel's own sources (include/linux/errno.h).
const NOT_IN_USERSPACE_HEADERS = new Set(['SCM_SECURITY', 'ERESTARTSYS', 'ERESTARTNOINTR', 'ERESTARTNOHAND', 'ERESTART_RESTARTBLOCK']);

// Names whose userspace value differs from the kernel's, which is what a traced call carries: glibc
// defines O_LARGEFILE as 0 on 64-bit; the kernel's value comes from its uapi header below.
const KERNEL_ONLY: Record<string, string> = { O_LARGEFILE: 'asm-generic/fcntl.h' };

const HEADERS = ['sys/socket.h', 'sys/un.h', 'netinet/in.h', 'netinet/tcp.h', 'netinet/udp.h', 'errno.h', 'signal.h', 'fcntl.h',
  'poll.h', 'sys/epoll.h', 'sys/ioctl.h', 'linux/sockios.h', 'termios.h', 'linux/netlink.h', 'netinet/icmp6.h', 'linux/icmp.h',
  'linux/if_packet.h'];

describe('constant tables', function () {
  it('match the C headers, name by name', function () {
    const tables = binding().constants();
    const names = new Map<string, number>();
    for (const t of Object.values(tables)) for (const [k, v] of Object.entries(t)) names.set(k, v);
    // SOL_* levels share values with IPPROTO_*, so some names appear in two tables: one entry is enough
    let src = '#define _GNU_SOURCE\n' + HEADERS.map((h) => `#include <${h}>`).join('\n') + '\n#include <stdio.h>\nint main(void) {\n';
    for (const n of names.keys()) {
      if (KERNEL_ONLY[n]) continue;
      const h = n;
      src += `#ifdef ${h}\n  printf("${n} %ld\\n", (long)(${h}));\n#else\n  printf("${n} missing\\n");\n#endif\n`;
    }
    src += '  return 0;\n}\n';
    const dir = tmpDir();
    fs.writeFileSync(path.join(dir, 'consts.c'), src);
    execFileSync('cc', ['-o', path.join(dir, 'consts'), path.join(dir, 'consts.c')]);
    const out = execFileSync(path.join(dir, 'consts'), { encoding: 'utf8' });
    const wrong: string[] = [];
    const missing: string[] = [];
    for (const line of out.trim().split('\n')) {
      const [n, v] = line.split(' ');
      if (v === 'missing') {
        if (!NOT_IN_USERSPACE_HEADERS.has(n)) missing.push(n);
        continue;
      }
      const ours = names.get(n)!;
      // flag tables hold unsigned bits (EPOLLET is 1<<31); compare as 32-bit patterns
      if (ours !== Number(v) && (ours >>> 0) !== (Number(v) >>> 0)) wrong.push(`${n}: ours ${ours}, headers ${v}`);
    }
    assert.deepStrictEqual(wrong, [], 'values differ from the headers');
    assert.deepStrictEqual(missing, [], 'names the headers do not define');
    for (const [n, header] of Object.entries(KERNEL_ONLY)) {
      fs.writeFileSync(path.join(dir, 'k.c'), `#include <${header}>\n#include <stdio.h>\nint main(void) { printf("%ld", (long)${n}); return 0; }\n`);
      execFileSync('cc', ['-o', path.join(dir, 'k'), path.join(dir, 'k.c')]);
      assert.strictEqual(names.get(n), Number(execFileSync(path.join(dir, 'k'), { encoding: 'utf8' })), n);
    }
    assert.ok(names.size > 300, `only ${names.size} names checked`);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
