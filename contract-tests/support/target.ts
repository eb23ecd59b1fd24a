import type { RequestListener } from 'node:http';
import { DEFAULT_KEYS } from '../../src/core/defaults.ts';
import type { FakeOptions } from '../../src/core/fake.ts';
import { createApp } from '../../src/http/app.ts';
import { ContractClient } from './client.ts';
import { ContractContext, type ContractConfig } from './context.ts';
import { CONTRACT_MODES } from './modes.ts';
import { httpTransport, inProcessTransport } from './transport.ts';

/**
 * The accounts of the in-process run besides the fake's two demo keys (placeholders that exist
 * only there): one whose locale is Russian and one whose monthly allowance is used up, so that
 * the locale and quota checks run too. `serve` has neither unless told (--user-locales,
 * --user-quotas).
 */
export const IN_PROCESS_KEY_RU = 'demoKeyRussian00000000000000000000000000000000000000000000000004';
export const IN_PROCESS_KEY_USED_UP = 'demoKeyUsedUp000000000000000000000000000000000000000000000000005';

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
 * Reads the CONTRACT_* variables. Without CONTRACT_BASE_URL the suite runs in-process against
 * our fake with its demo keys (and the two accounts above).
 */
export function configFromEnv(env: Record<string, string | undefined>): ContractConfig {
  const baseUrl = env.CONTRACT_BASE_URL?.trim() || undefined;
  const key = env.CONTRACT_API_KEY?.trim() || (baseUrl === undefined ? DEFAULT_KEYS[0] : undefined);
  if (key === undefined) throw new Error('CONTRACT_API_KEY is required with CONTRACT_BASE_URL (the key of the user whose images the suite reads).');
  const key2 = env.CONTRACT_API_KEY_2?.trim() || (baseUrl === undefined ? DEFAULT_KEYS[1] : undefined);
  const keyRu = env.CONTRACT_API_KEY_RU?.trim() || (baseUrl === undefined ? IN_PROCESS_KEY_RU : undefined);
  const keyUsedUp = env.CONTRACT_API_KEY_USED_UP?.trim() || (baseUrl === undefined ? IN_PROCESS_KEY_USED_UP : undefined);
  const rate = Number(env.CONTRACT_RATE ?? 0);
  if (!Number.isFinite(rate) || rate < 0) throw new Error(`CONTRACT_RATE must be a number of requests per minute, not ${JSON.stringify(env.CONTRACT_RATE)}.`);
  return {
    baseUrl,
    key,
    key2,
    keyRu,
    keyUsedUp,
    readOnly: /^(1|true|yes)$/i.test(env.CONTRACT_READ_ONLY ?? ''),
    rate,
    fakeExtras: baseUrl === undefined || /^(1|true|yes)$/i.test(env.CONTRACT_FAKE ?? ''),
    mode: contractMode(env.CONTRACT_MODE),
  };
}

/** CONTRACT_MODE / --mode: which checks suit the server (see ContractConfig.mode). */
export function contractMode(text: string | undefined): ContractConfig['mode'] {
  const mode = text?.trim() || 'full';
  if (!(CONTRACT_MODES as readonly string[]).includes(mode)) {
    throw new Error(`The contract mode must be one of ${CONTRACT_MODES.join(', ')}, not ${JSON.stringify(mode)}.`);
  }
  return mode as ContractConfig['mode'];
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
