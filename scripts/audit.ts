/**
 * Audits every published page of the built site (npm run build) and fails when a budget is missed:
 *   - Lighthouse (mobile emulation, simulated throttling): performance >= 95 (90 on the chapters
 *     with demos); accessibility,
 *     best practices and SEO = 100
 *   - axe-core (WCAG 2.1 A/AA and best practice): no violations
 *   - page weight: JavaScript after scrolling through the page <= 60 KB on a chapter, <= 150 KB on a
 *     chapter with demos; no ML runtime, WebAssembly, data set or model before a demo starts
 * Prints one table. Run: npm run audit   (about six minutes on two cores; .ci/run runs it after npm test)
 */
import AxeBuilder from '@axe-core/playwright';
import { chromium } from '@playwright/test';
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';
import { readFileSync } from 'node:fs';
import { findChromium } from '../src/node/browser';
import { serveDist } from './serve-dist';
import { demoChapters, jsBudget, measurePageWeight } from '../tests/support/page-weight';
import { scrollThrough } from '../tests/support/scroll-through';

const server = await serveDist();
const base = server.origin;
const paths = [...readFileSync('dist/sitemap-0.xml', 'utf8').matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => new URL(m[1]!).pathname);
const executablePath = findChromium()?.executablePath;

interface Row {
  path: string;
  scores: Record<'performance' | 'accessibility' | 'best-practices' | 'seo', number>;
  jsKB: number;
  totalKB: number;
  axe: number;
  problems: string[];
}
const rows: Row[] = [];

try {
  const browser = await chromium.launch({ executablePath });
  const page = await (await browser.newContext()).newPage();
  const chrome = await chromeLauncher.launch({ chromePath: executablePath, chromeFlags: ['--headless=new', '--no-sandbox', '--disable-gpu'] });
  try {
    for (const path of paths) {
      const problems: string[] = [];
      const run = async () =>
        (await lighthouse(`${base}${path}`, {
          port: chrome.port,
          output: 'json',
          logLevel: 'error',
          onlyCategories: ['performance', 'accessibility', 'best-practices', 'seo'],
        }))!.lhr;
      const score = (lhr: Awaited<ReturnType<typeof run>>, category: string) => Math.round((lhr.categories[category]?.score ?? 0) * 100);
      // The performance score of one run varies by several points on a busy machine (the other
      // categories do not), and on CI's virtual machine a page has scored 100 in one run of the audit
      // and 82 in the next. A page under the budget gets four more runs, and the median of the five
      // counts, as Lighthouse's documentation advises.
      // The chapters with demos carry the most markup (chapter 5 in Chinese: 183 KB of HTML, 65 KB of it
      // seven code listings), and their main thread is busy laying it out, not running scripts: zh
      // /mnist/ scores 86–92 on this project's 2-core machine with or without the site's own scripts in
      // its head (measured with the service worker's registration removed: 86, 88, 91), en /mnist/ 94–100.
      const performanceFloor = demoChapters.test(path) ? 90 : 95;
      let lhr = await run();
      if (score(lhr, 'performance') < performanceFloor) {
        const runs = [lhr];
        for (let i = 0; i < 4; i++) runs.push(await run());
        runs.sort((a, b) => score(a, 'performance') - score(b, 'performance'));
        lhr = runs[2]!;
      }
      const scores = Object.fromEntries(
        (['performance', 'accessibility', 'best-practices', 'seo'] as const).map((c) => [c, score(lhr, c)]),
      ) as Row['scores'];
      for (const [category, value] of Object.entries(scores)) {
        const floor = category === 'performance' ? performanceFloor : 100;
        if (value < floor) {
          const failing = lhr.categories[category]!.auditRefs
            .filter((ref) => ref.weight > 0 && (lhr.audits[ref.id]?.score ?? 1) < 1)
            .map((ref) => `${ref.id}${lhr.audits[ref.id]?.displayValue ? ` ${lhr.audits[ref.id]!.displayValue}` : ''}`);
          problems.push(`Lighthouse ${category} ${value} < ${floor}: ${failing.join(', ')}`);
        }
      }

      const { afterScroll } = await measurePageWeight(browser, `${base}${path}`);
      const budget = demoChapters.test(path) ? jsBudget.demoChapter : jsBudget.chapter;
      if (afterScroll.jsBytes > budget) problems.push(`JavaScript ${(afterScroll.jsBytes / 1024).toFixed(1)} KB > ${budget / 1024} KB`);
      for (const url of afterScroll.heavy) problems.push(`loaded ${new URL(url).pathname} before any demo started`);

      await page.goto(`${base}${path}`, { waitUntil: 'networkidle' });
      // Blocks are laid out, and wide ones made focusable, as they come near the viewport.
      await scrollThrough(page);
      await page.waitForTimeout(300);
      const { violations } = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
      for (const v of violations) problems.push(`axe ${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join('; ')}`);

      rows.push({ path, scores, jsKB: afterScroll.jsBytes / 1024, totalKB: afterScroll.totalBytes / 1024, axe: violations.length, problems });
      process.stderr.write('.');
    }
  } finally {
    await chrome.kill();
    await browser.close();
  }
} finally {
  await server.close();
}

const header = ['page', 'perf', 'a11y', 'best pr.', 'SEO', 'JS KB', 'total KB', 'axe'];
const table = rows.map((r) => [
  r.path,
  String(r.scores.performance),
  String(r.scores.accessibility),
  String(r.scores['best-practices']),
  String(r.scores.seo),
  r.jsKB.toFixed(1),
  r.totalKB.toFixed(0),
  String(r.axe),
]);
const widths = header.map((h, i) => Math.max(h.length, ...table.map((row) => row[i]!.length)));
const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
console.log(`\n${line(header)}\n${widths.map((w) => '-'.repeat(w)).join('  ')}`);
for (const row of table) console.log(line(row));
const failures = rows.flatMap((r) => r.problems.map((p) => `${r.path}: ${p}`));
if (failures.length) {
  console.log(`\n${failures.length} budget(s) missed:\n${failures.join('\n')}`);
  process.exitCode = 1;
} else {
  console.log(`\nAll ${rows.length} pages within budget.`);
}

