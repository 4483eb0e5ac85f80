import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** Scratch copies of the site live here (inside the repository, so node_modules resolves). */
export const fixtureSites = path.resolve('tests/fixtures/.sites');
export const astroBin = path.resolve('node_modules/astro/bin/astro.mjs');

/** A fresh copy of the site in `tests/fixtures/.sites/<name>`, without the generated data and ONNX Runtime (tens of MB, not needed to build). */
export function copySite(name: string): string {
  const root = path.join(fixtureSites, name);
  rmSync(root, { recursive: true, force: true });
  mkdirSync(root, { recursive: true });
  for (const entry of ['astro.config.mjs', 'package.json', 'tsconfig.json', 'src', 'content', 'public', 'examples']) {
    cpSync(entry, path.join(root, entry), { recursive: true, filter: (src) => !/public\/(data|ort)$/.test(src) });
  }
  return root;
}

/**
 * The environment of a machine with no browser to be found: every PATH folder that holds a
 * `chromium` is replaced by a copy of itself (symbolic links) without it, CHROMIUM_PATH is unset,
 * and Playwright looks for its own browsers in an empty folder.
 */
export function environmentWithoutBrowser(): NodeJS.ProcessEnv {
  const scratch = mkdtempSync(path.join(tmpdir(), 'no-browser-'));
  const browsers = path.join(scratch, 'playwright-browsers');
  mkdirSync(browsers);
  const isBrowser = (name: string) => /^(chromium|chromium-browser|google-chrome.*|chrome)$/.test(name);
  const folders = (process.env.PATH ?? '').split(path.delimiter).map((dir, i) => {
    let entries: string[];
    try {
      entries = readdirSync(dir);
    } catch {
      return dir;
    }
    if (!entries.some(isBrowser)) return dir;
    const shim = path.join(scratch, `path-${i}`);
    mkdirSync(shim);
    for (const entry of entries) {
      if (isBrowser(entry)) continue;
      try {
        if (statSync(path.join(dir, entry)).isFile()) symlinkSync(path.join(dir, entry), path.join(shim, entry));
      } catch {
        // a dangling link: leave it out
      }
    }
    return shim;
  });
  const env: NodeJS.ProcessEnv = { ...process.env, PATH: folders.join(path.delimiter), PLAYWRIGHT_BROWSERS_PATH: browsers, NO_COLOR: '1', FORCE_COLOR: '0' };
  delete env.CHROMIUM_PATH;
  return env;
}
