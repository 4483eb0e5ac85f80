import type { OrtProvider } from '../../lib/backend/choose';
import type { OrtModule } from '../../lib/onnx/classifier';
import { ortFiles } from '../../lib/onnx/ort-files';

const modules = new Map<OrtProvider, Promise<OrtModule>>();

/** Threads ORT may use: several only when the page is cross-origin isolated (SharedArrayBuffer). */
export function ortThreads(): number {
  return self.crossOriginIsolated ? Math.max(1, Math.min(4, navigator.hardwareConcurrency || 1)) : 1;
}

/**
 * Import the site's own copy of onnxruntime-web for one execution provider (scripts/build-ort-assets.ts
 * puts it under `ort/`). It is fetched on the reader's first use, never with the page, and it is
 * not bundled: ORT loads its WebAssembly and worker files relative to where it lives.
 */
export function loadOrt(base: string, provider: OrtProvider): Promise<OrtModule> {
  let module = modules.get(provider);
  if (!module) {
    const dir = `${base.replace(/\/?$/, '/')}ort/`;
    module = (import(/* @vite-ignore */ `${dir}${ortFiles[provider].module}`) as Promise<OrtModule>).then((ort) => {
      ort.env.wasm.wasmPaths = dir;
      ort.env.wasm.numThreads = ortThreads();
      return ort;
    });
    module.catch(() => modules.delete(provider));
    modules.set(provider, module);
  }
  return module;
}
