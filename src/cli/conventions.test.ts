import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, cliEnv, runCli } from '../test-support/cli.ts';
import { commandHelp } from './flags.ts';
import { main } from './main.ts';
import { COMMANDS, SERVE } from './options.ts';

// The real command, as users run it: `node bin/ailuna-images.mjs …`.

const VERSION = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
const RED_ERROR = '\u001b[31merror:\u001b[39m';

/** main() in-process, as bin/ailuna-images.mjs calls it, with its output captured. */
async function inProcess(args: string[], env: Record<string, string> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, env, { out: (line) => out.push(`${line}\n`), err: (line) => err.push(`${line}\n`) });
  return { code, stdout: out.join(''), stderr: err.join('') };
}

describe('--version and --help, for every command', () => {
  it('--version and -v print the package version, at the top level and after every command', async () => {
    for (const args of [['--version'], ['serve', '-v'], ['replay', '--version']]) {
      const result = await runCli(args);
      expect([args.join(' '), result.code, result.stdout, result.stderr]).toEqual([args.join(' '), 0, `${VERSION}\n`, '']);
    }
    for (const args of [['-v'], ['version'], ...COMMANDS.flatMap((c) => [[c.name, '--version'], [c.name, '-v']])]) {
      expect(await inProcess(args), args.join(' ')).toEqual({ code: 0, stdout: `${VERSION}\n`, stderr: '' });
    }
  }, 60_000);

  it('--help of every command is its flag table: each flag with its default and its environment variable', async () => {
    const real = await runCli(['serve', '--help']);
    expect([real.code, real.stdout, real.stderr]).toEqual([0, `${commandHelp(SERVE)}\n`, '']);
    for (const spec of COMMANDS) {
      const result = await inProcess([spec.name, '--help']);
      expect(result.code).toBe(0);
      expect(result.stdout).toBe(`${commandHelp(spec)}\n`);
      for (const [name, flag] of Object.entries(spec.flags)) {
        const at = result.stdout.indexOf(`  --${name}${flag.value === undefined ? '' : ` ${flag.value}`} `);
        expect(at, `${spec.name} --${name}`).toBeGreaterThan(0);
        const meta = result.stdout.slice(at).split('\n')[1] ?? '';
        expect(meta, `${spec.name} --${name}`).toMatch(/^\s+default: .+; (env: [A-Z0-9_]+|no environment variable)$/);
        if (flag.env !== undefined) expect(meta).toContain(`env: ${flag.env}`);
      }
      expect(result.stdout).toMatch(/Exit codes:\n {2}0 {3}done: .*\n {2}1 {3}findings: .*\n {2}2 {3}usage or environment: /);
    }
  }, 30_000);

  it('the top-level help lists every command; no command at all is the same text on stderr and exit code 2', async () => {
    const help = await runCli(['--help']);
    expect(help.code).toBe(0);
    for (const spec of COMMANDS) expect(help.stdout).toContain(`  ${spec.name.padEnd(10)} ${spec.summary}`);
    const none = await inProcess([]);
    expect([none.code, none.stdout, none.stderr]).toEqual([2, '', help.stdout]);
  }, 30_000);
});

describe('unknown commands and flags: one line with a suggestion, exit code 2, nothing on stdout', () => {
  const cases: Array<[string[], string]> = [
    [['serv'], 'unknown command "serv"; did you mean serve?'],
    [['contarct'], 'unknown command "contarct"; did you mean contract?'],
    [['bogus'], 'unknown command "bogus"; "ailuna-images --help" lists the commands.'],
    [['--port', '4011'], 'unknown flag --port before a command; did you mean ailuna-images serve --port?'],
    [['serve', '--prot', '4011'], 'unknown flag --prot; did you mean --port?'],
    [['serve', '--bogus'], 'unknown flag --bogus; "ailuna-images serve --help" lists the flags.'],
    [['contract', '--junti', 'c.xml'], 'unknown flag --junti; did you mean --junit?'],
    [['diff', '--rat=5'], 'unknown flag --rat; did you mean --rate?'],
    [['record', '--upstrem', 'http://x'], 'unknown flag --upstrem; did you mean --upstream?'],
    [['replay', 'x.har', '--fallbak', 'fake'], 'unknown flag --fallbak; did you mean --fallback?'],
    [['fixtures', '--dri', 'x'], 'unknown flag --dri; did you mean --dir?'],
    [['serve', '--count', '-1'], '--count must be a whole number from 0 to 100000, not "-1".'],
    [['serve', '--count=-1'], '--count must be a whole number from 0 to 100000, not "-1".'],
    [['serve', '--count', '1000000000'], '--count must be a whole number from 0 to 100000, not "1000000000".'],
    [['serve', '--port'], '--port needs a value: --port N.'],
    [['serve', '4011'], 'unexpected argument "4011": ailuna-images serve takes only flags ("ailuna-images serve --help" lists them).'],
    [['serve', '--log-format', 'yaml'], '--log-format must be one of text, json, not "yaml".'],
    [['contract', '--mode', 'fast'], '--mode must be one of full, schema-only, behind-validating-proxy, not "fast".'],
    [['contract', '--base-url', 'http://127.0.0.1:4011/api/v1'], '--key (CONTRACT_API_KEY) is required with --base-url: the API key of the user whose images are checked.'],
    [['diff', '--b', 'http://h/api/v1'], "--a is required: the first implementation's API base, e.g. http://127.0.0.1:4010/api/v1."],
    [['replay'], 'missing FILE: give exactly one, as in ailuna-images replay FILE.har [flags].'],
  ];

  it('the real command', async () => {
    for (const args of [['serv'], ['serve', '--prot', '4011'], ['serve', '--count', '-1'], ['contract', '--junti', 'c.xml'], ['--port', '4011']]) {
      const [, line] = cases.find(([known]) => known.join(' ') === args.join(' ')) ?? [];
      const result = await runCli(args);
      expect([result.code, result.stdout, result.stderr]).toEqual([2, '', `error: ${line}\n`]);
    }
  }, 60_000);

  it.each(cases)('%j', async (args, line) => {
    expect(await inProcess(args)).toEqual({ code: 2, stdout: '', stderr: `error: ${line}\n` });
  });

  it('an environment variable is checked like its flag and named in the message', async () => {
    expect(await inProcess(['serve'], { AILUNA_COUNT: '-5' })).toEqual({ code: 2, stdout: '', stderr: 'error: AILUNA_COUNT must be a whole number from 0 to 100000, not "-5".\n' });
  });
});

describe('colour: only on a terminal, NO_COLOR off, FORCE_COLOR on (0 or false: off)', () => {
  // The whole table of rules is unit-tested (colourEnabled in terminal.test.ts); here the real command.
  it.each<[Record<string, string>, boolean]>([
    [{}, false],
    [{ FORCE_COLOR: '1' }, true],
    [{ NO_COLOR: '1' }, false],
  ])('into a pipe with %j: coloured %s', async (env, coloured) => {
    const result = await runCli(['serve', '--prot', '1'], { env });
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(coloured ? `${RED_ERROR} unknown flag --prot; did you mean --port?\n` : 'error: unknown flag --prot; did you mean --port?\n');
  }, 30_000);

  it('contract: ✓ green and the summary coloured on the console, never a colour code in the JUnit report', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ailuna-colour-'));
    const report = join(dir, 'c.xml');
    const result = await runCli(['contract', '--junit', report], { env: { FORCE_COLOR: '1' } });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('  \u001b[32m✓\u001b[39m ');
    expect(result.stdout.split('\n')).toContain(`\u001b[32m${/(\d+) passed/.exec(result.stdout)?.[1]} passed\u001b[39m, 0 failed, 0 skipped`);
    expect(readFileSync(report, 'utf8')).not.toContain('\u001b');
    // Written atomically: the report and nothing else (no temporary file, no probe).
    expect(readdirSync(dir)).toEqual(['c.xml']);
  }, 60_000);

  const script = ['/usr/bin/script', '/bin/script'].find((path) => existsSync(path));
  if (script === undefined) console.warn('util-linux script(1) not found: colour on a real terminal is not tested here (colourEnabled is unit-tested with isTTY).');

  it.skipIf(script === undefined)('on a real terminal (script(1)): coloured; with NO_COLOR, not', () => {
    const onTerminal = (env: Record<string, string>) => spawnSync(script as string, ['-qec', `${JSON.stringify(process.execPath)} ${JSON.stringify(BIN)} serve --prot 1`, '/dev/null'], {
      env: cliEnv({ TERM: 'xterm', ...env }), encoding: 'utf8',
    });
    const coloured = onTerminal({});
    expect(coloured.status).toBe(2);
    expect(coloured.stdout).toContain(`${RED_ERROR} unknown flag --prot; did you mean --port?`);
    const plain = onTerminal({ NO_COLOR: '1' });
    expect(plain.status).toBe(2);
    expect(plain.stdout).toContain('error: unknown flag --prot');
    expect(plain.stdout).not.toContain('\u001b[');
  }, 30_000);
});
