// Runs the guide's shipped ONNX models on the MNIST test set with onnxruntime-web (WASM) in Node
// and prints accuracy and latency: the deployment step of section 9.5.
// Run: npx tsx examples/onnx-inference.ts [model.onnx ...]
import * as ort from 'onnxruntime-web';
import { readFileSync } from 'node:fs';
import { accuracy } from '../src/lib/training/data';
import { classifySet, createClassifier, pixelsOf } from '../src/lib/onnx/classifier';
import { readMnist } from '../scripts/mnist-source';

const files = process.argv.slice(2);
if (files.length === 0) files.push('public/models/mnist-mlp.onnx', 'public/models/mnist-mlp.int8.onnx');
ort.env.wasm.numThreads = 1;
const test = readMnist('test');
const single = pixelsOf(test, 0, 1);

for (const file of files) {
  const bytes = readFileSync(file);
  const started = performance.now();
  const classifier = await createClassifier(ort, bytes);
  const created = performance.now() - started;
  const acc = accuracy(await classifySet(classifier, test), test.labels);
  // Latency of one digit at a time, as the draw-a-digit demo runs it; warm up first.
  for (let i = 0; i < 50; i++) await classifier.classify(single, 1);
  const times: number[] = [];
  for (let i = 0; i < 1000; i++) {
    const t = performance.now();
    await classifier.classify(pixelsOf(test, i, 1), 1);
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  await classifier.release();
  console.log(
    `${file}: ${(bytes.byteLength / 1024).toFixed(0)} KB, ${classifier.info.producer}, ` +
      `test accuracy ${(100 * acc).toFixed(2)}% on ${test.count} digits, ` +
      `session ${created.toFixed(0)} ms, latency per digit median ${times[500]!.toFixed(3)} ms, p95 ${times[950]!.toFixed(3)} ms`,
  );
}
