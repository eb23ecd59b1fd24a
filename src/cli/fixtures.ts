import { generateFixtures } from '../har/generate.ts';
import { FIXTURES, parse } from './options.ts';
import type { Console } from './terminal.ts';

/** `ailuna-images fixtures`: regenerates the committed fixtures (--dir is checked before anything is written). */
export async function fixtures(argv: string[], env: Record<string, string | undefined>, io: Console): Promise<number> {
  const parsed = parse(FIXTURES, argv, env);
  if (parsed.show !== undefined) {
    io.out(parsed.show);
    return 0;
  }
  for (const file of await generateFixtures(parsed.values.dir)) io.out(`wrote ${file}`);
  return 0;
}
