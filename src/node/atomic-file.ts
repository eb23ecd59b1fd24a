import { renameSync, rmSync, writeFileSync } from 'node:fs';

/*
 * Node-side helpers shared by the CLI, the recorder and the fixtures generator. The core
 * (src/core) is web-standard only, so file writing lives here.
 */

/**
 * Writes a file atomically: a temporary file next to it (same folder, so the rename stays on one
 * file system), renamed over it. A reader never sees half a file, even if the process is killed
 * mid-write, and a failed write leaves neither a half-written file nor the temporary one.
 *
 * @example
 * writeFileAtomically('state.json', `${JSON.stringify(state)}\n`);
 */
export function writeFileAtomically(path: string, text: string | Uint8Array): void {
  const temporary = `${path}.tmp-${process.pid}`;
  try {
    writeFileSync(temporary, text);
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}
