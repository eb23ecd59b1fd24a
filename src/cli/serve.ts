import { createServer, type Server } from 'node:http';
import { seededRandom } from '../core/random.ts';
import { StateFileError } from '../core/state/saved-state.ts';
import { answerClientErrors } from './client-errors.ts';
import { UsageError } from './flags.ts';
import { ServerLog } from './log.ts';
import { checkCanListen, listenOn } from './network.ts';
import { parse, SERVE, serveSettings, type ServeSettings } from './options.ts';
import { attachStateFile } from './state-file.ts';
import type { Console } from './terminal.ts';
import type { Locales } from '../core/locale/translator.ts';

export type { Console } from './terminal.ts';

/** What runs once the server listens: main's signal handlers, which log through `log`. */
export type OnListening = (server: Server, log: ServerLog) => void;

/**
 * `ailuna-images serve`: builds the fake from flags and environment, listens, and logs.
 * Everything that can be checked before work is: the flags, the --data folder, and whether the
 * port and address can be used (before seeding and before connecting to Redis).
 * `onListening` runs before the banner is printed, so whoever waits for the banner (a user, a
 * test) can rely on what it sets up, such as signal handlers.
 */
export async function serve(
  argv: string[],
  env: Record<string, string | undefined>,
  io: Console,
  onListening: OnListening = () => {},
): Promise<Server | null> {
  const parsed = parse(SERVE, argv, env);
  if (parsed.show !== undefined) {
    io.out(parsed.show);
    return null;
  }
  const settings = serveSettings(parsed.values);
  await checkCanListen(settings.port, settings.host);
  const log = new ServerLog(io, { format: settings.logFormat, quiet: settings.quiet });
  // Loaded once the command line is known to be good: a mistake is answered without loading the fake.
  const { createApp } = await import('../http/app.ts');
  let stateFile: ReturnType<typeof attachStateFile> | undefined;
  // Loaded only with --store: a fake without Redis never loads the client.
  const coordinator = settings.store === null ? null : await import('../cluster/redis-coordinator.ts');
  const shared = settings.store === null || coordinator === null
    ? null
    : await coordinator.connectRedisStore(settings.store, settings, log).catch((error: unknown) => {
      // Redis out of reach, or recorded with other flags: the environment, not a bug (exit code 2).
      throw error instanceof coordinator.SharedStoreStartError ? new UsageError(error.message) : error;
    });
  const { store: _store, logFormat: _format, quiet: _quiet, ...fakeOptions } = settings;
  let app;
  try {
    app = createApp({
      ...fakeOptions,
      logger: log,
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
    throw coordinator !== null && error instanceof coordinator.SharedStoreStartError ? new UsageError(error.message) : error;
  }
  if (settings.data !== null) {
    try {
      stateFile = attachStateFile(app.locals.fake, settings.data);
    } catch (error) {
      // A file that is not a state file: the user's to fix, never a silent reset (exit code 2).
      throw error instanceof StateFileError ? new UsageError(`--data ${settings.data}: ${error.message}`) : error;
    }
    const images = app.locals.fake.store.allTenants().reduce((sum, t) => sum + t.images.size, 0);
    log.info(stateFile.restored
      ? `State restored from ${settings.data} (${images} images); every change is saved there.`
      : `State file ${settings.data} created from the seed; every change is saved there.`);
    for (const key of stateFile.keysAdded) log.warn(`the key ${key.slice(0, 6)}… is not in ${settings.data}; it starts without images.`);
  }
  const server = createServer(app);
  answerClientErrors(server);
  if (!settings.quiet) {
    // Before the app: the fake may answer while the app's listener runs, and the time counts from here.
    server.prependListener('request', (req, res) => {
      const started = performance.now();
      res.on('finish', () => {
        const warnings = res.getHeader('x-mock-warning');
        log.request({
          method: req.method ?? '',
          // Express shortens req.url inside a mounted path (/api); originalUrl is what was sent.
          url: (req as { originalUrl?: string }).originalUrl ?? req.url ?? '',
          status: res.statusCode,
          durationMs: performance.now() - started,
          warnings: warnings === undefined ? [] : Array.isArray(warnings) ? warnings : [String(warnings)],
        });
      });
    });
  }
  server.on('close', () => {
    log.flush();
    void shared?.close();
  });
  let origin;
  try {
    origin = await listenOn(server, settings.port, settings.host);
  } catch (error) {
    await shared?.close();
    throw error;
  }
  onListening(server, log);
  if (!/^(127\.\d+\.\d+\.\d+|localhost|::1)$/.test(settings.host)) {
    log.warn(`listening on ${settings.host}, not only on this machine: anyone who can reach it can use these keys and the /__admin API. Use --host 127.0.0.1 unless you mean to share it.`);
  }
  // On a shared store the seed in force may be a reseed's, recorded in Redis before this replica started.
  const { seed, count } = app.locals.fake.settings;
  log.banner(banner({ ...settings, seed, count }, origin, shared, app.locals.fake.locales), {
    url: `${origin}/api/v1`, seed, count, store: shared === null ? null : shared.address, replica: shared === null ? null : shared.replica,
  });
  return server;
}

/** The site's languages as the banner shows them. */
function languages(settings: ServeSettings, locales: Locales): string {
  const files = Object.keys(settings.translations).sort();
  const inForce = locales.resolve(null);
  const fallback = inForce === settings.locale ? '' : ` (not installed: accounts without their own get ${inForce})`;
  return `site default ${settings.locale}${fallback}; installed ${[...locales.installed].sort().join(', ')}${files.length > 0 ? `; translations ${files.map((f) => `${f}.json`).join(', ')}` : ''}`;
}

/** What --user-locales and --user-quotas say of a key, if anything. */
function accountNote(settings: ServeSettings, key: string): string {
  const notes = [
    settings.userLocales[key] === undefined ? null : `locale ${settings.userLocales[key]}`,
    settings.userQuotas[key] === undefined ? null : settings.userQuotas[key] === 0 ? 'allowance used up' : `may create ${settings.userQuotas[key]} more this month`,
  ].filter((note) => note !== null);
  return notes.length === 0 ? '' : `   (${notes.join(', ')})`;
}

function banner(settings: ServeSettings, origin: string, shared: { address: string; replica: number } | null, locales: Locales): string {
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
    `  language: ${languages(settings, locales)}`,
    '  keys with API access:',
    ...settings.keys.map((k) => `    ${k}${accountNote(settings, k)}`),
    ...(settings.noApiKeys.length > 0 ? ['  keys without API access (403):', ...settings.noApiKeys.map((k) => `    ${k}${accountNote(settings, k)}`)] : []),
    '  try:',
    `    curl -H 'Accept: application/json' -H 'Authorization: Bearer ${firstKey}' '${origin}/api/v1/images?per_page=10'`,
    '  Ctrl+C stops it.',
  ].join('\n');
}
