import type { StateCoordinator } from './coordinator.ts';

/**
 * The body of `GET /__admin/health`, in this key order:
 * - `{"status":"ok","store":"memory"}`
 * - `{"status":"ok","store":"file","file":"state.json"}` (`--data`)
 * - `{"status":"ok","store":"redis","address":"redis://127.0.0.1:6379/0","replica":2,"reachable":true}`
 * - `{"status":"unavailable","store":"redis",…,"reachable":false,"reason":"Redis at … is unreachable …"}`
 */
export interface HealthReport {
  /** `ok`, or `unavailable` while the state cannot take writes (a shared store out of reach). */
  status: 'ok' | 'unavailable';
  /** `memory`, `file` (memory saved to a `--data` file) or the shared store's kind (`redis`). */
  store: string;
  /** The `--data` file. */
  file?: string;
  /** The shared store's address (never with credentials). */
  address?: string;
  /** This replica's number on the shared store. */
  replica?: number;
  /** Whether the shared store can be reached now. */
  reachable?: boolean;
  /** Why the status is `unavailable`, one sentence. */
  reason?: string;
}

/**
 * Asks the coordinator, which answers from the same state the API's writes use: `ok` means a write
 * would be stored now. HTTP status 200 for `ok`, 503 for `unavailable` (readiness probes read only it).
 *
 * @example
 * const { httpStatus, report } = await checkHealth(fake.coordinator, { dataFile: 'state.json' });
 * // httpStatus 200, report { status: 'ok', store: 'file', file: 'state.json' }
 */
export async function checkHealth(coordinator: StateCoordinator, options: { dataFile?: string } = {}): Promise<{ httpStatus: 200 | 503; report: HealthReport }> {
  const health = await coordinator.health();
  const status = health.reachable ? 'ok' : 'unavailable';
  const report: HealthReport = health.store === 'memory'
    ? { status, store: options.dataFile === undefined ? 'memory' : 'file', ...(options.dataFile === undefined ? {} : { file: options.dataFile }) }
    : {
      status,
      store: health.store,
      ...(health.address === undefined ? {} : { address: health.address }),
      ...(health.replica === undefined ? {} : { replica: health.replica }),
      reachable: health.reachable,
    };
  if (!health.reachable) report.reason = health.reason ?? `The ${health.store} store cannot take writes now.`;
  return { httpStatus: health.reachable ? 200 : 503, report };
}
