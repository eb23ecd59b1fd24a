import { parseArgs } from 'node:util';
import { createServer, type Server } from 'node:http';
import { readHarFile } from '../fixtures/har-file.ts';
import { createReplayApp } from '../fixtures/replay-app.ts';
import { answerClientErrors } from './client-errors.ts';
import { UsageError } from './options.ts';
import { listenOn, portAndHost } from './record.ts';
import type { Console } from './serve.ts';

export const REPLAY_HELP = `Usage: ailuna-images replay FILE.har [--port N] [--host H] [--fallback fake] [--keep-urls]

Serves the exchanges of a HAR recording: a request gets the recorded answer with the same method,
path, query (any order) and body; repeated requests get the recorded answers in order, then the
last again. A request nothing matches gets a JSON 404 naming the closest recordings and how they
differ, unless --fallback fake answers it from the fake. Recorded URLs are rewritten to this
server's origin (--keep-urls serves the exact recorded bytes).

  --port N          port to listen on (default 4030; 0 = any free port)
  --host H          address to bind (default 127.0.0.1)
  --fallback fake   answer unmatched requests from the fake (its default keys and seed)
  --keep-urls       do not rewrite recorded URLs`;

export async function replay(argv: string[], io: Console, onListening: (server: Server) => void): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, strict: true, allowPositionals: true, options: {
      port: { type: 'string' }, host: { type: 'string' }, fallback: { type: 'string' }, 'keep-urls': { type: 'boolean' }, help: { type: 'boolean', short: 'h' },
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
  const app = createReplayApp(har, { rebaseUrls: !values['keep-urls'], ...(values.fallback === 'fake' ? { fallbackFake: {} } : {}) });
  const listening = createServer(app);
  answerClientErrors(listening);
  const origin = await listenOn(listening, port, host);
  listening.on('request', (req, res) => res.on('finish', () => io.out(`${req.method} ${req.url} ${res.statusCode}${res.getHeader('x-replay-unmatched') ? ' (no recording matched)' : ''}`)));
  onListening(listening);
  io.out(`Replaying ${har.log.entries.length} recorded exchanges from ${positionals[0]} on ${origin}${values.fallback ? ', the fake answers the rest' : ''}; Ctrl+C stops.`);
  return 0;
}
