import type { TranslationFile } from './locale/translator.ts';

/**
 * The fake's settings after defaults: the one shape behind `Fake['settings']`, what a coordinator
 * sees (`CoordinatorHost['settings']`), the flags replicas on one Redis must agree on
 * (`StateShapingFlags`) and the `serve` command's settings (these plus CLI-only fields). Each part
 * takes the `Pick` it needs. `FakeOptions` documents each one as an option.
 */
export interface FakeSettings {
  seed: number;
  count: number;
  keys: readonly string[];
  noApiKeys: readonly string[];
  /** Images each key may create through the API; null = unlimited. */
  quota: number | null;
  /** Per account (by key): what it may still create this month, instead of `quota`. */
  userQuotas: Readonly<Record<string, number>>;
  /** Per account (by key): its locale. */
  userLocales: Readonly<Record<string, string>>;
  /** The site default locale. */
  locale: string;
  /** The site's `lang/<code>.json` files by locale code. */
  translations: Readonly<Record<string, TranslationFile>>;
  perPageDefault: number;
  /** Requests per minute per client as configured (the limit in force is `Fake['faults']`). */
  rateLimit: number;
  trustProxy: boolean;
  /** Epoch milliseconds; seeded images are dated before it. */
  referenceDate: number;
  bannedWords: readonly string[];
}
