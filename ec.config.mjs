// Expressive Code (Starlight's code blocks) learns a Markdown block's language from the file's path
// under src/content/docs/. The chapters live in content/docs/, so every block, English pages
// included, was taken for the root locale and labelled in Chinese. Functions cannot go through
// astro.config (the <Code> component needs its options as JSON), hence this file.
// The English strings themselves come from src/plugins/code-block-labels.ts.
/** @type {import('astro-expressive-code').AstroExpressiveCodeOptions} */
export default {
  getBlockLocale: ({ file }) => {
    // <Code> gives the page URL; Markdown code blocks give the chapter's file path.
    const where = file.url && file.url.protocol !== 'file:' ? file.url.pathname : file.path.replace(/\\/g, '/');
    return /(^|\/content\/docs)\/en\//.test(where) ? 'en' : 'zh-CN';
  },
};
