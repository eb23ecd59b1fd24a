import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { UPSTREAM_RATE_LIMIT, UPSTREAM_RATE_WINDOW_SECONDS } from '../core/defaults.ts';
import type { StoredImage } from '../core/images/image.ts';
import type { Logger } from '../core/logger.ts';
import type { RateLimitDecision } from '../core/protocol/rate-limit.ts';
import {
  applyChange, SharedStoreUnavailable, type AccountChanges, type CoordinatorHost, type ImageChanges, type StateChange, type StateCoordinator, type StoreHealth,
} from '../core/state/coordinator.ts';
import type { Tenant } from '../core/state/store.ts';
import { formatHostPort, formatRedisAddress, parseRedisUrl, type RedisAddress } from './redis-url.ts';
import { SCRIPTS, type ScriptName } from './scripts.ts';
import { flagsMismatch, recordFlags, type RecordedFlags, type StateShapingFlags } from './shared-flags.ts';
import { DeltaTracker, seedOnlySnapshot, type StateSnapshot } from './snapshot.ts';

/** A replica's connection to the shared state. */
export interface RedisStore {
  /** `redis://HOST:PORT/DB`, for the banner. */
  readonly address: string;
  /** This replica's number (1 for the first one started on this database, and so on). */
  readonly replica: number;
  /**
   * Random, drawn by this process: seeds the uuids it gives created images. The replica number
   * alone is not enough: after Redis lost its data, a new replica may draw a running one's number.
   */
  readonly instance: string;
  /** The factory for `FakeOptions.coordinator`. */
  coordinator(host: CoordinatorHost): StateCoordinator;
  /** Applies the shared state (snapshot and log) before the server listens. */
  ready(): Promise<void>;
  close(): Promise<void>;
}

export interface RedisStoreOptions {
  /** Key prefix (default `ailuna:`). */
  prefix?: string;
  /** Changes between snapshots, at least (default 1000; more when the state's delta is larger). */
  compactEvery?: number;
  /** How long a command may take before Redis counts as lost (ms, default 2000). */
  commandTimeoutMs?: number;
}

/** Thrown when a replica cannot start on this Redis: the message names host and port, or the flag. */
export class SharedStoreStartError extends Error {}

const RATE_WINDOW_MS = UPSTREAM_RATE_WINDOW_SECONDS * 1000;
const PROBE_INTERVAL_MS = 500;
/** Redis 6.2 brought exclusive stream ranges and XTRIM MINID. */
const MIN_REDIS = [6, 2];

/**
 * Connects a replica to the shared state in Redis: checks that it was started with the same
 * state-shaping flags as the first replica (recording them when it is the first), and draws its
 * replica number.
 *
 * @example
 * const shared = await connectRedisStore('redis://127.0.0.1:6379/0', settings, logger);
 * const app = createApp({ ...settings, coordinator: shared.coordinator });
 * await shared.ready();
 * server.listen(port); // …and on shutdown: await shared.close()
 */
export async function connectRedisStore(
  url: string,
  flags: StateShapingFlags,
  logger: Logger,
  options: RedisStoreOptions = {},
): Promise<RedisStore> {
  const address = parseRedisUrl(url);
  const where = formatRedisAddress(address);
  const prefix = options.prefix ?? 'ailuna:';
  const commandTimeout = options.commandTimeoutMs ?? 2000;
  const redis = new Redis({
    host: address.host,
    port: address.port,
    db: address.db,
    lazyConnect: true,
    // A lost Redis must fail requests at once (reads then go on from memory), never queue them.
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    connectTimeout: commandTimeout,
    commandTimeout,
    retryStrategy: (times) => Math.min(100 * times, 1000),
  });
  for (const [name, lua] of Object.entries(SCRIPTS)) redis.defineCommand(name, { numberOfKeys: 0, lua });
  // One listener for the connection's life (without one, ioredis prints every failed reconnect).
  let connectError: Error | undefined;
  const errors = { handle: (error: Error) => { connectError = error; } };
  redis.on('error', (error: Error) => errors.handle(error));
  try {
    await redis.connect();
  } catch (error) {
    redis.disconnect();
    const reason = (connectError ?? (error as Error)).message;
    throw new SharedStoreStartError(`Cannot reach Redis at ${formatHostPort(address)} for --store ${where} (${reason}). Start redis-server there, or pass another --store.`);
  }
  try {
    const version = /redis_version:(\d+)\.(\d+)/.exec(await redis.info('server'));
    const [major, minor] = [Number(version?.[1] ?? 0), Number(version?.[2] ?? 0)];
    if (major < MIN_REDIS[0]! || (major === MIN_REDIS[0] && minor < MIN_REDIS[1]!)) {
      throw new SharedStoreStartError(`Redis at ${formatHostPort(address)} is version ${major}.${minor}; --store needs Redis ${MIN_REDIS.join('.')} or later.`);
    }
    const checkFlags = () => recordOrCompareFlags(redis, prefix, recordFlags(flags), where);
    const mismatch = await checkFlags();
    if (mismatch !== null) throw new SharedStoreStartError(mismatch);
    const replica = await redis.incr(`${prefix}replicas`);
    return new RedisConnection(redis, address, replica, prefix, options.compactEvery ?? 1000, logger, errors, checkFlags);
  } catch (error) {
    redis.disconnect();
    if (error instanceof SharedStoreStartError) throw error;
    throw new SharedStoreStartError(`Redis at ${formatHostPort(address)} failed while starting this replica (${(error as Error).message}).`);
  }
}

/** The first replica records its flags; the others compare theirs (null = they agree). */
async function recordOrCompareFlags(redis: Redis, prefix: string, here: RecordedFlags, where: string): Promise<string | null> {
  await redis.set(`${prefix}flags`, JSON.stringify(here), 'NX');
  const recorded = JSON.parse(await redis.get(`${prefix}flags`) ?? 'null') as RecordedFlags | null;
  return recorded === null ? `the flags recorded in ${where} vanished while this replica compared its own` : flagsMismatch(here, recorded, where);
}

type ScriptArg = string | number;
type ScriptCaller = Record<ScriptName, (...args: ScriptArg[]) => Promise<unknown>>;

/** A stream entry as XRANGE gives it: `[id, [field, value, …]]`. */
type StreamEntry = [string, string[]];
/** What the write and read scripts answer (see scripts.ts). */
type LogReply = [status: string, value: string, compact: number, covers: string, snapshotEpoch: string, snapshotBody: string, entries: StreamEntry[]];

class RedisConnection implements RedisStore {
  readonly address: string;
  readonly instance = randomUUID();
  private created: RedisCoordinator | undefined;

  constructor(
    private readonly redis: Redis,
    private readonly at: RedisAddress,
    readonly replica: number,
    private readonly prefix: string,
    private readonly compactEvery: number,
    private readonly logger: Logger,
    private readonly errors: { handle: (error: Error) => void },
    private readonly checkFlags: () => Promise<string | null>,
  ) {
    this.address = formatRedisAddress(at);
  }

  coordinator = (host: CoordinatorHost): StateCoordinator => {
    this.created = new RedisCoordinator(this.redis, this.at, this.replica, this.prefix, this.compactEvery, host);
    return this.created;
  };

  async ready(): Promise<void> {
    if (this.created === undefined) {
      throw new SharedStoreStartError('The fake was built without the Redis coordinator (FakeOptions.coordinator was not called): this build of the core cannot share its state.');
    }
    try {
      await this.created.catchUpOrThrow();
    } catch (error) {
      if (error instanceof SharedStoreStartError) throw error;
      throw new SharedStoreStartError(`Cannot read the shared state from Redis at ${formatHostPort(this.at)} (${(error as Error).message}).`);
    }
    this.created.watchConnection(this.errors, () => {
      // A Redis restarted without its data forgot the flags: record them again before another
      // replica with other flags can.
      this.checkFlags()
        .then((mismatch) => {
          if (mismatch !== null) this.logger.error(`Redis came back with other flags recorded: ${mismatch} This replica goes on, but it no longer serves the same state as the others.`);
        })
        .catch(() => {});
    });
    this.logger.info(`Replica ${this.replica} on ${this.address}: shared state applied up to log entry ${this.created.position}.`);
  }

  async close(): Promise<void> {
    this.created?.stop();
    try {
      await this.redis.quit();
    } catch {
      this.redis.disconnect();
    }
  }
}

/**
 * The shared state's coordinator for one replica: writes are decided in Redis by the scripts,
 * each replica applies the log in its order, and reads first catch up with it.
 */
class RedisCoordinator implements StateCoordinator {
  /** The stream id of the last change applied here ('0-0' = none). */
  position = '0-0';
  private epoch = '0';
  private readonly tracker: DeltaTracker;
  private readonly scripts: ScriptCaller;
  /** The read in flight, and the one queued behind it (see freshRead). */
  private inFlight: Promise<void> | null = null;
  private queued: Promise<void> | null = null;
  private offlineSince: number | null = null;
  /** What the connection said when Redis went out of reach (for the health report). */
  private offlineCause = '';
  private probeTimer: ReturnType<typeof setInterval> | null = null;
  private stopped = false;
  private readonly hostPort: string;
  private readonly address: string;

  constructor(
    private readonly redis: Redis,
    at: RedisAddress,
    private readonly replica: number,
    private readonly prefix: string,
    private readonly compactEvery: number,
    private readonly host: CoordinatorHost,
  ) {
    this.scripts = redis as unknown as ScriptCaller;
    this.hostPort = formatHostPort(at);
    this.address = formatRedisAddress(at);
    // The store was seeded from the flags every replica shares: the seed is the state before the log.
    this.tracker = new DeltaTracker(host.settings.seed, host.settings.count);
  }

  async catchUp(): Promise<string | null> {
    // Out of reach: answer from memory at once; the probe notices when Redis is back.
    if (this.offlineSince !== null) return this.offlineWarning();
    try {
      await this.freshRead();
      return null;
    } catch (error) {
      // Only a failure of the Redis call itself; one applying its answer is a bug (a 500, logged).
      if (!(error instanceof RedisUnreachable)) throw error;
      this.wentOffline(error.cause);
      return this.offlineWarning();
    }
  }

  private offlineWarning(): string {
    return `Redis at ${this.hostPort} is unreachable: this answer comes from this replica's memory and may miss changes made through other replicas.`;
  }

  /** The start-up catch-up: failures are thrown, not turned into warnings. */
  async catchUpOrThrow(): Promise<void> {
    await this.freshRead();
  }

  async create(tenant: Tenant, fields: Omit<StoredImage, 'id'>, atMs: number): Promise<StoredImage | 'quota-reached'> {
    const user = tenant.userId;
    const change = { kind: 'create', user, image: fields, atMs };
    let reply: LogReply;
    // 'stale': another replica reseeded since this one caught up; the reply brought the reseed, so
    // the next try carries the new epoch and auto-increment (a reseed per round trip is unlikely).
    for (let attempt = 0; ; attempt++) {
      reply = await this.write('create', 'ailunaCreate', [
        user, new Date(atMs).toISOString().slice(0, 7), tenant.quotaAt(atMs) ?? '', this.host.store.lastIssuedId, JSON.stringify(change), this.epoch,
      ]);
      if (reply[0] !== 'stale') break;
      if (attempt === 2) throw new SharedStoreUnavailable(`The state in Redis at ${this.hostPort} was reseeded during each of three tries of the create; it was not stored.`);
    }
    if (reply[0] === 'quota-reached') return 'quota-reached';
    const id = Number(reply[1]);
    return this.host.store.allTenants()[user - 1]?.images.get(id) ?? { id, ...fields };
  }

  async update(tenant: Tenant, image: StoredImage, changes: ImageChanges): Promise<'ok' | 'gone'> {
    if (!this.stillHere(tenant, image)) return 'gone';
    const change: StateChange = { kind: 'update', user: tenant.userId, id: image.id, changes };
    const reply = await this.write('update', 'ailunaUpdate', [this.epoch, image.id, JSON.stringify(change)]);
    return reply[0] === 'ok' ? 'ok' : 'gone';
  }

  async delete(tenant: Tenant, image: StoredImage): Promise<'ok' | 'gone'> {
    if (!this.stillHere(tenant, image)) return 'gone';
    const change: StateChange = { kind: 'delete', user: tenant.userId, id: image.id };
    const reply = await this.write('delete', 'ailunaDelete', [this.epoch, image.id, JSON.stringify(change)]);
    return reply[0] === 'ok' ? 'ok' : 'gone';
  }

  async setAccount(tenant: Tenant, change: { locale?: string | null; remaining?: number | null }, atMs: number): Promise<AccountChanges> {
    const user = tenant.userId;
    for (let attempt = 0; ; attempt++) {
      const reply = await this.write('account change', 'ailunaAccount', [user, new Date(atMs).toISOString().slice(0, 7), JSON.stringify(change), this.epoch]);
      if (reply[0] !== 'stale') break;
      if (attempt === 2) throw new SharedStoreUnavailable(`The state in Redis at ${this.hostPort} was reseeded during each of three tries of the account change; it was not stored.`);
    }
    // The reply brought the change and applied it here: the account as it is now.
    const config = this.host.store.allTenants()[user - 1]?.config ?? tenant.config;
    return { locale: config.locale ?? null, monthQuota: config.monthQuota ?? null };
  }

  async reseed(next: { seed: number; count: number }): Promise<void> {
    const change: StateChange = { kind: 'reseed', seed: next.seed, count: next.count };
    // Seeded ids run 1..count × keys with API access: new ones go on above them.
    const highestSeededId = next.count * this.host.settings.keys.length;
    await this.write('reseed', 'ailunaReseed', [JSON.stringify(change), JSON.stringify(seedOnlySnapshot(next.seed, next.count)), highestSeededId]);
  }

  async hit(clientKey: string): Promise<RateLimitDecision> {
    const enforced = this.host.faults.rateLimit > 0;
    const limit = enforced ? this.host.faults.rateLimit : UPSTREAM_RATE_LIMIT;
    if (this.offlineSince !== null) return this.host.localLimiter.hit(clientKey);
    let reply: [number, number, number];
    try {
      reply = await this.scripts.ailunaRate(this.prefix, clientKey, limit, enforced ? '1' : '0', RATE_WINDOW_MS) as [number, number, number];
    } catch (error) {
      if (!isConnectionError(error)) throw error;
      this.wentOffline(error as Error);
      return this.host.localLimiter.hit(clientKey);
    }
    const [allowed, hits, leftMs] = reply;
    const now = this.host.clock.now();
    const retryAfterSeconds = Math.max(0, Math.ceil(leftMs / 1000));
    return {
      allowed: allowed === 1,
      limit,
      remaining: allowed === 1 ? Math.max(0, limit - hits) : 0,
      retryAfterSeconds,
      resetAt: Math.floor(now / 1000) + retryAfterSeconds,
    };
  }

  /**
   * Reachable exactly when writes are not refused: while Redis is known to be out of reach this
   * answers at once (the probe notices its return); otherwise it reads the log as a request would,
   * so a Redis lost since the last request is noticed here too.
   */
  async health(): Promise<StoreHealth> {
    const where = { store: 'redis', address: this.address, replica: this.replica };
    if (await this.catchUp() === null) return { ...where, reachable: true };
    const seconds = ((this.host.clock.now() - (this.offlineSince ?? this.host.clock.now())) / 1000).toFixed(1);
    return {
      ...where,
      reachable: false,
      reason: `Redis at ${this.hostPort} has been unreachable for ${seconds} s (${this.offlineCause}): writes answer 500 and reads come from this replica's memory until it is back.`,
    };
  }

  /** On reconnect, catch up at once rather than at the next request (and say so in the log). */
  watchConnection(errors: { handle: (error: Error) => void }, onReconnect: () => void): void {
    errors.handle = (error) => this.wentOffline(error);
    this.redis.on('ready', () => {
      onReconnect();
      this.probe();
    });
  }

  stop(): void {
    this.stopped = true;
    if (this.probeTimer !== null) clearInterval(this.probeTimer);
  }

  /** While Redis is out of reach, one read at a time tells when it is back (and catches up). */
  private probe(): void {
    if (this.offlineSince === null || this.stopped) return;
    this.freshRead().catch(() => {});
  }

  /**
   * A read of the log that starts after this call: the one queued behind the read in flight, or
   * a new one. Concurrent callers share it, and none of them sees a state older than when it asked.
   */
  private freshRead(): Promise<void> {
    if (this.inFlight === null) {
      this.inFlight = this.readOnce().finally(() => { this.inFlight = null; });
      return this.inFlight;
    }
    this.queued ??= this.inFlight.catch(() => {}).then(() => {
      this.queued = null;
      return this.freshRead();
    });
    return this.queued;
  }

  private async readOnce(): Promise<void> {
    let reply: LogReply;
    try {
      reply = await this.scripts.ailunaRead(this.prefix, this.position, this.compactEvery) as LogReply;
    } catch (error) {
      throw isConnectionError(error) ? new RedisUnreachable(error as Error) : error;
    }
    this.applyReply(reply);
    this.backOnline();
  }

  /** A write decided by a script; nothing changes here unless Redis took it. */
  private async write(what: string, script: ScriptName, args: ScriptArg[]): Promise<LogReply> {
    if (this.offlineSince !== null) {
      throw new SharedStoreUnavailable(`Redis at ${this.hostPort} is unreachable; the ${what} was not stored.`);
    }
    let reply: LogReply;
    try {
      reply = await this.scripts[script](this.prefix, this.position, this.compactEvery, ...args) as LogReply;
    } catch (error) {
      if (!isConnectionError(error)) throw error;
      this.wentOffline(error as Error);
      const { message } = error as Error;
      // Only a command refused before it was sent surely changed nothing; once sent (then the
      // connection lost, the retries used up, no answer in time) Redis may have run it.
      const neverSent = /^Stream isn't writeable/.test(message);
      throw new SharedStoreUnavailable(neverSent
        ? `Redis at ${this.hostPort} is unreachable (${message}); the ${what} was not stored.`
        : /timed out/i.test(message)
          ? `Redis at ${this.hostPort} did not answer the ${what} in time (${message}); it may still be applied, and every replica will then show it.`
          : `Redis at ${this.hostPort} was lost before it answered the ${what} (${message}); it may still be applied, and every replica will then show it.`);
    }
    this.applyReply(reply);
    this.backOnline();
    if (reply[2] === 1) this.compact();
    return reply;
  }

  /** Applies a snapshot (when the log before it is gone) and the entries after what this replica has. */
  private applyReply([, , , covers, snapshotEpoch, snapshotBody, entries]: LogReply): void {
    if (snapshotBody !== '' && compareStreamIds(covers, this.position) > 0) {
      // The reply carries the body only when the log was trimmed past the position asked from.
      this.tracker.load(this.host, JSON.parse(snapshotBody) as StateSnapshot);
      this.position = covers;
      this.epoch = snapshotEpoch;
    }
    for (const [id, fieldList] of entries) {
      if (compareStreamIds(id, this.position) <= 0) continue;
      const fields = fieldPairs(fieldList);
      const change = JSON.parse(fields.c ?? 'null') as StateChange;
      if (change.kind === 'create') change.image.id = Number(fields.i);
      applyChange(this.host, change);
      this.tracker.noteApplied(change);
      this.position = id;
      this.epoch = fields.e ?? this.epoch;
    }
  }

  /** Stores the delta up to this replica's position and lets Redis trim the log before the previous one. */
  private compact(): void {
    const snapshot = this.tracker.snapshot(this.host);
    const body = JSON.stringify(snapshot);
    this.scripts.ailunaCompact(this.prefix, this.position, this.epoch, body, snapshot.images.length + snapshot.deleted.length)
      .catch((error: unknown) => this.host.logger.warn(`Could not store a snapshot of the shared state in Redis at ${this.hostPort} (${(error as Error).message}); the next one will be tried after more changes.`));
  }

  /** The image the request looked up is still the one in the store (no reseed or delete applied since). */
  private stillHere(tenant: Tenant, image: StoredImage): boolean {
    return this.host.store.allTenants()[tenant.userId - 1]?.images.get(image.id) === image;
  }

  private wentOffline(error: Error): void {
    if (this.stopped) return;
    // The latest failure says most (a refused reconnect rather than the command that found it closed).
    this.offlineCause = error.message;
    if (this.offlineSince !== null) return;
    this.offlineSince = this.host.clock.now();
    this.probeTimer = setInterval(() => this.probe(), PROBE_INTERVAL_MS);
    this.probeTimer.unref();
    this.host.logger.warn(`Redis at ${this.hostPort} is unreachable (${error.message}): reads are answered from this replica's memory with an X-Mock-Warning, writes answer 500 until it is back.`);
  }

  private backOnline(): void {
    if (this.offlineSince === null) return;
    const seconds = ((this.host.clock.now() - this.offlineSince) / 1000).toFixed(1);
    this.offlineSince = null;
    if (this.probeTimer !== null) clearInterval(this.probeTimer);
    this.probeTimer = null;
    this.host.logger.info(`Redis at ${this.hostPort} is reachable again after ${seconds} s; this replica has caught up (log entry ${this.position}).`);
  }
}

/** Orders stream ids (`<ms>-<seq>`). */
export function compareStreamIds(a: string, b: string): number {
  const [am = 0, as = 0] = a.split('-').map(Number);
  const [bm = 0, bs = 0] = b.split('-').map(Number);
  return am - bm || as - bs;
}

function fieldPairs(list: string[]): Record<string, string> {
  const fields: Record<string, string> = {};
  for (let i = 0; i + 1 < list.length; i += 2) fields[list[i]!] = list[i + 1]!;
  return fields;
}

/** A read of the log whose Redis call failed for a reason of reaching Redis (see isConnectionError). */
class RedisUnreachable extends Error {
  constructor(override readonly cause: Error) {
    super(cause.message);
  }
}

/** ioredis' own errors of a command that could not get its answer (see Command.js, event_handler.js). */
const CLIENT_FAILURES = /^(Connection is closed\.|Command timed out|Stream isn't writeable|Command aborted due to connection close|Connection is aborted|Connection is discarded|connect ETIMEDOUT|Reached the max retries per request limit)/;

/**
 * Errors of a Redis call that tell Redis is out of reach (closed, refused, timed out, the retries
 * used up, never sent) or cannot serve now (loading its AOF after a restart, out of memory, a
 * replica that is read-only). Anything else, a script's own error or one of this code, is a bug.
 */
function isConnectionError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (error.name === 'ReplyError') return /^(LOADING|BUSY|MASTERDOWN|TRYAGAIN|OOM|MISCONF|READONLY)\b/.test(error.message);
  if (error.name === 'MaxRetriesPerRequestError') return true;
  // A socket's error (ECONNREFUSED, ECONNRESET, EPIPE…) passed on as is.
  if (typeof (error as NodeJS.ErrnoException).syscall === 'string') return true;
  return CLIENT_FAILURES.test(error.message);
}
