import { describe, expect, it } from 'vitest';
import recorded from '../../src/data/overfitting-lab.json';
import { mnistSubsets } from '../../src/lib/mnist/assets';
import { firstOf } from '../../src/lib/mnist/idx';
import { createRunControl } from '../../src/lib/training/control';
import { labSets, overfitDefaults, runOverfitLab, type OverfitLabOptions, type Regularization } from '../../src/lib/training/overfit-lab';
import { SettingsError } from '../../src/lib/training/run';
import { endpoints, initialState, reduce } from '../../src/islands/OverfitLab/state';
import { readMnist } from '../../scripts/mnist-source';
import { loadNodeEngine, nodeWasmEngine } from '../../scripts/node-engines';
import { countedEngine } from '../support/counted-engine';

const train = firstOf(readMnist('train'), mnistSubsets.default.train);
const test = firstOf(readMnist('test'), mnistSubsets.default.test);
const off: Regularization = { weightDecay: 0, dropout: 0, patience: 0 };
const small = (overrides: Partial<OverfitLabOptions> = {}) =>
  runOverfitLab({ ...labSets(train, firstOf(test, 300), 200), epochs: 4, batchSize: 50, learningRate: 1e-3, seed: 2, regularization: off, engine: nodeWasmEngine(1), ...overrides });

describe('runOverfitLab', () => {
  it('reproduces the recorded run the chapter quotes (src/data/overfitting-lab.json), with all three remedies, to the bit', async () => {
    const all = recorded.runs.find((r) => r.name === 'all three')!;
    expect(all.regularization).toEqual(overfitDefaults.regularization);
    const { history, summary } = await runOverfitLab({ ...labSets(train, test, recorded.trainCount), ...overfitDefaults, regularization: all.regularization, engine: nodeWasmEngine(recorded.threads) });
    expect(history.map((e) => e.plain)).toEqual(recorded.plain);
    expect(history.map((e) => e.regularized)).toEqual(all.history);
    expect(summary).toEqual(all.summary);
  });

  it('the record bears out what the chapter says of it', () => {
    const plainEnd = recorded.plain.at(-1)!;
    expect(plainEnd.train.accuracy).toBe(1);
    const lowest = Math.min(...recorded.plain.map((e) => e.test.loss));
    expect(plainEnd.test.loss).toBeGreaterThan(lowest);
    for (const run of recorded.runs) {
      const kept = run.summary.stoppedAt ? run.history[run.summary.bestEpoch - 1]! : run.history.at(-1)!;
      expect(kept!.test.loss, run.name).toBeLessThan(plainEnd.test.loss);
    }
    const more = recorded.moreData.map((m) => m.end.train.accuracy - m.end.test.accuracy);
    expect(more[0]!).toBeLessThan(plainEnd.train.accuracy - plainEnd.test.accuracy);
    expect(more[1]!).toBeLessThan(more[0]!);
  });

  it('validates on digits it never trains on, and refuses a training set that would reach them', () => {
    const sets = labSets(train, test, 9000);
    expect(sets.validationSet.count).toBe(overfitDefaults.validationCount);
    expect(sets.validationSet.images).toEqual(train.images.subarray(9000 * 784));
    expect(sets.trainSet.images).toEqual(train.images.subarray(0, 9000 * 784));
    expect(() => labSets(train, test, 9001)).toThrow('at most 9000 training digits leave 1000 to validate on, not 9001');
  });

  it('with no remedy both runs are the same run; early stopping ends the second and keeps its best epoch', async () => {
    const same = await small();
    for (const e of same.history) expect(e.regularized).toEqual(e.plain);
    const stopping = await small({ epochs: 30, regularization: { ...off, patience: 2 } });
    const { bestEpoch, stoppedAt } = stopping.summary;
    expect(stoppedAt).toBe(bestEpoch + 2);
    expect(stopping.history[stoppedAt! - 1]!.regularized).not.toBeNull();
    expect(stopping.history[stoppedAt!]?.regularized ?? null).toBeNull();
    const losses = stopping.history.slice(0, stoppedAt!).map((e) => e.regularized!.validation.loss);
    expect(Math.min(...losses)).toBe(losses[bestEpoch - 1]);
    expect(stopping.history).toHaveLength(30);
  });

  it('a pause holds between two steps and changes nothing: the paused run equals an unpaused one to the bit', async () => {
    const regularization = { weightDecay: 1e-3, dropout: 0.5, patience: 0 };
    const plain = await small({ regularization });
    const control = createRunControl();
    const holds: { epoch: number; step: number }[] = [];
    const paused = await small({
      regularization,
      control,
      onEpoch: (e) => {
        if (e.epoch !== 2) return;
        control.pause();
        setTimeout(() => control.resume(), 50);
      },
      onHold: ({ epoch, step }) => holds.push({ epoch, step }),
    });
    expect(holds).toEqual([{ epoch: 3, step: 0 }]);
    expect(paused.history).toEqual(plain.history);
  });

  it('stops on request, frees both engines, and refuses bad settings and an engine that cannot evaluate', async () => {
    const { engine, tally } = countedEngine(nodeWasmEngine(1));
    const control = createRunControl();
    const outcome = await small({ engine, control, epochs: 10, onEpoch: (e) => e.epoch === 2 && control.stop() });
    expect(outcome.stopped).toBe(true);
    expect(outcome.history).toHaveLength(2);
    expect(tally).toEqual({ made: 2, disposed: 2 });
    await expect(small({ regularization: { ...off, dropout: 1 } })).rejects.toThrow(SettingsError);
    await expect(small({ regularization: { ...off, patience: 1.5 } })).rejects.toThrow('patience must be a whole number of epochs, got 1.5');
    await expect(small({ engine: await loadNodeEngine('tfjs-wasm') })).rejects.toThrow('the tfjs-wasm engine cannot evaluate a set; the lab needs the WebAssembly engine');
  });
});

describe('the overfitting lab state', () => {
  const score = (accuracy: number) => ({ loss: 1 - accuracy, accuracy });
  const epoch = (n: number, regularized: boolean) => ({ epoch: n, plain: { train: score(0.9), validation: score(0.8), test: score(0.7) }, regularized: regularized ? { train: score(0.85), validation: score(0.82), test: score(0.75) } : null });
  const run = { trainCount: 500, epochs: 3, weightDecay: 0, dropout: 0.5, patience: 1 };

  it('reports epochs as they come and names where each run ends', () => {
    let s = reduce(initialState, { type: 'start', run });
    s = reduce(s, { type: 'epoch', epoch: epoch(1, true) });
    expect(s.status).toEqual({ key: 'running', values: { epoch: 1, epochs: 3, train: '90.00', test: '70.00' } });
    s = reduce(s, { type: 'epoch', epoch: epoch(2, true) });
    s = reduce(s, { type: 'epoch', epoch: epoch(3, false) });
    const done = reduce(s, { type: 'finished', outcome: { history: s.history, summary: { bestEpoch: 1, stoppedAt: 2 }, stopped: false, engine: 'wasm' } });
    expect(done.status).toEqual({ key: 'finished', values: { epochs: 3 } });
    const ends = endpoints(done.history, done.outcome!.summary)!;
    expect(ends.plain.epoch).toBe(3);
    expect(ends.regularized.epoch).toBe(1);
    expect(endpoints(done.history, null)!.regularized.epoch).toBe(2);
  });

  it('Pause says pausing, then where it held; an epoch that ends meanwhile fills the charts and comes back with Resume', () => {
    const running = reduce(reduce(initialState, { type: 'start', run }), { type: 'epoch', epoch: epoch(1, true) });
    const pausing = reduce(running, { type: 'pause' });
    expect([pausing.phase, pausing.status.key]).toEqual(['paused', 'pausing']);
    const late = reduce(pausing, { type: 'epoch', epoch: epoch(2, true) });
    expect([late.phase, late.status.key, late.history.length]).toEqual(['paused', 'pausing', 2]);
    const held = reduce(late, { type: 'held', at: { epoch: 3, step: 0, stepsPerEpoch: 10 } });
    expect(held.status).toEqual({ key: 'paused', values: { epoch: 3, epochs: 3, step: 0, steps: 10 } });
    const resumed = reduce(held, { type: 'resume' });
    expect(resumed.phase).toBe('running');
    expect(resumed.status).toEqual({ key: 'running', values: { epoch: 2, epochs: 3, train: '90.00', test: '70.00' } });
    expect(reduce(initialState, { type: 'pause' })).toBe(initialState);
    expect(reduce(running, { type: 'held', at: { epoch: 1, step: 3, stepsPerEpoch: 10 } })).toBe(running);
  });

  it('a failure while MNIST loads is the download’s, with Try again', () => {
    const loading = reduce(reduce(initialState, { type: 'start', run }), { type: 'status', status: { kind: 'loading-data' } });
    expect(reduce(loading, { type: 'failed', message: 'HTTP 503' }).download).toEqual({ kind: 'failed', message: 'HTTP 503' });
  });
});
