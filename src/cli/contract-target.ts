import { createServer, type RequestListener, type Server } from 'node:http';
import type { ContractConfig, ContractContext } from '../contract/context.ts';
import { contextFor } from '../contract/target.ts';
import type { Transport } from '../contract/transport.ts';
import type { FakeOptions } from '../core/fake.ts';
import { rawHttpTransport } from '../diff/http-send.ts';
import { createApp } from '../http/app.ts';
import { parseContractArgs } from './options.ts';

/*
 * The in-process target of a contract run: without a base URL, `ailuna-images contract` and the
 * vitest suite check this package's fake, started here. The kit itself (src/contract) only ever
 * sees a base URL or a transport.
 */

/** The fake's accounts for a configuration: its keys, the Russian one's locale, the used-up allowance. */
export function fakeAccounts(config: ContractConfig): Pick<FakeOptions, 'keys' | 'userLocales' | 'userQuotas'> {
  const { key, key2, keyRu, keyUsedUp } = config;
  return {
    keys: [...new Set([key, key2, keyRu, keyUsedUp].filter((k) => k !== undefined))],
    userLocales: keyRu === undefined ? {} : { [keyRu]: 'ru' },
    userQuotas: keyUsedUp === undefined ? {} : { [keyUsedUp]: 0 },
  };
}

/**
 * Reads the CONTRACT_* variables exactly as `ailuna-images contract` does (the same reading, with
 * no argv). Without CONTRACT_BASE_URL the suite runs in-process against our fake with its demo
 * keys (and the in-process accounts of core/defaults.ts).
 */
export function configFromEnv(env: Record<string, string | undefined>): ContractConfig {
  const parsed = parseContractArgs([], env);
  if (parsed.show !== undefined) throw new Error('The CONTRACT_* variables hold no settings.');
  return parsed.config;
}

/** Builds the client and context for a configuration; `app` overrides the in-process fake. */
export function createContext(config: ContractConfig, app?: RequestListener): ContractContext {
  if (config.baseUrl !== undefined) return contextFor(config);
  return contextFor(config, inProcessTransport(app ?? createApp(fakeAccounts(config))));
}

/**
 * An app in this process (an Express app or any node:http listener), listening on an ephemeral
 * 127.0.0.1 port from the first request until close(). Every request carries `Host: <host>`, so the
 * absolute URLs the app hands out name that host; node:http sends exactly the headers given (fetch
 * cannot set Host). Needs no test library, so the `contract` command can use it from the package.
 */
function inProcessTransport(app: RequestListener, host = 'contract.test'): Transport & { close(): Promise<void> } {
  let running: Promise<{ server: Server; transport: ReturnType<typeof rawHttpTransport> }> | undefined;
  const start = () => (running ??= new Promise((resolve, reject) => {
    const server = createServer(app);
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      // A run that forgets close() still lets the process end.
      server.unref();
      const { port } = server.address() as { port: number };
      resolve({ server, transport: rawHttpTransport(`http://127.0.0.1:${port}`) });
    });
  }));
  return {
    origin: `http://${host}`,
    async send(request) {
      const { transport } = await start();
      const url = request.url.replace(/^https?:\/\/[^/]+/, '');
      return transport.send({ ...request, url, headers: { ...request.headers, Host: host } });
    },
    async close() {
      const current = running;
      running = undefined;
      if (current === undefined) return;
      const { server, transport } = await current;
      transport.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
