// The command line of the bench's body servers (baseline-server.ts, express-server.ts).
import { readFileSync } from 'node:fs';

/** Reads `CONTENT_TYPE BODY_FILE [BODY_FILE…]`; prints the usage and exits 2 when it is wrong. */
export function readBodies(name: string, argv: string[]): { contentType: string; bodies: Buffer[] } {
  const [contentType, ...files] = argv;
  if (!contentType || files.length === 0) {
    process.stderr.write(`usage: tsx bench/lib/${name}.ts CONTENT_TYPE BODY_FILE [BODY_FILE…]\n`);
    process.exit(2);
  }
  return { contentType, bodies: files.map((file) => readFileSync(file)) };
}
