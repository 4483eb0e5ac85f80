import { describe, expect, it } from 'vitest';
import { extractErrata } from '../../src/utils/errata';

describe('extractErrata', () => {
  it('reads string attributes, the line, and defaults status', () => {
    const source = 'text\n\n<Erratum id="ch1-x" kind="fact"\n  said="原文 a > b" why=\'理由 $x$\'>\n\nbody\n\n</Erratum>\n';
    expect(extractErrata(source, 'a.mdx')).toEqual([
      { id: 'ch1-x', kind: 'fact', said: '原文 a > b', why: '理由 $x$', status: 'corrected', line: 3 },
    ]);
  });

  it.each([
    ['an unknown kind', '<Erratum id="a" kind="typo" said="s" why="w">', /kind/],
    ['a missing reason', '<Erratum id="a" kind="fact" said="s">', /why/],
    ['an id that is not kebab-case', '<Erratum id="A B" kind="fact" said="s" why="w">', /id/],
    ['an empty quote of the article', '<Erratum id="a" kind="fact" said="  " why="w">', /said/],
  ])('rejects %s, naming file and line', (_, tag, field) => {
    expect(() => extractErrata(`\n${tag}\n</Erratum>`, 'content/docs/x.mdx')).toThrow(/content\/docs\/x\.mdx:2/);
    expect(() => extractErrata(`\n${tag}\n</Erratum>`, 'content/docs/x.mdx')).toThrow(field);
  });

  it('refuses a tag whose attributes are expressions instead of silently skipping it', () => {
    expect(() => extractErrata('<Erratum id={"a"} kind="fact" said="s" why="w">', 'x.mdx')).toThrow(/x\.mdx:1: cannot read/);
  });
});
