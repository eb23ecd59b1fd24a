import { closeSync, openSync, readFileSync, rmSync, statSync, type Stats } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseHar, type Har } from '../har/har.ts';
import { UsageError } from './flags.ts';

/*
 * The checks of path flags, run while the command line is read, so a report or state file that
 * cannot be written stops the command before it does any work, with one line naming the flag.
 */

const errorCode = (error: unknown) => (error as NodeJS.ErrnoException).code ?? (error as Error).message;

/** `path` (the flag's value or its folder) as it is on disk; null when it does not exist. */
function statOrNull(path: string, flag: string, given: string): Stats | null {
  try {
    return statSync(path);
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return null;
    if (errorCode(error) === 'ENOTDIR') throw new UsageError(`${flag} ${given}: ${fileOnTheWay(path)} is a file, not a folder.`);
    throw new UsageError(`${flag} ${given}: cannot look at ${path} (${errorCode(error)}).`);
  }
}

/** The first existing ancestor of `path`: a file where a folder should be (ENOTDIR). */
function fileOnTheWay(path: string): string {
  for (let above = dirname(path); above !== dirname(above); above = dirname(above)) {
    try {
      statSync(above);
      return above;
    } catch {
      // Not there either: one level up.
    }
  }
  return path;
}

/** The folder exists and a file can be created in it (tried, as permissions alone do not tell: read-only mounts, root). */
function checkWritableFolder(folder: string, path: string, flag: string): void {
  const stats = statOrNull(folder, flag, path);
  if (stats === null) throw new UsageError(`${flag} ${path}: the folder ${folder} does not exist.`);
  if (!stats.isDirectory()) throw new UsageError(`${flag} ${path}: ${folder} is not a folder.`);
  const probe = join(folder, `.ailuna-images-probe-${process.pid}`);
  try {
    closeSync(openSync(probe, 'w'));
    rmSync(probe, { force: true });
  } catch (error) {
    throw new UsageError(`${flag} ${path}: cannot write in ${folder} (${errorCode(error)}).`);
  }
}

/**
 * A file the command will write (a report, a recording): its folder must exist and take new files,
 * and the path must not be a folder. Returns the path.
 */
export function outputFile(path: string, flag: string): string {
  if (path.trim() === '') throw new UsageError(`${flag} needs a file name.`);
  if (statOrNull(path, flag, path)?.isDirectory()) throw new UsageError(`${flag} ${path}: is a folder; give a file name.`);
  checkWritableFolder(dirname(path), path, flag);
  return path;
}

/** `serve --data FILE`: written like an output file, and read first when it exists. */
export function stateFile(path: string, flag: string): string {
  outputFile(path, flag);
  try {
    closeSync(openSync(path, 'r'));
  } catch (error) {
    if (errorCode(error) !== 'ENOENT') throw new UsageError(`${flag} ${path}: cannot read it (${errorCode(error)}).`);
  }
  return path;
}

/** A folder the command fills (fixtures --dir): an existing folder, or a new one in an existing folder. */
export function outputFolder(path: string, flag: string): string {
  if (path.trim() === '') throw new UsageError(`${flag} needs a folder name.`);
  const stats = statOrNull(path, flag, path);
  if (stats !== null && !stats.isDirectory()) throw new UsageError(`${flag} ${path}: is a file, not a folder.`);
  checkWritableFolder(stats === null ? dirname(path) : path, path, flag);
  return path;
}

/** The text of a file the command reads (a recording, a translations file); one line naming `label` when it cannot. */
export function readInputFile(path: string, label: string, kind = 'a file'): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    const code = errorCode(error);
    throw new UsageError(code === 'ENOENT' ? `${label} ${path}: no such file.` : code === 'EISDIR' ? `${label} ${path}: is a folder, not ${kind}.` : `${label} ${path}: cannot read it (${code}).`);
  }
}

/** A HAR recording to read (replay's FILE): it must exist and be a HAR file. */
export function harFile(path: string, label: string): Har {
  const text = readInputFile(path, label, 'a HAR file');
  try {
    return parseHar(text, `${label} ${path}`);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}
