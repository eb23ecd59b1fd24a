import { readFileSync } from 'node:fs';
import { validateXML } from 'xmllint-wasm';
import { describe, expect, it } from 'vitest';
import { junitReport } from '../../src/contract/junit.ts';
import type { CheckResult } from '../../src/contract/runner.ts';

const XSD = readFileSync(new URL('./junit.xsd', import.meta.url), 'utf8');

async function problemsOf(xml: string): Promise<string[]> {
  const result = await validateXML({ xml: [{ fileName: 'report.xml', contents: xml }], schema: [{ fileName: 'junit.xsd', contents: XSD }] });
  return result.valid ? [] : result.errors.map((e) => e.message);
}

describe('the JUnit report', () => {
  const results: CheckResult[] = [
    { name: 'auth: 401 for "JSON" clients & <others>', outcome: 'passed', ms: 12.5 },
    { name: 'list: filters', outcome: 'failed', ms: 40, detail: 'GET /api/v1/images?style=anime ids: expected [1], got [2]\n  and a second line \u0007' },
    { name: 'isolation: second user', outcome: 'skipped', ms: 0, detail: 'no second key' },
  ];

  it('validates against the JUnit schema, with escaped names and details', async () => {
    const xml = junitReport('ailuna-images contract http://x/api/v1?a=1&b=2', results, new Date('2026-11-25T10:00:00Z'));
    expect(await problemsOf(xml)).toEqual([]);
    expect(xml).toContain('tests="3" failures="1" errors="0" skipped="1"');
    expect(xml).toContain('<failure message="GET /api/v1/images?style=anime ids: expected [1], got [2]" type="ContractViolation">');
    expect(xml).toContain('name="auth: 401 for &quot;JSON&quot; clients &amp; &lt;others&gt;"');
  });

  it('is refused by the schema when it is broken (the check can fail)', async () => {
    const xml = junitReport('x', results).replace(' classname="contract.list"', '');
    expect((await problemsOf(xml)).join('\n')).toMatch(/classname/);
  });
});
