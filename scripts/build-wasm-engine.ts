/**
 * Compiles the fused WebAssembly engine (src/lib/engines/wasm/assembly/mlp.ts) with AssemblyScript
 * into four variants in src/lib/engines/wasm/build/ (generated, not committed): 128-bit SIMD with
 * plain or relaxed (fused) multiply-add, each importing a private or a shared memory. Run before
 * every build and every unit-test run (npm run build:engine); takes a few seconds.
 */
import asc from 'assemblyscript/asc';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { engineBuildDir, engineVariants } from '../src/lib/engines/wasm/variants';

const source = 'src/lib/engines/wasm/assembly/mlp.ts';
const newest = Math.max(statSync(source).mtimeMs, statSync(import.meta.filename).mtimeMs);
mkdirSync(engineBuildDir, { recursive: true });
for (const variant of engineVariants) {
  const out = `${engineBuildDir}/${variant.file}`;
  if (existsSync(out) && statSync(out).mtimeMs > newest) continue;
  const { error, stderr } = await asc.main([
    source,
    '--outFile', out,
    '-O3', '--noAssert', '--runtime', 'stub',
    '--importMemory', '--initialMemory', '512', '--maximumMemory', '512',
    ...(variant.shared ? ['--sharedMemory'] : []),
    '--enable', 'simd', '--enable', 'threads',
    ...(variant.relaxed ? ['--enable', 'relaxed-simd'] : []),
  ]);
  if (error) {
    console.error(stderr.toString());
    throw new Error(`${source}: ${error.message}`);
  }
  console.log(`${out}: ${statSync(out).size} bytes`);
}
