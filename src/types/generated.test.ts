import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));

it('src/types/openapi.ts is generated from the current document (run npm run types:generate)', () => {
  const out = join(mkdtempSync(join(tmpdir(), 'ailuna-types-')), 'openapi.ts');
  execFileSync(join(root, 'node_modules/.bin/openapi-typescript'), ['openapi/openapi.yaml', '-o', out], { cwd: root, stdio: 'ignore' });
  expect(readFileSync(join(root, 'src/types/openapi.ts'), 'utf8')).toBe(readFileSync(out, 'utf8'));
});
