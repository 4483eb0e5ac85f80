import { readFileSync } from 'node:fs';
import { expect, publishedPaths, test } from './fixtures';

const paths = publishedPaths();
const cjk = /[\u4e00-\u9fff]/;
const site = 'http://127.0.0.1:4321';

/** Width and height from a PNG's IHDR chunk. */
function pngSize(bytes: Buffer) {
  expect(bytes.subarray(1, 4).toString('latin1')).toBe('PNG');
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

test('every page has a unique title and description per locale', async ({ page }) => {
  test.slow();
  const seen = new Map<string, string>();
  for (const path of paths) {
    await page.goto(path);
    const title = await page.title();
    const description = await page.locator('meta[name="description"]').getAttribute('content');
    expect(description?.length ?? 0, path).toBeGreaterThan(10);
    for (const key of [`title:${title}`, `description:${description}`]) {
      expect(seen.get(key), `${path} repeats the ${key.split(':')[0]} of ${seen.get(key)}`).toBeUndefined();
      seen.set(key, path);
    }
  }
});

for (const path of paths) {
  test(`${path}: canonical, hreflang, social card and JSON-LD`, async ({ page, request }) => {
    await page.goto(path);
    const lang = await page.locator('html').getAttribute('lang');
    expect(lang).toBe(path.startsWith('/en/') ? 'en' : 'zh-CN');
    await expect(page.locator('link[rel="canonical"]')).toHaveAttribute('href', site + path);

    const alternates = await page.locator('link[rel="alternate"][hreflang]').evaluateAll((links) =>
      links.map((l) => [l.getAttribute('hreflang'), l.getAttribute('href')] as const),
    );
    expect(alternates.map(([h]) => h).sort()).toEqual(['en', 'x-default', 'zh-CN']);
    for (const [, href] of alternates) expect((await request.get(href!)).status(), href!).toBe(200);

    const meta = async (selector: string) => page.locator(selector).getAttribute('content');
    expect(await meta('meta[property="og:title"]')).toBeTruthy();
    expect(await meta('meta[property="og:description"]')).toBeTruthy();
    expect(await meta('meta[name="twitter:card"]')).toBe('summary_large_image');
    const image = (await meta('meta[property="og:image"]'))!;
    expect(await meta('meta[name="twitter:image"]')).toBe(image);
    const png = await request.get(image);
    expect(png.headers()['content-type']).toBe('image/png');
    expect(pngSize(await png.body())).toEqual({ width: 1200, height: 630 });

    const ld = JSON.parse((await page.locator('script[type="application/ld+json"]').textContent())!);
    expect(ld['@type']).toBe('TechArticle');
    expect(ld.inLanguage).toBe(lang);
    expect(ld.headline).toBe(await page.getByRole('heading', { level: 1 }).textContent());
    expect(new Date(ld.dateModified).getTime()).not.toBeNaN();
    expect(ld.isPartOf.url).toBe(path.startsWith('/en/') ? `${site}/en/` : `${site}/`);
  });
}

test('the sitemap lists every page once, and robots.txt points to it', async ({ request }) => {
  const xml = readFileSync('dist/sitemap-0.xml', 'utf8');
  const locs = [...xml.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => m[1]);
  expect(new Set(locs).size).toBe(locs.length);
  expect(locs.filter((l) => l!.includes('/en/')).length).toBe(locs.length / 2);
  const robots = await (await request.get('/robots.txt')).text();
  expect(robots).toContain(`Sitemap: ${site}/sitemap-index.xml`);
});

test('no page mixes in UI chrome of the other locale', async ({ page }) => {
  test.slow();
  for (const path of paths) {
    await page.goto(path);
    const chrome = await page
      .locator('header .site-title, nav.sidebar .sidebar-content, .pagination-links, starlight-toc h2, .right-sidebar h2, footer .meta')
      .allInnerTexts();
    // Code blocks' copy buttons are named by their title; terminal frames carry a hidden label.
    const copyNames = await page.locator('.expressive-code .copy button').evaluateAll((buttons) => buttons.map((b) => b.getAttribute('title') ?? ''));
    const frameLabels = await page.locator('.expressive-code figcaption .sr-only').allTextContents();
    const text = [...chrome, ...copyNames, ...frameLabels].join(' ');
    if (path.startsWith('/en/')) expect(text, path).not.toMatch(cjk);
    else expect(text, path).toMatch(cjk);
  }
});

test('the language switcher lands on the same page in the other language', async ({ page }) => {
  await page.goto('/math/');
  await page.getByRole('combobox', { name: '选择语言' }).first().selectOption({ label: 'English' });
  // waitForURL also waits for the load event: the switcher's script must have run before it is used
  // again, and a pattern ending in /math/ would already match /en/math/.
  await page.waitForURL((url) => url.pathname === '/en/math/');
  await page.getByRole('combobox', { name: 'Select language' }).first().selectOption({ label: '简体中文' });
  await page.waitForURL((url) => url.pathname === '/math/');
});
