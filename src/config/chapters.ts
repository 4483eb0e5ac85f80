/**
 * The guide's reading order. The sidebar, prev/next links and the errata index all follow it,
 * so a new chapter is added here once (and as a file under content/docs/).
 */
export const chapterSlugs = [
  'background',
  'concepts',
  'algorithm',
  'math',
  'mnist',
  'applications',
  'resources',
  'summary',
  'faq',
] as const;

export type ChapterSlug = (typeof chapterSlugs)[number];

/** Pages outside the numbered chapters, shown after them in the sidebar. */
export const appendixSlugs = ['errata'] as const;
