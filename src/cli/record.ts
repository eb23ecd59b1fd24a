import { createRecorder } from '../har/recorder.ts';
import { answerClientErrors } from './client-errors.ts';
import { ServerLog } from './log.ts';
import { checkCanListen, listenOn, probe, unreachableMessage } from './network.ts';
import { parse, RECORD } from './options.ts';
import type { OnListening } from './serve.ts';
import type { Console } from './terminal.ts';

/**
 * `ailuna-images record`: a recording proxy. An upstream that does not answer at start is a
 * warning, not an error: a proxy may well be started before what it forwards to.
 */
export async function record(argv: string[], env: Record<string, string | undefined>, io: Console, onListening: OnListening): Promise<number> {
  const parsed = parse(RECORD, argv, env);
  if (parsed.show !== undefined) {
    io.out(parsed.show);
    return 0;
  }
  const { upstream, out, port, host } = parsed.values;
  await checkCanListen(port, host);
  const log = new ServerLog(io, { format: 'text', quiet: false });
  const unreachable = await probe(upstream);
  if (unreachable !== null) log.warn(`${unreachableMessage(upstream, unreachable)} Requests get a 502 until it answers.`);
  const recorder = createRecorder({ upstream, out, logger: log });
  recorder.server.on('request', (req, res) => {
    const started = performance.now();
    res.on('finish', () => log.request({
      method: req.method ?? '', url: req.url ?? '', status: res.statusCode, durationMs: performance.now() - started,
      warnings: [], note: `${recorder.har.log.entries.length} recorded`,
    }));
  });
  answerClientErrors(recorder.server);
  const origin = await listenOn(recorder.server, port, host);
  onListening(recorder.server, log);
  const target = new URL(upstream).origin;
  log.banner([
    `Recording ${origin} → ${target}, writing ${out}`,
    `  point your client at ${origin}/api/v1 instead of ${target}/api/v1; Ctrl+C stops.`,
  ].join('\n'));
  return 0;
}
