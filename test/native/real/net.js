// A Node net echo pair: `net.js server PORT` serves one client and exits, `net.js client PORT` sends three
// lines, one after each echo, then ends its side.
'use strict';
const net = require('net');
const [role, port] = [process.argv[2], Number(process.argv[3])];
if (role === 'server') {
  const srv = net.createServer((c) => {
    c.pipe(c);
    c.on('end', () => srv.close());
  });
  srv.listen(port, '127.0.0.1');
} else {
  const lines = ['one\n', 'two\n', 'three\n'];
  const c = net.connect(port, '127.0.0.1', () => c.write(lines.shift()));
  let got = '';
  c.on('data', (d) => {
    got += d;
    if (!got.endsWith('\n')) return;
    got = '';
    if (lines.length) c.write(lines.shift());
    else c.end();
  });
}
