// Chapter 5.4.4's figures about the shipped model's first layer: where MNIST never has ink, training
// left the weights' spread as the initialization drew it; where it often has ink, it grew. And the
// units that no test digit opens, whose weights are still their initial ones.
// Run: npx tsx examples/inside-network.ts [--json out.json]
import { readFileSync, writeFileSync } from 'node:fs';
import { closedUnits, weightSpread } from '../src/lib/nn/weight-spread';
import { mnistSubsets } from '../src/lib/mnist/assets';
import { readMlpWeights } from '../src/lib/onnx/weights';
import { readMnist } from '../scripts/mnist-source';

const at = process.argv.indexOf('--json');
const weights = readMlpWeights(readFileSync('public/models/mnist-mlp.onnx'));
const test = readMnist('test');
const train = readMnist('train');
const record = {
  model: 'public/models/mnist-mlp.onnx',
  trainCount: train.count,
  ...weightSpread(weights[0]!, train.images, train.count),
  // on the test digits the page shows
  ...closedUnits(weights, test.images, mnistSubsets.default.test),
};
console.log(record);
if (at >= 0) writeFileSync(process.argv[at + 1]!, `${JSON.stringify(record, null, 2)}\n`);
