// The article's MNIST network (section 5.2) trained in Node on real MNIST, with the page's own training code.
// Run: npx tsx examples/mnist-mlp.ts [epochs] [training digits] [--engine tfjs-wasm|tfjs-cpu] [--seeds n] [--json out.json]
// With --seeds n it trains seeds 0…n−1 in turn: seed 0's epochs are the record, the others' final test
// accuracies show how much one run's result owes to chance.
import { writeFileSync } from 'node:fs';
import { firstOf } from '../src/lib/mnist/idx';
import type { EngineId } from '../src/lib/training/engine';
import { articleSettings, runTraining, type EpochResult } from '../src/lib/training/run';
import { parameterCount } from '../src/lib/training/spec';
import { readMnist } from '../scripts/mnist-source';
import { loadNodeEngine } from '../scripts/node-engines';

const args = process.argv.slice(2);
const flag = (name: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args.splice(i, 2)[1] : undefined;
};
const engine = (flag('engine') ?? 'tfjs-wasm') as EngineId;
const jsonOut = flag('json');
const seeds = Number(flag('seeds') ?? 1);
const epochs = Number(args[0] ?? articleSettings.epochs);
const trainCount = Number(args[1] ?? 60000);

const trainSet = firstOf(readMnist('train'), trainCount);
const testSet = readMnist('test');
console.log(`engine ${engine}, ${parameterCount} parameters, ${trainSet.count} training digits, ${testSet.count} test digits`);

let threads = 1;
async function run(seed: number): Promise<EpochResult[]> {
  console.log(`batch ${articleSettings.batchSize}, Adam lr ${articleSettings.learningRate}, ${epochs} epochs, seed ${seed}`);
  const started = performance.now();
  const { history, diagnostics } = await runTraining({
    trainSet,
    testSet,
    batchSize: articleSettings.batchSize,
    learningRate: articleSettings.learningRate,
    epochs,
    seed,
    engines: [engine],
    load: loadNodeEngine,
    lossEvery: 50,
    onEpoch: (r) =>
      console.log(
        `Epoch ${r.epoch}, Loss: ${r.trainLoss.toFixed(4)}, train accuracy ${(100 * r.trainAccuracy).toFixed(2)}%, ` +
          `test accuracy ${(100 * r.testAccuracy).toFixed(2)}%, ${r.seconds.toFixed(1)} s`,
      ),
  });
  threads = diagnostics.threads ?? 1;
  const seconds = (performance.now() - started) / 1000;
  console.log(`${((epochs * trainSet.count) / seconds).toFixed(0)} samples/s overall (training and evaluation)`);
  return history;
}

const history = await run(0);
const finalTestAccuracyBySeed = [history.at(-1)!.testAccuracy];
for (let seed = 1; seed < seeds; seed++) finalTestAccuracyBySeed.push((await run(seed)).at(-1)!.testAccuracy);
if (seeds > 1) console.log(`final test accuracy by seed: ${finalTestAccuracyBySeed.map((a) => `${(100 * a).toFixed(2)}%`).join(', ')}`);
if (jsonOut) {
  const record = {
    engine,
    // the WebAssembly engine sums the first layer's column sums per thread: the thread count changes the last bits
    threads,
    epochs,
    trainCount: trainSet.count,
    testCount: testSet.count,
    seed: 0,
    batchSize: articleSettings.batchSize,
    learningRate: articleSettings.learningRate,
    history,
    finalTestAccuracyBySeed,
  };
  writeFileSync(jsonOut, `${JSON.stringify(record, null, 2)}\n`);
  console.log(`wrote ${jsonOut}`);
}
