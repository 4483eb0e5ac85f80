import { useEffect, useState } from 'preact/hooks';

/**
 * Calls `onChange` when the page's colour theme changes: Starlight sets `data-theme` on <html> when the
 * reader picks a theme, and when "Auto" follows the system's. Canvas drawings take their colours from
 * CSS once, so they redraw on this. Returns the unsubscribe.
 */
export function watchTheme(onChange: () => void): () => void {
  const observer = new MutationObserver(onChange);
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] });
  return () => observer.disconnect();
}

/** The page's theme ('light' or 'dark'; '' before hydration), for an effect that draws in its colours. */
export function useTheme(): string {
  const [theme, setTheme] = useState('');
  useEffect(() => {
    const read = () => setTheme(document.documentElement.dataset.theme ?? '');
    read();
    return watchTheme(read);
  }, []);
  return theme;
}
