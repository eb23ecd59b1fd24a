// The bench's baseline: a bare node:http server that answers every request with the same
// pre-serialised body (the fake's own default list, fetched from it before), with the fake's
// Content-Type. What Node itself manages on this machine: the ceiling for the fake.
//   tsx bench/lib/baseline-server.ts BODY_FILE [CONTENT_TYPE=application/json] [PORT=0]
import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';

const [file, contentType = 'application/json', port = '0'] = process.argv.slice(2);
if (!file) {
  process.stderr.write('usage: tsx bench/lib/baseline-server.ts BODY_FILE [CONTENT_TYPE] [PORT]\n');
  process.exit(2);
}
const body = readFileSync(file);
const headers = { 'Content-Type': contentType, 'Content-Length': String(body.length) };

const server = createServer((req, res) => {
  // A request body (none in the bench) is read and dropped, so keep-alive carries on.
  req.resume();
  res.writeHead(200, headers);
  res.end(body);
});
server.listen(Number(port), '127.0.0.1', () => {
  const address = server.address();
  const actual = typeof address === 'object' && address ? address.port : port;
  process.stdout.write(`baseline listening on http://127.0.0.1:${actual}/ (${body.length} bytes, ${contentType})\n`);
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    server.close();
    server.closeAllConnections();
    process.exit(0);
  });
}
