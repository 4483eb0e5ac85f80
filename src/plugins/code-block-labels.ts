import type { StarlightPlugin } from '@astrojs/starlight/types';

/**
 * English labels (“Copy to clipboard”, “Terminal window”) for the code blocks of English pages.
 * Starlight's English strings leave them to Expressive Code's built-in English, so with Chinese as
 * the default language an English lookup fell back to the Chinese strings. Which blocks are English
 * is decided in ec.config.mjs.
 */
export default function codeBlockLabels(): StarlightPlugin {
  return {
    name: 'code-block-labels',
    hooks: {
      'i18n:setup': ({ injectTranslations }) =>
        injectTranslations({
          en: {
            'expressiveCode.copyButtonCopied': 'Copied!',
            'expressiveCode.copyButtonTooltip': 'Copy to clipboard',
            'expressiveCode.terminalWindowFallbackTitle': 'Terminal window',
          },
        }),
      // Starlight requires this hook of every plugin; there is nothing to configure.
      'config:setup': () => {},
    },
  };
}
