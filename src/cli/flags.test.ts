import { describe, expect, it } from 'vitest';
import { commandHelp, EXIT_CODES, markdownExitCodeRows, markdownFlagRows, parseCommandLine, suggestions, UsageError, type CommandSpec } from './flags.ts';

const SPEC = {
  name: 'demo',
  usage: 'ailuna-images demo [flags]',
  summary: 'a demo',
  about: 'A command for the tests.',
  flags: {
    port: { value: 'N', env: 'DEMO_PORT', default: '4010', help: 'port', parse: (text: string, name: string) => {
      if (!/^\d+$/.test(text)) throw new UsageError(`${name} must be a number, not ${JSON.stringify(text)}.`);
      return Number(text);
    } },
    name: { value: 'TEXT', help: 'a name | with a bar', parse: (text: string) => text },
    quiet: { env: 'DEMO_QUIET', otherwise: 'off', help: 'say less', parse: (text: string) => text === 'true' },
    out: { value: 'FILE', env: 'DEMO_OUT', required: true, help: 'where it goes', parse: (text: string) => text },
  },
} satisfies CommandSpec;

const parse = (argv: string[], env: Record<string, string> = {}) => parseCommandLine(SPEC, argv, env, () => '9.9.9');

describe('parseCommandLine', () => {
  it('--flag value, --flag=value, switches, the environment, then the defaults', () => {
    expect(parse(['--out', 'o', '--name=a=b', '--quiet']).values).toEqual({ port: 4010, name: 'a=b', quiet: true, out: 'o' });
    expect(parse(['--out=o'], { DEMO_PORT: '5000', DEMO_QUIET: 'true' }).values).toEqual({ port: 5000, name: undefined, quiet: true, out: 'o' });
    expect(parse(['--port', '6000', '--out', 'o'], { DEMO_PORT: '5000' }).values?.port).toBe(6000);
    expect(parse([], { DEMO_OUT: 'from-env' }).values?.out).toBe('from-env');
    // An empty variable counts as unset.
    expect(parse(['--out', 'o'], { DEMO_PORT: '' }).values?.port).toBe(4010);
  });

  it('a value may start with "-": it reaches the validator, which names the flag', () => {
    expect(() => parse(['--port', '-1', '--out', 'o'])).toThrowError(new UsageError('--port must be a number, not "-1".'));
    expect(parse(['--name', '--quiet', '--out', 'o']).values).toMatchObject({ name: '--quiet', quiet: undefined });
    expect(() => parse(['--out', 'o'], { DEMO_PORT: 'x' })).toThrowError('DEMO_PORT must be a number, not "x".');
  });

  it('--help and --version win over everything else on the line', () => {
    expect(parse(['--bogus', '--port', 'x', '-h']).show).toBe(commandHelp(SPEC));
    expect(parse(['--prot', '-v']).show).toBe('9.9.9');
  });

  it.each<[string[], string]>([
    [['--prot', '1'], 'unknown flag --prot; did you mean --port?'],
    [['--nme', 'x'], 'unknown flag --nme; did you mean --name?'],
    [['--qu'], 'unknown flag --qu; did you mean --quiet?'],
    [['--zzzzzz'], 'unknown flag --zzzzzz; "ailuna-images demo --help" lists the flags.'],
    [['-x'], 'unknown flag -x; "ailuna-images demo --help" lists the flags.'],
    [['--constructor'], 'unknown flag --constructor; "ailuna-images demo --help" lists the flags.'],
    [['--port'], '--port needs a value: --port N.'],
    [['--out', 'o', 'extra'], 'unexpected argument "extra": ailuna-images demo takes only flags ("ailuna-images demo --help" lists them).'],
    [[], '--out is required: where it goes.'],
  ])('%j: %s', (argv, message) => {
    expect(() => parse(argv)).toThrowError(new UsageError(message));
  });

  it('"--" ends the flags; a command with a positional takes exactly one', () => {
    const withFile = { ...SPEC, positional: { name: 'FILE', help: 'the file' } };
    expect(parseCommandLine(withFile, ['--out', 'o', '--', '--not-a-flag'], {}, () => '').positional).toBe('--not-a-flag');
    expect(parseCommandLine(withFile, ['a.har', '--out', 'o'], {}, () => '').positional).toBe('a.har');
    expect(() => parseCommandLine(withFile, ['a', 'b', '--out', 'o'], {}, () => '')).toThrowError('more than one FILE: give exactly one, as in ailuna-images demo [flags].');
  });

  it('values: false checks only the shape of the line, and runs no validator', () => {
    expect(parseCommandLine(SPEC, ['--port', 'x'], {}, () => '', { values: false }).values).toEqual({});
    expect(() => parseCommandLine(SPEC, ['--prot', 'x'], {}, () => '', { values: false })).toThrowError(UsageError);
  });
});

describe('suggestions', () => {
  it.each<[string, string[], string[]]>([
    ['prot', ['port', 'host'], ['port']],
    ['serv', ['serve', 'replay'], ['serve']],
    ['key', ['key', 'key2'], ['key']],
    ['ke', ['key', 'key2', 'keys'], ['key', 'key2', 'keys']],
    ['nosuch', ['port', 'host'], []],
    ['a', ['a', 'b', 'a-key'], ['a']],
  ])('%s among %j: %j', (typed, names, expected) => {
    expect(suggestions(typed, names)).toEqual(expected);
  });
});

describe('help and README rows from the table', () => {
  it('--help shows every flag with its default (or what applies without it) and its variable', () => {
    const help = commandHelp(SPEC);
    expect(help).toContain('  --port N        port\n                  default: 4010; env: DEMO_PORT');
    expect(help).toContain('  --name TEXT     a name | with a bar\n                  default: none; no environment variable');
    expect(help).toContain('  --quiet         say less\n                  default: off; env: DEMO_QUIET');
    expect(help).toContain('  --out FILE      where it goes\n                  default: required; env: DEMO_OUT');
    expect(help).toContain('  -v, --version   the version of ailuna-images-kit');
    for (const { code, meaning } of EXIT_CODES) expect(help).toContain(`  ${String(code).padEnd(4)}${meaning}`);
  });

  it('markdown rows: flag, variable, default, meaning, with | escaped', () => {
    expect(markdownFlagRows(SPEC)).toEqual([
      '| `--port N` | `DEMO_PORT` | `4010` | port |',
      '| `--name TEXT` | – | none | a name \\| with a bar |',
      '| `--quiet` | `DEMO_QUIET` | off | say less |',
      '| `--out FILE` | `DEMO_OUT` | required | where it goes |',
    ]);
    expect(markdownExitCodeRows()[0]).toBe(`| 0 | ${EXIT_CODES[0]?.meaning} |`);
  });
});
