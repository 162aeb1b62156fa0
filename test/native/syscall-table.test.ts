// The TypeScript side's syscall facts come from the tracer's table: common/syscall-table.ts is generated from
// it (npm run gen:syscalls), and this fails when the two drift apart.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { TABLE_FILE, tableSource } from '../../scripts/gen-syscalls';
import { BLOCKING_CALLS, COUNTED_SEND_CALLS, DUP_CALLS, FD_FIRST_CALLS, FILE_IO_CALLS, ON_SOCKET_CALLS, SHORTABLE_CALLS, SOCKET_CALLS, SOCKET_MAKING_CALLS, TRACED_CALLS } from '../../common/syscalls';

describe('the syscall table', () => {
  it('common/syscall-table.ts is what the tracer\'s table generates (else run npm run gen:syscalls)', () => {
    assert.equal(fs.readFileSync(TABLE_FILE, 'utf8'), tableSource());
  });

  it('derives the lists the grader and the model use', () => {
    assert.deepEqual([...ON_SOCKET_CALLS].sort(), ['close', 'fcntl', 'ioctl', 'read', 'readv', 'write', 'writev']);
    assert.deepEqual([...FILE_IO_CALLS].sort(), ['read', 'readv', 'write', 'writev']);
    assert.deepEqual([...SHORTABLE_CALLS].sort(), ['read', 'recv', 'recvfrom', 'send', 'sendmsg', 'sendto', 'write', 'writev']);
    assert.deepEqual([...COUNTED_SEND_CALLS].sort(), ['send', 'sendmsg', 'sendto', 'write', 'writev']);
    assert.deepEqual([...DUP_CALLS].sort(), ['dup', 'dup2', 'dup3']);
    assert.deepEqual([...SOCKET_MAKING_CALLS].sort(), ['accept', 'accept4', 'socket', 'socketpair']);
    assert.deepEqual([...BLOCKING_CALLS].sort(), ['accept', 'accept4', 'connect', 'read', 'readv', 'recv', 'recvfrom', 'recvmmsg', 'recvmsg',
      'send', 'sendfile', 'sendmmsg', 'sendmsg', 'sendto', 'write', 'writev']);
    assert.deepEqual(TRACED_CALLS.filter((n) => !FD_FIRST_CALLS.has(n)).sort(),
      ['close_range', 'epoll_create', 'epoll_create1', 'poll', 'ppoll', 'pselect6', 'select', 'socket', 'socketpair']);
    assert.deepEqual(TRACED_CALLS.filter((n) => !SOCKET_CALLS.has(n)).sort(),
      ['close_range', 'dup', 'dup2', 'dup3', 'epoll_create', 'epoll_create1', 'epoll_ctl', 'splice']);
  });
});
