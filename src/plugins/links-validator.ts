import type { StarlightPlugin } from '@astrojs/starlight/types';
import starlightLinksValidator from 'starlight-links-validator';

type Options = Parameters<typeof starlightLinksValidator>[0];

/**
 * starlight-links-validator works out a page's URL from its file path relative to
 * `<srcDir>/content/docs`. Our chapters live in `<root>/content/docs`, so hand it the project
 * root as `srcDir`; nothing else in the validator reads `srcDir`.
 */
export default function linksValidator(options: Options): StarlightPlugin {
  const plugin = starlightLinksValidator(options);
  const setup = plugin.hooks['config:setup'];
  return {
    ...plugin,
    hooks: {
      ...plugin.hooks,
      'config:setup': (context) =>
        setup?.({ ...context, astroConfig: { ...context.astroConfig, srcDir: context.astroConfig.root } }),
    },
  };
}
