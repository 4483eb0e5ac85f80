import { createHash } from 'node:crypto';
import path from 'node:path';
import type { Plugin } from 'vite';
import type { LazyFiles } from '../lib/lazy-files';

/**
 * A virtual module (`id`) whose default export says what a worker's `import()` of `module` will
 * fetch, as built (a {@link LazyFiles}): a worker can then download those files itself, showing
 * their bytes, before it imports them (the import finds them cached). Bundlers give no progress
 * for an import and name its chunks by hash, so the list is written into the worker after its
 * chunks are rendered: the module exports a placeholder string that `generateBundle` replaces.
 * The worker's file name stays sound as a cache key: it already changes with every chunk it imports.
 *
 * Vite runs `vite.plugins` for workers in `astro dev` and `vite.worker.plugins` when building, so the
 * plugin goes in both. In dev there are no chunks: the list is empty and nothing is fetched ahead.
 */
export default function lazyFiles({ id, module }: { id: string; module: string }): Plugin {
  const resolvedId = `\0${id}`;
  const target = path.resolve(module);
  const placeholder = `__lazy_files_${createHash('sha256').update(id).digest('hex').slice(0, 12)}__`;
  const quoted = new RegExp(`(["'\`])${placeholder}\\1`, 'g');
  let building = false;
  return {
    name: 'neural-guide:lazy-files',
    configResolved(config) {
      building = config.command === 'build';
    },
    resolveId: (source) => (source === id ? resolvedId : null),
    load(moduleId) {
      if (moduleId !== resolvedId) return null;
      const empty: LazyFiles = { scripts: [], bytes: {} };
      return `export default ${building ? JSON.stringify(placeholder) : JSON.stringify(empty)};`;
    },
    generateBundle(_options, bundle) {
      const chunks = Object.values(bundle).flatMap((file) => (file.type === 'chunk' ? [file] : []));
      const host = chunks.find((chunk) => chunk.moduleIds.includes(resolvedId));
      // Builds that do not use the module (the pages, the other workers) are left alone.
      if (!host) return;
      const lazy = chunks.find((chunk) => chunk.facadeModuleId === target);
      if (!lazy) this.error(`${id}: no chunk of its own for ${module} (is it imported with import() from ${host.fileName}?)`);
      const byName = new Map(chunks.map((chunk) => [chunk.fileName, chunk]));
      const closure = (fileName: string, seen = new Set<string>()): Set<string> => {
        if (seen.has(fileName)) return seen;
        seen.add(fileName);
        for (const imported of byName.get(fileName)?.imports ?? []) closure(imported, seen);
        return seen;
      };
      const loaded = closure(host.fileName);
      const relative = (fileName: string) => path.posix.relative(path.posix.dirname(host.fileName), fileName);
      const files: LazyFiles = {
        scripts: [...closure(lazy.fileName)].filter((fileName) => !loaded.has(fileName)).map(relative),
        // Final here: only the host's code changes below, and the host is not listed.
        bytes: Object.fromEntries(
          Object.values(bundle)
            .filter((file) => file !== host)
            .map((file) => [relative(file.fileName), Buffer.byteLength(file.type === 'chunk' ? file.code : file.source)]),
        ),
      };
      const code = host.code.replace(quoted, `(${JSON.stringify(files)})`);
      if (code === host.code) this.error(`${id}: its placeholder is missing from ${host.fileName}`);
      host.code = code;
    },
  };
}
