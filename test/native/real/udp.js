// A Node dgram pair: `udp.js server PORT` answers three datagrams and exits, `udp.js client PORT` sends
// three, one after each answer.
'use strict';
const dgram = require('dgram');
const [role, port] = [process.argv[2], Number(process.argv[3])];
const s = dgram.createSocket('udp4');
if (role === 'server') {
  let left = 3;
  s.on('message', (m, from) => s.send(m, from.port, from.address, () => { if (--left === 0) s.close(); }));
  s.bind(port, '127.0.0.1');
} else {
  const lines = ['one', 'two', 'three'];
  s.on('message', () => (lines.length ? s.send(lines.shift(), port, '127.0.0.1') : s.close()));
  s.send(lines.shift(), port, '127.0.0.1');
}
