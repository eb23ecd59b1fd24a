import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createFake, type Fake, type FakeOptions } from '../core/fake.ts';
import { createApp } from '../http/app.ts';
import { loadSpec } from '../openapi/load.ts';

/** Test keys (placeholders, not real keys). */
export const TEST_KEYS = ['DiffTestKeyOne0000000000000000000000000000000000000000000000001', 'DiffTestKeyTwo0000000000000000000000000000000000000000000000002'] as const;
/** A test key that authenticates but whose plan has no API access (403). */
export const TEST_NOAPI_KEY = 'DiffTestKeyNoApi00000000000000000000000000000000000000000000003';
/** A test key of a Russian account (with `RUSSIAN_ACCOUNT`). */
export const TEST_RU_KEY = 'DiffTestKeyRussian000000000000000000000000000000000000000000004';
/** Fake options adding the account of TEST_RU_KEY, whose locale is ru. */
export const RUSSIAN_ACCOUNT: FakeOptions = { keys: [...TEST_KEYS, TEST_RU_KEY], userLocales: { [TEST_RU_KEY]: 'ru' } };

export interface RunningFake {
  fake: Fake;
  /** `http://127.0.0.1:<port>/api/v1` */
  base: string;
  close(): Promise<void>;
}

/** Our fake on 127.0.0.1, a free port; `change` may wrap its handler (a contract mutant). */
export async function startFake(options: FakeOptions = {}, change?: (fake: Fake) => void): Promise<RunningFake> {
  const fake = createFake({ keys: [...TEST_KEYS], noApiKeys: [TEST_NOAPI_KEY], spec: loadSpec(), ...options });
  change?.(fake);
  const server = await new Promise<Server>((resolve) => {
    const s = createApp({ fake }).listen(0, '127.0.0.1', () => resolve(s));
  });
  return {
    fake,
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1`,
    close: () => new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
