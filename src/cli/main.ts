import type { Server } from 'node:http';
import { UsageError } from './options.ts';
import type { Console } from './serve.ts';

const USAGE = `Usage: ailuna-images <command> [flags]

Commands:
  serve      serve the fake Images API (what npm start runs)
  contract   check an implementation (the fake, Prism, a deployment) against the contract
  record     a recording proxy that writes HAR files (keys redacted)
  replay     serve a HAR recording offline
  fixtures   regenerate the committed fixtures (npm run fixtures)
  diff       send the same requests to two implementations and name every difference

Run "ailuna-images <command> --help" for a command's flags.`;

const io: Console = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
};

/** Runs a command; returns the exit code (servers keep running until a signal). */
export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      // Each command loads only its own modules: `serve` starts without the contract kit's.
      case 'serve': {
        const { serve } = await import('./serve.ts');
        await serve(rest, process.env, io, stopOnSignals);
        return 0;
      }
      case 'contract':
        return await (await import('./contract.ts')).contract(rest, process.env, io);
      case 'record':
        return await (await import('./record.ts')).record(rest, io, stopOnSignals);
      case 'replay':
        return await (await import('./replay.ts')).replay(rest, io, stopOnSignals);
      case 'fixtures':
        return await (await import('./fixtures.ts')).fixtures(rest, io);
      case 'diff':
        return await (await import('./diff.ts')).diff(rest, process.env, io);
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        io.out(USAGE);
        return command === undefined ? 2 : 0;
      default:
        io.err(`Unknown command ${JSON.stringify(command)}.\n\n${USAGE}`);
        return 2;
    }
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(error.message);
      return 2;
    }
    io.err(error instanceof Error ? error.message : String(error));
    return 1;
  }
}

/** How long in-flight requests get to finish after the first SIGINT/SIGTERM. */
const GRACE_MS = 10_000;

/**
 * SIGINT/SIGTERM: stop accepting, let in-flight requests finish (up to GRACE_MS), exit 0.
 * A second signal exits at once.
 */
function stopOnSignals(server: Server): void {
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) {
      io.err(`${signal} again: exiting now, without waiting for requests in flight.`);
      process.exit(130);
    }
    stopping = true;
    io.out(`${signal}: shutting down (in-flight requests may finish; ${signal} again exits at once)`);
    server.close(() => process.exit(0));
    // Keep-alive connections are closed as soon as their last response has gone out.
    server.closeIdleConnections();
    setInterval(() => server.closeIdleConnections(), 50).unref();
    setTimeout(() => {
      io.err(`Requests still running after ${GRACE_MS / 1000} s: cutting their connections.`);
      server.closeAllConnections();
    }, GRACE_MS).unref();
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}
