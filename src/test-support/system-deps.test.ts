import { describe, expect, it } from 'vitest';
import { isExecutableFile, requireSystemCommand } from './system-deps.ts';

describe('requireSystemCommand', () => {
  const missing = { isExecutable: () => false };

  it('answers true, silently, when the command is installed', () => {
    const warnings: string[] = [];
    expect(requireSystemCommand('/usr/bin/x', 'x', { isExecutable: () => true, env: {}, warn: (m) => warnings.push(m) })).toBe(true);
    expect(warnings).toEqual([]);
  });

  it('warns loudly, naming the package and the apt-get command, and answers false when it is missing', () => {
    const warnings: string[] = [];
    expect(requireSystemCommand('/usr/bin/chromium', 'chromium', { ...missing, env: {}, warn: (m) => warnings.push(m) })).toBe(false);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('SKIPPING TESTS: /usr/bin/chromium is missing');
    expect(warnings[0]).toContain('"chromium"');
    expect(warnings[0]).toContain('apt-get update && apt-get install -y --no-install-recommends chromium');
    expect(warnings[0]).toContain('AILUNA_REQUIRE_SYSTEM_DEPS=1');
  });

  it.each(['0', '', 'true'])('still skips with AILUNA_REQUIRE_SYSTEM_DEPS=%j', (value) => {
    expect(requireSystemCommand('/usr/bin/x', 'x', { ...missing, env: { AILUNA_REQUIRE_SYSTEM_DEPS: value }, warn: () => {} })).toBe(false);
  });

  it('throws the same message under AILUNA_REQUIRE_SYSTEM_DEPS=1, so the test fails instead of skipping', () => {
    const warnings: string[] = [];
    expect(() =>
      requireSystemCommand('/usr/bin/chromium', 'chromium', {
        ...missing,
        env: { AILUNA_REQUIRE_SYSTEM_DEPS: '1' },
        warn: (m) => warnings.push(m),
      }),
    ).toThrow(
      /\/usr\/bin\/chromium is missing: install the Debian package "chromium" with `apt-get update && apt-get install -y --no-install-recommends chromium`.*a failure, not a skip/,
    );
    expect(warnings).toEqual([]);
  });
});

describe('isExecutableFile', () => {
  it('is true for an executable file only', () => {
    expect(isExecutableFile(process.execPath)).toBe(true);
    expect(isExecutableFile('/nonexistent/command')).toBe(false);
    expect(isExecutableFile('/')).toBe(false);
  });
});
