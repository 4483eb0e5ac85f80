// Chapter 3's optimizer race in Node, with the page's own code: SGD, SGD with momentum, RMSProp and
// Adam train the article's network from the same initial weights on the same batches.
// Run: npx tsx examples/optimizer-race.ts [epochs] [--lr sgd=0.01,momentum=0.01,rmsprop=0.001,adam=0.001] [--json out.json]
// Defaults: the page's (raceDefaults), on the page's default subset of MNIST.
import { writeFileSync } from 'node:fs';
import { mnistSubsets } from '../src/lib/mnist/assets';
import { firstOf } from '../src/lib/mnist/idx';
import { optimizerKinds, type OptimizerKind } from '../src/lib/training/engine';
import { raceDefaults, runRace, type Racer } from '../src/lib/training/race';
import { readMnist } from '../scripts/mnist-source';
import { nodeWasmEngine } from '../scripts/node-engines';

const args = process.argv.slice(2);
const flag = (name: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args.splice(i, 2)[1] : undefined;
};
const jsonOut = flag('json');
const rates = new Map<string, number>((flag('lr') ?? '').split(',').filter(Boolean).map((pair) => pair.split('=') as [string, string]).map(([k, v]) => [k, Number(v)]));
for (const name of rates.keys()) if (!optimizerKinds.includes(name as OptimizerKind)) throw new Error(`unknown optimizer ${name}: expected one of ${optimizerKinds.join(', ')}`);
const epochs = Number(args[0] ?? raceDefaults.epochs);
const racers: Racer[] = raceDefaults.racers.map((r) => ({ optimizer: r.optimizer, learningRate: rates.get(r.optimizer) ?? r.learningRate }));

const trainSet = firstOf(readMnist('train'), mnistSubsets.default.train);
const testSet = firstOf(readMnist('test'), mnistSubsets.default.test);
// One thread: the WebAssembly engine's sums depend on the thread count in their last bits.
const engine = nodeWasmEngine(1);
console.log(`${trainSet.count} training digits, ${testSet.count} test digits, batch ${raceDefaults.batchSize}, ${epochs} epochs, seed ${raceDefaults.seed}`);
const curve = { steps: [] as number[], losses: racers.map(() => [] as (number | null)[]) };
const { history } = await runRace({
  trainSet,
  testSet,
  epochs,
  batchSize: raceDefaults.batchSize,
  seed: raceDefaults.seed,
  racers,
  engine,
  lossEvery: raceDefaults.lossEvery,
  onBatch: (p) => {
    curve.steps.push((p.epoch - 1) * p.stepsPerEpoch + p.step);
    p.losses.forEach((loss, r) => curve.losses[r]!.push(loss));
  },
  onEpoch: (e) =>
    console.log(
      `epoch ${e.epoch}: ` +
        e.racers
          .map((r, i) => `${racers[i]!.optimizer} ${r.divergedAt ? `diverged at step ${r.divergedAt}` : `loss ${r.trainLoss.toFixed(4)}, test ${(100 * r.testAccuracy).toFixed(2)}%`}`)
          .join('; '),
    ),
});
if (jsonOut) {
  const record = { engine: 'wasm', threads: 1, trainCount: trainSet.count, testCount: testSet.count, epochs, batchSize: raceDefaults.batchSize, seed: raceDefaults.seed, lossEvery: raceDefaults.lossEvery, racers, history, curve };
  writeFileSync(jsonOut, `${JSON.stringify(record, null, 2)}\n`);
  console.log(`wrote ${jsonOut}`);
}
