import { execSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chromium } from 'playwright-core';

export interface FoundChromium {
  /** undefined: Playwright's own browser, where Playwright looks for it */
  executablePath: string | undefined;
  source: 'CHROMIUM_PATH' | 'PATH' | 'Playwright';
}

/**
 * A Chromium for the build's diagram renderer and the tests: the system's (CHROMIUM_PATH, else
 * `chromium` on PATH; Playwright cannot download its own on every machine we build on), else
 * Playwright's own where `npx playwright install chromium` put it; null when there is none.
 */
export function findChromium(): FoundChromium | null {
  if (process.env.CHROMIUM_PATH) return { executablePath: process.env.CHROMIUM_PATH, source: 'CHROMIUM_PATH' };
  try {
    const onPath = execSync('command -v chromium || command -v chromium-browser', { encoding: 'utf8', shell: '/bin/sh', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    if (onPath) return { executablePath: onPath, source: 'PATH' };
  } catch {
    // not on PATH
  }
  return existsSync(chromium.executablePath()) ? { executablePath: undefined, source: 'Playwright' } : null;
}

/** Whether `found` really starts headless (a binary can exist and still miss its libraries). */
export async function canLaunch(found: FoundChromium): Promise<boolean> {
  try {
    const browser = await chromium.launch({ executablePath: found.executablePath, timeout: 30_000, args: ['--no-sandbox'] });
    await browser.close();
    return true;
  } catch {
    return false;
  }
}

/** What to install, said once, when no Chromium can be had. */
export const noChromiumAdvice =
  'install Chromium (Debian/Ubuntu: apt install chromium; elsewhere: npx playwright install chromium, which needs network access) or point CHROMIUM_PATH at a Chromium or Chrome';

/**
 * The Chromium for the end-to-end tests: the one `findChromium` finds, else Playwright's own,
 * installed now (saying so). Throws one line naming what to install when neither works.
 */
export function chromiumForTests(): string | undefined {
  const found = findChromium();
  if (found) return found.executablePath;
  console.log('No Chromium found (CHROMIUM_PATH, chromium on PATH, or Playwright’s own): installing Playwright’s Chromium (npx playwright install chromium)…');
  const install = spawnSync(process.platform === 'win32' ? 'npx.cmd' : 'npx', ['playwright', 'install', 'chromium'], { stdio: 'inherit' });
  if (install.status === 0 && existsSync(chromium.executablePath())) return undefined;
  throw new Error(`The end-to-end tests need Chromium and none could be installed: ${noChromiumAdvice}.`);
}
