import { parseArgs } from 'node:util';
import { generateFixtures } from '../fixtures/generate.ts';
import { UsageError } from './options.ts';
import type { Console } from './serve.ts';

export const FIXTURES_HELP = `Usage: ailuna-images fixtures [--dir DIR]   (npm run fixtures)

Regenerates the committed fixtures: seed/default.json (the default data set) and the canonical
recordings recordings/endpoints.har (every endpoint and error case), recordings/limits.har (the
quota's 422 and the throttle's 429) and recordings/browser.har (a list and its JPEGs), recorded through the recording proxy from the fake with a fixed seed and
clock. The same code always writes the same bytes; a test fails when the committed ones are stale.

  --dir DIR   where to write (default: fixtures)`;

export async function fixtures(argv: string[], io: Console): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({ args: argv, strict: true, options: { dir: { type: 'string' }, help: { type: 'boolean', short: 'h' } } }));
  } catch (error) {
    throw new UsageError(`${(error as Error).message}. Run "ailuna-images fixtures --help".`);
  }
  if (values.help) {
    io.out(FIXTURES_HELP);
    return 0;
  }
  for (const file of await generateFixtures(values.dir ?? 'fixtures')) io.out(`wrote ${file}`);
  return 0;
}
