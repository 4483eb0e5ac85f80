/**
 * Screenshots of built pages for reviewing layout by eye: every path given (default: the landing
 * page and two chapters) at phone and desktop width, light and dark. Needs a running preview
 * server (`npm run preview`). Usage: node scripts/screenshots.ts [/path/ ...]
 */
import { mkdirSync } from 'node:fs';
import { chromium } from '@playwright/test';

const base = process.env.BASE_URL ?? 'http://127.0.0.1:4321';
const paths = process.argv.slice(2).length ? process.argv.slice(2) : ['/', '/concepts/', '/math/'];
const widths = [390, 1280];
const out = 'screenshots';
mkdirSync(out, { recursive: true });

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
for (const theme of ['light', 'dark'] as const) {
  for (const width of widths) {
    const context = await browser.newContext({ viewport: { width, height: 900 }, colorScheme: theme, deviceScaleFactor: 1 });
    const page = await context.newPage();
    for (const path of paths) {
      await page.goto(base + path);
      await page.waitForLoadState('networkidle');
      const name = `${path.replace(/\//g, '_') || '_'}-${width}-${theme}.png`;
      await page.screenshot({ path: `${out}/${name}`, fullPage: process.env.FULL === '1' });
      console.log(`${out}/${name}`);
    }
    await context.close();
  }
}
await browser.close();
