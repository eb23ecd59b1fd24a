import type { FaultSettings } from '../faults.ts';
import { errorResponse } from './error-response.ts';
import type { Exchange } from './exchange.ts';
import type { ApiResponse } from './response.ts';

/** The fake's error-rate switch (`--error-rate`): upstream's 500 for that share of requests, else null. */
export function injectFault(x: Exchange, faults: FaultSettings, random: () => number): ApiResponse | null {
  if (!(faults.errorRate > 0 && random() < faults.errorRate)) return null;
  x.warnings.push(`This 500 is a fault the fake injected (error rate ${faults.errorRate}), not an answer to the request.`);
  return errorResponse({ kind: 'server-error' }, x.context);
}
