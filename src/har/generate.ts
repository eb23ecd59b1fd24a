import { mkdirSync } from 'node:fs';
import { request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { manualClock } from '../core/clock.ts';
import { DEFAULT_KEYS, DEFAULT_NOAPI_KEYS, DEFAULT_ORIGIN } from '../core/defaults.ts';
import { createFake, type FakeOptions } from '../core/fake.ts';
import { toResource } from '../core/images/image.ts';
import { createApp } from '../http/app.ts';
import { writeFileAtomically } from '../node/atomic-file.ts';
import type { Har } from './har.ts';
import { readHarFile, writeHarFile } from './har-file.ts';
import { createRecorder } from './recorder.ts';

/** The origin recordings are written for: what `npm start` serves. */
const CANONICAL_ORIGIN = DEFAULT_ORIGIN;
const RECORDED_AT = Date.UTC(2026, 10, 1, 12, 0, 0);
const [KEY, KEY2] = DEFAULT_KEYS as [string, string];
const [NOAPI_KEY] = DEFAULT_NOAPI_KEYS as [string];

/** A scripted request of a canonical recording. */
interface Step {
  method: string;
  path: string;
  headers?: Record<string, string>;
  body?: string;
}

const json = (key: string | null = KEY): Record<string, string> => ({
  accept: 'application/json', ...(key === null ? {} : { authorization: `Bearer ${key}` }),
});
const withBody = (type: string, key: string | null = KEY) => ({ ...json(key), 'content-type': type });
const BOUNDARY = '----ailuna-fixture-boundary';
const multipart = (fields: Record<string, string>) =>
  `${Object.entries(fields).map(([k, v]) => `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`).join('')}--${BOUNDARY}--\r\n`;

/**
 * Regenerates `fixtures/`: the default seed data set as JSON, and canonical recordings of every
 * endpoint and error case, recorded through the recording proxy from the fake with a fixed seed and
 * a fixed clock, rebased onto http://localhost:4010. Same code, same bytes.
 */
export async function generateFixtures(directory: string): Promise<string[]> {
  mkdirSync(join(directory, 'seed'), { recursive: true });
  mkdirSync(join(directory, 'recordings'), { recursive: true });
  const written: string[] = [];

  const seedFile = join(directory, 'seed', 'default.json');
  writeFileAtomically(seedFile, `${JSON.stringify(seedDataset(), null, 2)}\n`);
  written.push(seedFile);

  const endpoints = join(directory, 'recordings', 'endpoints.har');
  await record(endpoints, async (send, fake) => {
    const mine = [...(fake.store.findTenantByToken(KEY)?.images.values() ?? [])].sort((a, b) => b.id - a.id);
    const theirs = [...(fake.store.findTenantByToken(KEY2)?.images.values() ?? [])][0];
    const first = mine[0];
    if (!first || !theirs) throw new Error('the fixture fake has no images');
    const steps: Step[] = [
      { method: 'GET', path: '/api/v1/images', headers: json() },
      { method: 'GET', path: '/api/v1/images?per_page=10&page=2', headers: json() },
      { method: 'GET', path: `/api/v1/images?search=${encodeURIComponent(first.name.split(' ')[0] ?? 'a')}&sort_by=name&sort=asc`, headers: json() },
      { method: 'GET', path: '/api/v1/images?style=anime&favorite=1', headers: json() },
      { method: 'GET', path: '/api/v1/images?per_page=20&sort=up&favorite=true', headers: json() },
      { method: 'GET', path: '/api/v1/images?page=99', headers: json() },
      { method: 'GET', path: '/api/v1/images?search%5B%5D=x', headers: json() },
      { method: 'HEAD', path: '/api/v1/images', headers: json() },
      { method: 'GET', path: `/api/v1/images/${first.id}`, headers: json() },
      { method: 'GET', path: `/api/v1/images/0${first.id}`, headers: json() },
      { method: 'GET', path: '/api/v1/images/999999', headers: json() },
      { method: 'GET', path: `/api/v1/images/${theirs.id}`, headers: json() },
      { method: 'GET', path: `/uploads/users/images/${first.result}` },
      { method: 'POST', path: '/api/v1/images', headers: withBody('application/json'), body: '{"name":"Fox in the snow","description":"a red fox in deep snow","resolution":"256x256","style":"photography","filter":"sepia"}' },
      { method: 'POST', path: '/api/v1/images', headers: withBody('application/x-www-form-urlencoded'), body: 'name=Owl%20at%20night&description=an%20owl&resolution=512x512&medium=ink' },
      { method: 'POST', path: '/api/v1/images', headers: withBody(`multipart/form-data; boundary=${BOUNDARY}`), body: multipart({ name: 'Paper crane', description: 'origami crane', resolution: '256x256', style: 'origami' }) },
      { method: 'POST', path: '/api/v1/images', headers: withBody('application/json'), body: '{}' },
      { method: 'POST', path: '/api/v1/images', headers: withBody('application/json'), body: '{"name":"x","description":"y","resolution":"300x300","style":"ANIME","variations":"abc"}' },
      { method: 'POST', path: '/api/v1/images', headers: withBody('application/json'), body: '{"name":"v","description":"d","resolution":"256x256","variations":2}' },
      { method: 'PUT', path: `/api/v1/images/${first.id}`, headers: withBody('application/json'), body: '{"name":"Renamed in a fixture"}' },
      { method: 'PATCH', path: `/api/v1/images/${first.id}`, headers: withBody('application/x-www-form-urlencoded'), body: 'favorite=1' },
      { method: 'POST', path: `/api/v1/images/${first.id}`, headers: withBody('application/x-www-form-urlencoded'), body: '_method=PATCH&favorite=0' },
      { method: 'PATCH', path: `/api/v1/images/${first.id}`, headers: withBody('application/json'), body: '{"favorite":"abc"}' },
      { method: 'PATCH', path: `/api/v1/images/${first.id}`, headers: withBody('application/json'), body: '{"user_id":2}' },
      { method: 'DELETE', path: `/api/v1/images/${first.id}`, headers: json() },
      { method: 'DELETE', path: `/api/v1/images/${first.id}`, headers: json() },
      { method: 'GET', path: `/uploads/users/images/${first.result}`, headers: { accept: 'application/json' } },
      { method: 'GET', path: '/api/v1/images', headers: json(null) },
      { method: 'GET', path: '/api/v1/images' },
      { method: 'GET', path: '/api/v1/images', headers: json('not-a-key') },
      { method: 'GET', path: '/api/v1/images', headers: json(NOAPI_KEY) },
      { method: 'GET', path: `/api/v1/images?per_page=10&api_token=${KEY}`, headers: { accept: 'application/json' } },
      { method: 'PUT', path: '/api/v1/images', headers: json() },
      { method: 'POST', path: '/api/v1/images/1', headers: json() },
      { method: 'GET', path: '/api/v1/foo', headers: json() },
      { method: 'GET', path: '/api/xyz', headers: json() },
      { method: 'OPTIONS', path: '/api/v1/images' },
      { method: 'OPTIONS', path: '/api/v1/images', headers: { origin: 'http://localhost:5173', 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type' } },
    ];
    for (const step of steps) await send(step);
  });
  written.push(endpoints);

  // The plan's limits: a quota of one image, and the throttle enforced at 5 requests a minute.
  const limits = join(directory, 'recordings', 'limits.har');
  await record(limits, async (send) => {
    const create = (name: string): Step => ({ method: 'POST', path: '/api/v1/images', headers: withBody('application/json'), body: JSON.stringify({ name, description: 'quota probe', resolution: '256x256' }) });
    await send(create('First of the month'));
    await send(create('One too many'));
    for (let i = 0; i < 3; i++) await send({ method: 'GET', path: '/api/v1/images', headers: json() });
    await send({ method: 'GET', path: '/api/v1/images', headers: json() });
    await send({ method: 'GET', path: '/api/v1/images' });
  }, { count: 3, quota: 1, rateLimit: 5 });
  written.push(limits);

  const browser = join(directory, 'recordings', 'browser.har');
  await record(browser, async (send) => {
    const list = await send({ method: 'GET', path: '/api/v1/images?per_page=10', headers: json() });
    const images = (JSON.parse(list) as { data: Array<{ result: string }> }).data;
    for (const image of images) await send({ method: 'GET', path: `/uploads/users/images/${image.result}` });
  });
  written.push(browser);
  return written;
}

/** The default data set (`npm start` with no flags), as the API serves it. */
function seedDataset() {
  const fake = createFake();
  return {
    comment: 'The images `npm start` serves with its defaults (seed 1, 40 per key, dated before 2026-11-01), as GET /api/v1/images shows them.',
    seed: fake.settings.seed,
    count: fake.settings.count,
    referenceDate: new Date(fake.settings.referenceDate).toISOString(),
    users: fake.settings.keys.map((key) => ({
      key,
      images: [...(fake.store.findTenantByToken(key)?.images.values() ?? [])]
        .sort((a, b) => b.id - a.id)
        .map((image) => toResource(image, CANONICAL_ORIGIN)),
    })),
  };
}

type Send = (step: Step) => Promise<string>;

/** Records a script through the recording proxy in front of a fixed fake, then rebases the file. */
async function record(
  out: string,
  script: (send: Send, fake: ReturnType<typeof createFake>) => Promise<void>,
  fakeOptions: FakeOptions = {},
): Promise<void> {
  const clock = manualClock(RECORDED_AT);
  const fake = createFake({ seed: 1, count: 12, clock, ...fakeOptions });
  const upstream = await listen(createApp({ fake }).listen(0, '127.0.0.1'));
  const recorder = createRecorder({ upstream: upstream.origin, out, clock, stableHeaders: true });
  const proxy = await listen(recorder.server.listen(0, '127.0.0.1'));
  try {
    await script(async (step) => {
      const body = await rawRequest(proxy.origin, step);
      clock.advance(1000);
      return body;
    }, fake);
  } finally {
    await Promise.all([proxy.close(), upstream.close()]);
  }
  writeHarFile(out, rebase(readHarFile(out), upstream.origin, CANONICAL_ORIGIN));
}

async function listen(server: Server): Promise<{ origin: string; close(): Promise<void> }> {
  await new Promise((resolve) => (server.listening ? resolve(undefined) : server.once('listening', resolve)));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

/** One request with exactly the given headers (fetch would add its own). */
function rawRequest(origin: string, step: Step): Promise<string> {
  const url = new URL(origin);
  const headers = { ...(step.headers ?? {}), ...(step.body === undefined ? {} : { 'content-length': String(Buffer.byteLength(step.body)) }) };
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest({ hostname: url.hostname, port: url.port, method: step.method, path: step.path, headers, agent: false }, (incoming) => {
      const chunks: Buffer[] = [];
      incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
      incoming.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
      incoming.on('error', reject);
    });
    outgoing.on('error', reject);
    outgoing.end(step.body);
  });
}

/** Replaces a recorded origin everywhere in a HAR (plain and PHP-escaped `http:\/\/` forms). */
function rebase(har: Har, from: string, to: string): Har {
  const escaped = (origin: string) => JSON.stringify(origin.replace(/\//g, '\\/')).slice(1, -1);
  let text = JSON.stringify(har);
  text = text.split(escaped(from)).join(escaped(to)).split(from).join(to);
  // The Host header the upstream saw is part of no entry; request URLs carry the origin.
  return JSON.parse(text) as Har;
}
