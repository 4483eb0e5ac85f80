import { describe, expect, it } from 'vitest';
import { initialState, isRunning, reduce, type RaceEvent, type RaceState } from '../../src/islands/OptimizerRace/state';
import { raceSteps } from '../../src/islands/OptimizerRace/settings';
import type { RaceEpoch } from '../../src/workers/optimizer-race.protocol';

const run = { epochs: 2, racers: [{ optimizer: 'sgd' as const, learningRate: 0.01 }, { optimizer: 'adam' as const, learningRate: 1e-3 }] };
const epoch1: RaceEpoch = {
  epoch: 1,
  seconds: 1,
  racers: [
    { trainLoss: 2.1, testAccuracy: 0.49, divergedAt: null },
    { trainLoss: 0.7, testAccuracy: 0.86, divergedAt: null },
  ],
};
const play = (...events: RaceEvent[]) => events.reduce<RaceState>(reduce, initialState);
const batch = (epoch: number, step: number): RaceEvent => ({ type: 'batch', progress: { epoch, step, stepsPerEpoch: 100, losses: [2, 1], samplesPerSecond: 5000 } });

describe('the optimizer race state', () => {
  it('runs from start through batches and epochs to the finish, naming the leader', () => {
    const started = play({ type: 'start', run });
    expect(started.phase).toBe('starting');
    expect(started.progress.total).toBe(raceSteps(2));
    const racing = reduce(reduce(started, { type: 'status', status: { kind: 'engine', engine: 'wasm', diagnostics: { threads: 2 } } }), batch(1, 40));
    expect(racing.phase).toBe('running');
    expect(racing.status).toEqual({ key: 'running', values: { epoch: 1, epochs: 2, step: 40, steps: 100 } });
    expect(racing.progress.done).toBe(40);
    const after1 = reduce(racing, { type: 'epoch', result: epoch1 });
    expect(after1.announcement).toEqual({ key: 'epoch-done', values: { epoch: 1, epochs: 2, optimizer: 'adam', accuracy: '86.00' } });
    const done = reduce(after1, { type: 'finished', result: { history: [epoch1], stopped: false, engine: 'wasm' } });
    expect(done.phase).toBe('done');
    expect(isRunning(done)).toBe(false);
    expect(done.status.key).toBe('finished');
  });

  it('leaves a diverged racer out of the lead', () => {
    const wild: RaceEpoch = { ...epoch1, racers: [{ trainLoss: NaN, testAccuracy: NaN, divergedAt: 12 }, epoch1.racers[0]!] };
    const s = play({ type: 'start', run }, { type: 'epoch', result: wild });
    expect(s.announcement?.values).toMatchObject({ optimizer: 'adam', accuracy: '49.00' });
  });

  it('holds a pause where the worker says it held, and a late batch report does not move it', () => {
    const paused = play({ type: 'start', run }, batch(1, 10), { type: 'pause' }, { type: 'held', at: { epoch: 1, step: 12, stepsPerEpoch: 100 } }, batch(1, 20));
    expect(paused.phase).toBe('paused');
    expect(paused.status).toEqual({ key: 'paused', values: { epoch: 1, epochs: 2, step: 12, steps: 100 } });
    expect(paused.progress.done).toBe(12);
    expect(reduce(paused, { type: 'resume' }).phase).toBe('running');
  });

  it('ignores Start while racing, and reports from a race that ended', () => {
    const s = play({ type: 'start', run }, batch(1, 5));
    expect(reduce(s, { type: 'start', run: { ...run, epochs: 9 } })).toBe(s);
    const failed = reduce(s, { type: 'failed', message: 'boom' });
    expect(failed.status).toEqual({ key: 'failed', values: { message: 'boom' } });
    expect(reduce(failed, batch(1, 50))).toBe(failed);
  });

  it('stops: the status says so at once, and the finish reports the stopped race', () => {
    const stopping = play({ type: 'start', run }, batch(1, 5), { type: 'stop' });
    expect(stopping.stopping).toBe(true);
    expect(stopping.status.key).toBe('stopping');
    const stopped = reduce(stopping, { type: 'finished', result: { history: [], stopped: true, engine: 'wasm' } });
    expect(stopped.phase).toBe('stopped');
    expect(stopped.status).toEqual({ key: 'stopped-early' });
  });
});
