// Activation functions and their derivatives (chapter 4.1.1 and 4.2), printed as a table.
// Run: npx tsx examples/activations.ts
import { activations, articleTanhPrime } from '../src/lib/nn/activations';

const xs = [-3, -2, -1, -0.5, 0, 0.5, 1, 2, 3];
const f = (v: number) => v.toFixed(4).padStart(8);

console.log(`${'x'.padStart(5)} ${['σ', "σ'", 'ReLU', "ReLU'", 'tanh', "tanh'", "article"].map((h) => h.padStart(8)).join('')}`);
for (const x of xs) {
  const { sigmoid, relu, tanh } = activations;
  const row = [sigmoid.f(x), sigmoid.df(x), relu.f(x), relu.df(x), tanh.f(x), tanh.df(x), articleTanhPrime(x)];
  console.log(`${x.toString().padStart(5)} ${row.map(f).join('')}`);
}
console.log("\n\"article\" is (1 − tanh²x)/(1 + tanh²x), the derivative printed in 4.2.3; tanh' = 1 − tanh²x.");
