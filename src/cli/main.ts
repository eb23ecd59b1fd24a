import type { Server } from 'node:http';
import { UsageError } from './options.ts';
import { contract } from './contract.ts';
import { fixtures } from './fixtures.ts';
import { record } from './record.ts';
import { replay } from './replay.ts';
import { serve, type Console } from './serve.ts';

const USAGE = `Usage: ailuna-images <command> [flags]

Commands:
  serve      serve the fake Images API (what npm start runs)
  contract   check an implementation (the fake, Prism, a deployment) against the contract
  record     a recording proxy that writes HAR files (keys redacted)
  replay     serve a HAR recording offline
  fixtures   regenerate the committed fixtures (npm run fixtures)

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
      case 'serve': {
        await serve(rest, process.env, io, stopOnSignals);
        return 0;
      }
      case 'contract':
        return await contract(rest, process.env, io);
      case 'record':
        return await record(rest, io, stopOnSignals);
      case 'replay':
        return await replay(rest, io, stopOnSignals);
      case 'fixtures':
        return await fixtures(rest, io);
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

/** SIGINT/SIGTERM: stop accepting, end idle keep-alive connections, exit 0 once closed. */
function stopOnSignals(server: Server): void {
  const stop = (signal: string) => {
    io.out(`${signal}: shutting down`);
    server.close(() => process.exit(0));
    server.closeIdleConnections();
    // Requests still running get a moment to finish, then their connections are cut.
    setTimeout(() => server.closeAllConnections(), 2000).unref();
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
}
