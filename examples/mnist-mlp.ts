// The article's MNIST network (section 5.2) trained with TensorFlow.js in Node on real MNIST.
// Run: npx tsx examples/mnist-mlp.ts [epochs] [training digits] [--backend wasm|cpu] [--seeds n] [--json out.json]
// With --seeds n it trains seeds 0…n−1 in turn: seed 0's epochs are the record, the others' final test
// accuracies show how much one run's result owes to chance.
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { createRequire } from 'node:module';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { firstOf } from '../src/lib/mnist/idx';
import { createMlp, disposeMlp, parameterCount } from '../src/lib/mnist/model';
import { articleSettings, train, type EpochResult } from '../src/lib/mnist/train';
import { readMnist } from '../scripts/mnist-source';

const args = process.argv.slice(2);
const flag = (name: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args.splice(i, 2)[1] : undefined;
};
const backend = flag('backend') ?? 'wasm';
const jsonOut = flag('json');
const seeds = Number(flag('seeds') ?? 1);
const epochs = Number(args[0] ?? articleSettings.epochs);
const trainCount = Number(args[1] ?? 60000);

if (backend === 'wasm') {
  const require = createRequire(import.meta.url);
  setWasmPaths(path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm')) + path.sep);
}
await tf.setBackend(backend);
await tf.ready();

const trainSet = firstOf(readMnist('train'), trainCount);
const testSet = readMnist('test');
console.log(`backend ${tf.getBackend()}, ${parameterCount} parameters, ${trainSet.count} training digits, ${testSet.count} test digits`);

async function run(seed: number): Promise<EpochResult[]> {
  console.log(`batch ${articleSettings.batchSize}, Adam lr ${articleSettings.learningRate}, ${epochs} epochs, seed ${seed}`);
  const model = createMlp(seed);
  const started = performance.now();
  const history = await train(model, trainSet, testSet, {
    batchSize: articleSettings.batchSize,
    learningRate: articleSettings.learningRate,
    epochs,
    seed,
    lossEvery: 50,
    onEpoch: (r) =>
      console.log(
        `Epoch ${r.epoch}, Loss: ${r.trainLoss.toFixed(4)}, train accuracy ${(100 * r.trainAccuracy).toFixed(2)}%, ` +
          `test accuracy ${(100 * r.testAccuracy).toFixed(2)}%, ${r.seconds.toFixed(1)} s, ${r.numTensors} tensors`,
      ),
  });
  const seconds = (performance.now() - started) / 1000;
  console.log(`${((epochs * trainSet.count) / seconds).toFixed(0)} samples/s overall (training and evaluation)`);
  disposeMlp(model);
  return history;
}

const history = await run(0);
const finalTestAccuracyBySeed = [history.at(-1)!.testAccuracy];
for (let seed = 1; seed < seeds; seed++) finalTestAccuracyBySeed.push((await run(seed)).at(-1)!.testAccuracy);
if (seeds > 1) console.log(`final test accuracy by seed: ${finalTestAccuracyBySeed.map((a) => `${(100 * a).toFixed(2)}%`).join(', ')}`);
if (jsonOut) {
  const record = {
    backend: tf.getBackend(),
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
