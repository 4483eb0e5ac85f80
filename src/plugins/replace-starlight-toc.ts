import { fileURLToPath } from 'node:url';
import type { Plugin } from 'vite';

const replacement = fileURLToPath(new URL('../scripts/starlight-toc.ts', import.meta.url));

/**
 * Serves src/scripts/starlight-toc.ts wherever Starlight's table-of-contents components import
 * their own `starlight-toc` module (both the desktop and the mobile table of contents do). The
 * markup and styles stay Starlight's; only the section highlighting is ours, because Starlight's
 * costs chapter 4 over 200 ms of main-thread time on each load (see that file).
 *
 * A Starlight upgrade that moves the module would silently bring the slow version back, so a client
 * build in which nothing was replaced fails.
 */
export default function replaceStarlightToc(): Plugin {
  const replaced = new Set<string>();
  return {
    name: 'neural-guide:replace-starlight-toc',
    enforce: 'pre',
    resolveId(source, importer) {
      if (!importer?.includes('@astrojs/starlight') || !/TableOfContents\/starlight-toc(\.[jt]s)?$/.test(source)) return null;
      replaced.add(this.environment.name);
      return replacement;
    },
    buildEnd() {
      // The page scripts are bundled in the client environment.
      if (this.environment.name === 'client' && !replaced.has('client')) {
        this.error("Starlight's table-of-contents module was not found to replace: check src/plugins/replace-starlight-toc.ts against the installed @astrojs/starlight");
      }
    },
  };
}
