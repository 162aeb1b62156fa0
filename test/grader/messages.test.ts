// The sentences a failure is told in: the closest call of the right name, the calls as they stood when the
// step failed, the line that set a wrong argument (found by the C parser), HTTP in plain words, short writes.
import * as assert from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { diagnose } from '../../grader/diagnose';
import { explainHttp } from '../../grader/http-words';
import { PeerFailure } from '../../grader/peer';
import { loadFieldFinder } from '../../grader/source-lines';
import { evaluateRule } from '../../grader/trace-rules';
import { call } from './helpers';

describe('failure messages', () => {
  it('shows the call that fits best, not the first of that name, and which argument differs', () => {
    const unix = { call: 'socket', args: { domain: 'AF_UNIX', type: { flag: 'SOCK_STREAM' }, protocol: 0 }, describe: 'socket(AF_UNIX, SOCK_STREAM, 0)' };
    const evs = [
      call('socket', { domain: 'AF_INET', type: 'SOCK_DGRAM', protocol: 0 }, 3, { site: { file: '/s/a.c', line: 10, function: 'main' } }),
      call('socket', { domain: 'AF_UNIX', type: 'SOCK_DGRAM', protocol: 0 }, 4, { site: { file: '/s/a.c', line: 12, function: 'main' } }),
    ];
    const r = evaluateRule({ rule: 'contains', calls: [unix] } as never, evs);
    assert.strictEqual(r.pass, false);
    assert.match(r.message ?? '', /socket\(AF_UNIX, SOCK_DGRAM, 0\) = 4 at a\.c:12, but type is SOCK_DGRAM, expected SOCK_STREAM/);
    assert.strictEqual(r.blame?.site?.line, 12);
    assert.strictEqual(r.arg, 'type');
  });

  it('shows a socket name with NUL bytes after it as a count, and blames its length', () => {
    const bound = call('bind', { sockfd: 3, addr: { family: 'AF_UNIX', abstract: `lab${'\0'.repeat(90)}` }, addrlen: 110 }, 0);
    const r = evaluateRule({ rule: 'contains', calls: [{ call: 'bind', args: { addr: { fields: { abstract: 'lab' } } }, describe: 'bind() to @lab' }] } as never, [bound]);
    assert.strictEqual(r.pass, false);
    assert.match(r.message ?? '', /bind\(3, @lab\\0×90, 110\) = 0 at main\.c:\d+, but addr\.abstract is lab\\0×90, expected lab: the name followed by 90 NUL bytes/);
    assert.strictEqual(r.arg, 'addrlen');
  });

  it('lists the calls made by the time the step failed, with the one the program was blocked in', () => {
    const evs = [
      call('accept', { sockfd: 3, addr: null, addrlen: null }, 4),
      call('recvfrom', { sockfd: 4, buf: null, len: 100, flags: 0, src_addr: null, addrlen: null }, 5),
      call('recvfrom', { sockfd: 4, buf: null, len: 100, flags: 0, src_addr: null, addrlen: null }, 0),
      call('close', { fd: 4 }, 0),
    ];
    // the second recv began before the failure and returned after it; the close is the cleanup that followed
    evs[2].dur = 10_000;
    const failedAt = evs[2].ts + 10;
    const d = diagnose(evs, new PeerFailure('Expected to receive "x".', 'c', 'no-reply'), undefined, failedAt);
    assert.match(d.text, /recvfrom\(4, \.\.\., 100, 0, \.\.\., \.\.\.\) \(blocked in it then\)/);
    assert.doesNotMatch(d.text, /close/);
  });

  it('says what the next write sent after a short one, or that nothing followed', () => {
    const hex = (s: string) => ({ hex: Buffer.from(s).toString('hex'), len: s.length });
    const short = call('sendto', { sockfd: 4, buf: hex('hello world'), len: 11, flags: 0, dest_addr: null, addrlen: 0 }, 5, { injected: 'short' } as never);
    const again = call('sendto', { sockfd: 4, buf: hex('hello world'), len: 11, flags: 0, dest_addr: null, addrlen: 0 }, 11);
    const failure = new PeerFailure('Expected to receive "hello world".', 'c', 'wrong-reply');
    assert.match(diagnose([short], failure).text, /the rest never followed/);
    const d = diagnose([short, again], failure);
    assert.doesNotMatch(d.text, /never followed/);
    assert.match(d.text, /its byte 0 is "h" \(0x68\), where the rest of the data has " " \(0x20\)/);
  });

  it('finds the line in the same function that set a wrong field or length', async () => {
    const find = await loadFieldFinder();
    assert.ok(find, 'the C parser did not load');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'socklab-lines-'));
    try {
      const file = path.join(dir, 's.c');
      fs.writeFileSync(file, [
        '#include <netinet/in.h>',                       // 1
        'int other(void) { struct sockaddr_in addr; addr.sin_port = 1; return 0; }', // 2
        'int main(void) {',                               // 3
        '    struct sockaddr_in addr;',                   // 4
        '    socklen_t len = sizeof addr;',               // 5
        '    addr.sin_family = AF_INET;',                 // 6
        '    addr.sin_port = 8080;',                      // 7
        '    len = 3;',                                   // 8
        '    int s = socket(AF_INET, SOCK_STREAM, 0);',   // 9
        '    bind(s, (struct sockaddr *)&addr, len);',    // 10
        '    return 0;',                                  // 11
        '}',                                              // 12
      ].join('\n'));
      assert.deepStrictEqual(find(file, 10, 'bind', 1, 'addr.port'), { file: 's.c', line: 7, note: 'addr.sin_port = 8080; sets port' });
      assert.strictEqual(find(file, 10, 'bind', 1, 'addr.family')?.line, 6);
      assert.deepStrictEqual(find(file, 10, 'bind', 2, 'addrlen'), { file: 's.c', line: 8, note: 'len = 3; sets len' });
      assert.strictEqual(find(file, 9, 'socket', 0, 'domain'), undefined, 'a literal argument is on the call\'s own line');
      assert.strictEqual(find(file, 10, 'bind', 0, '@end')?.line, 12);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('says what is wrong with an HTTP response in plain words', () => {
    const b = (s: string) => Buffer.from(s, 'latin1');
    assert.match(explainHttp(b('HTTP/1.1 200 OK\r\nContent-Length: 8\r\n\r\nHello from C\n')) ?? '', /Content-Length says 8, the body is 13 bytes/);
    assert.match(explainHttp(b('HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n')) ?? '', /connection closed before the headers ended/);
    assert.match(explainHttp(b('HTTP/1.1 200 OK\nConnection: close\nHi')) ?? '', /no blank line after the headers.*bare "\\n"/);
    assert.match(explainHttp(b('hello\r\n')) ?? '', /status line like "HTTP\/1.1 200 OK"; it is "hello"/);
    assert.strictEqual(explainHttp(b('HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nhi')), undefined);
  });
});
