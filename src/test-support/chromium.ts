import { chromium, type Browser } from 'playwright-core';
import { requireSystemCommand } from './system-deps.ts';

/** Debian's chromium, which the browser tests drive through playwright-core. */
export const CHROMIUM_PATH = '/usr/bin/chromium';

/**
 * Whether chromium is there (skip loudly when not; fail under AILUNA_REQUIRE_SYSTEM_DEPS=1).
 * Call at the top level of a test file and pass the result to `describe.skipIf(!…)`.
 */
export function haveChromium(): boolean {
  return requireSystemCommand(CHROMIUM_PATH, 'chromium');
}

/** Headless chromium, with everything that would phone home switched off (the machines have no network). */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}
