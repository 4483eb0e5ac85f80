import { describe, expect, it } from 'vitest';
import recorded from '../../src/data/batch-size-lab.json';
import { mnistSubsets } from '../../src/lib/mnist/assets';
import { firstOf } from '../../src/lib/mnist/idx';
import { batchLabDefaults, labBatchSizes, runBatchLab, type BatchLabOptions } from '../../src/lib/training/batch-lab';
import { createRunControl } from '../../src/lib/training/control';
import { SettingsError } from '../../src/lib/training/run';
import { bestResult, initialState, reduce, type LabEvent } from '../../src/islands/BatchLab/state';
import { readMnist } from '../../scripts/mnist-source';
import { nodeWasmEngine } from '../../scripts/node-engines';
import { countedEngine } from '../support/counted-engine';

const trainAll = readMnist('train');
const testAll = readMnist('test');
const small = (overrides: Partial<BatchLabOptions> = {}) =>
  runBatchLab({
    trainSet: firstOf(trainAll, 1000),
    testSet: firstOf(testAll, 300),
    batchSizes: [10, 100],
    budget: { samples: 1000 },
    learningRate: 1e-3,
    seed: 1,
    engine: nodeWasmEngine(1),
    ...overrides,
  });

describe('runBatchLab', () => {
  it('reproduces the recorded equal-digits run the chapter quotes (src/data/batch-size-lab.json), to the bit', async () => {
    expect(recorded.trainCount).toBe(mnistSubsets.default.train);
    const { results } = await runBatchLab({
      trainSet: firstOf(trainAll, recorded.trainCount),
      testSet: firstOf(testAll, recorded.testCount),
      batchSizes: labBatchSizes,
      budget: { samples: recorded.bySamples.samples },
      learningRate: recorded.learningRate,
      seed: recorded.seed,
      engine: nodeWasmEngine(recorded.bySamples.threads),
    });
    expect(results.map((r) => [r.batchSize, r.steps, r.testAccuracy, r.finalLoss])).toEqual(
      recorded.bySamples.results.map((r) => [r.batchSize, r.steps, r.testAccuracy, r.finalLoss]),
    );
    expect(recorded.learningRate).toBe(batchLabDefaults.learningRate);
  });

  it('a digit budget gives every batch size the same digits: steps × batch size, and the timed figures agree with each other', async () => {
    const { results } = await small();
    expect(results.map((r) => r.steps)).toEqual([100, 10]);
    for (const r of results) {
      expect(r.samples).toBe(1000);
      expect(r.epochs).toBe(1);
      expect(r.samplesPerSecond).toBeCloseTo(r.samples / r.seconds, 6);
      expect(r.testAccuracy).toBeGreaterThan(0.3);
    }
  });

  it('a time budget stops each size near its time', async () => {
    const started = performance.now();
    const { results } = await small({ budget: { seconds: 0.2 } });
    for (const r of results) {
      expect(r.seconds).toBeGreaterThanOrEqual(0.2);
      expect(r.seconds).toBeLessThan(1);
    }
    expect((performance.now() - started) / 1000).toBeLessThan(6);
  });

  it('stops on request with the sizes completed, and frees every engine it made (the warm-up’s too)', async () => {
    const { engine, tally } = countedEngine(nodeWasmEngine(1));
    const control = createRunControl();
    const outcome = await small({ engine, control, batchSizes: [10, 20, 50], onResult: () => control.stop() });
    expect(outcome.stopped).toBe(true);
    expect(outcome.results.map((r) => r.batchSize)).toEqual([10]);
    expect(tally.made).toBe(3);
    expect(tally.disposed).toBe(3);
  });

  it('a pause stops the clock: time held does not count against a size’s budget', async () => {
    const control = createRunControl();
    const holds: number[] = [];
    let paused = false;
    const outcome = await small({
      batchSizes: [100],
      budget: { seconds: 0.2 },
      control,
      onProgress: () => {
        if (paused) return;
        paused = true;
        control.pause();
        setTimeout(() => control.resume(), 600);
      },
      onHold: (at) => holds.push(at.batchSize),
    });
    expect(holds).toEqual([100]);
    const [r] = outcome.results;
    // Held for 0.6 s inside a 0.2 s budget: the size still trains about 0.2 s, and its speed is of that time.
    expect(r!.seconds).toBeGreaterThanOrEqual(0.2);
    expect(r!.seconds).toBeLessThan(0.5);
    expect(r!.samplesPerSecond).toBeCloseTo(r!.samples / r!.seconds, 6);
  });

  it('refuses settings that cannot run, by name', async () => {
    await expect(small({ batchSizes: [2000] })).rejects.toThrow('batch size 2000 is larger than the 1000 training digits');
    await expect(small({ batchSizes: [0] })).rejects.toThrow(SettingsError);
    await expect(small({ budget: { seconds: 0 } })).rejects.toThrow('the budget must be a positive number, got 0');
  });
});

describe('the batch-size lab state', () => {
  const result = (batchSize: number, testAccuracy: number) => ({ batchSize, steps: 10, samples: 10 * batchSize, seconds: 1, samplesPerSecond: 10 * batchSize, epochs: 1, finalLoss: 0.5, testAccuracy });
  const play = (...events: LabEvent[]) => events.reduce(reduce, initialState);

  it('goes from start through each size to the finish, naming the best size', () => {
    const s = play(
      { type: 'start', seconds: 2 },
      { type: 'status', status: { kind: 'engine', engine: 'wasm', diagnostics: { threads: 2 } } },
      { type: 'progress', at: { batchSize: 20, index: 1, fraction: 0.5 } },
    );
    expect(s.phase).toBe('running');
    expect(s.progress).toBe(1.5);
    expect(s.status).toEqual({ key: 'running', values: { batch: 20, index: 2, count: labBatchSizes.length } });
    const results = [result(10, 0.9), result(20, 0.93), result(50, 0.92)];
    const done = reduce(s, { type: 'finished', outcome: { results, stopped: false, engine: 'wasm' } });
    expect(done.phase).toBe('done');
    expect(done.status).toEqual({ key: 'finished', values: { batch: 20, accuracy: '93.00' } });
    expect(bestResult(results)?.batchSize).toBe(20);
  });

  it('announces each size as it ends, and a stopped run says how many sizes it finished', () => {
    const s = play({ type: 'start', seconds: 2 }, { type: 'result', result: result(10, 0.8) });
    expect(s.announcement).toEqual({ key: 'size-done', values: { batch: 10, accuracy: '80.00' } });
    const stopped = reduce(reduce(s, { type: 'stop' }), { type: 'finished', outcome: { results: [result(10, 0.8)], stopped: true, engine: 'wasm' } });
    expect(stopped.status).toEqual({ key: 'stopped', values: { count: 1 } });
  });

  it('holds a pause where the worker says it held; a late report moves the bar, not the line; Resume brings the line back', () => {
    const running = play({ type: 'start', seconds: 2 }, { type: 'progress', at: { batchSize: 20, index: 1, fraction: 0.25 } });
    const pausing = reduce(running, { type: 'pause' });
    expect(pausing.status).toEqual({ key: 'pausing' });
    const paused = play({ type: 'start', seconds: 2 }, { type: 'progress', at: { batchSize: 20, index: 1, fraction: 0.25 } }, { type: 'pause' }, { type: 'held', at: { batchSize: 20, index: 1, fraction: 0.3 } }, { type: 'progress', at: { batchSize: 20, index: 1, fraction: 0.35 } });
    expect(paused.phase).toBe('paused');
    expect(paused.status).toEqual({ key: 'paused', values: { batch: 20, index: 2, count: labBatchSizes.length } });
    expect(paused.progress).toBe(1.35);
    const resumed = reduce(paused, { type: 'resume' });
    expect(resumed.phase).toBe('running');
    expect(resumed.status).toEqual(running.status);
    // Stop while paused: the worker resumes to stop, and the page says so.
    const stopping = reduce(paused, { type: 'stop' });
    expect([stopping.phase, stopping.stopping, stopping.status.key]).toEqual(['running', true, 'stopping']);
    expect(reduce(stopping, { type: 'pause' })).toBe(stopping);
  });

  it('ignores reports once a run has failed, and Start while one runs', () => {
    const s = play({ type: 'start', seconds: 2 });
    expect(reduce(s, { type: 'start', seconds: 5 })).toBe(s);
    const failed = reduce(s, { type: 'failed', message: 'gone' });
    expect(reduce(failed, { type: 'result', result: result(10, 0.5) })).toBe(failed);
  });
});
