import { chmodSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli, startCli } from '../test-support/cli.ts';
import { freePort } from '../test-support/free-port.ts';

// Errors before work, through the real command: one line on stderr naming the flag (and the path),
// exit code 2, nothing on stdout, and nothing written.

const scratch = mkdtempSync(join(tmpdir(), 'ailuna-preflight-'));
const lockedDir = join(scratch, 'read-only');
mkdirSync(lockedDir);
chmodSync(lockedDir, 0o555);
afterAll(() => chmodSync(lockedDir, 0o755));

/** A folder no file can be created in: root ignores permissions, but not /sys on Linux. */
const readOnly = process.getuid?.() === 0 ? '/sys' : lockedDir;
const HAR = fileURLToPath(new URL('../../fixtures/recordings/endpoints.har', import.meta.url));

const expectRefused = async (args: string[], line: string | RegExp) => {
  const result = await runCli(args, { cwd: scratch });
  expect(result.code, `${args.join(' ')}: ${result.stderr}`).toBe(2);
  expect(result.stdout).toBe('');
  if (typeof line === 'string') expect(result.stderr).toBe(`error: ${line}\n`);
  else expect(result.stderr).toMatch(line);
};

describe('path flags are checked before anything runs', () => {
  it('contract --junit: a missing folder, a folder given as the file, a folder nobody can write in', async () => {
    await expectRefused(['contract', '--junit', '/no/such/dir/c.xml'], '--junit /no/such/dir/c.xml: the folder /no/such/dir does not exist.');
    await expectRefused(['contract', '--junit', scratch], `--junit ${scratch}: is a folder; give a file name.`);
    await expectRefused(['contract', '--junit', join(readOnly, 'c.xml')], new RegExp(`^error: --junit ${join(readOnly, 'c.xml')}: cannot write in ${readOnly} \\((EACCES|EPERM|EROFS)\\)\\.\\n$`));
    await expectRefused(['contract', '--junit', '/etc/hostname/c.xml'], '--junit /etc/hostname/c.xml: /etc/hostname is a file, not a folder.');
  }, 60_000);

  it('serve --data, diff --json and --html, record --out, fixtures --dir', async () => {
    await expectRefused(['serve', '--port', '0', '--data', '/no/such/dir/x.json'], '--data /no/such/dir/x.json: the folder /no/such/dir does not exist.');
    await expectRefused(['serve', '--port', '0', '--data', join(readOnly, 'x.json')], new RegExp(`^error: --data ${join(readOnly, 'x.json')}: cannot write in ${readOnly} \\((EACCES|EPERM|EROFS)\\)\\.\\n$`));
    await expectRefused(['diff', '--a', 'http://127.0.0.1:1/api/v1', '--b', 'http://127.0.0.1:1/api/v1', '--key', 'k', '--json', '/no/such/dir/d.json'], '--json /no/such/dir/d.json: the folder /no/such/dir does not exist.');
    await expectRefused(['diff', '--a', 'http://127.0.0.1:1/api/v1', '--b', 'http://127.0.0.1:1/api/v1', '--key', 'k', '--html', '/no/such/dir/d.html'], '--html /no/such/dir/d.html: the folder /no/such/dir does not exist.');
    await expectRefused(['record', '--upstream', 'http://127.0.0.1:1', '--out', '/no/such/dir/r.har'], '--out /no/such/dir/r.har: the folder /no/such/dir does not exist.');
    await expectRefused(['fixtures', '--dir', '/no/such/dir/fx'], '--dir /no/such/dir/fx: the folder /no/such/dir does not exist.');
    // Nothing was left behind: no state file, no temporary file, no probe.
    expect(readdirSync(scratch).sort()).toEqual(['read-only']);
  }, 60_000);

  it('replay FILE: it must exist and be a HAR file', async () => {
    writeFileSync(join(scratch, 'notes.txt'), 'not json');
    await expectRefused(['replay', '/no/such.har'], 'FILE /no/such.har: no such file.');
    await expectRefused(['replay', scratch], `FILE ${scratch}: is a folder, not a HAR file.`);
    await expectRefused(['replay', join(scratch, 'notes.txt')], new RegExp(`^error: FILE ${join(scratch, 'notes.txt')} is not JSON: .*\\n$`));
  }, 60_000);
});

describe('--host, --port and Redis: one line naming the flag, exit code 2', () => {
  it('an address that is not this machine\'s, a name that does not resolve, a port in use', async () => {
    await expectRefused(['serve', '--host', '999.1.1.1'], '--host must be an IP address or a host name such as 127.0.0.1, 0.0.0.0, ::1 or localhost, not "999.1.1.1".');
    // 192.0.2.1 is TEST-NET-1: documentation only, never a local address.
    await expectRefused(['serve', '--host', '192.0.2.1', '--port', '0'], '--host 192.0.2.1: not an address of this machine (EADDRNOTAVAIL); use 127.0.0.1, 0.0.0.0 or one of its own addresses.');
    // .invalid never resolves (RFC 2606); without DNS at all the lookup fails with EAI_AGAIN.
    await expectRefused(['serve', '--host', 'nosuch.invalid', '--port', '0'], /^error: --host nosuch\.invalid: the name does not resolve to an address \((ENOTFOUND|EAI_AGAIN|EAI_FAIL|EAI_NONAME)\)\.\n$/);
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const port = (taken.address() as { port: number }).port;
    try {
      await expectRefused(['serve', '--port', String(port)], `--port ${port}: already in use on 127.0.0.1; stop what runs there or pass another --port (0 picks a free one).`);
      await expectRefused(['replay', HAR, '--port', String(port)], `--port ${port}: already in use on 127.0.0.1; stop what runs there or pass another --port (0 picks a free one).`);
    } finally {
      await new Promise((resolve) => taken.close(resolve));
    }
  }, 60_000);

  it('serve --store with no Redis there', async () => {
    const port = await freePort();
    await expectRefused(['serve', '--port', '0', '--store', `redis://127.0.0.1:${port}/0`], new RegExp(`^error: Cannot reach Redis at 127\\.0\\.0\\.1:${port} for --store .*\\n$`));
  }, 60_000);
});

describe('targets that cannot be reached', () => {
  it('contract: one line naming the cause, exit code 2, no check output at all', async () => {
    const port = await freePort();
    await expectRefused(['contract', '--base-url', `http://127.0.0.1:${port}/api/v1`, '--key', 'k'], `cannot reach http://127.0.0.1:${port}/api/v1: connection refused — is the server up?`);
    await expectRefused(['contract', '--base-url', 'http://nosuch.invalid/api/v1', '--key', 'k'], /^error: cannot reach http:\/\/nosuch\.invalid\/api\/v1: (the host name does not resolve \(DNS: \w+\) — is the host name right\?|DNS lookup failed \(EAI_AGAIN\) — is the network up, and the host name right\?)\n$/);
  }, 60_000);

  it('diff: the same line for the side that does not answer', async () => {
    const port = await freePort();
    await expectRefused(['diff', '--a', `http://127.0.0.1:${port}/api/v1`, '--b', `http://127.0.0.1:${port}/api/v1`, '--key', 'k'], `cannot reach http://127.0.0.1:${port}/api/v1: connection refused — is the server up?`);
  }, 60_000);

  it('record: a warning at start (a proxy may start before its upstream), then it records', async () => {
    const port = await freePort();
    const out = join(mkdtempSync(join(tmpdir(), 'ailuna-record-')), 'r.har');
    const proxy = await startCli(['record', '--upstream', `http://127.0.0.1:${port}`, '--out', out, '--port', '0'], /Recording (http:\/\/\S+)/);
    expect(await proxy.stop()).toBe(0);
    expect(proxy.output().stderr).toMatch(new RegExp(`^\\S+ warning: cannot reach http://127\\.0\\.0\\.1:${port}: connection refused — is the server up\\? Requests get a 502 until it answers\\.\\n`));
    expect(readdirSync(join(out, '..'))).toEqual(['r.har']);
  }, 60_000);
});
