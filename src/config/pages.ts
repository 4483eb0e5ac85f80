/**
 * Facts derived from a page's id (its path under content/docs without extension: `math`,
 * `en/math`, `index`, `en`), shared by the social-image route and the head metadata.
 */
export type Locale = 'zh-CN' | 'en';

/** The locale of a page: English pages live under content/docs/en/, Chinese ones at the root. */
export function localeOf(id: string): Locale {
  return id === 'en' || id.startsWith('en/') ? 'en' : 'zh-CN';
}

/** Where the page's social image is published. Starlight's route data gives the root landing page the id ''. */
export function ogImagePath(id: string): string {
  return `/og/${id || 'index'}.png`;
}
