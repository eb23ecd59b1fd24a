// The bench's baseline: a bare node:http server that sends ready bodies (the fake's own answers
// for the scenario, fetched before), the next one for each request, with the fake's Content-Type.
// What Node itself manages on this machine.
//   tsx bench/lib/baseline-server.ts CONTENT_TYPE BODY_FILE [BODY_FILE…]
import { createServer } from 'node:http';
import { readBodies } from './body-files.ts';

const { bodies, contentType } = readBodies('baseline-server', process.argv.slice(2));
// Header objects built once per body: nothing but the write on the path.
const answers = bodies.map((body) => ({ body, headers: { 'Content-Type': contentType, 'Content-Length': String(body.length) } }));
let next = 0;

const server = createServer((req, res) => {
  // A request body (the mixed scenario's writes) is read and dropped, so keep-alive carries on.
  req.resume();
  const answer = answers[next++ % answers.length]!;
  res.writeHead(200, answer.headers);
  res.end(answer.body);
});
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  process.stdout.write(`baseline listening on http://127.0.0.1:${port}/ (${bodies.length} bodies, ${contentType})\n`);
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    server.close();
    server.closeAllConnections();
    process.exit(0);
  });
}
