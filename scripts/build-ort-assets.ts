/**
 * Copies the onnxruntime-web files the draw-a-digit demo loads into public/ort/<version>/, so the site hosts
 * them itself (no CDN). Two builds: plain WASM (used everywhere) and WebGPU (used only where the
 * backend chooser finds a hardware GPU). The page imports them only when the reader starts the demo.
 * Generated before every build, not committed. Run: npx tsx scripts/build-ort-assets.ts
 */
import { copyFileSync, mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { ortDir, ortFiles, ortVersion } from '../src/lib/onnx/ort-files';

const require = createRequire(import.meta.url);
const dist = path.dirname(require.resolve('onnxruntime-web/ort-wasm-simd-threaded.wasm'));
const installed = (JSON.parse(readFileSync(path.join(dist, '..', 'package.json'), 'utf8')) as { version: string }).version;
if (installed !== ortVersion) throw new Error(`onnxruntime-web ${installed} is installed but src/lib/onnx/ort-files.ts says ${ortVersion}: update ortVersion there`);
// Only the installed version's directory: an upgrade must not leave the old files to be served.
rmSync('public/ort', { recursive: true, force: true });
const out = `public/${ortDir}`;
mkdirSync(out, { recursive: true });
let total = 0;
for (const file of [...Object.values(ortFiles.wasm), ...Object.values(ortFiles.webgpu)]) {
  copyFileSync(path.join(dist, file), path.join(out, file));
  total += statSync(path.join(out, file)).size;
}
console.log(`${out}/: onnxruntime-web ${(total / 1024 / 1024).toFixed(1)} MB`);
