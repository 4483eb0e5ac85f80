import type { OrtProvider } from '../lib/backend/choose';
import type { OrtModule } from '../lib/onnx/classifier';
import { ortDir, ortFiles } from '../lib/onnx/ort-files';

const modules = new Map<OrtProvider, Promise<OrtModule>>();

/**
 * One thread, always. Threads need a cross-origin isolated page, and even there they do not pay
 * for this model: one 28×28 digit is about 235k multiply-adds, less than the cost of handing work
 * to a thread pool (measured with npm run bench:digit when this was 2: 0.36 ms per digit on two
 * threads, 0.13 ms on one).
 */
const ortThreads = 1;

/**
 * Import the site's own copy of onnxruntime-web for one execution provider (scripts/build-ort-assets.ts
 * puts it under `ort/<version>/`). It is fetched on the reader's first use, never with the page, and it is
 * not bundled: ORT loads its WebAssembly and worker files relative to where it lives.
 */
export function loadOrt(base: string, provider: OrtProvider): Promise<OrtModule> {
  let module = modules.get(provider);
  if (!module) {
    const dir = `${base.replace(/\/?$/, '/')}${ortDir}`;
    module = (import(/* @vite-ignore */ `${dir}${ortFiles[provider].module}`) as Promise<OrtModule>).then((ort) => {
      ort.env.wasm.wasmPaths = dir;
      ort.env.wasm.numThreads = ortThreads;
      // Warnings about valid models ("Removing initializer …") would reach the reader's console as errors.
      ort.env.logLevel = 'error';
      return ort;
    });
    module.catch(() => modules.delete(provider));
    modules.set(provider, module);
  }
  return module;
}

/**
 * ONNX Runtime with its binary fetched by the caller (`fetchBinary`: so that it shows its bytes under a
 * bar) and its glue module imported, both beside the module: ORT itself would fetch them only when the
 * first session is made, where nothing can report their progress. ORT's own import of the glue then
 * finds it loaded.
 */
export async function loadOrtWithBinary(base: string, provider: OrtProvider, fetchBinary: (url: string) => Promise<Uint8Array>): Promise<OrtModule> {
  const dir = `${base.replace(/\/?$/, '/')}${ortDir}`;
  const files = ortFiles[provider];
  const [ort, binary] = await Promise.all([loadOrt(base, provider), fetchBinary(`${dir}${files.binary}`), import(/* @vite-ignore */ `${dir}${files.glue}`)]);
  ort.env.wasm.wasmBinary ??= binary;
  return ort;
}
