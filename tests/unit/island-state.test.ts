import { describe, expect, it } from 'vitest';
import { fileAccuracy } from '../../src/islands/DigitPad/ScalingPicker';
import { homeModel, initialPadState, reducePad, type FileScaling } from '../../src/islands/DigitPad/state';
import { initialState, isBusy, reduce, type TrainerEvent, type TrainerState } from '../../src/islands/MnistTrainer/state';
import { takeStep, valueRule } from '../../src/islands/NetworkStepper/step';
import { backward, forward, workedExample } from '../../src/lib/nn/network';
import type { MnistOutcome } from '../../src/workers/mnist-trainer.protocol';

const run = { epochs: 3, batchSize: 100, learningRate: 1e-3, trainCount: 1000 };
const outcome = (stopped = false): MnistOutcome => ({
  history: [],
  stopped,
  predictions: new Uint8Array(0),
  labels: new Uint8Array(0),
  sampleImages: new Uint8Array(0),
  confusion: [],
  testAccuracy: 0.9,
  diagnostics: { tensors: 7 },
});
const batch = (epoch: number, step: number): TrainerEvent => ({
  type: 'batch',
  progress: { epoch, step, stepsPerEpoch: 10, loss: 0.5, samplesPerSecond: 1000, engine: 'tfjs-wasm', diagnostics: { tensors: 20 } },
  elapsedSeconds: 2,
});
const play = (...events: TrainerEvent[]) => events.reduce<TrainerState>(reduce, initialState);

describe('the MNIST trainer’s state', () => {
  it('shows MNIST’s download while it runs, keeps the status line, and drops the bar when the data is ready', () => {
    const loading = play({ type: 'start', run }, { type: 'status', status: { kind: 'loading-data' } }, { type: 'status', status: { kind: 'data-progress', loaded: 500, total: 1900 } });
    expect(loading).toMatchObject({ download: { kind: 'running', loaded: 500, total: 1900 }, status: { key: 'loading-data' } });
    expect(reduce(loading, { type: 'status', status: { kind: 'data-ready', downloaded: 1900 } }).download).toBeNull();
  });

  it('shows TensorFlow.js downloading for an engine, and drops the bar when it is in, or when the engine falls back', () => {
    const ready = play({ type: 'start', run }, { type: 'status', status: { kind: 'data-ready', downloaded: 1900 } }, { type: 'status', status: { kind: 'measuring' } });
    const downloading = reduce(ready, { type: 'status', status: { kind: 'engine-download', loaded: 300_000, total: 2_700_000 } });
    expect(downloading).toMatchObject({ download: { kind: 'running', loaded: 300_000, total: 2_700_000 }, downloadOf: 'tfjs', status: { key: 'measuring' } });
    expect(reduce(downloading, { type: 'status', status: { kind: 'engine-download', loaded: 2_700_000, total: 2_700_000 } }).download).toBeNull();
    const fellBack = reduce(downloading, { type: 'fallback', fallback: { from: 'tfjs-wasm', to: 'wasm', message: 'tfjs.js: HTTP 503', epochsKept: 0 } });
    expect(fellBack.download).toBeNull();
    expect(fellBack.fallbacks).toHaveLength(1);
    expect(reduce(downloading, { type: 'status', status: { kind: 'engine', engine: 'wasm', reason: 'measured' } }).download).toBeNull();
    // A later run's data download is the data's again.
    const next = play({ type: 'start', run }, { type: 'status', status: { kind: 'data-progress', loaded: 1, total: 2 } });
    expect(next.downloadOf).toBe('data');
  });

  it('a comparison shows what it downloads, and no bar once it ends', () => {
    const comparing = reduce(initialState, { type: 'compare-start' });
    const data = reduce(comparing, { type: 'compare-download', download: { of: 'data', loaded: 10, total: 1500 } });
    expect(data.compareDownload).toEqual({ of: 'data', loaded: 10, total: 1500 });
    expect(reduce(data, { type: 'compare-download', download: { of: 'data', loaded: 1500, total: 1500 } }).compareDownload).toBeNull();
    const tfjs = reduce(data, { type: 'compare-download', download: { of: 'tfjs', loaded: 5, total: 2_700_000 } });
    expect(tfjs.compareDownload?.of).toBe('tfjs');
    expect(reduce(tfjs, { type: 'compare-done', comparison: { rows: [], stopped: false } }).compareDownload).toBeNull();
    expect(reduce(tfjs, { type: 'compare-failed', message: 'x' }).compareDownload).toBeNull();
    // A late report of an ended measurement changes nothing.
    const ended = reduce(tfjs, { type: 'compare-done', comparison: { rows: [], stopped: false } });
    expect(reduce(ended, { type: 'compare-download', download: { of: 'tfjs', loaded: 6, total: 2_700_000 } })).toBe(ended);
  });

  it('a run that fails while MNIST loads shows the download failed, with Try again; one that fails later does not', () => {
    const loading = play({ type: 'start', run }, { type: 'status', status: { kind: 'loading-data' } });
    const failed = reduce(loading, { type: 'failed', message: 'HTTP 503' });
    expect(failed).toMatchObject({ phase: 'failed', download: { kind: 'failed', message: 'HTTP 503' }, announcement: null });
    const training = play({ type: 'start', run }, { type: 'status', status: { kind: 'data-ready', downloaded: 10 } }, batch(1, 5));
    const lost = reduce(training, { type: 'failed', message: 'device lost' });
    expect(lost.download).toBeNull();
    expect(lost.announcement).toEqual({ key: 'failed', values: { message: 'device lost' } });
    expect(reduce(failed, { type: 'start', run }).download).toBeNull();
  });

  it('says at once that a run is starting, not the previous run’s result', () => {
    const done = play({ type: 'start', run }, { type: 'finished', outcome: outcome() });
    expect(done.status.key).toBe('finished');
    const again = reduce(done, { type: 'start', run });
    expect(again.status.key).toBe('starting');
    expect(again.progress.diagnostics).toBeNull();
    expect(again.outcome).toBeNull();
  });

  it('a run that finishes while paused is finished, not paused', () => {
    const s = play({ type: 'start', run }, { type: 'status', status: { kind: 'engine', engine: 'tfjs-wasm', reason: 'no-gpu' } }, batch(3, 10), { type: 'pause' }, { type: 'finished', outcome: outcome() });
    expect(s.phase).toBe('done');
    expect(s.status.key).toBe('finished');
    expect(isBusy(s)).toBe(false);
  });

  it('counts epochs of the run it started with, whatever the fields say later', () => {
    const s = play({ type: 'start', run }, { type: 'status', status: { kind: 'engine', engine: 'tfjs-wasm', reason: 'no-gpu' } }, batch(2, 4));
    expect(s.status).toEqual({ key: 'running', values: { epoch: 2, epochs: 3, step: 4, steps: 10 } });
    expect(s.progress).toMatchObject({ done: 14, total: 30 });
  });

  it('keeps “Paused” and “Stopping” on screen while reports already under way arrive', () => {
    const engine: TrainerEvent = { type: 'status', status: { kind: 'engine', engine: 'tfjs-wasm', reason: 'no-gpu' } };
    const pausing = play({ type: 'start', run }, engine, batch(1, 2), { type: 'pause' }, batch(1, 3));
    expect(pausing.status.key).toBe('pausing');
    expect(pausing.progress.done).toBe(3);
    // Once the worker holds, the page says where, and shows that step on the bar.
    const held = reduce(pausing, { type: 'held', at: { epoch: 1, step: 4, stepsPerEpoch: 10 } });
    expect(held.status).toEqual({ key: 'paused', values: { epoch: 1, epochs: 3, step: 4, steps: 10 } });
    expect(held.progress.done).toBe(4);
    expect(reduce(held, { type: 'resume' }).status).toEqual({ key: 'running', values: { epoch: 1, epochs: 3, step: 4, steps: 10 } });
    const stopping = play({ type: 'start', run }, engine, batch(1, 2), { type: 'stop' }, batch(1, 3));
    expect(stopping.status.key).toBe('stopping');
    expect(reduce(stopping, { type: 'finished', outcome: outcome(true) }).status.key).toBe('stopped');
  });

  it('after a fallback names the engine in use and why', () => {
    const timings = [{ engine: 'tfjs-webgpu' as const, samplesPerSecond: 90_000 }, { engine: 'wasm' as const, samplesPerSecond: 40_000 }];
    const s = play(
      { type: 'start', run },
      { type: 'status', status: { kind: 'engine', engine: 'tfjs-webgpu', reason: 'measured', timings } },
      { type: 'fallback', fallback: { from: 'tfjs-webgpu', to: 'wasm', message: 'device lost', epochsKept: 1 } },
      { type: 'status', status: { kind: 'engine', engine: 'wasm', reason: { fallbackFrom: 'tfjs-webgpu' } } },
    );
    // The timings that made the first choice stay on the line: they explain the order.
    expect(s.engine).toEqual({ id: 'wasm', reason: { fallbackFrom: 'tfjs-webgpu' }, timings });
    expect(s.fallbacks).toHaveLength(1);
  });

  it('distinguishes data downloaded from data already loaded', () => {
    const fetched = play({ type: 'start', run }, { type: 'status', status: { kind: 'data-ready', downloaded: 2 * 1024 * 1024 } });
    expect(fetched.status).toEqual({ key: 'data-ready', values: { mb: '2.0' } });
    expect(play({ type: 'start', run }, { type: 'status', status: { kind: 'data-ready', downloaded: 0 } }).status.key).toBe('data-cached');
  });

  it('a comparison leaves the run’s status and results as they were', () => {
    const done = play({ type: 'start', run }, { type: 'finished', outcome: outcome() });
    const comparing = reduce(done, { type: 'compare-start' });
    expect(isBusy(comparing)).toBe(true);
    expect(reduce(comparing, { type: 'start', run })).toBe(comparing);
    const compared = reduce(comparing, { type: 'compare-done', comparison: { rows: [], stopped: true } });
    expect(compared.status).toEqual(done.status);
    expect(compared.outcome).toBe(done.outcome);
    expect(compared.comparison?.stopped).toBe(true);
  });
});

const measuredScaling: FileScaling = {
  measured: [
    { scaling: 'unit', correct: 1872, count: 2000 },
    { scaling: 'symmetric', correct: 1926, count: 2000 },
    { scaling: 'standard', correct: 1908, count: 2000 },
    { scaling: 'bytes', correct: 1857, count: 2000 },
  ],
  auto: 'symmetric',
  chiSquare: 35.2,
  aboveChance: true,
  chosen: 'symmetric',
};

describe('the draw-a-digit demo’s state', () => {
  it('choosing another model clears the last model’s reading', () => {
    const shown = reducePad(initialPadState('float'), { type: 'reading', reading: { kind: 'prediction', probs: new Float32Array(10), ms: 1, by: 'ort' } });
    expect(reducePad(shown, { type: 'choose', id: 'int8' }).reading.kind).toBe('idle');
  });

  it('a file that loads becomes the model in use; one refused leaves the model in use as it was', () => {
    const opened = reducePad(reducePad(initialPadState('float'), { type: 'opening', name: 'a.onnx' }), { type: 'opened', name: 'a.onnx', scaling: measuredScaling });
    expect(opened).toMatchObject({ active: 'file', opening: null, available: ['float', 'int8', 'file'] });
    const refused = reducePad(reducePad(initialPadState('float'), { type: 'opening', name: 'b.onnx' }), { type: 'refused', name: 'b.onnx', reason: { kind: 'cancelled' } });
    expect(refused).toMatchObject({ active: 'float', opening: null, refused: { name: 'b.onnx' } });
  });

  it('a file model that timed out on a digit is dropped, and the shipped model the pad started with is back', () => {
    const opened = reducePad(initialPadState('int8'), { type: 'opened', name: 'slow.onnx', scaling: measuredScaling });
    const lost = reducePad(opened, { type: 'file-lost', seconds: 3 });
    expect(lost).toMatchObject({ active: 'int8', available: ['float', 'int8'], fileScaling: null, reading: { kind: 'timeout', seconds: 3 } });
  });

  it('a file is measured while it opens, then reads in the measured scaling; the reader’s override replaces it and its reading', () => {
    const opening = reducePad(initialPadState('int8'), { type: 'opening', name: 'torch.onnx' });
    const downloading = reducePad(opening, { type: 'measuring-download', loaded: 1000, total: 300_000 });
    expect(downloading.measuring).toEqual({ done: 0, total: 0, download: { loaded: 1000, total: 300_000 } });
    const measuring = reducePad(downloading, { type: 'measuring', done: 4000, total: 8000 });
    expect(measuring).toMatchObject({ opening: 'torch.onnx', measuring: { done: 4000, total: 8000 }, active: 'int8' });
    expect(measuring.measuring!.download, 'the digits are in: their bar goes').toBeUndefined();
    expect(reducePad(initialPadState('int8'), { type: 'measuring', done: 1, total: 8000 }).measuring, 'no file opening: no progress').toBeNull();
    const opened = reducePad(measuring, { type: 'opened', name: 'torch.onnx', scaling: measuredScaling });
    expect(opened).toMatchObject({ active: 'file', measuring: null, fileScaling: { chosen: 'symmetric', auto: 'symmetric' } });
    expect(fileAccuracy(opened)).toEqual({ testAccuracy: 0.963, testDigits: 2000 });
    const shown = reducePad(opened, { type: 'reading', reading: { kind: 'prediction', probs: new Float32Array(10), ms: 1, by: 'ort' } });
    const overridden = reducePad(shown, { type: 'scaling', scaling: 'unit' });
    expect(overridden).toMatchObject({ fileScaling: { chosen: 'unit', auto: 'symmetric' }, reading: { kind: 'idle' } });
    expect(fileAccuracy(overridden)).toEqual({ testAccuracy: 0.936, testDigits: 2000 });
    const refused = reducePad(measuring, { type: 'refused', name: 'torch.onnx', reason: { kind: 'timeout', seconds: 60, phase: 'measure' } });
    expect(refused).toMatchObject({ opening: null, measuring: null, active: 'int8' });
  });

  it('ONNX Runtime’s download in a file’s worker has a bar while the file opens, gone once all of it is in or the file is refused', () => {
    const opening = reducePad(initialPadState('int8'), { type: 'opening', name: 'mine.onnx' });
    const started = reducePad(opening, { type: 'opening-download', loaded: 0, total: 14_000_000 });
    expect(started.openingDownload).toEqual({ loaded: 0, total: 14_000_000 });
    expect(reducePad(started, { type: 'opening-download', loaded: 14_000_000, total: 14_000_000 }).openingDownload).toBeNull();
    expect(reducePad(started, { type: 'refused', name: 'mine.onnx', reason: { kind: 'cancelled' } }).openingDownload).toBeNull();
    expect(reducePad(initialPadState('int8'), { type: 'opening-download', loaded: 1, total: 2 }).openingDownload, 'no file opening: no bar').toBeNull();
  });

  it('starts with the smallest shipped model within a tenth of a point of the best accuracy', () => {
    const float = { id: 'float' as const, bytes: 941_254, testAccuracy: 0.9748 };
    expect(homeModel([float, { id: 'int8', bytes: 240_158, testAccuracy: 0.9746 }])).toBe('int8');
    expect(homeModel([float, { id: 'int8', bytes: 240_158, testAccuracy: 0.9737 }])).toBe('float');
    expect(homeModel([float, { id: 'int8', bytes: 240_158, testAccuracy: 0.9738 }])).toBe('int8');
  });
});

describe('the network stepper’s step', () => {
  const { params, x, t } = workedExample;
  const before = forward(params, x, t);

  it('tells a step that raised the loss from one that lowered it', () => {
    const small = takeStep(params, backward(params, before), workedExample.learningRate, x, t, before.loss);
    const large = takeStep(params, backward(params, before), 100, x, t, before.loss);
    expect(small).toMatchObject({ ok: true, direction: 'down' });
    expect(large).toMatchObject({ ok: true, direction: 'up' });
  });

  it('refuses a step that would write a value outside the fields’ range, naming the parameter', () => {
    const far = [500, t[1]!];
    const f = forward(params, x, far);
    const step = takeStep(params, backward(params, f), 100, x, far, f.loss);
    expect(step.ok).toBe(false);
    if (!step.ok) {
      expect(Math.abs(step.value)).toBeGreaterThan(valueRule.max);
      expect(step.name).toMatch(/^[Wb][¹²]/);
    }
  });
});
