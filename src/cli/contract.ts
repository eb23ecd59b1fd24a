import { writeFileSync, renameSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { ALL_CHECKS } from '../../contract-tests/checks/index.ts';
import type { ContractConfig } from '../../contract-tests/support/context.ts';
import { junitReport } from '../../contract-tests/support/junit.ts';
import { runChecks, type CheckResult } from '../../contract-tests/support/runner.ts';
import { contractMode, createContext, IN_PROCESS_KEY_RU, IN_PROCESS_KEY_USED_UP } from '../../contract-tests/support/target.ts';
import { UsageError } from './options.ts';
import type { Console } from './serve.ts';

export const CONTRACT_HELP = `Usage: ailuna-images contract [--base-url URL --key KEY] [flags]

Checks an implementation of the Images API v1 against the OpenAPI document and the real API's
behaviour. Without --base-url it checks this package's fake, in-process.

  --base-url URL   the API's base, e.g. http://127.0.0.1:4011/api/v1      [env CONTRACT_BASE_URL]
  --key KEY        an API key of the user whose images are read           [env CONTRACT_API_KEY]
  --key2 KEY       a second user's key, for the isolation checks          [env CONTRACT_API_KEY_2]
  --key-ru KEY     a Russian account's key, for the locale checks         [env CONTRACT_API_KEY_RU]
  --key-used-up KEY
                   the key of an account that has used up this month's allowance, for the quota check
                   [env CONTRACT_API_KEY_USED_UP]
  --read-only      no creates, updates or deletes (the real API bills generation) [env CONTRACT_READ_ONLY]
  --rate N         at most N requests a minute (the real API allows 60)   [env CONTRACT_RATE]
  --fake           the server is ailuna-images serve: check its extras too [env CONTRACT_FAKE]
  --mode MODE      full (default); schema-only for a stateless mock such as prism mock;
                   behind-validating-proxy for prism proxy --errors (no negative requests) [env CONTRACT_MODE]
  --junit FILE     also write a JUnit XML report
  -h, --help       this text

Exit code: 0 when every check that ran passed, 1 when one failed, 2 for a bad command line.`;

/** `ailuna-images contract`: runs the checks and prints a readable summary; returns the exit code. */
export async function contract(argv: string[], env: Record<string, string | undefined>, io: Console): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        'base-url': { type: 'string' }, key: { type: 'string' }, key2: { type: 'string' }, 'key-ru': { type: 'string' }, 'key-used-up': { type: 'string' }, 'read-only': { type: 'boolean' },
        rate: { type: 'string' }, fake: { type: 'boolean' }, mode: { type: 'string' }, junit: { type: 'string' }, help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    throw new UsageError(`${(error as Error).message}. Run "ailuna-images contract --help" for the flags.`);
  }
  if (values.help) {
    io.out(CONTRACT_HELP);
    return 0;
  }
  const config = contractConfig(values, env);
  const ctx = createContext(config);
  io.out(`Contract check of ${config.baseUrl ?? "ailuna-images-kit's fake (in-process)"}${config.readOnly ? ', read-only' : ''}${config.rate > 0 ? `, at most ${config.rate} requests/minute` : ''}`);
  const results = await runChecks(ctx, ALL_CHECKS, (result) => io.out(formatResult(result)));
  const failed = results.filter((r) => r.outcome === 'failed').length;
  const passed = results.filter((r) => r.outcome === 'passed').length;
  const skipped = results.length - failed - passed;
  if (values.junit !== undefined) {
    // Written atomically, so a CI step never reads half a report.
    const temporary = `${values.junit}.tmp-${process.pid}`;
    writeFileSync(temporary, junitReport(`ailuna-images contract ${config.baseUrl ?? 'in-process fake'}`, results));
    renameSync(temporary, values.junit);
    io.out(`JUnit report: ${values.junit}`);
  }
  io.out(`${ctx.client.requestCount} requests.`);
  io.out(`${passed} passed, ${failed} failed, ${skipped} skipped`);
  for (const line of skippedByReason(results)) io.out(line);
  return failed > 0 ? 1 : 0;
}

function contractConfig(values: Record<string, string | boolean | undefined>, env: Record<string, string | undefined>): ContractConfig {
  const text = (flag: string, variable: string) => (typeof values[flag] === 'string' ? values[flag] as string : env[variable])?.trim() || undefined;
  const flag = (name: string, variable: string) => values[name] === true || /^(1|true|yes)$/i.test(env[variable] ?? '');
  const baseUrl = text('base-url', 'CONTRACT_BASE_URL');
  if (baseUrl !== undefined && !/^https?:\/\/[^/]+/.test(baseUrl)) throw new UsageError(`--base-url must be an http(s) URL such as http://127.0.0.1:4011/api/v1, not ${JSON.stringify(baseUrl)}.`);
  const key = text('key', 'CONTRACT_API_KEY');
  if (baseUrl !== undefined && key === undefined) throw new UsageError('--key is required with --base-url: the API key of the user whose images are checked.');
  const rateText = text('rate', 'CONTRACT_RATE') ?? '0';
  const rate = Number(rateText);
  if (!/^\d+$/.test(rateText) || rate < 0) throw new UsageError(`--rate must be a whole number of requests per minute, not ${JSON.stringify(rateText)}.`);
  const inProcess = baseUrl === undefined;
  const key2 = text('key2', 'CONTRACT_API_KEY_2');
  return {
    baseUrl,
    key: key ?? 'demoKeyOne000000000000000000000000000000000000000000000000000001',
    key2: key2 ?? (inProcess ? 'demoKeyTwo000000000000000000000000000000000000000000000000000002' : undefined),
    keyRu: text('key-ru', 'CONTRACT_API_KEY_RU') ?? (inProcess ? IN_PROCESS_KEY_RU : undefined),
    keyUsedUp: text('key-used-up', 'CONTRACT_API_KEY_USED_UP') ?? (inProcess ? IN_PROCESS_KEY_USED_UP : undefined),
    readOnly: flag('read-only', 'CONTRACT_READ_ONLY'),
    rate,
    fakeExtras: inProcess || flag('fake', 'CONTRACT_FAKE'),
    mode: usage(() => contractMode(text('mode', 'CONTRACT_MODE'))),
  };
}

/** Turns a configuration error into a usage error (exit code 2). */
function usage<T>(read: () => T): T {
  try {
    return read();
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

/** `Skipped (why): check, check`, one line per reason, so a summary says what was not checked. */
function skippedByReason(results: readonly CheckResult[]): string[] {
  const byReason = new Map<string, string[]>();
  for (const result of results) {
    if (result.outcome === 'skipped') byReason.set(result.detail ?? '', [...(byReason.get(result.detail ?? '') ?? []), result.name]);
  }
  return [...byReason].map(([reason, names]) => `Skipped (${reason}): ${names.join('; ')}`);
}

function formatResult(result: CheckResult): string {
  if (result.outcome === 'passed') return `  ✓ ${result.name} (${Math.round(result.ms)} ms)`;
  if (result.outcome === 'skipped') return `  - ${result.name} (skipped: ${result.detail})`;
  return `  ✗ ${result.name}\n      ${(result.detail ?? '').split('\n').join('\n      ')}`;
}
