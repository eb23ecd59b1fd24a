import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '../core/logger.ts';
import { seededRandom } from '../core/random.ts';
import { redactUrl } from '../core/redact.ts';
import { createApp } from '../http/app.ts';
import { answerClientErrors } from './client-errors.ts';
import { attachStateFile } from './state-file.ts';
import { BatchedLines } from './batched-lines.ts';
import { parseServeArgs, serveHelp, type ServeSettings } from './options.ts';

export interface Console {
  out(line: string): void;
  err(line: string): void;
}

/**
 * `ailuna-images serve`: builds the fake from flags and environment, listens, and logs.
 * `onListening` runs before the banner is printed, so whoever waits for the banner (a user, a
 * test) can rely on what it sets up, such as signal handlers.
 */
export async function serve(
  argv: string[],
  env: Record<string, string | undefined>,
  io: Console,
  onListening: (server: Server) => void = () => {},
): Promise<Server | null> {
  const settings = parseServeArgs(argv, env);
  if (settings.help) {
    io.out(serveHelp());
    return null;
  }
  const requestLines = new BatchedLines((text) => io.out(text));
  const out = (line: string) => {
    requestLines.flush();
    io.out(line);
  };
  const logger: Logger = {
    info: (m) => out(m),
    warn: (m) => io.err(`warning: ${m}`),
    error: (m) => io.err(`error: ${m}`),
  };
  let stateFile: ReturnType<typeof attachStateFile> | undefined;
  // Loaded only with --store: a fake without Redis never loads the client.
  const shared = settings.store === null
    ? null
    : await (await import('../cluster/redis-coordinator.ts')).connectRedisStore(settings.store, settings, logger);
  const { store: _store, ...fakeOptions } = settings;
  let app;
  try {
    app = createApp({
      ...fakeOptions,
      logger,
      onChange: () => stateFile?.save(),
      ...(settings.data === null ? {} : { dataFile: settings.data }),
      ...(shared === null ? {} : {
        coordinator: shared.coordinator,
        // Each replica draws its own uuids: two replicas never name two images alike (even two
        // with one number, after Redis lost its count of replicas).
        random: seededRandom(`created:${settings.seed}:replica-${shared.replica}:${shared.instance}`),
      }),
    });
    await shared?.ready();
  } catch (error) {
    await shared?.close();
    throw error;
  }
  if (settings.data !== null) {
    stateFile = attachStateFile(app.locals.fake, settings.data);
    const images = app.locals.fake.store.allTenants().reduce((sum, t) => sum + t.images.size, 0);
    out(stateFile.restored
      ? `State restored from ${settings.data} (${images} images); every change is saved there.`
      : `State file ${settings.data} created from the seed; every change is saved there.`);
    for (const key of stateFile.keysAdded) io.err(`warning: the key ${key.slice(0, 6)}… is not in ${settings.data}; it starts without images.`);
  }
  const server = createServer(app);
  answerClientErrors(server);
  server.on('request', (req, res) => {
    const started = performance.now();
    res.on('finish', () => {
      const ms = (performance.now() - started).toFixed(1);
      // Express shortens req.url inside a mounted path (/api); originalUrl is what was sent.
      const url = (req as { originalUrl?: string }).originalUrl ?? req.url ?? '';
      requestLines.add(`${req.method} ${redactUrl(url)} ${res.statusCode} ${ms}ms`);
    });
  });
  server.on('close', () => {
    requestLines.flush();
    void shared?.close();
  });
  try {
    await listen(server, settings);
  } catch (error) {
    await shared?.close();
    throw error;
  }
  onListening(server);
  if (!/^(127\.\d+\.\d+\.\d+|localhost|::1)$/.test(settings.host)) {
    io.err(`warning: listening on ${settings.host}, not only on this machine: anyone who can reach it can use these keys and the /__admin API. Use --host 127.0.0.1 unless you mean to share it.`);
  }
  const { port } = server.address() as AddressInfo;
  // On a shared store the seed in force may be a reseed's, recorded in Redis before this replica started.
  const { seed, count } = app.locals.fake.settings;
  out(banner({ ...settings, seed, count }, `http://${settings.host.includes(':') ? `[${settings.host}]` : settings.host}:${port}`, shared));
  return server;
}

function listen(server: Server, { port, host }: ServeSettings): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      reject(error.code === 'EADDRINUSE'
        ? new Error(`Port ${port} on ${host} is already in use: stop what runs there or pass --port with another number (--port 0 picks a free one).`)
        : error);
    });
    server.listen(port, host, () => resolve());
  });
}

function banner(settings: ServeSettings, origin: string, shared: { address: string; replica: number } | null): string {
  const limit = settings.rateLimit > 0
    ? `${settings.rateLimit} requests/minute per client, enforced (429)`
    : 'not enforced (X-RateLimit headers count 60/minute as upstream)';
  const faults = [
    settings.latency ? `latency ${settings.latency} ms` : null,
    settings.errorRate > 0 ? `error rate ${settings.errorRate}` : null,
    settings.generationDelay ? `generation ${settings.generationDelay} ms` : null,
  ].filter((f) => f !== null);
  const [firstKey] = settings.keys;
  return [
    `ailuna-images fake of the Images API v1 is listening on ${origin}/api/v1`,
    `  seed ${settings.seed}, ${settings.count} images per key, per_page default ${settings.perPageDefault}`,
    `  rate limit: ${limit}; quota: ${settings.quota === null ? 'unlimited' : `${settings.quota} images per key`}`,
    ...(faults.length > 0 ? [`  faults: ${faults.join(', ')}`] : []),
    ...(shared === null ? [] : [`  shared state: ${shared.address} (replica ${shared.replica}); every replica on it serves the same images`]),
    ...(settings.pages || settings.admin
      ? [`  ${[settings.pages ? `gallery ${origin}/   docs ${origin}/docs` : '', settings.admin ? `admin ${origin}/__admin/requests` : ''].filter(Boolean).join('   ')}`]
      : []),
    '  keys with API access:',
    ...settings.keys.map((k) => `    ${k}`),
    ...(settings.noApiKeys.length > 0 ? ['  keys without API access (403):', ...settings.noApiKeys.map((k) => `    ${k}`)] : []),
    '  try:',
    `    curl -H 'Accept: application/json' -H 'Authorization: Bearer ${firstKey}' '${origin}/api/v1/images?per_page=10'`,
    '  Ctrl+C stops it.',
  ].join('\n');
}
