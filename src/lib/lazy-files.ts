/**
 * What a worker's `import()` of a module fetches, as the build wrote it (src/plugins/lazy-files.ts).
 * Names are relative to the importing worker's script.
 */
export interface LazyFiles {
  /** the import's scripts that the worker has not loaded already */
  scripts: string[];
  /** bytes of each other file of the worker's build (scripts and assets), as built */
  bytes: Record<string, number>;
}

/** One file to download ahead of its use, with its size as the build measured it. */
export interface SizedFile {
  url: string;
  bytes: number;
}

/**
 * The files to download before the import: its scripts, and the assets of `extra` (URLs, as the
 * worker's code names them) that it will fetch once loaded. An asset the build did not measure
 * (in `astro dev` nothing is measured) is left for its importer to fetch unseen.
 * @param from the importing worker's script URL (`import.meta.url`)
 */
export function filesToFetch(files: LazyFiles, from: string, extra: readonly string[] = []): SizedFile[] {
  const sizes = new Map(Object.entries(files.bytes).map(([name, bytes]) => [new URL(name, from).href, bytes]));
  const urls = [...files.scripts.map((name) => new URL(name, from).href), ...extra.map((url) => new URL(url, from).href)];
  return urls.flatMap((url) => {
    const bytes = sizes.get(url);
    return bytes === undefined ? [] : [{ url, bytes }];
  });
}
