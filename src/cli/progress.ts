import type { Console } from './serve.ts';

/** Where the updating line is drawn: `process.stderr`, or a fake one in tests. */
export interface ProgressStream {
  isTTY?: boolean;
  /** The terminal's width; the line is cut to fit. */
  columns?: number;
  write(text: string): unknown;
}

export interface ProgressOptions {
  /** `contract`: starts each plain line. */
  command: string;
  /** What is counted: `checks`, `requests`. */
  unit: string;
  /** The problems so far in words: `1 failed`, `3 differences`. */
  problems(count: number): string;
  /** Plain progress lines (stderr not a terminal) go to `io.err`. */
  io: Console;
  /** When this is a TTY, one line is redrawn in place on it instead of plain lines. Default: process.stderr. */
  stream?: ProgressStream;
  /**
   * With `--rate` pacing: the least time an item takes, given how many items that take time are
   * done (0 before the first). Known before the observed pace says anything useful.
   */
  pacedMsPerItem?(costlyDone: number): number | undefined;
}

/** At most this often the terminal line is redrawn (10 times a second). */
const REDRAW_MS = 100;
/** A plain line at least this often while items remain, even between 10% steps. */
const QUIET_MS = 30_000;
/** Back to the start of the line and erase it. */
const CLEAR = '\r\x1b[K';

/**
 * Progress of a long run on stderr, never on stdout. On a terminal: one line redrawn in place
 * (`12/35 checks · 1 failed · about 40 s left`), erased before any other output and at the end.
 * Otherwise (a pipe, a CI log): a plain line at every 10% and after 30 s without one
 * (`contract: 12/35 checks (34%), 1 failed, about 40 s left`).
 *
 * @example
 * const progress = new Progress({ command: 'diff', unit: 'requests', problems: (n) => `${n} differences`, io });
 * progress.start(578);
 * progress.advance({ problems: 2 });
 * progress.finish();
 */
export class Progress {
  /** `io` with the terminal line erased before each line and drawn again after it. */
  readonly io: Console;
  private readonly stream: ProgressStream;
  private readonly tty: boolean;
  private total = 0;
  private costly = 0;
  private done = 0;
  private skipped = 0;
  private problemCount = 0;
  private startedAt = 0;
  private started = false;
  private finished = false;
  /** Terminal: the line is on the screen. */
  private shown = false;
  private lastDraw = -Infinity;
  /** Plain: the last 10% step a line was printed for. */
  private lastStep = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly options: ProgressOptions) {
    this.stream = options.stream ?? process.stderr;
    this.tty = this.stream.isTTY === true;
    const around = (print: (line: string) => void) => (line: string) => {
      this.erase();
      print(line);
      if (this.tty && this.started && !this.finished) this.drawSoon();
    };
    this.io = { out: around((line) => options.io.out(line)), err: around((line) => options.io.err(line)) };
  }

  /** The run begins: `total` items, of which `costly` take time (the rest are skipped). */
  start(total: number, costly = total): void {
    if (this.started || this.finished) return;
    this.started = true;
    this.total = total;
    this.costly = costly;
    this.startedAt = Date.now();
    if (this.tty) this.drawSoon();
    else this.armQuietLine();
  }

  /** One item finished: with how many problems (failed check, differences), or skipped (took no time). */
  advance(item: { problems?: number; skipped?: boolean } = {}): void {
    if (!this.started || this.finished) return;
    this.done++;
    if (item.skipped) this.skipped++;
    this.problemCount += item.problems ?? 0;
    if (this.tty) {
      this.drawSoon();
      return;
    }
    const step = this.total === 0 ? 10 : Math.floor((this.done * 10) / this.total);
    if (step > this.lastStep) {
      this.lastStep = step;
      this.printLine();
    }
  }

  /** The run is over (or failed): erases the terminal line; nothing is written afterwards. */
  finish(): void {
    if (this.finished) return;
    this.erase();
    this.finished = true;
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** `12/35 checks · 1 failed · about 40 s left`, or as a plain line `contract: 12/35 checks (34%), 1 failed, …`. */
  private describe(plain: boolean): string {
    const left = this.msLeft();
    const time = left === undefined ? [] : [formatTimeLeft(left)];
    const count = `${this.done}/${this.total} ${this.options.unit}`;
    const problems = this.options.problems(this.problemCount);
    if (!plain) return [count, problems, ...time].join(' · ');
    const percent = this.total === 0 ? 100 : Math.floor((this.done * 100) / this.total);
    return `${this.options.command}: ${[`${count} (${percent}%)`, problems, ...time].join(', ')}`;
  }

  /**
   * What remains × the pace: the slower of the observed one and the one pacing enforces. Skipped
   * items take no time, so they count in neither.
   */
  private msLeft(): number | undefined {
    if (this.done >= this.total) return undefined;
    const costlyDone = this.done - this.skipped;
    const observed = costlyDone > 0 ? (Date.now() - this.startedAt) / costlyDone : undefined;
    const paced = this.options.pacedMsPerItem?.(costlyDone);
    if (observed === undefined && paced === undefined) return undefined;
    const left = Math.min(this.total - this.done, Math.max(0, this.costly - costlyDone));
    return left * Math.max(observed ?? 0, paced ?? 0);
  }

  private printLine(): void {
    this.options.io.err(this.describe(true));
    this.armQuietLine();
  }

  private armQuietLine(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.done >= this.total) return;
    this.timer = setTimeout(() => this.printLine(), QUIET_MS);
    this.timer.unref?.();
  }

  /** Redraws on the next turn, and not within REDRAW_MS of the last drawing. */
  private drawSoon(): void {
    if (this.timer !== undefined) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.draw();
    }, Math.max(0, this.lastDraw + REDRAW_MS - Date.now()));
    this.timer.unref?.();
  }

  private draw(): void {
    if (this.finished) return;
    this.stream.write(`${CLEAR}${fitLine(this.describe(false), this.stream.columns)}`);
    this.shown = true;
    this.lastDraw = Date.now();
  }

  private erase(): void {
    if (!this.shown || this.finished) return;
    this.stream.write(CLEAR);
    this.shown = false;
  }
}

/** `a few seconds left`, `about 40 s left`, `about 6 min left`, `about 1 h 20 min left`. */
export function formatTimeLeft(ms: number): string {
  const seconds = ms / 1000;
  if (seconds < 10) return 'a few seconds left';
  if (seconds < 57.5) return `about ${Math.round(seconds / 5) * 5} s left`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `about ${minutes} min left`;
  const rest = minutes % 60;
  return `about ${Math.floor(minutes / 60)} h${rest === 0 ? '' : ` ${rest} min`} left`;
}

/** Cut to one character less than the width (writing the last column wraps on some terminals). */
export function fitLine(text: string, columns: number | undefined): string {
  const width = Math.max(2, (columns !== undefined && columns > 0 ? columns : 80) - 1);
  const characters = Array.from(text);
  return characters.length <= width ? text : `${characters.slice(0, width - 1).join('')}…`;
}

/**
 * Progress of `ailuna-images contract`. With `--rate`, a check takes at least its share of the
 * requests so far at that rate (checks send from one request to dozens).
 */
export function contractProgress(io: Console, rate: number, requestsSoFar: () => number, stream?: ProgressStream): Progress {
  return new Progress({
    command: 'contract', unit: 'checks', problems: (n) => `${n} failed`, io, ...(stream === undefined ? {} : { stream }),
    ...(rate > 0 ? { pacedMsPerItem: (done: number) => (done === 0 ? undefined : ((requestsSoFar() / done) * 60_000) / rate) } : {}),
  });
}

/**
 * Progress of `ailuna-images diff`. With `--rate`, each side is paced on its own, so the two
 * sides' requests overlap: one compared request per 60/rate seconds.
 */
export function diffProgress(io: Console, rate: number, stream?: ProgressStream): Progress {
  return new Progress({
    command: 'diff', unit: 'requests', problems: (n) => `${n} difference${n === 1 ? '' : 's'}`, io, ...(stream === undefined ? {} : { stream }),
    ...(rate > 0 ? { pacedMsPerItem: () => 60_000 / rate } : {}),
  });
}
