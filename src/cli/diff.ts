import { renameSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { htmlReport } from '../diff/html-report.ts';
import { UnreachableError } from '../diff/http-send.ts';
import { jsonReport } from '../diff/json-report.ts';
import { runDiff, type SideConfig } from '../diff/runner.ts';
import { consoleSummary } from '../diff/summary.ts';
import { allDifferences } from '../diff/types.ts';
import { UsageError } from './options.ts';
import type { Console } from './serve.ts';

export const DIFF_HELP = `Usage: ailuna-images diff --a URL --b URL --key KEY [flags]

Sends the same requests to two implementations of the Images API v1 (the real API, staging, the
fake) and names every observable difference. It creates its own images on both sides (their names
carry a unique token, the lists it compares are filtered to it) and deletes them at the end.

  --a URL          the first implementation's API base, e.g. http://127.0.0.1:4010/api/v1
  --b URL          the second one's
  --key KEY        an API key valid on both sides                          [env AILUNA_DIFF_KEY]
  --key2 KEY       a second user's key on both sides, for the isolation requests [env AILUNA_DIFF_KEY2]
  --noapi-key KEY  a key that authenticates but whose plan has no API access, for the 403
                   requests (the fake's default: demoKeyNoApiAccess…0003) [env AILUNA_DIFF_NOAPI_KEY]
  --key-ru KEY     a key of an account whose locale is ru on both sides: its validation messages,
                   page arrows and the site's strings are compared too, and headers must not change
                   either account's language                             [env AILUNA_DIFF_KEY_RU]
  --a-key KEY, --b-key KEY, --a-key2 KEY, --b-key2 KEY, --a-noapi-key KEY, --b-noapi-key KEY,
  --a-key-ru KEY, --b-key-ru KEY
                   per-side keys when they differ (override --key/--key2/--noapi-key/--key-ru)
  --read-only      only GET, HEAD and OPTIONS; compares what does not depend on the data
                   (status, headers, shapes, links and meta arithmetic): safe against the real API
  --rate N         at most N requests a minute to each side (the real API allows 60); 429s are
                   waited out (Retry-After)
  --json FILE      write every request with both answers and the differences as JSON
  --html FILE      write a self-contained HTML page with the differences side by side
  -h, --help       this text

Exit code: 0 no difference, 1 differences, 2 could not run (bad flags, a side unreachable).
The last line of output is "diff: N requests, M differences".`;

/** `ailuna-images diff`: returns the exit code. */
export async function diff(argv: string[], env: Record<string, string | undefined>, io: Console): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        a: { type: 'string' }, b: { type: 'string' }, key: { type: 'string' }, key2: { type: 'string' },
        'a-key': { type: 'string' }, 'b-key': { type: 'string' }, 'a-key2': { type: 'string' }, 'b-key2': { type: 'string' },
        'noapi-key': { type: 'string' }, 'a-noapi-key': { type: 'string' }, 'b-noapi-key': { type: 'string' },
        'key-ru': { type: 'string' }, 'a-key-ru': { type: 'string' }, 'b-key-ru': { type: 'string' },
        'read-only': { type: 'boolean' }, rate: { type: 'string' }, json: { type: 'string' }, html: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    throw new UsageError(`${(error as Error).message}. Run "ailuna-images diff --help" for the flags.`);
  }
  if (values.help) {
    io.out(DIFF_HELP);
    return 0;
  }
  const text = (name: string) => (typeof values[name as keyof typeof values] === 'string' ? (values[name as keyof typeof values] as string).trim() : undefined) || undefined;
  const side = (name: 'a' | 'b'): SideConfig => {
    const base = text(name);
    if (base === undefined) throw new UsageError(`--${name} is required: the API base of implementation ${name.toUpperCase()}, e.g. http://127.0.0.1:4010/api/v1.`);
    if (!/^https?:\/\/[^/]+/.test(base) || !URL.canParse(base)) throw new UsageError(`--${name} must be an http(s) URL such as http://127.0.0.1:4010/api/v1, not ${JSON.stringify(base)}.`);
    const key = text(`${name}-key`) ?? text('key') ?? (env.AILUNA_DIFF_KEY?.trim() || undefined);
    if (key === undefined) throw new UsageError(`--key (or --${name}-key) is required: an API key valid on ${name.toUpperCase()}.`);
    const key2 = text(`${name}-key2`) ?? text('key2') ?? (env.AILUNA_DIFF_KEY2?.trim() || undefined);
    const noApiKey = text(`${name}-noapi-key`) ?? text('noapi-key') ?? (env.AILUNA_DIFF_NOAPI_KEY?.trim() || undefined);
    const keyRu = text(`${name}-key-ru`) ?? text('key-ru') ?? (env.AILUNA_DIFF_KEY_RU?.trim() || undefined);
    if (keyRu !== undefined && keyRu === key) throw new UsageError(`--key-ru (or --${name}-key-ru) must be the key of another account than --key on ${name.toUpperCase()}: a Russian one.`);
    return { base, key, ...(key2 === undefined ? {} : { key2 }), ...(noApiKey === undefined ? {} : { noApiKey }), ...(keyRu === undefined ? {} : { keyRu }) };
  };
  const [a, b] = [side('a'), side('b')];
  if ((a.keyRu === undefined) !== (b.keyRu === undefined)) {
    throw new UsageError(`--${a.keyRu === undefined ? 'b' : 'a'}-key-ru was given without --${a.keyRu === undefined ? 'a' : 'b'}-key-ru: the Russian account is compared on both sides or on neither.`);
  }
  const rateText = text('rate') ?? '0';
  if (!/^\d+$/.test(rateText)) throw new UsageError(`--rate must be a whole number of requests per minute, not ${JSON.stringify(rateText)}.`);
  const readOnly = values['read-only'] === true;
  const rate = Number(rateText);
  io.out(`Differential check: A ${a.base}, B ${b.base}${readOnly ? ', read-only' : ''}${rate > 0 ? `, at most ${rate} requests/minute each` : ''}${a.key2 && b.key2 ? '' : ' (no --key2: no isolation requests)'}${a.keyRu && b.keyRu ? ', with a Russian account' : ' (no --key-ru: the Russian account is not compared)'}`);

  let result;
  try {
    result = await runDiff({ a, b, readOnly, rate });
  } catch (error) {
    io.err(error instanceof UnreachableError
      ? `Could not run: ${error.message}. Is the server up, and is the URL its API base?`
      : `Could not run: ${(error as Error).message ?? String(error)}`);
    return 2;
  }
  if (result.cleanup > 0) io.out(`Cleaned up: ${result.cleanup} deletes for the images this run created.`);
  for (const [flag, render] of [['json', jsonReport], ['html', htmlReport]] as const) {
    const file = text(flag);
    if (file === undefined) continue;
    // Written atomically, so a CI step never reads half a report.
    const temporary = `${file}.tmp-${process.pid}`;
    try {
      writeFileSync(temporary, render(result));
      renameSync(temporary, file);
    } catch (error) {
      io.err(`Could not write the ${flag.toUpperCase()} report to ${file}: ${(error as Error).message}`);
      return 2;
    }
    io.out(`${flag.toUpperCase()} report: ${file}`);
  }
  const lines = consoleSummary(result);
  for (const line of lines) io.out(line);
  return allDifferences(result).length > 0 ? 1 : 0;
}
