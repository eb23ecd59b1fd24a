import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { markdownExitCodeRows, markdownFlagRows } from './flags.ts';
import { COMMANDS } from './options.ts';

// The README's flag and exit-code tables are the tables in code, row for row: they cannot drift
// from --help. After changing a flag, paste the rows this test prints as missing.

const README = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
const lines = README.split('\n');

/** The rows of the markdown table that contains `row`, or [] when no table line is `row`. */
function tableAround(row: string): string[] {
  const at = lines.indexOf(row);
  if (at === -1) return [];
  let first = at;
  while (first > 0 && lines[first - 1]?.startsWith('|')) first--;
  let last = at;
  while (lines[last + 1]?.startsWith('|')) last++;
  return lines.slice(first + 2, last + 1);
}

describe('README tables', () => {
  it.each(COMMANDS.map((spec) => [spec.name, spec] as const))('%s: one table with exactly the flags of --help', (_, spec) => {
    const expected = markdownFlagRows(spec);
    expect(tableAround(expected[0] as string), `README.md lacks the ${spec.name} table; its rows:\n${expected.join('\n')}`).toEqual(expected);
    expect(lines[lines.indexOf(expected[0] as string) - 2]).toBe('| flag | variable | default | meaning |');
  });

  it('the exit-code table', () => {
    const expected = markdownExitCodeRows();
    expect(tableAround(expected[0] as string), `README.md lacks the exit-code table; its rows:\n${expected.join('\n')}`).toEqual(expected);
  });
});

describe('README contents', () => {
  const headings = lines.filter((line) => /^#{2,3} /.test(line) && line !== '## Contents').map((line) => line.replace(/^#+ /, ''));
  /** GitHub's anchor of a heading. */
  const anchor = (heading: string) => heading.toLowerCase().replace(/[^\w\- ]/g, '').replace(/ /g, '-');
  const contents = lines.slice(lines.indexOf('## Contents') + 1, lines.indexOf('## Contents') + 1 + headings.length + 2)
    .filter((line) => /^\s*- \[/.test(line));

  it('lists every section, in order, each linking to its heading', () => {
    expect(contents.map((line) => /\(#([^)]+)\)/.exec(line)?.[1])).toEqual(headings.map(anchor));
  });

  it('every link to a section of the README names an existing heading', () => {
    const anchors = new Set(headings.map(anchor));
    const links = [...README.matchAll(/\]\(#([^)]+)\)/g)].map((match) => match[1]);
    expect(links.filter((link) => !anchors.has(link as string))).toEqual([]);
  });
});
