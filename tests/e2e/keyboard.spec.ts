import type { Locator, Page } from '@playwright/test';
import { expect, hydrated, test } from './fixtures';

test.setTimeout(120_000);

/**
 * Walk the island with Tab from its first control to its last: every stop must have an accessible
 * name and a visible focus indicator. Returns the names in tab order.
 */
async function tabThrough(page: Page, section: Locator): Promise<string[]> {
  const first = section.locator('input, select, button, [tabindex="0"]').first();
  await first.focus();
  await page.keyboard.press('Shift+Tab');
  await page.keyboard.press('Tab');
  const names: string[] = [];
  for (let i = 0; i < 80; i++) {
    const focused = page.locator(':focus');
    if ((await section.locator(':focus').count()) === 0) break;
    await expect(focused).toHaveAccessibleName(/\S/);
    const ring = await focused.evaluate((el) => {
      const style = getComputedStyle(el);
      return (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0) || style.boxShadow !== 'none';
    });
    const name = (await focused.evaluate((el) => el.getAttribute('aria-label') || (el as HTMLInputElement).labels?.[0]?.textContent || el.textContent || '')).trim();
    expect(ring, `visible focus on “${name}”`).toBe(true);
    names.push(name);
    await page.keyboard.press('Tab');
  }
  return names;
}

test('activation explorer: every control by keyboard; arrow keys move the probe and the readout follows', async ({ page }) => {
  const section = await hydrated(page, 'section.explorer', '/en/math/');
  const names = await tabThrough(page, section);
  expect(names.length).toBeGreaterThanOrEqual(4);
  const readout = section.locator('.explorer__readout caption');
  const before = await readout.textContent();
  await section.getByRole('slider', { name: /Probe position/ }).focus();
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await expect(readout).not.toHaveText(before!);
  await expect(section.locator('.explorer__readout')).toHaveAttribute('aria-live', 'polite');
});

test('network stepper: edit a weight and take a step with the keyboard; the result is announced', async ({ page }) => {
  const section = await hydrated(page, 'section.stepper', '/en/math/');
  const names = await tabThrough(page, section);
  expect(names.length).toBeGreaterThanOrEqual(15);
  const loss = section.getByTestId('loss');
  const before = await loss.textContent();
  const field = section.locator('input').first();
  await field.focus();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.type('2');
  await expect(loss).not.toHaveText(before!);
  await section.getByRole('button', { name: 'One gradient-descent step' }).focus();
  await page.keyboard.press('Enter');
  await expect(section.getByTestId('step-result')).toContainText('One step taken');
  await expect(section.getByTestId('step-result')).toHaveAttribute('aria-live', 'polite');
});

test('toy trainer: start from the keyboard; progress and the result arrive in a status region', async ({ page }) => {
  const section = await hydrated(page, 'section.trainer', '/en/math/');
  await tabThrough(page, section);
  await section.getByRole('button', { name: 'Start training' }).focus();
  await page.keyboard.press('Enter');
  const status = section.getByRole('status');
  await expect(status).toContainText('Finished', { timeout: 30_000 });
});

test('MNIST trainer: set it up and start it from the keyboard; progress and results are announced', async ({ page }) => {
  const section = await hydrated(page, 'section.mnist', '/en/mnist/');
  const names = await tabThrough(page, section);
  expect(names).toEqual(expect.arrayContaining(['Start training', 'Compare backends']));
  for (const [label, value] of [['Epochs', '1'], ['Training digits', '500']] as const) {
    await section.getByLabel(label, { exact: true }).focus();
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.type(value);
  }
  await section.getByRole('button', { name: 'Start training' }).focus();
  await page.keyboard.press('Space');
  await expect(section.getByRole('status').first()).toContainText('Finished', { timeout: 60_000 });
  await expect(section.getByRole('button', { name: 'Export ONNX' })).toBeVisible();
});

test('draw-a-digit: without a pointer, a test digit drawn for the reader is recognised and announced', async ({ page }) => {
  const section = await hydrated(page, 'section.digit', '/en/faq/');
  const names = await tabThrough(page, section);
  expect(names).toEqual(expect.arrayContaining(['Recognize', 'Clear', 'Draw a test digit for me', 'Measure latency']));
  await section.getByRole('button', { name: 'Draw a test digit for me' }).focus();
  await page.keyboard.press('Enter');
  const prediction = section.getByTestId('digit-prediction');
  await expect(prediction).toHaveText(/^It looks like a \d \(/, { timeout: 30_000 });
  await expect(prediction).toHaveAttribute('aria-live', 'polite');
  await expect(section).toContainText(/MNIST test digit #\d+, labelled \d/);
});
