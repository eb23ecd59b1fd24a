import { accessSync, constants, statSync } from 'node:fs';

/** The variable `.ci/run` sets: a missing system dependency fails the test run instead of skipping. */
export const REQUIRE_SYSTEM_DEPS_VARIABLE = 'AILUNA_REQUIRE_SYSTEM_DEPS';

export interface SystemCommandOptions {
  /** Environment to read `AILUNA_REQUIRE_SYSTEM_DEPS` from (default `process.env`). */
  env?: Record<string, string | undefined>;
  /** Where a skip is announced (default `console.warn`). */
  warn?: (message: string) => void;
  /** Whether `path` is an executable file (default: the file system). */
  isExecutable?: (path: string) => boolean;
}

/** Whether `path` is a file this process may execute. */
export function isExecutableFile(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** The sentence naming a missing system command, its Debian package and how to install it. */
export function missingSystemCommandMessage(path: string, debianPackage: string): string {
  return (
    `${path} is missing: install the Debian package "${debianPackage}" with ` +
    `\`apt-get update && apt-get install -y --no-install-recommends ${debianPackage}\` (as root). ` +
    `.ci/run installs it when it is missing.`
  );
}

/**
 * Whether a system command a test needs (chromium, redis-server) is installed. When it is missing,
 * the test should skip: this warns loudly, naming the package and the apt-get command, and returns
 * false. With `AILUNA_REQUIRE_SYSTEM_DEPS=1` (set by `.ci/run`) a missing command is an error
 * instead: this throws with the same message, so the test file fails.
 *
 * @example
 * const haveChromium = requireSystemCommand('/usr/bin/chromium', 'chromium');
 * describe.skipIf(!haveChromium)('in chromium', () => { ... });
 */
export function requireSystemCommand(path: string, debianPackage: string, options: SystemCommandOptions = {}): boolean {
  const { env = process.env, warn = console.warn, isExecutable = isExecutableFile } = options;
  if (isExecutable(path)) return true;
  const message = missingSystemCommandMessage(path, debianPackage);
  if (env[REQUIRE_SYSTEM_DEPS_VARIABLE] === '1') {
    throw new Error(`${message} ${REQUIRE_SYSTEM_DEPS_VARIABLE}=1 is set, so this is a failure, not a skip.`);
  }
  warn(
    `\n${'!'.repeat(100)}\n` +
      `!! SKIPPING TESTS: ${message}\n` +
      `!! (set ${REQUIRE_SYSTEM_DEPS_VARIABLE}=1 to make this a failure, as CI does)\n` +
      `${'!'.repeat(100)}\n`,
  );
  return false;
}
