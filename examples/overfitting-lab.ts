// Section 9.3's overfitting lab in Node, with the page's own code: the article's network on a few
// digits for many epochs, plainly and with each remedy (weight decay, dropout, early stopping) alone
// and all together, from the same weights on the same batches; then, for comparison, no remedy on
// 2,000 and 5,000 digits.
// Run: npx tsx examples/overfitting-lab.ts [--json out.json]
import { writeFileSync } from 'node:fs';
import { mnistSubsets } from '../src/lib/mnist/assets';
import { firstOf } from '../src/lib/mnist/idx';
import { labSets, overfitDefaults, runOverfitLab, type Regularization } from '../src/lib/training/overfit-lab';
import { readMnist } from '../scripts/mnist-source';
import { nodeWasmEngine } from '../scripts/node-engines';

const args = process.argv.slice(2);
const at = args.indexOf('--json');
const jsonOut = at >= 0 ? args[at + 1] : undefined;

const train = firstOf(readMnist('train'), mnistSubsets.default.train);
const test = firstOf(readMnist('test'), mnistSubsets.default.test);
const sets = labSets(train, test, overfitDefaults.trainCount);
const off: Regularization = { weightDecay: 0, dropout: 0, patience: 0 };
const all = overfitDefaults.regularization;
const variants: [string, Regularization][] = [
  ['weight decay', { ...off, weightDecay: all.weightDecay }],
  ['dropout', { ...off, dropout: all.dropout }],
  ['early stopping', { ...off, patience: all.patience }],
  ['all three', all],
];
const pct = (v: number) => `${(100 * v).toFixed(2)}%`;
const runs = [];
let plain;
for (const [name, regularization] of variants) {
  // One thread: the WebAssembly engine's sums depend on the thread count in their last bits.
  const { history, summary } = await runOverfitLab({ ...sets, ...overfitDefaults, regularization, engine: nodeWasmEngine(1) });
  plain ??= history.map((e) => e.plain);
  const last = history.at(-1)!;
  const best = history[summary.bestEpoch - 1]!.regularized!;
  const final = summary.stoppedAt ? best : last.regularized!;
  console.log(
    `${name.padEnd(15)} train ${pct(final.train.accuracy)}, test ${pct(final.test.accuracy)} (loss ${final.test.loss.toFixed(3)})` +
      (summary.stoppedAt ? `, stopped at epoch ${summary.stoppedAt}, kept epoch ${summary.bestEpoch}` : ''),
  );
  runs.push({ name, regularization, summary, history: history.map((e) => e.regularized) });
}
// The remedy the others are measured against: more digits, no remedy (the plain run's last epoch).
const moreData = [];
for (const trainCount of [2000, 5000]) {
  const { history } = await runOverfitLab({ ...labSets(train, test, trainCount), ...overfitDefaults, regularization: off, engine: nodeWasmEngine(1) });
  const end = history.at(-1)!.plain;
  console.log(`${`${trainCount} digits`.padEnd(15)} train ${pct(end.train.accuracy)}, test ${pct(end.test.accuracy)} (loss ${end.test.loss.toFixed(3)}), no remedy`);
  moreData.push({ trainCount, end });
}
const p = plain!.at(-1)!;
console.log(`${'none'.padEnd(15)} train ${pct(p.train.accuracy)}, test ${pct(p.test.accuracy)} (loss ${p.test.loss.toFixed(3)})`);
if (jsonOut) {
  const record = { engine: 'wasm', threads: 1, ...overfitDefaults, validationCount: sets.validationSet.count, testCount: sets.testSet.count, plain, runs, moreData };
  writeFileSync(jsonOut, `${JSON.stringify(record, null, 2)}\n`);
  console.log(`wrote ${jsonOut}`);
}
