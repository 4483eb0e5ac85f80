import type { APIRoute, GetStaticPaths } from 'astro';
import { getCollection } from 'astro:content';
import { localeOf } from '../../config/pages';
import { renderOgImage } from '../../utils/og-image';
import zh from '../../../content/i18n/zh-CN.json';
import en from '../../../content/i18n/en.json';

const strings = { 'zh-CN': zh, en };

/** One 1200×630 social image per page and locale, generated at build time (`/og/<page id>.png`). */
export const getStaticPaths = (async () => {
  const pages = await getCollection('docs');
  return pages.map((page) => {
    const s = strings[localeOf(page.id)];
    return { params: { id: page.id }, props: { title: page.data.title, siteName: s['og.site'], tagline: s['og.tagline'] } };
  });
}) satisfies GetStaticPaths;

export const GET: APIRoute = async ({ props }) => {
  const png = await renderOgImage(props as { title: string; siteName: string; tagline: string });
  return new Response(new Uint8Array(png), { headers: { 'Content-Type': 'image/png' } });
};
