// The bench's Express ceiling: an Express 5 app (the fake's adapter, as the fake configures it)
// with one route that sends the same pre-serialised body as the baseline. Nothing else runs on the
// path, so no app served through Express can be faster on this machine.
//   tsx bench/lib/express-server.ts BODY_FILE [CONTENT_TYPE=application/json] [PORT=0]
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import express from 'express';

const [file, contentType = 'application/json', port = '0'] = process.argv.slice(2);
if (!file) {
  process.stderr.write('usage: tsx bench/lib/express-server.ts BODY_FILE [CONTENT_TYPE] [PORT]\n');
  process.exit(2);
}
const body = readFileSync(file);
const app = express();
app.disable('x-powered-by');
app.set('etag', false);
app.use((req, res) => {
  res.setHeader('Content-Type', contentType);
  res.setHeader('Content-Length', String(body.length));
  res.end(body);
});
const server = createServer(app);
server.listen(Number(port), '127.0.0.1', () => {
  const address = server.address();
  const actual = typeof address === 'object' && address ? address.port : port;
  process.stdout.write(`express listening on http://127.0.0.1:${actual}/ (${body.length} bytes, ${contentType})\n`);
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    server.close();
    server.closeAllConnections();
    process.exit(0);
  });
}
