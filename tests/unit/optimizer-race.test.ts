import { describe, expect, it } from 'vitest';
import recorded from '../../src/data/optimizer-race.json';
import { mnistSubsets } from '../../src/lib/mnist/assets';
import { firstOf } from '../../src/lib/mnist/idx';
import { createRunControl } from '../../src/lib/training/control';
import type { EngineFactory } from '../../src/lib/training/engine';
import { divergedLoss, raceDefaults, runRace, type RaceOptions, type Racer } from '../../src/lib/training/race';
import { SettingsError } from '../../src/lib/training/run';
import { readMnist } from '../../scripts/mnist-source';
import { nodeWasmEngine } from '../../scripts/node-engines';
import { countedEngine as counted } from '../support/counted-engine';

const trainAll = readMnist('train');
const testAll = readMnist('test');
const small = { trainSet: firstOf(trainAll, 1000), testSet: firstOf(testAll, 300), epochs: 1, batchSize: 100, seed: 3 };
const race = (racers: Racer[], overrides: Partial<RaceOptions> = {}) => runRace({ ...small, racers, engine: nodeWasmEngine(1), ...overrides });


describe('runRace', () => {
  it('reproduces the recorded race the chapter quotes (src/data/optimizer-race.json), epoch by epoch', async () => {
    expect(recorded.trainCount).toBe(mnistSubsets.default.train);
    expect(recorded.racers).toEqual(raceDefaults.racers);
    const { history } = await runRace({
      trainSet: firstOf(trainAll, recorded.trainCount),
      testSet: firstOf(testAll, recorded.testCount),
      epochs: recorded.epochs,
      batchSize: recorded.batchSize,
      seed: recorded.seed,
      racers: recorded.racers as Racer[],
      engine: nodeWasmEngine(recorded.threads),
    });
    history.forEach((epoch, e) =>
      epoch.racers.forEach((r, i) => {
        const want = recorded.history[e]!.racers[i]!;
        expect(r.testAccuracy, `epoch ${e + 1}, racer ${i}`).toBe(want.testAccuracy);
        expect(r.trainLoss).toBeCloseTo(want.trainLoss, 10);
      }),
    );
  });

  it('starts every racer from the same weights on the same batches: two identical racers run identical curves', async () => {
    const losses: (number | null)[][] = [];
    const { history } = await race(
      [
        { optimizer: 'momentum', learningRate: 0.02 },
        { optimizer: 'momentum', learningRate: 0.02 },
        { optimizer: 'sgd', learningRate: 0.02 },
      ],
      { onBatch: (p) => losses.push(p.losses) },
    );
    expect(losses.length).toBe(1000 / 100 / 10);
    for (const [a, b, c] of losses) {
      expect(a).toBe(b);
      expect(c).not.toBe(a);
    }
    expect(history[0]!.racers[0]).toEqual(history[0]!.racers[1]);
  });

  it('takes a racer whose loss runs past the limit out of the race and lets the others finish', async () => {
    const { history } = await race(
      [
        { optimizer: 'sgd', learningRate: 10 },
        { optimizer: 'adam', learningRate: 1e-3 },
      ],
      { lossEvery: 1 },
    );
    const [wild, adam] = history[0]!.racers;
    expect(wild!.divergedAt).toBeGreaterThan(0);
    expect(wild!.testAccuracy).toBeNaN();
    expect(adam!.divergedAt).toBeNull();
    expect(adam!.testAccuracy).toBeGreaterThan(0.5);
    expect(divergedLoss).toBeGreaterThan(100 * Math.log(10));
  });

  it('stops on request with the epochs completed, and frees every engine whether it stops, fails or finishes', async () => {
    const control = createRunControl();
    const { engine, tally } = counted(nodeWasmEngine(1));
    let batches = 0;
    const outcome = await race(
      [
        { optimizer: 'sgd', learningRate: 0.01 },
        { optimizer: 'adam', learningRate: 1e-3 },
      ],
      { engine, control, epochs: 3, lossEvery: 1, onBatch: () => ++batches === 12 && control.stop() },
    );
    expect(outcome.stopped).toBe(true);
    expect(outcome.history).toHaveLength(1);
    expect(tally).toEqual({ made: 2, disposed: 2 });

    // The second racer's engine fails to start: the first one's is freed, the error reaches the caller.
    const failing = counted(nodeWasmEngine(1));
    let starts = 0;
    const broken: EngineFactory = async (options) => {
      if (++starts === 2) throw new Error('no engine for you');
      return failing.engine(options);
    };
    await expect(race([{ optimizer: 'sgd', learningRate: 0.01 }, { optimizer: 'adam', learningRate: 1e-3 }], { engine: broken })).rejects.toThrow('no engine for you');
    expect(failing.tally).toEqual({ made: 1, disposed: 1 });

    const finished = counted(nodeWasmEngine(1));
    await race([{ optimizer: 'rmsprop', learningRate: 1e-3 }], { engine: finished.engine });
    expect(finished.tally).toEqual({ made: 1, disposed: 1 });
  });

  it('refuses settings that cannot race, by name', async () => {
    await expect(race([])).rejects.toThrow(SettingsError);
    await expect(race([{ optimizer: 'adam', learningRate: 0 }])).rejects.toThrow("adam's learning rate must be a positive number, got 0");
    await expect(race([{ optimizer: 'adam', learningRate: 1e-3 }], { batchSize: 5000 })).rejects.toThrow('batch size 5000 is larger than the 1000 training digits');
  });
});
