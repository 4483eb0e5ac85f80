// The article's MNIST network (section 5.2) trained with TensorFlow.js in Node on real MNIST.
// Run: npx tsx examples/mnist-mlp.ts [epochs] [training digits] [--backend wasm|cpu] [--json out.json]
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { createRequire } from 'node:module';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { firstOf } from '../src/lib/mnist/idx';
import { createMlp, parameterCount } from '../src/lib/mnist/model';
import { articleSettings, train, type EpochResult } from '../src/lib/mnist/train';
import { readMnist } from '../scripts/mnist-source';

const args = process.argv.slice(2);
const flag = (name: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args.splice(i, 2)[1] : undefined;
};
const backend = flag('backend') ?? 'wasm';
const jsonOut = flag('json');
const epochs = Number(args[0] ?? articleSettings.epochs);
const trainCount = Number(args[1] ?? 60000);
const seed = 0;

if (backend === 'wasm') {
  const require = createRequire(import.meta.url);
  setWasmPaths(path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm')) + path.sep);
}
await tf.setBackend(backend);
await tf.ready();

const trainSet = firstOf(readMnist('train'), trainCount);
const testSet = readMnist('test');
const model = createMlp(seed);
console.log(`backend ${tf.getBackend()}, ${parameterCount} parameters, ${trainSet.count} training digits, ${testSet.count} test digits`);
console.log(`batch ${articleSettings.batchSize}, Adam lr ${articleSettings.learningRate}, ${epochs} epochs, seed ${seed}`);

const started = performance.now();
const history: EpochResult[] = await train(model, trainSet, testSet, {
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
if (jsonOut) {
  const record = { backend: tf.getBackend(), epochs, trainCount: trainSet.count, testCount: testSet.count, seed, batchSize: articleSettings.batchSize, learningRate: articleSettings.learningRate, history };
  writeFileSync(jsonOut, `${JSON.stringify(record, null, 2)}\n`);
  console.log(`wrote ${jsonOut}`);
}
