/**
 * The one command-line parser of every `ailuna-images` command: a command declares its flags in a
 * table (see options.ts); this module reads argv and the environment against it, writes the
 * `--help` text and the README's flag tables from it, and says "did you mean …?" for typos.
 *
 * Conventions, for every command:
 * - `--flag value` and `--flag=value`; a value may start with "-" (`--count -1` reaches the
 *   validator, which names the flag and the allowed range);
 * - a switch is `--flag` (or `--flag=false`);
 * - a flag wins over its environment variable, the variable over the default;
 * - `-h`/`--help` and `-v`/`--version` win over everything else on the line.
 */

/** The command line cannot be run as given: a bad flag or value, or a place it names that cannot be used. Exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** One flag of a command. */
export interface Flag<T = unknown> {
  /** The placeholder of its value in help (`N`, `FILE`); absent for a switch, which is `true` when given. */
  value?: string;
  /** The environment variable that sets it when the flag is absent. */
  env?: string;
  /** One line for `--help` and the README. */
  help: string;
  /** The default, written as a user would pass it: parsed like a given value, and shown as is. */
  default?: string;
  /** What applies without the flag when there is no default value ("none", "unlimited"). */
  otherwise?: string;
  /** The command cannot run without it. */
  required?: true;
  /** Checks the text and turns it into the setting; throws with a message naming `name` (the flag or variable). */
  parse: (text: string, name: string) => T;
}

export type FlagTable = Record<string, Flag>;

/** The parsed values: a flag with a default always has one. */
export type FlagValues<F extends FlagTable> = {
  [K in keyof F]: F[K] extends { default: string } | { required: true } ? ReturnType<F[K]['parse']> : ReturnType<F[K]['parse']> | undefined;
};

/** A command's command line. */
export interface CommandSpec<F extends FlagTable = FlagTable> {
  name: string;
  /** After "Usage: ", e.g. `ailuna-images replay FILE.har [flags]`. */
  usage: string;
  /** One line for the list of commands. */
  summary: string;
  /** What it does, for `--help`. */
  about: string;
  flags: F;
  /** The one argument it takes besides flags, if any (replay's FILE). */
  positional?: { name: string; help: string };
  /** Lines after the flags in `--help`. */
  notes?: string;
}

/** What a command line asks for: the help or version text to print, or the values to run with. */
export type Parsed<F extends FlagTable> =
  | { show: string; values?: undefined; positional?: undefined }
  | { show?: undefined; values: FlagValues<F>; positional: string | undefined };

const COMMON = [
  { flag: '-h, --help', help: 'this text' },
  { flag: '-v, --version', help: 'the version of ailuna-images-kit' },
];

/** One row per exit code, for every command's --help and the README. */
export const EXIT_CODES: ReadonlyArray<{ code: number; meaning: string }> = [
  { code: 0, meaning: 'done: every check passed, no difference, or a server stopped by Ctrl+C or SIGTERM' },
  { code: 1, meaning: 'findings: a contract check failed, or diff found differences; also an unexpected error inside the kit (a bug: its message is printed)' },
  { code: 2, meaning: 'usage or environment: a bad flag or value, a missing folder or an unwritable path, a bad --host or a port in use, an unreachable target or Redis, a --data file that is not a state file' },
  { code: 130, meaning: 'serve, record, replay: a second Ctrl+C or SIGTERM while requests were still running' },
];

/**
 * Reads `argv` (the words after the command) and then `env` against the command's table.
 * Throws UsageError for an unknown flag (with suggestions), a missing value, an unexpected
 * argument or a value its flag's parser refuses. With `values: false` only the shape of the line
 * is checked (no value is parsed, so no path is looked at): what main does before it loads a command.
 *
 * @example
 * const parsed = parseCommandLine(SERVE, ['--port', '4011'], process.env, () => '0.1.0');
 * if (parsed.show !== undefined) console.log(parsed.show); else listen(parsed.values.port);
 */
export function parseCommandLine<F extends FlagTable>(
  spec: CommandSpec<F>,
  argv: readonly string[],
  env: Record<string, string | undefined>,
  version: () => string,
  options: { values?: boolean } = {},
): Parsed<F> {
  const given = new Map<string, string>();
  const positionals: string[] = [];
  let help = false;
  let showVersion = false;
  let problem: string | undefined;
  const refuse = (message: string) => { problem ??= message; };

  for (let i = 0; i < argv.length; i++) {
    const word = argv[i] as string;
    if (word === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    // "-5" and "-" are arguments, not flags.
    if (!/^-[^\d]/.test(word)) {
      positionals.push(word);
      continue;
    }
    const equals = word.indexOf('=');
    const written = equals === -1 ? word : word.slice(0, equals);
    const inline = equals === -1 ? undefined : word.slice(equals + 1);
    if (written === '--help' || written === '-h') {
      help = true;
      continue;
    }
    if (written === '--version' || written === '-v') {
      showVersion = true;
      continue;
    }
    const name = written.startsWith('--') ? written.slice(2) : undefined;
    const flag = name !== undefined && Object.hasOwn(spec.flags, name) ? spec.flags[name] : undefined;
    if (name === undefined || flag === undefined) {
      refuse(unknownFlag(written, spec));
      continue;
    }
    if (flag.value === undefined) {
      given.set(name, inline ?? 'true');
      continue;
    }
    const value = inline ?? argv[++i];
    if (value === undefined) {
      refuse(`--${name} needs a value: --${name} ${flag.value}.`);
      continue;
    }
    given.set(name, value);
  }
  if (help) return { show: commandHelp(spec) };
  if (showVersion) return { show: version() };
  if (problem !== undefined) throw new UsageError(problem);
  if (spec.positional === undefined && positionals.length > 0) {
    throw new UsageError(`unexpected argument ${JSON.stringify(positionals[0])}: ailuna-images ${spec.name} takes only flags ("ailuna-images ${spec.name} --help" lists them).`);
  }
  if (spec.positional !== undefined && positionals.length !== 1) {
    throw new UsageError(`${positionals.length === 0 ? 'missing' : 'more than one'} ${spec.positional.name}: give exactly one, as in ${spec.usage}.`);
  }

  const values: Record<string, unknown> = {};
  for (const [name, flag] of options.values === false ? [] : Object.entries(spec.flags)) {
    const fromArgv = given.get(name);
    const fromEnv = flag.env === undefined ? undefined : env[flag.env];
    const [text, label] = fromArgv !== undefined
      ? [fromArgv, `--${name}`]
      : fromEnv !== undefined && fromEnv !== ''
        ? [fromEnv, flag.env as string]
        : [flag.default, `--${name}`];
    if (text === undefined && flag.required) throw new UsageError(`--${name} is required: ${flag.help}.`);
    values[name] = text === undefined ? undefined : parseValue(flag, text, label);
  }
  return { values: values as FlagValues<F>, positional: positionals[0] };
}

function parseValue(flag: Flag, text: string, label: string): unknown {
  try {
    return flag.parse(text, label);
  } catch (error) {
    // Validators outside the CLI (fault ranges, Redis URLs) throw plain errors that name the flag.
    if (error instanceof UsageError) throw error;
    throw new UsageError((error as Error).message);
  }
}

function unknownFlag(written: string, spec: CommandSpec): string {
  const names = [...Object.keys(spec.flags), 'help', 'version'];
  const close = suggestions(written.replace(/^-+/, ''), names);
  return close.length > 0
    ? `unknown flag ${written}; did you mean ${close.map((n) => `--${n}`).join(' or ')}?`
    : `unknown flag ${written}; "ailuna-images ${spec.name} --help" lists the flags.`;
}

/**
 * The names closest to a mistyped one: a prefix of one of them, or within a small edit distance
 * (one edit for short words, two otherwise; swapping two neighbours is one edit). At most three,
 * the closest first.
 */
export function suggestions(typed: string, names: readonly string[]): string[] {
  const limit = typed.length <= 3 ? 1 : 2;
  const scored = names
    .map((name) => {
      const distance = editDistance(typed.toLowerCase(), name);
      return { name, score: typed.length >= 2 && name.startsWith(typed.toLowerCase()) ? Math.min(distance, 1) : distance };
    })
    .filter(({ score }) => score <= limit);
  const best = Math.min(...scored.map(({ score }) => score));
  return scored.filter(({ score }) => score === best).slice(0, 3).map(({ name }) => name);
}

/** Damerau–Levenshtein distance (optimal string alignment). */
function editDistance(a: string, b: string): number {
  const rows = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  const at = (i: number, j: number) => rows[i]?.[j] ?? Infinity;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, at(i - 2, j - 2) + 1);
      (rows[i] as number[])[j] = best;
    }
  }
  return at(a.length, b.length);
}

const flagLabel = (name: string, flag: Flag) => `--${name}${flag.value === undefined ? '' : ` ${flag.value}`}`;
const defaultLabel = (flag: Flag) => flag.default ?? (flag.required ? 'required' : flag.otherwise ?? 'none');

/** The `--help` text of a command, generated from its table. */
export function commandHelp(spec: CommandSpec): string {
  const rows = Object.entries(spec.flags).map(([name, flag]) => ({
    left: flagLabel(name, flag),
    help: flag.help,
    meta: `default: ${defaultLabel(flag)}; ${flag.env === undefined ? 'no environment variable' : `env: ${flag.env}`}`,
  }));
  const width = Math.max(...[...rows, ...COMMON.map((c) => ({ left: c.flag }))].map((r) => r.left.length)) + 3;
  return [
    `Usage: ${spec.usage}`,
    '',
    spec.about,
    '',
    ...(spec.positional === undefined ? [] : ['Argument:', `  ${spec.positional.name.padEnd(width)}${spec.positional.help} (required)`, '']),
    'Flags (a flag wins over its environment variable):',
    ...rows.flatMap((row) => [`  ${row.left.padEnd(width)}${row.help}`, `  ${' '.repeat(width)}${row.meta}`]),
    ...COMMON.map((c) => `  ${c.flag.padEnd(width)}${c.help}`),
    ...(spec.notes === undefined ? [] : ['', spec.notes]),
    '',
    'Exit codes:',
    ...EXIT_CODES.map(({ code, meaning }) => `  ${String(code).padEnd(4)}${meaning}`),
  ].join('\n');
}

/** The README's table rows for a command's flags (`| flag | variable | default | meaning |`). */
export function markdownFlagRows(spec: CommandSpec): string[] {
  const cell = (text: string) => text.replaceAll('|', '\\|');
  return [
    ...(spec.positional === undefined ? [] : [`| \`${spec.positional.name}\` | – | required | ${cell(spec.positional.help)} |`]),
    ...Object.entries(spec.flags).map(([name, flag]) =>
      `| \`${flagLabel(name, flag)}\` | ${flag.env === undefined ? '–' : `\`${flag.env}\``} | ${flag.default === undefined ? cell(defaultLabel(flag)) : `\`${flag.default}\``} | ${cell(flag.help)} |`),
  ];
}

/** The README's exit-code table rows (`| code | meaning |`). */
export function markdownExitCodeRows(): string[] {
  return EXIT_CODES.map(({ code, meaning }) => `| ${code} | ${meaning.replaceAll('|', '\\|')} |`);
}
