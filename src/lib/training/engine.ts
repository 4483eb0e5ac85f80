/**
 * The contract between the training loop (run.ts) and an engine that computes it. An engine owns
 * the network's weights and Adam's state on its device; the loop owns epochs, shuffling, progress,
 * pausing, stopping and moving a run from one engine to another through checkpoints.
 */

/**
 * Every engine the guide can train on: its own WebAssembly and WebGPU engines (src/lib/engines/wasm,
 * src/lib/engines/webgpu) and TensorFlow.js on each of its backends (src/lib/engines/tfjs).
 */
export const engineIds = ['wasm', 'webgpu', 'tfjs-webgpu', 'tfjs-webgl', 'tfjs-wasm', 'tfjs-cpu'] as const;
export type EngineId = (typeof engineIds)[number];

/** Adam's state in host memory: steps taken, first and second moments in the weights' order and sizes. */
export interface AdamState {
  step: number;
  m: Float32Array[];
  v: Float32Array[];
}

/**
 * Everything needed to go on with a run on any engine: the weights (float32, in
 * `parameterShapes` order) and Adam's state (null before the first step).
 */
export interface Checkpoint {
  weights: Float32Array[];
  adam: AdamState | null;
}

/** Adam as in PyTorch, which the article's script uses: β₁ 0.9, β₂ 0.999, ε 1e-8 (tfjs's default ε is 1e-7). */
export const adamDefaults = { beta1: 0.9, beta2: 0.999, epsilon: 1e-8 } as const;

/**
 * The optimizers an engine may step with, each as PyTorch defines it: plain SGD, SGD with momentum
 * μ = 0.9 (`torch.optim.SGD(momentum=0.9)`), RMSProp with α = 0.99 and ε = 1e-8 (PyTorch's
 * defaults) and Adam ({@link adamDefaults}).
 */
export const optimizerKinds = ['sgd', 'momentum', 'rmsprop', 'adam'] as const;
export type OptimizerKind = (typeof optimizerKinds)[number];
export const momentumDefaults = { momentum: 0.9 } as const;
export const rmspropDefaults = { alpha: 0.99, epsilon: 1e-8 } as const;

export interface EngineOptions {
  learningRate: number;
  /**
   * Adam unless set. Only Adam's state travels in a checkpoint: an engine stepping with another
   * optimizer returns `adam: null` and cannot be resumed mid-run (the labs that use them never are).
   */
  optimizer?: OptimizerKind;
  /** L2 weight decay λ, added to each gradient as λ·w before the optimizer (PyTorch's `weight_decay`); 0 unless set */
  weightDecay?: number;
  /**
   * Dropout p on both hidden layers while training (inverted: kept units scaled by 1/(1 − p), as
   * PyTorch's nn.Dropout); 0 unless set. Predictions and evaluations use every unit.
   */
  dropout?: number;
  /** the largest batch `step` will get (engines may size buffers by it) */
  maxBatch: number;
  /** where to start: fresh weights with `adam: null`, or a checkpoint from any engine */
  checkpoint: Checkpoint;
}

/** For engines that step with Adam alone: refuses options asking for another optimizer, weight decay or dropout. */
export function requireAdam(id: EngineId, { optimizer = 'adam', weightDecay = 0, dropout = 0 }: EngineOptions): void {
  if (optimizer !== 'adam' || weightDecay !== 0 || dropout !== 0) throw new Error(`the ${id} engine steps with Adam without weight decay or dropout only`);
}

/** Figures an engine may report about itself. */
export interface EngineDiagnostics {
  /** tfjs: tensors alive */
  tensors?: number;
  /** the WebAssembly engine: threads it computes on, and its memory */
  threads?: number;
  memoryBytes?: number;
}

export interface TrainingEngine {
  readonly id: EngineId;
  /**
   * One optimizer step (Adam unless the options chose another) on softmax cross-entropy. pixels: uint8 [n, 784], MNIST's 0 (background) to 255
   * (ink), which the engine scales like the article's Normalize((0.5,), (0.5,)) to [−1, 1];
   * labels: uint8 [n]. Returns without waiting for the device; its loss and correct count join the
   * running totals.
   */
  step(pixels: Uint8Array, labels: Uint8Array): void;
  /** Mean loss over the batch of the latest step (waits for the device, never blocks it). */
  lastLoss(): Promise<number>;
  /** Loss summed over the steps since the last call, and their correct predictions; then resets both. */
  takeTotals(): Promise<{ lossSum: number; correct: number }>;
  /**
   * The loss gradient of every weight array on one batch, without a step (what the conformance
   * tests compare with autodiff). pixels, labels as for `step`; returns float32 arrays in
   * `parameterShapes` order.
   */
  gradients(pixels: Uint8Array, labels: Uint8Array): Promise<Float32Array[]>;
  /**
   * The loss summed over the digits and how many are classified right, as the network predicts (no
   * dropout), without a step or touching the totals. pixels: uint8 [n, 784], labels: uint8 [n].
   * Only the WebAssembly engine has it (the overfitting lab needs it).
   */
  evaluate?(pixels: Uint8Array, labels: Uint8Array): Promise<{ lossSum: number; correct: number }>;
  /** Predicted class of each digit. pixels: uint8 [n, 784] as for `step`; returns uint8 [n]. */
  predict(pixels: Uint8Array, count: number): Promise<Uint8Array>;
  /** A copy of the weights and Adam's state in host memory. */
  checkpoint(): Promise<Checkpoint>;
  /** Frees the engine's device memory; safe to call on an engine whose device was lost. */
  dispose(): void;
  diagnostics(): EngineDiagnostics;
}

/**
 * How often a run reads the loss back (every this many steps): the one wait on an engine that
 * queues its work (WebGPU), which keeps the queue short without stalling every step.
 */
export const lossReadEvery = 10;

/** Makes an engine; the host supplies one per id (engines load lazily, with their own binaries). */
export type EngineFactory = (options: EngineOptions) => Promise<TrainingEngine>;
export type EngineLoader = (id: EngineId) => Promise<EngineFactory>;
