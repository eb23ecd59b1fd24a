import { authChecks } from './auth.ts';
import type { Check } from './check.ts';
import { fakeControlChecks, fakeExtraChecks } from './extras.ts';
import { headerChecks } from './headers.ts';
import { imageChecks } from './images.ts';
import { inputChecks } from './input.ts';
import { isolationChecks } from './isolation.ts';
import { listChecks } from './list.ts';
import { localeChecks } from './locale.ts';
import { routingChecks } from './routing.ts';
import { ruleChecks } from './rules.ts';
import { schemaChecks } from './schema.ts';

/** Every check of the contract suite, reads before writes. */
export const ALL_CHECKS: readonly Check[] = [
  ...schemaChecks,
  ...authChecks,
  ...listChecks,
  ...routingChecks,
  ...headerChecks,
  ...ruleChecks,
  ...localeChecks,
  ...inputChecks,
  ...imageChecks,
  ...isolationChecks,
  ...fakeExtraChecks,
  ...fakeControlChecks,
];

export type { Check } from './check.ts';
export { skipReason } from './check.ts';
