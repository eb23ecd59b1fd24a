/** Where a command writes: one line (or block of lines) at a time, without the final newline. */
export interface Console {
  out(line: string): void;
  err(line: string): void;
  /** Colours for each stream; without them (tests, callers that print to files) nothing is coloured. */
  colour?: { out: Palette; err: Palette };
}

/** Wraps text in ANSI colours, or returns it unchanged when colour is off. */
export interface Palette {
  enabled: boolean;
  red(text: string): string;
  green(text: string): string;
  yellow(text: string): string;
  cyan(text: string): string;
  dim(text: string): string;
  bold(text: string): string;
}

/**
 * Whether to colour a stream, by the usual conventions:
 * - `FORCE_COLOR` set: `0` or `false` turns colour off, any other value (even empty) turns it on,
 *   even into a pipe or a file;
 * - otherwise `NO_COLOR` set and not empty turns it off (https://no-color.org);
 * - otherwise colour only on a terminal (`isTTY`) whose `TERM` is not `dumb`.
 *
 * @example colourEnabled(process.stdout, process.env)
 */
export function colourEnabled(stream: { isTTY?: boolean }, env: Record<string, string | undefined>): boolean {
  const force = env.FORCE_COLOR;
  if (force !== undefined) return !['0', 'false'].includes(force.trim().toLowerCase());
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  return stream.isTTY === true && env.TERM !== 'dumb';
}

const code = (open: number, close: number) => (text: string) => `\u001b[${open}m${text}\u001b[${close}m`;
const plain = (text: string) => text;

/** A palette that colours (`enabled`) or leaves text as it is. */
export function palette(enabled: boolean): Palette {
  return enabled
    ? { enabled, red: code(31, 39), green: code(32, 39), yellow: code(33, 39), cyan: code(36, 39), dim: code(2, 22), bold: code(1, 22) }
    : { enabled, red: plain, green: plain, yellow: plain, cyan: plain, dim: plain, bold: plain };
}

const NO_COLOUR = palette(false);

/** The palette of a stream of `io` (none when `io` has no colours). */
export function colours(io: Console, stream: 'out' | 'err'): Palette {
  return io.colour?.[stream] ?? NO_COLOUR;
}

/** A status code coloured by its class: 2xx green, 3xx cyan, 4xx yellow, 5xx red. */
export function paintStatus(paint: Palette, status: number): string {
  const text = String(status);
  if (status >= 500) return paint.red(text);
  if (status >= 400) return paint.yellow(text);
  if (status >= 300) return paint.cyan(text);
  return paint.green(text);
}

/** The process's own stdout and stderr, each coloured by `colourEnabled`. */
export function processConsole(env: Record<string, string | undefined>): Console {
  return {
    out: (line) => process.stdout.write(`${line}\n`),
    err: (line) => process.stderr.write(`${line}\n`),
    colour: { out: palette(colourEnabled(process.stdout, env)), err: palette(colourEnabled(process.stderr, env)) },
  };
}
