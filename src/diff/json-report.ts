import { jpegSize } from '../contract/checks/jpeg.ts';
import { allDifferences, type Answer, type DiffResult } from './types.ts';

/** The JSON report: every request (as a template: no key in it) with both answers and its differences. */
export function jsonReport(result: DiffResult): string {
  return `${JSON.stringify({
    a: result.a,
    b: result.b,
    readOnly: result.readOnly,
    russianAccount: result.russianAccount,
    token: result.token,
    startedAt: result.startedAt,
    requests: result.exchanges.length,
    differences: allDifferences(result).length,
    exchanges: result.exchanges.map((e) => ({
      index: e.index + 1,
      group: e.request.group,
      name: e.request.name,
      ...(e.request.account ? { account: e.request.account } : {}),
      request: { method: e.request.method, path: e.request.path, headers: e.request.headers, body: e.request.body ?? null, scope: e.request.scope },
      a: answerJson(e.a),
      b: answerJson(e.b),
      differences: e.differences,
    })),
  }, null, 2)}\n`;
}

/** An answer for a report: text bodies as text, a JPEG by its size. */
function answerJson(answer: Answer): { status: number; headers: Record<string, string>; body: string } {
  return { status: answer.status, headers: answer.headers, body: bodyText(answer) };
}

export function bodyText(answer: Answer): string {
  const size = jpegSize(answer.bytes);
  if (size !== null) return `<JPEG ${size.width}x${size.height}, ${answer.bytes.length} bytes>`;
  const text = new TextDecoder().decode(answer.bytes);
  return text.length > 20_000 ? `${text.slice(0, 20_000)}… (${text.length} characters)` : text;
}
