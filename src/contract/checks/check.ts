import type { ContractContext } from '../context.ts';

/** One named behaviour check, runnable by vitest and by the `contract` command alike. */
export interface Check {
  /** "area: what must hold" — the name reports show. */
  name: string;
  /** Creates, updates or deletes: skipped in read-only mode. */
  writes?: boolean;
  /** Needs a second user's key: skipped without one. */
  needsSecondKey?: boolean;
  /** Needs the key of an account whose locale is Russian (`ContractConfig.keyRu`): skipped without one. */
  needsKeyRu?: boolean;
  /** Needs the key of an account whose monthly allowance is used up (`ContractConfig.keyUsedUp`). */
  needsKeyUsedUp?: boolean;
  /** Checks an extra of our fake (not upstream behaviour): only run against the fake. */
  fakeOnly?: boolean;
  /**
   * Sends requests the document does not allow (no key, invalid values, wrong methods, HEAD,
   * method override): a validating proxy such as `prism proxy --errors` answers those itself,
   * so such checks run without it.
   */
  negative?: boolean;
  /** Only checks answers against the document: meaningful even against a stateless mock. */
  schemaOnly?: boolean;
  run(ctx: ContractContext): Promise<void>;
}

/** Why a check does not run under a configuration, or null when it runs. */
export function skipReason(check: Check, ctx: ContractContext): string | null {
  if (check.writes && ctx.config.readOnly) return 'read-only mode';
  if (check.needsSecondKey && ctx.config.key2 === undefined) return 'no second key (CONTRACT_API_KEY_2 / --key2)';
  if (check.needsKeyRu && ctx.config.keyRu === undefined) return 'no Russian account key (CONTRACT_API_KEY_RU / --key-ru)';
  if (check.needsKeyUsedUp && ctx.config.keyUsedUp === undefined) return 'no key of an account whose allowance is used up (CONTRACT_API_KEY_USED_UP / --key-used-up)';
  if (check.fakeOnly && !ctx.config.fakeExtras) return "checks an extra of ailuna-images-kit's fake";
  if (ctx.config.mode === 'schema-only' && !check.schemaOnly) return 'schema-only run (a stateless mock)';
  if (ctx.config.mode === 'behind-validating-proxy' && check.negative) return 'sends requests the document refuses (a validating proxy answers them itself)';
  return null;
}
