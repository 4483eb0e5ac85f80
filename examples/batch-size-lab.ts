// Chapter 9.1's batch-size lab in Node, with the page's own code: the article's network trained with
// Adam at each batch size from the same initial weights, once for the same number of digits (two
// passes over the page's default subset: repeatable to the bit) and once for the same time on this
// machine (which is what the page measures on the reader's device).
// Run: npx tsx examples/batch-size-lab.ts [seconds per size] [--json out.json]
import { availableParallelism, cpus } from 'node:os';
import { writeFileSync } from 'node:fs';
import { mnistSubsets } from '../src/lib/mnist/assets';
import { firstOf } from '../src/lib/mnist/idx';
import { batchLabDefaults, labBatchSizes, runBatchLab, type Budget } from '../src/lib/training/batch-lab';
import { readMnist } from '../scripts/mnist-source';
import { nodeWasmEngine } from '../scripts/node-engines';

const args = process.argv.slice(2);
const at = args.indexOf('--json');
const jsonOut = at >= 0 ? args.splice(at, 2)[1] : undefined;
const seconds = Number(args[0] ?? batchLabDefaults.seconds);
const trainSet = firstOf(readMnist('train'), mnistSubsets.default.train);
const testSet = firstOf(readMnist('test'), mnistSubsets.default.test);
/** Two passes over the training digits. */
export const sampleBudget = 2 * mnistSubsets.default.train;

async function lab(budget: Budget, threads: number) {
  console.log('seconds' in budget ? `${budget.seconds} s per batch size, ${threads} thread(s)` : `${budget.samples} digits per batch size, ${threads} thread(s)`);
  const { results } = await runBatchLab({ trainSet, testSet, batchSizes: labBatchSizes, budget, learningRate: batchLabDefaults.learningRate, seed: batchLabDefaults.seed, engine: nodeWasmEngine(threads) });
  for (const r of results) {
    console.log(
      `batch ${String(r.batchSize).padStart(4)}: ${String(r.steps).padStart(6)} steps, ${Math.round(r.samplesPerSecond).toLocaleString('en').padStart(8)} digits/s, ` +
        `${r.epochs.toFixed(1).padStart(5)} epochs, loss ${r.finalLoss.toFixed(3)}, test ${(100 * r.testAccuracy).toFixed(2)}%`,
    );
  }
  return results;
}

// Equal digits on one thread: the WebAssembly engine's sums depend on the thread count in their last bits.
const bySamples = await lab({ samples: sampleBudget }, 1);
const threads = availableParallelism();
const byTime = await lab({ seconds }, threads);
if (jsonOut) {
  const record = {
    engine: 'wasm',
    trainCount: trainSet.count,
    testCount: testSet.count,
    learningRate: batchLabDefaults.learningRate,
    seed: batchLabDefaults.seed,
    bySamples: { samples: sampleBudget, threads: 1, results: bySamples },
    byTime: { seconds, threads, machine: `${cpus()[0]?.model.trim() ?? 'unknown CPU'}, ${threads} cores, Node ${process.version}`, results: byTime },
  };
  writeFileSync(jsonOut, `${JSON.stringify(record, null, 2)}\n`);
  console.log(`wrote ${jsonOut}`);
}
