import { ContractClient } from './client.ts';
import { ContractContext, type ContractConfig } from './context.ts';
import { httpTransport, type Transport } from './transport.ts';

/**
 * The client and context of a run: through `transport` when given (an app in this process, its
 * API under /api/v1), else over HTTP to `config.baseUrl`. The kit never starts a server itself,
 * so it judges any implementation from outside.
 */
export function contextFor(config: ContractConfig, transport?: Transport): ContractContext {
  if (transport !== undefined) return new ContractContext(new ContractClient(transport, '/api/v1', config.rate), config);
  if (config.baseUrl === undefined) throw new Error('A contract run needs a base URL or a transport to reach the implementation.');
  const url = new URL(config.baseUrl);
  const basePath = url.pathname.replace(/\/+$/, '');
  return new ContractContext(new ContractClient(httpTransport(url.origin), basePath, config.rate), config);
}
