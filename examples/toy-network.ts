// The toy network of chapter 4.4, corrected so it runs, trained on one example.
// Run: npx tsx examples/toy-network.ts [epochs] [learning rate]
import { toyDefaults, toyForward, trainToy } from '../src/lib/nn/toy';

const epochs = Number(process.argv[2] ?? toyDefaults.epochs);
const learningRate = Number(process.argv[3] ?? toyDefaults.learningRate);
const run = trainToy({ epochs, learningRate, seed: toyDefaults.seed });
let result = run.next();
while (!result.done) {
  const { epoch, loss } = result.value;
  if (epoch === 1 || epoch % Math.max(1, Math.round(epochs / 10)) === 0) console.log(`epoch ${epoch}: loss ${loss.toExponential(4)}`);
  result = run.next();
}
const params = result.value;
const fmt = (a: number[]) => `[${a.map((n) => n.toFixed(8)).join(', ')}]`;
console.log(`prediction for X_train ${fmt(toyDefaults.X_train)}: ${fmt(toyForward(params, toyDefaults.X_train).Y)} (targets ${fmt(toyDefaults.Y_train)})`);
console.log(`prediction for X_test  ${fmt(toyDefaults.X_test)}: ${fmt(toyForward(params, toyDefaults.X_test).Y)}`);
