// The bench's Express ceiling: an Express 5 app (the fake's adapter, as the fake configures it)
// with one handler that sends ready bodies (the fake's own answers for the scenario, fetched
// before), the next one for each request. Nothing else runs on the path, so no app served
// through Express can be faster on this machine with bodies of these sizes.
//   tsx bench/lib/express-server.ts CONTENT_TYPE BODY_FILE [BODY_FILE…]
import express from 'express';
import { createServer } from 'node:http';
import { readBodies } from './body-files.ts';

const { bodies, contentType } = readBodies('express-server', process.argv.slice(2));
let next = 0;
const app = express();
app.disable('x-powered-by');
app.set('etag', false);
app.use((_req, res) => {
  const body = bodies[next++ % bodies.length]!;
  res.setHeader('Content-Type', contentType);
  res.setHeader('Content-Length', String(body.length));
  res.end(body);
});
const server = createServer(app);
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  process.stdout.write(`express listening on http://127.0.0.1:${port}/ (${bodies.length} bodies, ${contentType})\n`);
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    server.close();
    server.closeAllConnections();
    process.exit(0);
  });
}
