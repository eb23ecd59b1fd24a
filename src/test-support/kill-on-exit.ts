import type { ChildProcess } from 'node:child_process';

/** Every tracked child still running: killed when this process exits, however it exits. */
const children = new Set<ChildProcess>();
let exitHookInstalled = false;

/** Kills `child` (SIGKILL) if it is still running when this process exits: no stray servers after a failed test. */
export function killOnExit(child: ChildProcess): void {
  children.add(child);
  child.once('exit', () => children.delete(child));
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => {
    for (const running of children) running.kill('SIGKILL');
  });
}
