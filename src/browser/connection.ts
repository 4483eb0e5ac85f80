interface NetworkInformation {
  saveData?: boolean;
  type?: string;
  effectiveType?: string;
}

/**
 * Whether the page may download a demo's heavy files before the reader asks, because the pad came
 * into view: only where the browser says the connection is neither metered (cellular) nor slow,
 * and the reader has not asked to save data. Browsers that do not say (no Network Information API)
 * get no speculative download.
 */
export function mayPrefetch(): boolean {
  const connection = (navigator as Navigator & { connection?: NetworkInformation }).connection;
  if (!connection) return false;
  return !connection.saveData && connection.type !== 'cellular' && !['slow-2g', '2g', '3g'].includes(connection.effectiveType ?? '');
}
