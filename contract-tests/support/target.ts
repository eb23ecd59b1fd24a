import type { RequestListener } from 'node:http';
import type { FakeOptions } from '../../src/core/fake.ts';
import { createApp } from '../../src/http/app.ts';
import { ContractClient } from './client.ts';
import { ContractContext, type ContractConfig } from './context.ts';
import { contractSettings, CONTRACT, parse } from '../../src/cli/options.ts';
import { httpTransport, inProcessTransport } from './transport.ts';

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
 * Reads the CONTRACT_* variables exactly as `ailuna-images contract` does (one flag table for
 * both). Without CONTRACT_BASE_URL the suite runs in-process against our fake with its demo keys
 * (and the accounts of in-process-accounts.ts).
 */
export function configFromEnv(env: Record<string, string | undefined>): ContractConfig {
  const { values } = parse(CONTRACT, [], env);
  if (values === undefined) throw new Error('The CONTRACT_* variables hold no settings.');
  return contractSettings(values);
}

/** Builds the client and context for a configuration; `app` overrides the in-process fake. */
export function createContext(config: ContractConfig, app?: RequestListener): ContractContext {
  if (config.baseUrl === undefined) {
    const target = app ?? createApp(fakeAccounts(config));
    return new ContractContext(new ContractClient(inProcessTransport(target), '/api/v1', config.rate), config);
  }
  const url = new URL(config.baseUrl);
  const basePath = url.pathname.replace(/\/+$/, '');
  return new ContractContext(new ContractClient(httpTransport(url.origin), basePath, config.rate), config);
}
