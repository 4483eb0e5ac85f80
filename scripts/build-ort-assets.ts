/**
 * Copies the onnxruntime-web files the draw-a-digit demo loads into public/ort/, so the site hosts
 * them itself (no CDN). Two builds: plain WASM (used everywhere) and WebGPU (used only where the
 * backend chooser finds a hardware GPU). The page imports them only when the reader starts the demo.
 * Generated before every build, not committed. Run: npx tsx scripts/build-ort-assets.ts
 */
import { copyFileSync, mkdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { ortFiles } from '../src/lib/onnx/ort-files';

const require = createRequire(import.meta.url);
const dist = path.dirname(require.resolve('onnxruntime-web/ort-wasm-simd-threaded.wasm'));
const out = 'public/ort';
mkdirSync(out, { recursive: true });
let total = 0;
for (const file of [...Object.values(ortFiles.wasm), ...Object.values(ortFiles.webgpu)]) {
  copyFileSync(path.join(dist, file), path.join(out, file));
  total += statSync(path.join(out, file)).size;
}
console.log(`${out}/: onnxruntime-web ${(total / 1024 / 1024).toFixed(1)} MB`);
