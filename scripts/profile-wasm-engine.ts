/**
 * Where a training step of the fused WebAssembly engine spends its time, in each of its two phases,
 * on one thread and on every core, in Node on a batch of real digits; and what its dense SIMD kernel
 * reaches alone (the peak a step could approach). Run: npx tsx scripts/profile-wasm-engine.ts [steps]
 * Prints medians. "Dense-equivalent" counts the FLOPs of the textbook step (1.007 MFLOP a digit);
 * "executed" counts what the engine computes, which skips the background pixels of the first layer.
 */
import { availableParallelism } from 'node:os';
import { firstOf } from '../src/lib/mnist/idx';
import { flopsPerSample, initialWeights, layerSizes } from '../src/lib/training/spec';
import { readMnist } from './mnist-source';
import { nodeWasmEngine } from './node-engines';

const steps = Number(process.argv[2] ?? 200);
const batch = 100;
const set = firstOf(readMnist('train'), 1000);
const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)]!;
const [, h1, h2, out] = layerSizes;

for (const threads of [1, availableParallelism()]) {
  const engine = await nodeWasmEngine(threads)({ learningRate: 1e-3, maxBatch: 1000, checkpoint: { weights: initialWeights(0), adam: null } });
  const probe = engine as unknown as { profilePhase: (job: number, rows: number) => void; lastNonzeros: () => number };
  const pixels = set.images.subarray(0, batch * 784);
  const labels = set.labels.subarray(0, batch);
  engine.step(pixels, labels);
  const nonzeros = probe.lastNonzeros();
  const rows: number[] = [];
  const weights: number[] = [];
  const whole: number[] = [];
  for (let s = 0; s < steps; s++) {
    let t = performance.now();
    probe.profilePhase(1, batch);
    rows.push(performance.now() - t);
    t = performance.now();
    probe.profilePhase(3, batch);
    weights.push(performance.now() - t);
    t = performance.now();
    engine.step(pixels, labels);
    whole.push(performance.now() - t);
  }
  // The dense kernel alone, on 1000 rows of h1·W2 (after a step on them filled h1).
  engine.step(set.images, set.labels);
  const peak: number[] = [];
  for (let s = 0; s < 50; s++) {
    const t = performance.now();
    probe.profilePhase(4, 1000);
    peak.push(performance.now() - t);
  }
  engine.dispose();
  const step = median(whole);
  // Multiply-adds the engine executes: the first layer over the nonzero pixels only (forward and dW1),
  // the others dense (forward, weight gradient, input gradient).
  const executed = 2 * (2 * nonzeros * h1! + batch * (3 * h1! * h2! + 3 * h2! * out!));
  console.log(`\n${threads} thread${threads > 1 ? 's' : ''}: ${step.toFixed(3)} ms a step, ${((batch * 1000) / step).toFixed(0)} samples/s`);
  console.log(`  rows: forward and back to ∂L/∂z1   ${median(rows).toFixed(3)} ms`);
  console.log(`  weights: gradients and Adam        ${median(weights).toFixed(3)} ms`);
  console.log(`  ${((batch * flopsPerSample) / step / 1e6).toFixed(1)} GFLOP/s dense-equivalent, ${(executed / step / 1e6).toFixed(1)} GFLOP/s executed (${((100 * nonzeros) / (batch * 784)).toFixed(1)}% of the pixels are ink)`);
  console.log(`  the dense kernel alone: ${((2 * 1000 * h1! * h2!) / median(peak) / 1e6).toFixed(1)} GFLOP/s`);
}
process.exit(0);
