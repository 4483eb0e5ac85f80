// The worked 3-2-2 network of chapter 4.3: forward pass, loss, gradients three ways, one gradient step.
// Run: npx tsx examples/worked-network.ts
import { autodiffGradients } from '../src/lib/nn/autodiff';
import { flatten, numericalGradients, solveWorkedExample, workedExample } from '../src/lib/nn/network';

const { params, x, t, learningRate } = workedExample;
const { before, grads, after } = solveWorkedExample();
const v = (a: number[]) => `(${a.map((n) => n.toFixed(6)).join(', ')})`;

console.log(`input x = ${v(x)}, targets t = ${v(t)}, all weights and biases 1`);
console.log(`hidden  z1 = ${v(before.z1)}  h = σ(z1) = ${v(before.h)}`);
console.log(`output  z2 = ${v(before.z2)}  y = σ(z2) = ${v(before.y)}`);
console.log(`loss    L = ½ Σ (y − t)² = ${before.loss.toFixed(6)}`);

const numeric = flatten(numericalGradients(params, x, t));
const { grads: auto } = await autodiffGradients(params, x, t);
const autoFlat = flatten(auto);
console.log('\nparameter   chain rule    finite diff.  tfjs autodiff');
flatten(grads).forEach((g, i) => {
  const cols = [g.value, numeric[i]!.value, autoFlat[i]!.value].map((n) => n.toExponential(6).padStart(14));
  console.log(`${g.name.padEnd(10)}${cols.join('')}`);
});
console.log(`\nafter one step of gradient descent (α = ${learningRate}): loss ${before.loss.toFixed(6)} → ${after.loss.toFixed(6)}`);
