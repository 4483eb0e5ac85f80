import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { renderOgImage, wrapTitle } from '../../src/utils/og-image';

describe('wrapTitle', () => {
  it('keeps a short title on one line', () => {
    expect(wrapTitle('勘误表', 15, 3)).toEqual(['勘误表']);
  });
  it('breaks Chinese between characters and English at spaces', () => {
    const zh = wrapTitle('4 数学模型与公式：详解与举例，以及更多更多的内容', 10, 3);
    expect(zh.length).toBeGreaterThan(1);
    expect(zh.join('')).toBe('4 数学模型与公式：详解与举例，以及更多更多的内容');
    const en = wrapTitle('4 Mathematical Models and Formulas, Explained with Examples', 15, 3);
    expect(en.every((line) => !line.startsWith(' ') && !line.endsWith(' '))).toBe(true);
    expect(en.join(' ')).toBe('4 Mathematical Models and Formulas, Explained with Examples');
  });
  it('ends a title that does not fit with an ellipsis', () => {
    const lines = wrapTitle('很'.repeat(100), 10, 3);
    expect(lines).toHaveLength(3);
    expect(lines[2]!.endsWith('…')).toBe(true);
  });
});

describe('renderOgImage', () => {
  it('draws a 1200×630 PNG', async () => {
    const png = await renderOgImage({ title: '3 核心算法原理与具体操作步骤', siteName: '神经网络实战指南', tagline: '逐条勘误' });
    const meta = await sharp(png).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['png', 1200, 630]);
  });
});
