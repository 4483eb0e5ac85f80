import { chapterSlugs } from '../../src/config/chapters';
import { expect, test } from './fixtures';

test('the errata index lists every erratum box of every chapter, and each link lands on its box', async ({ page }) => {
  test.slow();
  const boxes: string[] = [];
  for (const slug of chapterSlugs) {
    await page.goto(`/${slug}/`);
    const ids = await page.locator('div.erratum').evaluateAll((els) => els.map((el) => el.id));
    boxes.push(...ids.map((id) => `/${slug}/#${id}`));
  }
  expect(boxes.length).toBeGreaterThan(0);

  await page.goto('/errata/');
  const links = await page.locator('.errata-list a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
  expect(links).toEqual(boxes);
  await expect(page.locator('.errata-total')).toContainText(`共 ${boxes.length} 条勘误`);

  await page.locator('.errata-list a').first().click();
  const target = new URL(page.url()).hash;
  await expect(page.locator(target)).toBeInViewport();
});

test('an erratum shows what the article says, why it is wrong and what is right', async ({ page }) => {
  await page.goto('/resources/');
  const box = page.locator('div.erratum#ch7-gpt3-title');
  await expect(box.locator('dt')).toHaveText(['原文', '原因', '更正']);
  await expect(box.locator('.erratum__said')).toContainText('GPT-3');
  await expect(box.locator('.erratum__right')).toContainText('Language Models are Few-Shot Learners');
});
