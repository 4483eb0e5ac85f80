import remarkMath from 'remark-math';
import remarkMdx from 'remark-mdx';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { visit } from 'unist-util-visit';
import { readChapters } from '../support/content';
import { chapterSlugs, appendixSlugs } from '../../src/config/chapters';
import { expect, publishedPaths, test } from './fixtures';

const paths = publishedPaths();
const pages = readChapters();
const order = [...chapterSlugs, ...appendixSlugs].map((slug) => `/${slug}/`);

/** The content id of a published path: `/` → index, `/en/` → en, `/en/math/` → en/math. */
const idOf = (path: string) => (path === '/' ? 'index' : path.slice(1, -1));

test('the sitemap lists the landing page, every chapter and the errata index, in both languages, once each', () => {
  const expected = ['/', ...order, '/en/', ...order.map((p) => `/en${p}`)];
  expect([...paths].sort()).toEqual(expected.sort());
});

for (const path of paths) {
  test(`${path} answers 200, shows its title as h1 and renders all its math`, async ({ page }) => {
    const response = await page.goto(path);
    expect(response?.status()).toBe(200);
    const id = idOf(path);
    const title = pages.find((p) => p.id === id)?.frontmatter.title as string;
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(title);
    await expect(page.locator('.temml-error')).toHaveCount(0);
    // Every $…$ and $$…$$ of the source is rendered: no raw TeX delimiters left in the text.
    const text = await page.locator('main').innerText();
    expect(text).not.toMatch(/\$\$|\\frac|\\sum|\\sigma/);
    const source = pages.find((p) => p.id === id)!.body;
    let formulas = 0;
    visit(unified().use(remarkParse).use(remarkMdx).use(remarkMath).parse(source), ['math', 'inlineMath'], () => {
      formulas++;
    });
    expect(await page.locator('main math').count()).toBeGreaterThanOrEqual(formulas);
  });
}

for (const [path, label] of [['/concepts/', '深度学习'], ['/en/concepts/', 'Deep learning']] as const) {
  test(`the concept map on ${path} arrives as an SVG diagram in the HTML, without Mermaid in the browser`, async ({ page }) => {
    const scripts: string[] = [];
    page.on('response', (r) => {
      if (r.request().resourceType() === 'script') scripts.push(r.url());
    });
    await page.goto(path);
    await expect(page.locator('.diagram__light svg .node')).not.toHaveCount(0);
    await expect(page.locator('.diagram__light svg')).toBeVisible();
    await expect(page.locator('.diagram__dark svg')).toBeHidden();
    await expect(page.locator('.diagram__light svg')).toContainText(label);
    await page.waitForLoadState('networkidle');
    expect(scripts.filter((u) => /mermaid|flowDiagram|dagre/i.test(u))).toEqual([]);
  });
}

test('the sidebar lists the chapters in reading order with no stray groups', async ({ page }) => {
  await page.goto('/background/');
  const links = page.locator('nav[aria-label] .sidebar-content a');
  const hrefs = await links.evaluateAll((as) => as.map((a) => a.getAttribute('href')));
  expect(hrefs).toEqual(order);
  await expect(page.locator('.sidebar-content details')).toHaveCount(0);
});

test('prev/next links walk the chapters in order', async ({ page }) => {
  test.slow();
  for (const [i, path] of order.entries()) {
    await page.goto(path);
    const prev = page.locator('.pagination-links a[rel="prev"]');
    const next = page.locator('.pagination-links a[rel="next"]');
    if (i === 0) await expect(prev).toHaveCount(0);
    else await expect(prev).toHaveAttribute('href', order[i - 1]!);
    if (i === order.length - 1) await expect(next).toHaveCount(0);
    else await expect(next).toHaveAttribute('href', order[i + 1]!);
  }
});

test('"Edit this page" points at the chapter file in the repository', async ({ page }) => {
  await page.goto('/faq/');
  const edit = page.getByRole('link', { name: '编辑此页' });
  await expect(edit).toHaveAttribute('href', /\/content\/docs\/faq\.mdx$/);
});

test('the preview server sends the cross-origin isolation headers the demos need', async ({ page }) => {
  const response = await page.goto('/');
  expect(response?.headers()['cross-origin-opener-policy']).toBe('same-origin');
  expect(response?.headers()['cross-origin-embedder-policy']).toBe('require-corp');
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
});

test('an unknown address answers 404 with a page that leads back into the guide', async ({ page, watch }) => {
  const response = await page.goto('/no-such-page/');
  expect(response?.status()).toBe(404);
  // The browser reports the 404 of the document itself; that one is the point of this test.
  const expected = watch.problems.findIndex((p) => p.includes('status of 404'));
  expect(expected).toBeGreaterThanOrEqual(0);
  watch.problems.splice(expected, 1);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('找不到这一页');
  await expect(page.getByRole('link', { name: '回到首页' })).toHaveAttribute('href', '/');
});

test('Starlight asides and heading anchors work in chapters', async ({ page }) => {
  await page.goto('/math/');
  await expect(page.locator('aside.starlight-aside--tip')).toHaveCount(1);
  await expect(page.locator('aside.starlight-aside--tip .starlight-aside__title')).toContainText('在自己的电脑上运行');
  await expect(page.locator('h2 ~ .sl-anchor-link, .sl-heading-wrapper .sl-anchor-link').first()).toBeAttached();
});
