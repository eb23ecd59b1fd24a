import { parseArgs } from 'node:util';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '../core/logger.ts';
import { redactUrl } from '../core/redact.ts';
import { createRecorder } from '../fixtures/recorder.ts';
import { answerClientErrors } from './client-errors.ts';
import { UsageError } from './options.ts';
import type { Console } from './serve.ts';

export const RECORD_HELP = `Usage: ailuna-images record --upstream URL --out FILE.har [--port N] [--host H]

A recording proxy: point your app or the contract suite at it; it forwards every request to the
upstream (the real API or the fake) and appends each exchange to FILE.har (HAR 1.2), with API keys
redacted and every response checked against the OpenAPI document (violations on stderr and in the
entry's comment). The file is complete after every exchange, even if the proxy is killed.

  --upstream URL   where to forward, e.g. https://ailuna.ru or http://127.0.0.1:4010
  --out FILE       the HAR file to write (replaced)
  --port N         port to listen on (default 4020; 0 = any free port)
  --host H         address to bind (default 127.0.0.1)`;

/** Common parsing of --port/--host for the proxy-like commands. */
export function portAndHost(values: Record<string, unknown>, defaultPort: number): { port: number; host: string } {
  const text = typeof values.port === 'string' ? values.port : String(defaultPort);
  const port = Number(text);
  if (!/^\d+$/.test(text) || port > 65535) throw new UsageError(`--port must be a whole number from 0 to 65535, not ${JSON.stringify(text)}.`);
  return { port, host: typeof values.host === 'string' ? values.host : '127.0.0.1' };
}

export function listenOn(server: Server, port: number, host: string): Promise<string> {
  return new Promise((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => reject(error.code === 'EADDRINUSE'
      ? new Error(`Port ${port} on ${host} is already in use: pass --port with another number (0 picks a free one).`)
      : error));
    server.listen(port, host, () => resolve(`http://${host}:${(server.address() as AddressInfo).port}`));
  });
}

export async function record(argv: string[], io: Console, onListening: (server: Server) => void): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({ args: argv, strict: true, options: {
      upstream: { type: 'string' }, out: { type: 'string' }, port: { type: 'string' }, host: { type: 'string' }, help: { type: 'boolean', short: 'h' },
    } }));
  } catch (error) {
    throw new UsageError(`${(error as Error).message}. Run "ailuna-images record --help".`);
  }
  if (values.help) {
    io.out(RECORD_HELP);
    return 0;
  }
  if (!values.upstream || !/^https?:\/\/[^/]+/.test(values.upstream)) throw new UsageError('--upstream must be an http(s) URL such as https://ailuna.ru or http://127.0.0.1:4010.');
  if (!values.out) throw new UsageError('--out FILE.har is required: where the recording goes.');
  const { port, host } = portAndHost(values, 4020);
  const logger: Logger = { info: (m) => io.out(m), warn: (m) => io.err(`warning: ${m}`), error: (m) => io.err(`error: ${m}`) };
  const recorder = createRecorder({ upstream: values.upstream, out: values.out, logger });
  recorder.server.on('request', (req, res) => {
    res.on('finish', () => io.out(`${req.method} ${redactUrl(req.url ?? '')} ${res.statusCode} (${recorder.har.log.entries.length} recorded)`));
  });
  answerClientErrors(recorder.server);
  const origin = await listenOn(recorder.server, port, host);
  onListening(recorder.server);
  io.out(`Recording ${origin} → ${new URL(values.upstream).origin}, writing ${values.out}`);
  io.out(`  point your client at ${origin}/api/v1 instead of ${new URL(values.upstream).origin}/api/v1; Ctrl+C stops.`);
  return 0;
}
