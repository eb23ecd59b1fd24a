// A throwaway redis-server for the bench's cluster scenario (Debian's package; none = skipped).
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import os from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { startChild, type Child } from './procs.ts';

/** The redis-server binary, or null when it is not installed. */
export function findRedisServer(): string | null {
  for (const candidate of ['/usr/bin/redis-server', '/usr/local/bin/redis-server']) if (existsSync(candidate)) return candidate;
  for (const dir of (process.env.PATH ?? '').split(':')) if (dir && existsSync(join(dir, 'redis-server'))) return join(dir, 'redis-server');
  return null;
}

/** Whether a Redis on 127.0.0.1:`port` answers PING (RESP over a plain socket). */
function ping(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.setTimeout(500, () => socket.destroy());
    socket.on('connect', () => socket.write('*1\r\n$4\r\nPING\r\n'));
    socket.on('data', (data) => {
      resolve(data.toString().startsWith('+PONG'));
      socket.destroy();
    });
    socket.on('error', () => resolve(false));
    socket.on('close', () => resolve(false));
  });
}

/**
 * Starts redis-server on `port` (no persistence: the bench measures sharing, not disks).
 */
export async function startRedis(binary: string, port: number): Promise<{ child: Child; dir: string; cleanUp: () => void }> {
  const dir = mkdtempSync(join(os.tmpdir(), 'ailuna-bench-redis-'));
  const child = startChild('redis-server', binary, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir]);
  for (let i = 0; i < 100; i++) {
    if (await ping(port)) return { child, dir, cleanUp: () => rmSync(dir, { recursive: true, force: true }) };
    if (child.exitCode !== undefined) break;
    await sleep(50);
  }
  throw new Error(`redis-server did not answer on 127.0.0.1:${port}: ${child.stderrTail.slice(-5).join(' | ')}`);
}
