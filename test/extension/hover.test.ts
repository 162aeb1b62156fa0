// Hovers: which word is under the cursor, and what the tables say about it.
import * as assert from 'node:assert/strict';
import { errnoText } from '../../common/format';
import { CALL_DOCS, CONSTANT_DOCS, ERRNO_ADVICE, STRUCT_DOCS } from '../../common/teaching';
import { documentedNames, hoverMarkdown, hoverWordAt } from '../../extension/editor/hover-docs';
import { SOCKET_API } from '../../extension/editor/source-calls';

const SRC = [
  '#include <sys/socket.h>',
  '#define PORT_FLAGS (SOCK_STREAM | SOCK_CLOEXEC) /* SOCK_RAW */',
  'int main(void) {',
  '    int fd = socket(AF_INET, PORT_FLAGS, 0); // bind here is a comment',
  '    puts("EADDRINUSE");',
  '    if (errno == EADDRINUSE) return 1;',
  '    int close = 3;',
  '    return close;',
  '}',
].join('\n');

function at(needle: string, nth = 0, delta = 1): number {
  let i = -1;
  for (let k = 0; k <= nth; k++) i = SRC.indexOf(needle, i + 1);
  assert.ok(i >= 0, needle);
  return i + delta;
}

describe('hover words', () => {
  it('finds the identifier under the cursor and whether it is called', () => {
    assert.deepEqual(hoverWordAt(SRC, at('socket(')), { word: 'socket', start: at('socket(', 0, 0), end: at('socket(', 0, 6), called: true });
    assert.equal(hoverWordAt(SRC, at('AF_INET'))?.called, false);
    assert.equal(hoverWordAt(SRC, at('EADDRINUSE)'))?.word, 'EADDRINUSE');
  });

  it('says nothing in comments, strings and #include lines, and explains #define bodies', () => {
    assert.equal(hoverWordAt(SRC, at('bind here')), undefined);
    assert.equal(hoverWordAt(SRC, at('EADDRINUSE"')), undefined);
    assert.equal(hoverWordAt(SRC, at('socket.h')), undefined);
    assert.equal(hoverWordAt(SRC, at('SOCK_RAW')), undefined);
    assert.equal(hoverWordAt(SRC, at('SOCK_STREAM'))?.word, 'SOCK_STREAM');
    assert.equal(hoverWordAt(SRC, at('0);', 0, 0)), undefined, 'numbers are no words');
  });

  it('documents a function only where it is called, not a variable of the same name', () => {
    assert.equal(hoverMarkdown(hoverWordAt(SRC, at('close = 3'))!), undefined);
    const md = hoverMarkdown({ word: 'socket', called: true })!;
    assert.match(md, /^```c\nint socket\(int domain, int type, int protocol\);\n```/);
    assert.match(md, /man7\.org\/linux\/man-pages\/man2\/socket\.2\.html/);
    assert.match(hoverMarkdown({ word: 'htons', called: true })!, /man3\/htons\.3/);
  });

  it('shows constants with where they go, errnos with their system text', () => {
    assert.match(hoverMarkdown({ word: 'SO_REUSEADDR', called: false })!, /^\*\*SO_REUSEADDR\*\* · setsockopt\(SOL_SOCKET\) option\n\n.*before `bind`/);
    const md = hoverMarkdown({ word: 'ECONNREFUSED', called: false })!;
    assert.ok(md.startsWith(`**ECONNREFUSED** · ${errnoText('ECONNREFUSED')}`));
    assert.equal(hoverMarkdown({ word: 'main', called: true }), undefined);
  });
});

describe('hover tables', () => {
  it('cover every call that gets a lens, and the usual helpers', () => {
    for (const name of [...SOCKET_API, 'htons', 'ntohs', 'htonl', 'ntohl', 'inet_pton', 'inet_ntop', 'getaddrinfo']) {
      assert.ok(CALL_DOCS[name], name);
    }
  });

  it('cover the constant families and the common errnos', () => {
    for (const prefix of ['AF_', 'SOCK_', 'SO_', 'MSG_', 'IPPROTO_', 'SOL_', 'SHUT_', 'POLL', 'EPOLL']) {
      assert.ok(Object.keys(CONSTANT_DOCS).some((k) => k.startsWith(prefix)), prefix);
    }
    for (const e of ['EADDRINUSE', 'ECONNREFUSED', 'EPIPE', 'EAGAIN', 'EINTR', 'ECONNRESET', 'EINPROGRESS', 'EBADF']) assert.ok(ERRNO_ADVICE[e], e);
  });

  it('explain the address structures and the fields where byte order matters', () => {
    const code = 'struct sockaddr_in addr;\naddr.sin_port = htons(port);\n';
    const at = (word: string) => hoverMarkdown(hoverWordAt(code, code.indexOf(word) + 1)!);
    assert.match(at('sockaddr_in') ?? '', /^\*\*sockaddr_in\*\* · IPv4 address\n\n.*network byte order/);
    assert.match(at('sin_port') ?? '', /^\*\*sin_port\*\* · struct sockaddr_in field\n\n.*htons\(port\)/);
    for (const name of ['sockaddr', 'sockaddr_in6', 'sockaddr_un', 'sockaddr_storage', 'socklen_t', 'sin_addr', 's_addr', 'sun_path']) {
      assert.ok(STRUCT_DOCS[name], name);
    }
  });

  it('have one entry per name, each a short text of whole sentences', () => {
    const names = documentedNames();
    assert.equal(new Set(names).size, names.length);
    const texts = [...Object.values(CALL_DOCS).map((d) => d.text), ...Object.values(CONSTANT_DOCS).map((d) => d.text),
      ...Object.values(STRUCT_DOCS).map((d) => d.text), ...Object.values(ERRNO_ADVICE).flatMap((a) => [a.text, ...Object.values(a.calls ?? {})])];
    for (const t of texts) {
      assert.ok(t.length < 420, t);
      assert.match(t, /[.!?]$|`$/, t);
    }
    // EWOULDBLOCK is EAGAIN's second name: the system's table lists it once
    for (const e of Object.keys(ERRNO_ADVICE)) if (e !== 'EWOULDBLOCK') assert.ok(errnoText(e), `${e} is a known errno`);
  });
});
