import { existsSync } from 'node:fs';
import type { Browser } from 'playwright-core';

/** Debian's chromium (`apt-get install chromium`); CHROMIUM overrides. Never a downloaded browser build. */
export const chromiumPath = process.env.CHROMIUM ?? '/usr/bin/chromium';

/**
 * Whether the browser tests can run. Off CI a machine without chromium skips them, saying why; on CI
 * (`CI=true`, where .ci/run installs it) a missing chromium is a failure, not a skip.
 */
export function chromiumAvailability(): { run: true } | { run: false; why: string } {
  if (existsSync(chromiumPath)) return { run: true };
  const why = `chromium not found at ${chromiumPath}: apt-get install -y chromium (or set CHROMIUM)`;
  if (process.env.CI === 'true') throw new Error(`${why}. CI must run the browser tests.`);
  return { run: false, why };
}

/** Headless Chromium with the flags a closed network needs (without the background-networking ones it hangs). */
export async function launchChromium(): Promise<Browser> {
  const { chromium } = await import('playwright-core');
  return chromium.launch({
    executablePath: chromiumPath,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}
