// Soak test (not part of npm test): a bounded mixed load against the fake, through a real port.
// Asserts zero 5xx, zero connection errors and a flat memory (the journal is bounded).
//   npm run soak -- [seconds=30] [connections=20]     (tsx bench/soak.ts …)
import type { Buffer } from 'node:buffer';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { DEFAULT_KEYS } from '../src/core/defaults.ts';

const seconds = Number(process.argv[2] ?? 30);
const connections = Number(process.argv[3] ?? 20);
const bin = fileURLToPath(new URL('../bin/ailuna-images.mjs', import.meta.url));
const [key] = DEFAULT_KEYS as readonly [string];
const headers = { accept: 'application/json', authorization: `Bearer ${key}` };

const server = spawn(process.execPath, [bin, 'serve', '--port', '0', '--count', '200'], { stdio: ['ignore', 'pipe', 'ignore'] });
const origin = await new Promise<string>((resolve, reject) => {
  let out = '';
  server.stdout.on('data', (chunk: Buffer) => {
    out += chunk;
    const match = /listening on (http:\/\/\S+?)\/api\/v1/.exec(out);
    if (match) resolve(match[1]!);
  });
  server.on('exit', (code) => reject(new Error(`serve exited with ${code}`)));
});
server.stdout.resume();

/** The server's resident memory in MiB (Linux). */
const rss = () => Number(readFileSync(`/proc/${server.pid}/status`, 'utf8').match(/VmRSS:\s+(\d+)/)?.[1] ?? 0) / 1024;
const rssStart = rss();

/** What a connection's cycle remembers: the image it created. */
interface Soaked {
  id?: number;
}
let created = 0;
const result = await autocannon({
  url: origin,
  connections,
  duration: seconds,
  requests: [
    { method: 'GET', path: '/api/v1/images?per_page=25&sort_by=name&sort=asc', headers },
    { method: 'GET', path: '/api/v1/images?search=a&style=anime&favorite=1', headers },
    { method: 'POST', path: '/api/v1/images', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify({ name: 'soak', description: 'load', resolution: '256x256' }),
      onResponse: (status, body, context) => { if (status === 201) { created++; (context as Soaked).id = (JSON.parse(body) as { data: { id: number } }).data.id; } } },
    { method: 'PATCH', setupRequest: (req, context) => ({ ...req, path: `/api/v1/images/${(context as Soaked).id ?? 1}`, headers: { ...headers, 'content-type': 'application/json' }, body: '{"favorite":1}' }) },
    { method: 'DELETE', setupRequest: (req, context) => ({ ...req, path: `/api/v1/images/${(context as Soaked).id ?? 1}`, headers }) },
    { method: 'GET', path: '/api/v1/images?per_page=20', headers },
    { method: 'GET', path: '/api/v1/images', headers: { accept: 'application/json' } },
  ],
});
const rssEnd = rss();
server.kill('SIGTERM');

const fiveXx = result['5xx'];
const report = {
  seconds, connections, requests: result.requests.total, perSecond: Math.round(result.requests.average),
  latencyP99ms: result.latency.p99, non2xx: result.non2xx, fiveXx, errors: result.errors, timeouts: result.timeouts, created,
  rssStartMiB: Math.round(rssStart), rssEndMiB: Math.round(rssEnd),
};
console.log(JSON.stringify(report, null, 2));
const problems: string[] = [];
if (fiveXx > 0) problems.push(`${fiveXx} answers were 5xx`);
if (result.errors > 0 || result.timeouts > 0) problems.push(`${result.errors} connection errors, ${result.timeouts} timeouts`);
if (rssEnd > rssStart * 2 + 50) problems.push(`memory grew from ${Math.round(rssStart)} to ${Math.round(rssEnd)} MiB`);
if (problems.length > 0) {
  console.error(`soak FAILED: ${problems.join('; ')}`);
  process.exit(1);
}
console.log('soak passed: no 5xx, no connection errors, memory flat');
