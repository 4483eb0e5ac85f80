import { execSync } from 'node:child_process';

/**
 * The system Chromium (CHROMIUM_PATH, else `chromium` on PATH), for the build's diagram renderer
 * and the tests: Playwright's own browser download is not possible on every machine we build on.
 * Undefined lets Playwright use its own browser where one is installed.
 */
export function systemChromium(): string | undefined {
  if (process.env.CHROMIUM_PATH) return process.env.CHROMIUM_PATH;
  try {
    return execSync('command -v chromium', { encoding: 'utf8', shell: '/bin/sh' }).trim() || undefined;
  } catch {
    return undefined;
  }
}
