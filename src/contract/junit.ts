import type { CheckResult } from './runner.ts';

/**
 * A JUnit XML report (the Ant/Jenkins/Surefire shape CI servers read): one <testsuite>, one
 * <testcase> per check, <failure> with the violation, <skipped> with the reason.
 */
export function junitReport(suiteName: string, results: readonly CheckResult[], timestamp = new Date()): string {
  const count = (outcome: CheckResult['outcome']) => results.filter((r) => r.outcome === outcome).length;
  const seconds = (ms: number) => (ms / 1000).toFixed(3);
  const total = results.reduce((sum, r) => sum + r.ms, 0);
  const cases = results.map((result) => {
    const area = result.name.split(':')[0]?.trim() || 'contract';
    const open = `    <testcase classname="${escapeXml(`contract.${area}`)}" name="${escapeXml(result.name)}" time="${seconds(result.ms)}"`;
    if (result.outcome === 'passed') return `${open}/>`;
    const detail = result.detail ?? '';
    const inner = result.outcome === 'failed'
      ? `<failure message="${escapeXml(detail.split('\n')[0] ?? '')}" type="ContractViolation">${escapeXml(detail)}</failure>`
      : `<skipped message="${escapeXml(detail)}"/>`;
    return `${open}>\n      ${inner}\n    </testcase>`;
  });
  const attributes = `name="${escapeXml(suiteName)}" tests="${results.length}" failures="${count('failed')}" errors="0" skipped="${count('skipped')}" time="${seconds(total)}"`;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites ${attributes}>`,
    `  <testsuite ${attributes} timestamp="${timestamp.toISOString().replace(/\.\d{3}Z$/, '')}" hostname="localhost">`,
    ...cases,
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}

/** Escapes text for XML attributes and content, dropping characters XML 1.0 cannot hold. */
export function escapeXml(text: string): string {
  return text
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '')
    .replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}
