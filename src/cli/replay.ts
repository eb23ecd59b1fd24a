import { createServer } from 'node:http';
import { createReplayApp } from '../har/replay-app.ts';
import { answerClientErrors } from './client-errors.ts';
import { ServerLog } from './log.ts';
import { checkCanListen, listenOn } from './network.ts';
import { parse, REPLAY, replayFile, UsageError } from './options.ts';
import { LocaleError } from '../core/locale/translator.ts';
import type { OnListening } from './serve.ts';
import type { Console } from './terminal.ts';

/** `ailuna-images replay FILE.har`: serves a recording; FILE is read and checked before it listens. */
export async function replay(argv: string[], env: Record<string, string | undefined>, io: Console, onListening: OnListening): Promise<number> {
  const parsed = parse(REPLAY, argv, env);
  if (parsed.show !== undefined) {
    io.out(parsed.show);
    return 0;
  }
  const { port, host, fallback } = parsed.values;
  const file = parsed.positional as string;
  const har = replayFile(file);
  await checkCanListen(port, host);
  const log = new ServerLog(io, { format: 'text', quiet: false });
  const { locale, 'user-locales': userLocales } = parsed.values;
  let app;
  try {
    app = createReplayApp(har, {
      rebaseUrls: !(parsed.values['keep-urls'] ?? false),
      ...(locale === undefined ? {} : { locale }),
      ...(userLocales === undefined ? {} : { userLocales }),
      ...(fallback === 'fake' ? { fallbackFake: locale === undefined ? {} : { locale } } : {}),
    });
  } catch (error) {
    // A locale that no recorded answer is in.
    if (!(error instanceof RangeError || error instanceof LocaleError)) throw error;
    throw new UsageError(`--${error.message.replace(/^userLocales/, 'user-locales')}`);
  }
  const listening = createServer(app);
  answerClientErrors(listening);
  listening.on('request', (req, res) => {
    const started = performance.now();
    res.on('finish', () => log.request({
      method: req.method ?? '', url: req.url ?? '', status: res.statusCode, durationMs: performance.now() - started,
      warnings: [], ...(res.getHeader('x-replay-unmatched') ? { note: 'no recording matched' } : {}),
    }));
  });
  const origin = await listenOn(listening, port, host);
  onListening(listening, log);
  log.banner(`Replaying ${har.log.entries.length} recorded exchanges from ${file} on ${origin}${fallback === 'fake' ? ', the fake answers the rest' : ''}; Ctrl+C stops.`);
  const accounts = app.locals.replayer.accounts;
  if (accounts.length > 0) log.banner(`  accounts: ${accounts.map((a) => `${a.name} (${a.locale ?? 'language not shown'})`).join(', ')}${locale === undefined ? '' : `; other keys play an account in ${locale}`}`);
  return 0;
}
