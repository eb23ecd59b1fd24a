import type { Server } from 'node:http';
import type { Logger } from '../core/logger.ts';
import { EXIT_CODES, suggestions, UsageError } from './flags.ts';
import { COMMANDS, parse } from './options.ts';
import { colours, processConsole, type Console } from './terminal.ts';
import { packageVersion } from './version.ts';

const USAGE = [
  'Usage: ailuna-images <command> [flags]',
  '',
  'Commands:',
  ...COMMANDS.map((c) => `  ${c.name.padEnd(10)} ${c.summary}`),
  '',
  '  -h, --help      this text; "ailuna-images <command> --help" for a command\'s flags',
  '  -v, --version   the version of ailuna-images-kit',
  '',
  'Exit codes:',
  ...EXIT_CODES.map(({ code, meaning }) => `  ${String(code).padEnd(4)}${meaning}`),
].join('\n');

/**
 * Runs a command; returns the exit code (servers keep running until a signal).
 * A UsageError (bad flag or value, a path, port, host or server that cannot be used) is one line
 * on stderr and exit code 2; anything else is unexpected: its message and exit code 1.
 */
export async function main(argv: string[], env: Record<string, string | undefined> = process.env, io: Console = processConsole(env)): Promise<number> {
  const [command, ...rest] = argv;
  try {
    const spec = COMMANDS.find((c) => c.name === command);
    if (spec !== undefined) {
      // --help, --version and a mistyped flag are answered before the command's modules load.
      const early = parse(spec, rest, env, { values: false });
      if (early.show !== undefined) {
        io.out(early.show);
        return 0;
      }
    }
    switch (command) {
      // Each command loads only its own modules: `serve` starts without the contract kit's.
      case 'serve': {
        const { serve } = await import('./serve.ts');
        await serve(rest, env, io, stopOnSignals);
        return 0;
      }
      case 'contract':
        return await (await import('./contract.ts')).contract(rest, env, io);
      case 'record':
        return await (await import('./record.ts')).record(rest, env, io, stopOnSignals);
      case 'replay':
        return await (await import('./replay.ts')).replay(rest, env, io, stopOnSignals);
      case 'fixtures':
        return await (await import('./fixtures.ts')).fixtures(rest, env, io);
      case 'diff':
        return await (await import('./diff.ts')).diff(rest, env, io);
      case 'help':
      case '--help':
      case '-h':
        io.out(USAGE);
        return 0;
      case 'version':
      case '--version':
      case '-v':
        io.out(packageVersion());
        return 0;
      case undefined:
        io.err(USAGE);
        return 2;
      default:
        throw new UsageError(unknownCommand(command));
    }
  } catch (error) {
    const paint = colours(io, 'err');
    if (error instanceof UsageError) {
      io.err(`${paint.red('error:')} ${error.message}`);
      return 2;
    }
    io.err(`${paint.red('error:')} ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
}

function unknownCommand(command: string): string {
  if (command.startsWith('-')) {
    const owners = COMMANDS.filter((c) => Object.hasOwn(c.flags, command.replace(/^-+/, '').split('=')[0] ?? ''));
    return owners.length > 0
      ? `unknown flag ${command} before a command; did you mean ailuna-images ${owners[0]?.name} ${command}?`
      : `unknown flag ${command}; "ailuna-images --help" lists the commands.`;
  }
  const close = suggestions(command, COMMANDS.map((c) => c.name));
  return close.length > 0
    ? `unknown command ${JSON.stringify(command)}; did you mean ${close.join(' or ')}?`
    : `unknown command ${JSON.stringify(command)}; "ailuna-images --help" lists the commands.`;
}

/** How long in-flight requests get to finish after the first SIGINT/SIGTERM. */
const GRACE_MS = 10_000;

/**
 * SIGINT/SIGTERM: stop accepting, let in-flight requests finish (up to GRACE_MS), exit 0.
 * A second signal exits at once (130).
 */
function stopOnSignals(server: Server, log: Pick<Logger, 'info' | 'warn'>): void {
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) {
      log.warn(`${signal} again: exiting now, without waiting for requests in flight.`);
      process.exit(130);
    }
    stopping = true;
    log.info(`${signal}: shutting down (in-flight requests may finish; ${signal} again exits at once)`);
    server.close(() => process.exit(0));
    // Keep-alive connections are closed as soon as their last response has gone out.
    server.closeIdleConnections();
    setInterval(() => server.closeIdleConnections(), 50).unref();
    setTimeout(() => {
      log.warn(`Requests still running after ${GRACE_MS / 1000} s: cutting their connections.`);
      server.closeAllConnections();
    }, GRACE_MS).unref();
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}
