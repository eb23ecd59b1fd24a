import { parseArgs } from 'node:util';
import { createServer, type Server } from 'node:http';
import { LocaleError } from '../core/locale/translator.ts';
import { readHarFile } from '../fixtures/har-file.ts';
import { createReplayApp } from '../fixtures/replay-app.ts';
import { answerClientErrors } from './client-errors.ts';
import { UsageError } from './options.ts';
import { listenOn, portAndHost } from './record.ts';
import type { Console } from './serve.ts';

export const REPLAY_HELP = `Usage: ailuna-images replay FILE.har [--port N] [--host H] [--fallback fake] [--keep-urls] [--locale L]

Serves the exchanges of a HAR recording: a request gets the recorded answer with the same method,
path, query (any order) and body; repeated requests get the recorded answers in order, then the
last again. A request nothing matches gets a JSON 404 naming the closest recordings and how they
differ, unless --fallback fake answers it from the fake. Recorded URLs are rewritten to this
server's origin (--keep-urls serves the exact recorded bytes).

A recorded key gets its own recordings. A key that was not recorded plays one recorded account:
the first its requests match, and never gets an answer in another language than that account's.

  --port N          port to listen on (default 4030; 0 = any free port)
  --host H          address to bind (default 127.0.0.1)
  --fallback fake   answer unmatched requests from the fake (its default keys and seed)
  --keep-urls       do not rewrite recorded URLs
  --locale L        clients play an account in L (ru): only answers in L or in no language
                    (the fallback fake's site default too)
  --user-locales KEY=L[,KEY=L…]
                    per client key, the language it plays (overrides --locale)`;

/** `KEY=LOCALE[,KEY=LOCALE…]` of --user-locales. */
function keyLocales(text: string): Record<string, string> {
  const result: Record<string, string> = {};
  for (const pair of text.split(',').map((p) => p.trim()).filter((p) => p !== '')) {
    const [key = '', locale = ''] = pair.split(/=(.*)/s).map((part) => part.trim());
    if (key === '' || locale === '') throw new UsageError('--user-locales takes KEY=LOCALE pairs separated by commas, e.g. my-key=ru.');
    result[key] = locale;
  }
  return result;
}

export async function replay(argv: string[], io: Console, onListening: (server: Server) => void): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, strict: true, allowPositionals: true, options: {
      port: { type: 'string' }, host: { type: 'string' }, fallback: { type: 'string' }, 'keep-urls': { type: 'boolean' }, help: { type: 'boolean', short: 'h' },
      locale: { type: 'string' }, 'user-locales': { type: 'string' },
    } });
  } catch (error) {
    throw new UsageError(`${(error as Error).message}. Run "ailuna-images replay --help".`);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.out(REPLAY_HELP);
    return 0;
  }
  if (positionals.length !== 1) throw new UsageError('Give exactly one HAR file: ailuna-images replay FILE.har');
  if (values.fallback !== undefined && values.fallback !== 'fake') throw new UsageError(`--fallback can only be "fake", not ${JSON.stringify(values.fallback)}.`);
  const { port, host } = portAndHost(values, 4030);
  const har = readHarFile(positionals[0] as string);
  const locale = values.locale?.trim();
  const userLocales = values['user-locales'] === undefined ? undefined : keyLocales(values['user-locales']);
  let app;
  try {
    app = createReplayApp(har, {
      rebaseUrls: !values['keep-urls'],
      ...(locale === undefined ? {} : { locale }),
      ...(userLocales === undefined ? {} : { userLocales }),
      ...(values.fallback === 'fake' ? { fallbackFake: locale === undefined ? {} : { locale } } : {}),
    });
  } catch (error) {
    // A locale that is no code, or that no recorded answer is in.
    if (!(error instanceof RangeError || error instanceof LocaleError)) throw error;
    throw new UsageError(`--${error.message.replace(/^userLocales/, 'user-locales')}`);
  }
  const listening = createServer(app);
  answerClientErrors(listening);
  const origin = await listenOn(listening, port, host);
  listening.on('request', (req, res) => res.on('finish', () => io.out(`${req.method} ${req.url} ${res.statusCode}${res.getHeader('x-replay-unmatched') ? ' (no recording matched)' : ''}`)));
  onListening(listening);
  io.out(`Replaying ${har.log.entries.length} recorded exchanges from ${positionals[0]} on ${origin}${values.fallback ? ', the fake answers the rest' : ''}; Ctrl+C stops.`);
  const accounts = app.locals.replayer.accounts;
  if (accounts.length > 0) io.out(`  accounts: ${accounts.map((a) => `${a.name} (${a.locale ?? 'language not shown'})`).join(', ')}${locale === undefined ? '' : `; other keys play an account in ${locale}`}`);
  return 0;
}
