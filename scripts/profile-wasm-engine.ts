/**
 * Where a training step of the fused WebAssembly engine spends its time, in each of its two phases,
 * on one thread and on every core, in Node on a batch of real digits. Run: npx tsx scripts/profile-wasm-engine.ts [steps]
 * Prints milliseconds per phase (median of the runs) and the step's dense-equivalent GFLOP/s.
 */
import { availableParallelism } from 'node:os';
import { firstOf } from '../src/lib/mnist/idx';
import { flopsPerSample, initialWeights } from '../src/lib/training/spec';
import { readMnist } from './mnist-source';
import { nodeWasmEngine } from './node-engines';

const steps = Number(process.argv[2] ?? 200);
const batch = 100;
const set = firstOf(readMnist('train'), batch);
const phases = ['', 'rows: forward and back to ∂L/∂z1', '', 'weights: gradients and Adam'];
const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)]!;

for (const threads of [1, availableParallelism()]) {
  const engine = await nodeWasmEngine(threads)({ learningRate: 1e-3, maxBatch: batch, checkpoint: { weights: initialWeights(0), adam: null } });
  const profile = (engine as unknown as { profilePhase?: (job: number, rows: number) => void }).profilePhase;
  if (!profile) throw new Error('this build of the engine has no profilePhase');
  engine.step(set.images, set.labels);
  const times = phases.map(() => [] as number[]);
  const whole: number[] = [];
  for (let s = 0; s < steps; s++) {
    for (const job of [1, 3]) {
      const t = performance.now();
      profile(job, batch);
      times[job]!.push(performance.now() - t);
    }
    const t = performance.now();
    engine.step(set.images, set.labels);
    whole.push(performance.now() - t);
  }
  engine.dispose();
  const step = median(whole);
  console.log(`\n${threads} thread${threads > 1 ? 's' : ''}: ${step.toFixed(3)} ms per step, ${((batch * 1000) / step).toFixed(0)} samples/s, ${((batch * flopsPerSample) / step / 1e6).toFixed(1)} GFLOP/s (dense-equivalent)`);
  phases.forEach((name, job) => name && console.log(`  ${name.padEnd(36)} ${median(times[job]!).toFixed(3)} ms`));
}
process.exit(0);
