// A page for tests/e2e/engine.webgpu.spec.ts: the WebGPU engine, in a real browser, driven through
// the same cases as tests/unit/engine-conformance.test.ts runs in Node. The spec computes the
// references in Node (tfjs autodiff) and hands them in; the comparisons happen here.
import { isSoftwareAdapter } from '../../src/browser/capabilities';
import { webgpuEngine } from '../../src/lib/engines/webgpu/engine';
import { blocks } from '../../src/lib/engines/webgpu/kernels';
import type { MnistSet } from '../../src/lib/mnist/idx';
import type { Checkpoint } from '../../src/lib/training/engine';
import { runTraining } from '../../src/lib/training/run';
import { relativeError } from '../support/relative-error';

let dispatches = 0;
const dispatch = GPUComputePassEncoder.prototype.dispatchWorkgroups;
GPUComputePassEncoder.prototype.dispatchWorkgroups = function (this: GPUComputePassEncoder, ...args: Parameters<GPUComputePassEncoder['dispatchWorkgroups']>) {
  dispatches++;
  return dispatch.apply(this, args);
};
// Buffers alive: made by createBuffer, gone with buffer.destroy() or with their device.
const alive = new Map<GPUDevice, Set<GPUBuffer>>();
const createBuffer = GPUDevice.prototype.createBuffer;
GPUDevice.prototype.createBuffer = function (this: GPUDevice, descriptor: GPUBufferDescriptor) {
  const buffer = createBuffer.call(this, descriptor);
  if (!alive.has(this)) alive.set(this, new Set());
  alive.get(this)!.add(buffer);
  return buffer;
};
const destroyDevice = GPUDevice.prototype.destroy;
GPUDevice.prototype.destroy = function (this: GPUDevice) {
  alive.delete(this);
  return destroyDevice.call(this);
};
const liveBuffers = () => [...alive.values()].reduce((n, s) => n + s.size, 0);

const requestDevice = async () => {
  const adapter = await navigator.gpu.requestAdapter();
  if (!adapter) throw new Error('no WebGPU adapter');
  return adapter.requestDevice();
};
// The block the page would pick here (software on SwiftShader); `stepAgainst` checks both.
const adapterFound = await navigator.gpu.requestAdapter();
const pageBlock = adapterFound && isSoftwareAdapter(adapterFound) ? blocks.software : blocks.hardware;
const factory = webgpuEngine(requestDevice, pageBlock);

const set = (images: number[], labels: number[]): MnistSet => ({ count: labels.length, images: Uint8Array.from(images), labels: Uint8Array.from(labels) });
const equal = (a: Checkpoint, b: Checkpoint) =>
  a.weights.every((w, i) => w.every((v, j) => v === b.weights[i]![j])) && a.adam!.m.every((w, i) => w.every((v, j) => v === b.adam!.m[i]![j]));

const harness = {
  async adapter() {
    const adapter = await navigator.gpu.requestAdapter();
    return adapter ? { architecture: adapter.info.architecture, vendor: adapter.info.vendor, description: adapter.info.description, block: pageBlock } : null;
  },

  /** Gradients and one Adam step from `weights` on one batch, against the references: relative error per array, and dispatches per step. */
  async stepAgainst(input: { weights: number[][]; pixels: number[]; labels: number[]; grads: number[][]; stepped: number[][] }, kind: keyof typeof blocks) {
    const weights = input.weights.map((w) => Float32Array.from(w));
    const engine = await webgpuEngine(requestDevice, blocks[kind])({ learningRate: 1e-3, maxBatch: 100, checkpoint: { weights, adam: null } });
    const pixels = Uint8Array.from(input.pixels);
    const labels = Uint8Array.from(input.labels);
    const grads = await engine.gradients(pixels, labels);
    const before = dispatches;
    engine.step(pixels, labels);
    const perStep = dispatches - before;
    const after = await engine.checkpoint();
    engine.dispose();
    return {
      gradients: grads.map((g, i) => relativeError(g, input.grads[i]!)),
      step: after.weights.map((w, i) => relativeError(w, input.stepped[i]!)),
      stepCount: after.adam?.step,
      dispatchesPerStep: perStep,
    };
  },

  /** Two epochs on the given digits: uncut, and cut after the first and resumed; whether they end alike, and the uncut run's figures. */
  async cutAndResume(train: { images: number[]; labels: number[] }, test: { images: number[]; labels: number[] }) {
    const options = { trainSet: set(train.images, train.labels), testSet: set(test.images, test.labels), epochs: 2, batchSize: 100, learningRate: 1e-3, seed: 0, engines: ['webgpu'] as const, load: async () => factory };
    const uncut = await runTraining(options);
    const first = await runTraining({ ...options, epochs: 1 });
    const resumed = await runTraining({ ...options, resume: { checkpoint: first.checkpoint, epochsDone: 1 } });
    return { equal: equal(resumed.checkpoint, uncut.checkpoint), testAccuracy: uncut.testAccuracy, losses: uncut.history.map((h) => h.trainLoss) };
  },

  /** Buffers alive after each of `runs` short runs (0 when every engine gave back its device). */
  async buffersOverRuns(runs: number, train: { images: number[]; labels: number[] }) {
    const counts: number[] = [];
    for (let r = 0; r < runs; r++) {
      await runTraining({ trainSet: set(train.images, train.labels), testSet: set(train.images.slice(0, 784 * 100), train.labels.slice(0, 100)), epochs: 1, batchSize: 100, learningRate: 1e-3, seed: r, engines: ['webgpu'], load: async () => factory });
      counts.push(liveBuffers());
    }
    return counts;
  },
};

(window as unknown as { harness: typeof harness }).harness = harness;
document.body.dataset.ready = 'true';
