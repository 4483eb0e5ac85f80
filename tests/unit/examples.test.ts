import { readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { solveWorkedExample } from '../../src/lib/nn/network';
import { toyDefaults, toyForward, trainToy } from '../../src/lib/nn/toy';

/** Run an example the way the chapter tells readers to (`npx tsx examples/…`). */
function run(file: string, ...args: string[]) {
  const result = spawnSync(process.execPath, ['--import', 'tsx', file, ...args], { encoding: 'utf8' });
  expect(result.status, result.stderr).toBe(0);
  return result.stdout;
}

describe('examples/', () => {
  it('activations.ts prints σ, its derivative and the article’s wrong tanh′ next to the true one', () => {
    const out = run('examples/activations.ts');
    expect(out).toMatch(/^\s+1\s+0\.7311\s+0\.1966\s+1\.0000\s+1\.0000\s+0\.7616\s+0\.4200\s+0\.2658$/m);
    expect(out.trim().split('\n')).toHaveLength(12);
  });

  it('worked-network.ts prints the forward pass, three agreeing gradients and a lower loss after one step', () => {
    const out = run('examples/worked-network.ts');
    const { before, after } = solveWorkedExample();
    expect(out).toContain(`y = σ(z2) = (${before.y.map((v) => v.toFixed(6)).join(', ')})`);
    expect(out).toContain(`loss ${before.loss.toFixed(6)} → ${after.loss.toFixed(6)}`);
    const rows = out.split('\n').filter((l) => /^(W|b)\d\[/.test(l));
    expect(rows).toHaveLength(14);
    for (const row of rows) {
      const [chain, numeric, auto] = row.trim().split(/\s+/).slice(1).map(Number);
      expect(Math.abs(chain! - numeric!)).toBeLessThan(1e-9);
      expect(Math.abs(chain! - auto!)).toBeLessThan(1e-6);
    }
  });

  it('toy-network.ts trains and prints the prediction the library computes', () => {
    const out = run('examples/toy-network.ts', '200', '0.1');
    let params;
    const training = trainToy({ epochs: 200, learningRate: 0.1, seed: toyDefaults.seed });
    for (let r = training.next(); ; r = training.next()) if (r.done) { params = r.value; break; }
    const y = toyForward(params, toyDefaults.X_test).Y.map((v) => v.toFixed(8)).join(', ');
    expect(out).toContain(`prediction for X_test  [4.00000000, 5.00000000, 6.00000000]: [${y}]`);
    expect(out.match(/^epoch \d+: loss/gm)).toHaveLength(11);
  });

  it('onnx-inference.ts runs both shipped models on the test set and prints the accuracy on their card', () => {
    const out = run('examples/onnx-inference.ts');
    const card = JSON.parse(readFileSync('public/models/mnist-mlp.card.json', 'utf8')) as { models: { file: string; testAccuracy: number }[] };
    for (const model of card.models) {
      const line = out.split('\n').find((l) => l.startsWith(`public/models/${model.file}:`));
      expect(line, model.file).toContain(`test accuracy ${(100 * model.testAccuracy).toFixed(2)}% on 10000 digits`);
      expect(line).toMatch(/latency per digit median \d+\.\d{3} ms/);
    }
  });
});

const hasNumpy = spawnSync('python3', ['-c', 'import numpy'], { encoding: 'utf8' }).status === 0;

describe('examples/toy-network.py (the corrected listing shown beside the TypeScript one)', () => {
  it.skipIf(!hasNumpy)('runs and reproduces the targets on its training row', () => {
    const result = spawnSync('python3', ['examples/toy-network.py'], { encoding: 'utf8' });
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout.split('\n')[0]).toBe('[[0.5 0.6]]');
  });
});

describe("the article's listing of 4.4 (examples/article/toy-network-original.py) fails as the erratum says", () => {
  /** Run the original listing with some of its mistakes patched, and report the first exception. */
  function runPatched(patches: [string, string][]): string {
    const script = `
import sys
src = open('examples/article/toy-network-original.py').read()
for old, new in ${JSON.stringify(patches)}:
    assert old in src, old
    src = src.replace(old, new)
try:
    exec(src, {})
    print('ran')
except Exception as e:
    print(type(e).__name__ + ': ' + str(e))
`;
    const result = spawnSync('python3', ['-c', script], { encoding: 'utf8' });
    expect(result.status, result.stderr).toBe(0);
    return result.stdout.trim();
  }
  const call = 'nn.train(X_train, Y_train, epochs=1000)';

  it.skipIf(!hasNumpy)('as printed: TypeError, Y_prime is missing', () => {
    expect(runPatched([])).toBe("TypeError: NeuralNetwork.train() missing 1 required positional argument: 'Y_prime'");
  });

  it.skipIf(!hasNumpy)('with the targets passed: the 2×1 targets break np.dot(H.T, …)', () => {
    expect(runPatched([[call, 'nn.train(X_train, Y_train, Y_train, epochs=1000)']])).toBe(
      'ValueError: shapes (2,1) and (2,2) not aligned: 1 (dim 1) != 2 (dim 0)',
    );
  });

  it.skipIf(!hasNumpy)('with 1×2 targets: np.dot(W2.T, …) has its operands the wrong way round', () => {
    expect(runPatched([[call, 'nn.train(X_train, None, np.array([[0.5, 0.6]]), epochs=1000)']])).toBe(
      'ValueError: shapes (2,2) and (1,2) not aligned: 2 (dim 1) != 1 (dim 0)',
    );
  });

  it.skipIf(!hasNumpy)('with the operands swapped too: the bias update H * (1 - H) cannot be applied to B1', () => {
    const out = runPatched([
      [call, 'nn.train(X_train, None, np.array([[0.5, 0.6]]), epochs=1000)'],
      ['np.dot(W2.T, (Y - Y_prime))', 'np.dot((Y - Y_prime), W2.T)'],
    ]);
    expect(out).toMatch(/^ValueError: non-broadcastable output operand/);
  });
});
