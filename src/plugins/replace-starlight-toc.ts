import { fileURLToPath } from 'node:url';
import type { Plugin } from 'vite';

const replacement = fileURLToPath(new URL('../browser/starlight-toc.ts', import.meta.url));

/**
 * Serves src/browser/starlight-toc.ts wherever Starlight's table-of-contents components import
 * their own `starlight-toc` module (both the desktop and the mobile table of contents do). The
 * markup and styles stay Starlight's; only the section highlighting is ours, because Starlight's
 * costs chapter 4 over 200 ms of main-thread time on each load (see that file).
 *
 * A Starlight upgrade that moves the module would silently bring the slow version back, so a client
 * build in which either component's import was not replaced fails.
 */
/** The components whose import of `starlight-toc` must be replaced: the desktop and the mobile table of contents. */
const importers = ['TableOfContents', 'MobileTableOfContents'] as const;

export default function replaceStarlightToc(): Plugin {
  /** environment name → the importing components replaced there */
  const replaced = new Map<string, Set<string>>();
  return {
    name: 'neural-guide:replace-starlight-toc',
    enforce: 'pre',
    resolveId(source, importer) {
      if (!importer?.includes('@astrojs/starlight') || !/TableOfContents\/starlight-toc(\.[jt]s)?$/.test(source)) return null;
      const component = /\/components\/(\w+)\.astro/.exec(importer)?.[1];
      if (component) replaced.set(this.environment.name, new Set([...(replaced.get(this.environment.name) ?? []), component]));
      return replacement;
    },
    buildEnd() {
      // The page scripts are bundled in the client environment.
      if (this.environment.name !== 'client') return;
      const missing = importers.filter((c) => !replaced.get('client')?.has(c));
      if (missing.length) {
        this.error(
          `Starlight's table-of-contents module was not replaced in ${missing.join(' and ')}: check src/plugins/replace-starlight-toc.ts against the installed @astrojs/starlight`,
        );
      }
    },
  };
}
