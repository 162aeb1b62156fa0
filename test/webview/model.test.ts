// Unit tests of the panel's pure parts: socket lifetimes, sequence matching, compare, export, protocol, the trace replica.
import assert from 'node:assert/strict';
import type { SyscallEvent, TraceEvent } from '../../common/events';
import { parseWebviewMessage, snapshotMessages } from '../../common/protocol';
import { analyseTrace } from '../../common/trace-model';
import { compareTraces } from '../../webview/compare-model';
import { toChromeTrace, toJsonl } from '../../webview/export';
import { fillPanelHtml, makeNonce } from '../../webview/html';
import { TraceReplica } from '../../webview/trace-replica';
import { filterEvents, SearchText } from '../../webview/filter';
import { NO_FILTERS } from '../../webview/state';
import { eventText, eventTokens, isError } from '../../webview/text';
import { readTrace } from './browser';

/** arrows as "kind from-seq->to-seq" */
function arrows(events: TraceEvent[]): string[] {
  const seq = (i: number) => (events[i] as SyscallEvent).seq;
  return analyseTrace(events).arrows.map((a) => `${a.kind} ${seq(a.from)}->${seq(a.to)}${a.bytes !== undefined ? ` ${a.bytes}` : ''}`);
}

describe('trace model', () => {
  it('follows each socket of the TCP echo trace through fork, close and fd reuse', () => {
    const ev = readTrace('tcp-echo');
    const m = analyseTrace(ev);
    const life = m.sockets.map((s) => `${s.inode} ${s.origin} fds=${s.fds.map((r) => `${r.pid}:${r.fd}`).join(',')} closed=${s.closed !== undefined}`);
    assert.deepEqual(life, [
      '51001 socket fds=4100:3,4101:3 closed=true',
      '51002 socket fds=4101:3 closed=true',
      '51003 socket fds=4101:3 closed=true',
      '51004 accept fds=4100:4 closed=true',
    ]);
    const listener = m.sockets[0];
    assert.ok(listener.bound && listener.listening !== undefined);
    assert.equal(m.sockets[2].peerId, 3);
    assert.equal(m.sockets[2].shutdown?.how, 'SHUT_WR');
  });

  it('joins connect to accept and each send to the receives that got its bytes', () => {
    assert.deepEqual(arrows(readTrace('tcp-echo')), [
      'connect 10->11', 'stream 12->13 6', 'stream 14->15 6', 'stream 16->17 8', 'stream 16->18 11', 'stream 19->20 30',
    ]);
  });

  it('matches UDP datagrams by address, socketpair and AF_UNIX streams, and leaves a lost datagram alone', () => {
    assert.deepEqual(arrows(readTrace('udp-unix')), [
      'dgram 5->6 6', 'dgram 7->9 6', 'dgram 8->10 6', 'dgram 11->12 4',
      'stream 18->19 6', 'stream 20->21 4', 'connect 26->27', 'stream 28->29 5',
    ]);
  });

  it('finds the first divergence with pids, fds and ephemeral ports normalised', () => {
    const c = compareTraces(readTrace('tcp-echo'), readTrace('tcp-echo-reference'));
    assert.equal(c.divergence?.label, 'P1');
    assert.equal(c.divergence?.a?.text, 'write(fd2, "hello\\n"/6, 6) = 6');
    assert.equal(c.divergence?.b?.text, 'write(fd2, "HELLO\\n"/6, 6) = 6');
    // everything before it matched although pids, fds (3 vs 4) and the client's port differ
    assert.equal(c.divergence?.at, 7);
    assert.equal(compareTraces(readTrace('tcp-echo'), readTrace('tcp-echo')).divergence, null);
  });
});

describe('trace model on traces recorded from C programs (src/*.c, re-recorded by src/record.sh)', () => {
  /** every byte a send moved reaches receives, and every byte received came from a send */
  function bytesBalance(events: TraceEvent[], kinds: string[]) {
    const m = analyseTrace(events);
    const out = new Map<number, number>(), into = new Map<number, number>();
    for (const a of m.arrows.filter((a) => kinds.includes(a.kind))) {
      out.set(a.from, (out.get(a.from) ?? 0) + (a.bytes ?? 0));
      into.set(a.to, (into.get(a.to) ?? 0) + (a.bytes ?? 0));
    }
    const ret = (i: number) => (events[i] as SyscallEvent).ret;
    for (const [i, b] of out) assert.equal(b, ret(i), `send #${(events[i] as SyscallEvent).seq}`);
    for (const [i, b] of into) assert.equal(b, ret(i), `receive #${(events[i] as SyscallEvent).seq}`);
    return m;
  }
  const call = (events: TraceEvent[], i: number) => { const e = events[i] as SyscallEvent; return `${e.name} ${e.ret}`; };

  it('TCP echo: connect to accept, and the bytes of each send to the receives that got them', () => {
    const ev = readTrace('recorded-tcp-echo');
    const m = bytesBalance(ev, ['stream']);
    const connects = m.arrows.filter((a) => a.kind === 'connect');
    assert.equal(connects.length, 1);
    const from = ev[connects[0].from] as SyscallEvent, to = ev[connects[0].to] as SyscallEvent;
    assert.equal(from.name, 'connect');
    assert.equal(from.ret, 0);
    assert.equal(to.name, 'accept');
    assert.notEqual(from.pid, to.pid);
    assert.deepEqual(m.arrows.filter((a) => a.kind === 'stream').map((a) => `${call(ev, a.from)} -> ${call(ev, a.to)}`),
      ['write 6 -> read 6', 'write 6 -> read 6', 'sendto 19 -> recvfrom 8', 'sendto 19 -> recvfrom 11', 'sendto 30 -> recvfrom 30']);
  });

  it('UDP, socketpair and AF_UNIX: datagrams by address, the lost one left alone, streams by pairing', () => {
    const ev = readTrace('recorded-mixed');
    const m = bytesBalance(ev, ['stream']);
    const dgrams = m.arrows.filter((a) => a.kind === 'dgram');
    assert.deepEqual(dgrams.map((a) => `${call(ev, a.from)} -> ${call(ev, a.to)}`),
      ['sendto 6 -> recvfrom 6', 'sendto 6 -> recvfrom 6', 'sendto 6 -> recvfrom 6', 'sendto 4 -> recvfrom 4']);
    const lost = ev.findIndex((e) => e.type === 'syscall' && e.name === 'sendto' && e.ret === 5);
    assert.ok(lost > 0 && !m.arrows.some((a) => a.from === lost));
    const streams = m.arrows.filter((a) => a.kind !== 'dgram').map((a) => `${a.kind} ${call(ev, a.from)} -> ${call(ev, a.to)}`);
    assert.deepEqual(streams.sort(), ['connect connect 0 -> accept4 4', 'stream write 28 -> read 28', 'stream write 28 -> read 28', 'stream write 4 -> read 4'].sort());
    const pair = m.sockets.filter((s) => s.origin === 'socketpair');
    assert.equal(pair.length, 2);
    assert.equal(pair[0].peerId, pair[1].id);
  });
});

describe('export', () => {
  it('writes JSONL that reads back to the same events', () => {
    const ev = readTrace('udp-unix');
    const back = toJsonl(ev).trim().split('\n').map((l) => JSON.parse(l));
    assert.deepEqual(back, ev);
  });

  it('writes Chrome trace-event JSON: one complete slice per call, microseconds', () => {
    const ev = readTrace('tcp-echo');
    const t = toChromeTrace(ev);
    const slices = t.traceEvents.filter((e) => e.ph === 'X');
    assert.equal(slices.length, ev.filter((e) => e.type === 'syscall').length);
    const accept = slices.find((e) => e.name === 'accept')!;
    assert.equal(accept.ts, 160);
    assert.equal(accept.dur, 290);
    assert.ok(t.traceEvents.some((e) => e.ph === 'M' && e.pid === 4101));
  });
});

describe('protocol and page', () => {
  it('accepts only well-formed messages from the panel', () => {
    assert.deepEqual(parseWebviewMessage({ type: 'ready', extra: 1 }), { type: 'ready' });
    assert.deepEqual(parseWebviewMessage({ type: 'export', format: 'chrome' }), { type: 'export', format: 'chrome' });
    assert.equal(parseWebviewMessage({ type: 'export', format: 'html' }), undefined);
    assert.equal(parseWebviewMessage({ type: 'reveal', seq: 1, site: { file: 'a.c', line: '3', function: 'f' } }), undefined);
    assert.equal(parseWebviewMessage({ type: 'resync', session: 's', have: 1.5 }), undefined);
    assert.equal(parseWebviewMessage('ready'), undefined);
    assert.equal(parseWebviewMessage(null), undefined);
  });

  it('fills the HTML template with a fresh nonce and escapes URIs', () => {
    const a = makeNonce(), b = makeNonce();
    assert.notEqual(a, b);
    assert.match(a, /^[A-Za-z0-9_-]{22}$/);
    const html = fillPanelHtml('<meta content="script-src \'nonce-{{nonce}}\'; style-src {{cspSource}}"><script src="{{scriptUri}}"></script><link href="{{styleUri}}">',
      { cspSource: 'vscode-resource:', nonce: a, scriptUri: 'x"><b>', styleUri: 's.css' });
    assert.ok(html.includes(`nonce-${a}`));
    assert.ok(html.includes('x&quot;&gt;&lt;b&gt;'));
    assert.throws(() => fillPanelHtml('{{nonce}}', { cspSource: '', nonce: 'short', scriptUri: '', styleUri: '' }));
  });

  it('applies numbered deltas in order and reports a gap', () => {
    const s = new TraceReplica();
    const ev = readTrace('tcp-echo');
    s.snapshot('s1', 't', ev.slice(0, 5), 0, true);
    assert.equal(s.delta('s1', 1, ev.slice(5, 8)), 'appended');
    assert.equal(s.delta('s1', 1, ev.slice(5, 8)), 'duplicate');
    assert.equal(s.delta('s1', 3, ev.slice(8, 9)), 'gap');
    assert.equal(s.delta('other', 2, ev.slice(8, 9)), 'other-session');
    assert.equal(s.events.length, 8);
    assert.equal(s.indexOfSeq(5), ev.findIndex((e) => e.type === 'syscall' && e.seq === 5));
  });

  it('splits a large snapshot into a small first part and ordered parts the replica puts back together', () => {
    const ev = readTrace('udp-unix');
    const msgs = snapshotMessages({ session: 's', title: 't', n: 4, live: true }, ev, 5, 10);
    assert.deepEqual(msgs.map((m) => ('events' in m ? m.events.length : 0)), [5, 10, 10, 10, 4]);
    const s = new TraceReplica();
    const first = msgs[0];
    assert.ok(first.type === 'snapshot' && first.total === ev.length);
    s.snapshot(first.session, first.title, first.events, first.n, first.live, first.end, first.total);
    assert.ok(s.loading());
    // a delta while parts are missing means they were lost
    assert.equal(s.delta('s', 5, []), 'gap');
    for (const m of msgs.slice(1)) assert.ok(m.type === 'snapshotPart' && s.part(m.session, m.events));
    assert.ok(!s.loading());
    assert.deepEqual(s.events, ev);
    assert.equal(s.part('s', ev.slice(0, 1)), false);
    assert.equal(s.delta('s', 5, ev.slice(0, 1)), 'appended');
  });

  it('colours a line from the event: call, constants, strings, numbers, errno', () => {
    const e: SyscallEvent = { type: 'syscall', seq: 1, pid: 7, tid: 7, ts: 1, dur: 5, name: 'connect', ret: -1, errno: 'ECONNREFUSED',
      args: { sockfd: 3, addr: { family: 'AF_INET', addr: '127.0.0.1', port: 8081 }, addrlen: 16 } };
    const { call, result } = eventTokens(e);
    const t = [...call, ...result];
    assert.equal(t[0].k, 'call');
    assert.ok(t.some((x) => x.k === 'const' && x.t === 'AF_INET'));
    assert.ok(t.some((x) => x.k === 'num' && x.t === '8081'));
    assert.ok(result.some((x) => x.k === 'err' && x.t.includes('ECONNREFUSED')));
    assert.equal(t.map((x) => x.t).join(''), 'connect(3, {AF_INET, 127.0.0.1:8081}, 16) = -1 ECONNREFUSED (Connection refused)');
    assert.equal(result.map((x) => x.t).join(''), ') = -1 ECONNREFUSED (Connection refused)');
  });

  it('colours each value by itself: a quote in a path does not swallow the fields after it', () => {
    const e: SyscallEvent = { type: 'syscall', seq: 1, pid: 7, tid: 7, ts: 1, dur: 5, name: 'sendmsg', ret: 2,
      args: { sockfd: 3, msg: { msg_name: { family: 'AF_UNIX', path: '/tmp/"a' }, msg_iov: [{ iov_base: { hex: '6869', len: 2 }, iov_len: 2 }] }, flags: 0 } };
    const { call, result } = eventTokens(e);
    assert.deepEqual(call.filter((x) => x.k === 'str').map((x) => x.t), ['"hi"']);
    assert.deepEqual(call.filter((x) => x.k === 'key').map((x) => x.t), ['msg_name', 'msg_iov', 'iov_base', 'iov_len']);
    assert.deepEqual(result, [{ k: 'punct', t: ')' }, { k: 'punct', t: ' = ' }, { k: 'ret', t: '2' }]);
  });

  it('the tokens of every event spell its line', () => {
    for (const name of ['tcp-echo', 'udp-unix', 'hostile', 'recorded-mixed', 'recorded-tcp-echo', 'tcp-echo-reference']) {
      for (const e of readTrace(name)) {
        const { call, result } = eventTokens(e);
        assert.equal([...call, ...result].map((x) => x.t).join(''), eventText(e));
      }
    }
  });

  it('a call a signal interrupted: strace\'s `= ? ERESTARTSYS`, not coloured or filtered as an error', () => {
    const base = { type: 'syscall', pid: 7, tid: 7, ts: 1, dur: 5, name: 'accept', args: { sockfd: 3, addr: null, addrlen: null } } as const;
    const cut: SyscallEvent = { ...base, seq: 1, ret: null, restart: 'ERESTARTSYS' };
    const again: SyscallEvent = { ...base, seq: 2, ret: 4 };
    const refused: SyscallEvent = { ...base, seq: 3, name: 'connect', ret: -1, errno: 'ECONNREFUSED' };
    const line = eventText(cut);
    assert.equal(line, 'accept(3, NULL, NULL) = ? ERESTARTSYS (To be restarted if SA_RESTART is set)');
    assert.ok([...eventTokens(cut).call, ...eventTokens(cut).result].every((x) => x.k !== 'err'));
    assert.equal(isError(cut), false);
    const errors = filterEvents([cut, again, refused], { ...NO_FILTERS, errorsOnly: true }, null, new SearchText());
    assert.deepEqual(errors && [...errors.data.slice(0, errors.length)], [2]);
    const diff = compareTraces([cut, again], [again]);
    assert.ok(JSON.stringify(diff).includes('= ? ERESTARTSYS'), JSON.stringify(diff));
  });
});
