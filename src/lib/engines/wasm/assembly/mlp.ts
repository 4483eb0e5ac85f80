// The article's network (784-256-128-10, ReLU, softmax cross-entropy; Adam, SGD, momentum or RMSProp) as one WebAssembly
// module. AssemblyScript, compiled by scripts/build-wasm-engine.ts into four variants: 128-bit SIMD
// with plain or relaxed (fused) multiply-add, each with a private or a shared memory.
//
// Everything lives in one linear memory the host provides: the weights, their gradients, the optimizer's
// moments (Adam's two; momentum's velocity in the first, RMSProp's mean square in the second), the batch and every activation. Matrices are row-major f32; a layer's kernel is [in, out]
// and its bias [out], in the order W1 b1 W2 b2 W3 b3 (src/lib/training/spec.ts), so a checkpoint is
// the first 235,146 floats of the parameter block.
//
// A training step is two phases. Rows: each thread takes a share of the batch's rows through the
// whole forward pass, the loss and the backward pass down to ∂L/∂z1, which needs nothing from other
// rows. Weights: each thread takes a share of the weights, sums their gradients over all rows and
// applies the optimizer to them at once, while they are in registers. Threads (helpers over a shared memory,
// one per extra core, waiting in `helperLoop`) meet once after each phase.

const IN: i32 = 784;
const H1N: i32 = 256;
const H2N: i32 = 128;
const OUT: i32 = 10;
/** Most threads the buffers are laid out for. */
const MAX_THREADS: i32 = 8;

// Parameter offsets, in floats.
const oW1: i32 = 0;
const oB1: i32 = oW1 + IN * H1N;
const oW2: i32 = oB1 + H1N;
const oB2: i32 = oW2 + H1N * H2N;
const oW3: i32 = oB2 + H2N;
const oB3: i32 = oW3 + H2N * OUT;
const PARAMS: i32 = oB3 + OUT;

// Buffers (byte addresses), placed by `layout`.
let pW: usize = 0; // parameters
let pG: usize = 0; // gradients
let pM: usize = 0; // Adam's first moments
let pV: usize = 0; // Adam's second moments
let pX: usize = 0; // batch input [capacity, 784]: MNIST pixels, u8, 0 background to 255 ink
let pY: usize = 0; // labels [capacity], i32
let pH1: usize = 0; // ReLU(x·W1 + b1) [capacity, 256]
let pH2: usize = 0; // ReLU(h1·W2 + b2) [capacity, 128]
let pZ3: usize = 0; // logits, then ∂L/∂z3 [capacity, 10]
let pD2: usize = 0; // ∂L/∂z2 [capacity, 128]
let pD1: usize = 0; // ∂L/∂z1 [capacity, 256]
let pT2: usize = 0; // W2ᵀ [128, 256], kept up to date by Adam
let pT3: usize = 0; // W3ᵀ [10, 128], likewise
let pPred: usize = 0; // predicted classes [capacity], u8
let pStats: usize = 0; // f64 loss sum, f32 last loss, i32 correct count
let pSync: usize = 0; // i32 generation, job, done, threads, rows; f32 learning rate, c1, c2
let pPartial: usize = 0; // per thread: f64 loss sum, i32 correct count (16 bytes each)
// The network sees x = p/127.5 − 1 (the article's Normalize), so background pixels (p = 0) are −1
// and x + 1 = p/127.5 is zero for most of a digit. The first layer's products are computed over the
// nonzero x + 1 only, as (x + 1)·W1 + (b1 − Σₖ W1[k, :]) forward and (x + 1)ᵀ·∂L/∂z1 − 1 ⊗ db1
// backward, from an index of each row's nonzero pixels:
let pRowCount: usize = 0; // per row: how many of its 784 pixels are not background, i32 [capacity]
let pRowIndex: usize = 0; // per row, at row × 784: those pixels, i32
let pRowValue: usize = 0; // … and their x + 1, f32
let pColCount: usize = 0; // per pixel: how many rows of the batch are not background there, i32 [784]
let pColIndex: usize = 0; // per pixel, at pixel × capacity: those rows, i32
let pColValue: usize = 0; // … and their x + 1, f32
let pColSums: usize = 0; // per thread: Σₖ W1[k, :] over the pixels whose weights it updates [threads, 256]
let pBias1: usize = 0; // per thread: b1 − Σₖ W1[k, :] [threads, 256]
let pDb1: usize = 0; // per thread: db1 = Σₘ ∂L/∂z1 [threads, 256]
let pDb2: usize = 0; // db2 = Σₘ ∂L/∂z2 [128]
let capacity: i32 = 0;

// Adam as in PyTorch: β₁ 0.9, β₂ 0.999, ε 1e-8.
const BETA1: f32 = 0.9;
const BETA2: f32 = 0.999;
const EPSILON: f32 = 1e-8;

/** The address of float `i` of the buffer at `p`. */
@inline function f(p: usize, i: i32): usize {
  return p + (<usize>i << 2);
}

@inline function madd(a: v128, b: v128, c: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return f32x4.relaxed_madd(a, b, c);
  return f32x4.add(f32x4.mul(a, b), c);
}

let cursor: usize = 0;
/** The next 64-byte aligned block of `floats` floats. */
function take(floats: i32): usize {
  const p = cursor;
  cursor = (cursor + (<usize>floats << 2) + 63) & ~63;
  return p;
}

/** Lay the buffers out from `base` for batches of up to `rows`; returns the first free byte. */
export function layout(base: usize, rows: i32): usize {
  capacity = rows;
  cursor = (base + 63) & ~63;
  pW = take(PARAMS);
  pG = take(PARAMS);
  pM = take(PARAMS);
  pV = take(PARAMS);
  pX = take((rows * IN + 3) >> 2);
  pY = take(rows);
  pH1 = take(rows * H1N);
  pH2 = take(rows * H2N);
  pZ3 = take(rows * OUT);
  pD2 = take(rows * H2N);
  pD1 = take(rows * H1N);
  pT2 = take(H2N * H1N);
  pT3 = take(OUT * H2N);
  pPred = take((rows + 3) >> 2);
  pStats = take(4);
  pSync = take(16);
  pPartial = take(MAX_THREADS * 4);
  pRowCount = take(rows);
  pRowIndex = take(rows * IN);
  pRowValue = take(rows * IN);
  pColCount = take(IN);
  pColIndex = take(IN * rows);
  pColValue = take(IN * rows);
  pColSums = take(MAX_THREADS * H1N);
  pBias1 = take(MAX_THREADS * H1N);
  pDb1 = take(MAX_THREADS * H1N);
  pDb2 = take(H2N);
  return cursor;
}

export function paramsPtr(): usize { return pW; }
export function gradsPtr(): usize { return pG; }
export function firstMomentsPtr(): usize { return pM; }
export function secondMomentsPtr(): usize { return pV; }
export function inputPtr(): usize { return pX; }
export function labelsPtr(): usize { return pY; }
export function predictionsPtr(): usize { return pPred; }
export function statsPtr(): usize { return pStats; }
export function syncPtr(): usize { return pSync; }
export function parameterCount(): i32 { return PARAMS; }
export function maxThreads(): i32 { return MAX_THREADS; }
export function heapBase(): usize { return __heap_base; }

@inline function threadCount(): i32 { return load<i32>(pSync, 12); }
@inline function batchRows(): i32 { return load<i32>(pSync, 16); }

/** Start of thread t's share of `total` items in units of `unit` (the last share takes the rest). */
@inline function shareStart(total: i32, t: i32, threads: i32, unit: i32): i32 {
  const units = (total + unit - 1) / unit;
  return min(total, ((units * t) / threads) * unit);
}

/**
 * After the host wrote the weights and set the thread count: the transposed copies, and each
 * thread's column sums of W1 over the pixels whose weights it updates, summed in the order
 * `weights1` sums them (so that a run resumed from a checkpoint goes on to the bit). Adam keeps all
 * of them up to date from then on. One thread.
 */
export function prepare(): void {
  for (let k = 0; k < H1N; k++) for (let n = 0; n < H2N; n++) store<f32>(f(pT2, n * H1N + k), load<f32>(f(pW, oW2 + k * H2N + n)));
  for (let k = 0; k < H2N; k++) for (let n = 0; n < OUT; n++) store<f32>(f(pT3, n * H2N + k), load<f32>(f(pW, oW3 + k * OUT + n)));
  memory.fill(pColSums, 0, <usize>(MAX_THREADS * H1N) << 2);
  const threads = threadCount();
  for (let t = 0; t < threads; t++) {
    const k0 = shareStart(IN, t, threads, 1);
    const k1 = shareStart(IN, t + 1, threads, 1);
    for (let n = 0; n < H1N; n += 4) {
      let sum = f32x4.splat(0);
      for (let k = k0; k < k1; k++) sum = f32x4.add(sum, v128.load(f(pW, oW1 + k * H1N + n)));
      v128.store(f(pColSums, t * H1N + n), sum);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Dense kernels.

/**
 * C[m, n] = Σₖ A[m, k] B[k, n] over rows [0, rows) and all N columns, then the epilogue: mode 0
 * none, 1 + bias and ReLU (forward), 2 × (H[m, n] > 0) (a ReLU's backward pass). A: [rows, K],
 * B: [K, N], C and H: [rows, N]. 4×8 register tiles; column tails of 4 and 1.
 */
function gemm(pA: usize, pB: usize, pC: usize, rows: i32, K: i32, N: i32, mode: i32, pBias: usize, pH: usize): void {
  const bStep = <usize>N << 2;
  const aStep = <usize>K << 2;
  let n = 0;
  for (; n + 8 <= N; n += 8) {
    let m = 0;
    for (; m + 4 <= rows; m += 4) {
      let c00 = f32x4.splat(0), c01 = f32x4.splat(0), c10 = f32x4.splat(0), c11 = f32x4.splat(0);
      let c20 = f32x4.splat(0), c21 = f32x4.splat(0), c30 = f32x4.splat(0), c31 = f32x4.splat(0);
      let a0 = f(pA, m * K), a1 = a0 + aStep, a2 = a1 + aStep, a3 = a2 + aStep;
      let b = f(pB, n);
      for (let k = 0; k < K; k++) {
        const b0 = v128.load(b);
        const b1 = v128.load(b, 16);
        let s = f32x4.splat(load<f32>(a0));
        c00 = madd(s, b0, c00);
        c01 = madd(s, b1, c01);
        s = f32x4.splat(load<f32>(a1));
        c10 = madd(s, b0, c10);
        c11 = madd(s, b1, c11);
        s = f32x4.splat(load<f32>(a2));
        c20 = madd(s, b0, c20);
        c21 = madd(s, b1, c21);
        s = f32x4.splat(load<f32>(a3));
        c30 = madd(s, b0, c30);
        c31 = madd(s, b1, c31);
        a0 += 4; a1 += 4; a2 += 4; a3 += 4;
        b += bStep;
      }
      epilogue8(pC, pH, pBias, m, n, N, mode, c00, c01);
      epilogue8(pC, pH, pBias, m + 1, n, N, mode, c10, c11);
      epilogue8(pC, pH, pBias, m + 2, n, N, mode, c20, c21);
      epilogue8(pC, pH, pBias, m + 3, n, N, mode, c30, c31);
    }
    for (; m < rows; m++) {
      let c0 = f32x4.splat(0), c1 = f32x4.splat(0);
      let a = f(pA, m * K);
      let b = f(pB, n);
      for (let k = 0; k < K; k++) {
        const s = f32x4.splat(load<f32>(a));
        c0 = madd(s, v128.load(b), c0);
        c1 = madd(s, v128.load(b, 16), c1);
        a += 4;
        b += bStep;
      }
      epilogue8(pC, pH, pBias, m, n, N, mode, c0, c1);
    }
  }
  for (; n + 4 <= N; n += 4) {
    for (let m = 0; m < rows; m++) {
      let c = f32x4.splat(0);
      let a = f(pA, m * K);
      let b = f(pB, n);
      for (let k = 0; k < K; k++) {
        c = madd(f32x4.splat(load<f32>(a)), v128.load(b), c);
        a += 4;
        b += bStep;
      }
      epilogue4(pC, pH, pBias, m, n, N, mode, c);
    }
  }
  for (; n < N; n++) {
    for (let m = 0; m < rows; m++) {
      let c: f32 = 0;
      for (let k = 0; k < K; k++) c += load<f32>(f(pA, m * K + k)) * load<f32>(f(pB, k * N + n));
      if (mode == 1) {
        c += load<f32>(f(pBias, n));
        if (c < 0) c = 0;
      } else if (mode == 2) c = load<f32>(f(pH, m * N + n)) > 0 ? c * keepScale : 0;
      store<f32>(f(pC, m * N + n), c);
    }
  }
}

@inline function epilogue4(pC: usize, pH: usize, pBias: usize, m: i32, n: i32, N: i32, mode: i32, c: v128): void {
  const at = m * N + n;
  if (mode == 1) c = f32x4.max(f32x4.add(c, v128.load(f(pBias, n))), f32x4.splat(0));
  else if (mode == 2) c = v128.and(f32x4.mul(c, f32x4.splat(keepScale)), f32x4.gt(v128.load(f(pH, at)), f32x4.splat(0)));
  v128.store(f(pC, at), c);
}

@inline function epilogue8(pC: usize, pH: usize, pBias: usize, m: i32, n: i32, N: i32, mode: i32, c0: v128, c1: v128): void {
  epilogue4(pC, pH, pBias, m, n, N, mode, c0);
  epilogue4(pC, pH, pBias, m, n + 4, N, mode, c1);
}

/** out[n] = Σₘ D[m, n] over all rows and N columns. D: [rows, N]. */
function columnSums(pD: usize, pOut: usize, rows: i32, N: i32): void {
  let n = 0;
  for (; n + 4 <= N; n += 4) {
    let c = f32x4.splat(0);
    for (let m = 0; m < rows; m++) c = f32x4.add(c, v128.load(f(pD, m * N + n)));
    v128.store(f(pOut, n), c);
  }
  for (; n < N; n++) {
    let c: f32 = 0;
    for (let m = 0; m < rows; m++) c += load<f32>(f(pD, m * N + n));
    store<f32>(f(pOut, n), c);
  }
}

// ---------------------------------------------------------------------------------------------
// The optimizer, applied to a gradient as soon as it is summed; each rule as PyTorch defines it,
// with weight decay λ added to the gradient first (PyTorch's `weight_decay`, L2 and not AdamW's
// decoupled form). Adam is TensorFlow.js's arrangement of PyTorch's: m = β₁m + (1−β₁)g,
// v = β₂v + (1−β₂)g², w −= lr · (m·c1) / (√(v·c2) + ε), with the bias corrections c1 = 1/(1−β₁ᵗ),
// c2 = 1/(1−β₂ᵗ). SGD: w −= lr·g. Momentum: m = μm + g, w −= lr·m. RMSProp: v = αv + (1−α)g²,
// w −= lr·g / (√v + ε). A gradient query (rule 0) only stores g, before the decay.

const RULE_QUERY = 0;
const RULE_ADAM = 1;
const RULE_SGD = 2;
const RULE_MOMENTUM = 3;
const RULE_RMSPROP = 4;
// SGD's momentum μ and RMSProp's smoothing α, PyTorch's defaults for RMSProp (and the usual μ).
const MOMENTUM: f32 = 0.9;
const ALPHA: f32 = 0.99;

// The smallest normal float. An optimizer's state decays geometrically wherever the gradient is
// exactly zero (a unit that no digit of the batch activates), and on this CPU every operation on a
// subnormal float is some ten times slower: after about 900 steps a sixth of Adam's moments were
// subnormal and a step took 9.5 ms instead of 1.6. Below this the state is set to zero: its share
// of an update is then under 1e-30, far below the last bit of any weight.
const TINY: f32 = 1.1754944e-38;

/** x with every lane whose magnitude is below TINY set to zero. */
@inline function flush4(x: v128): v128 {
  return v128.and(x, f32x4.ge(f32x4.abs(x), f32x4.splat(TINY)));
}

@inline function flush1(x: f32): f32 {
  return Mathf.abs(x) < TINY ? 0 : x;
}

let rule: i32 = RULE_QUERY;
let vlr = f32x4.splat(0);
let vc1 = f32x4.splat(0);
let vc2 = f32x4.splat(0);
let vdecay = f32x4.splat(0);

/** Store the gradient g of parameters i…i+3 and, when training, step them; returns the weights after. */
@inline function apply4(i: i32, gradient: v128): v128 {
  v128.store(f(pG, i), gradient);
  const w = v128.load(f(pW, i));
  if (rule == RULE_QUERY) return w;
  const g = madd(vdecay, w, gradient);
  let after: v128;
  if (rule == RULE_ADAM) {
    const m = flush4(madd(f32x4.splat(BETA1), v128.load(f(pM, i)), f32x4.mul(f32x4.splat(1 - BETA1), g)));
    const v = flush4(madd(f32x4.splat(BETA2), v128.load(f(pV, i)), f32x4.mul(f32x4.splat(1 - BETA2), f32x4.mul(g, g))));
    v128.store(f(pM, i), m);
    v128.store(f(pV, i), v);
    after = f32x4.sub(w, f32x4.mul(vlr, f32x4.div(f32x4.mul(m, vc1), f32x4.add(f32x4.sqrt(f32x4.mul(v, vc2)), f32x4.splat(EPSILON)))));
  } else if (rule == RULE_SGD) {
    after = f32x4.sub(w, f32x4.mul(vlr, g));
  } else if (rule == RULE_MOMENTUM) {
    const m = flush4(madd(f32x4.splat(MOMENTUM), v128.load(f(pM, i)), g));
    v128.store(f(pM, i), m);
    after = f32x4.sub(w, f32x4.mul(vlr, m));
  } else {
    const v = flush4(madd(f32x4.splat(ALPHA), v128.load(f(pV, i)), f32x4.mul(f32x4.splat(1 - ALPHA), f32x4.mul(g, g))));
    v128.store(f(pV, i), v);
    after = f32x4.sub(w, f32x4.mul(vlr, f32x4.div(g, f32x4.add(f32x4.sqrt(v), f32x4.splat(EPSILON)))));
  }
  v128.store(f(pW, i), after);
  return after;
}

/** The same for one parameter. */
function apply1(i: i32, gradient: f32): f32 {
  store<f32>(f(pG, i), gradient);
  const w = load<f32>(f(pW, i));
  if (rule == RULE_QUERY) return w;
  const g = gradient + f32x4.extract_lane(vdecay, 0) * w;
  const lr = f32x4.extract_lane(vlr, 0);
  let after: f32;
  if (rule == RULE_ADAM) {
    const m = flush1(BETA1 * load<f32>(f(pM, i)) + (1 - BETA1) * g);
    const v = flush1(BETA2 * load<f32>(f(pV, i)) + (1 - BETA2) * g * g);
    store<f32>(f(pM, i), m);
    store<f32>(f(pV, i), v);
    after = w - lr * ((m * f32x4.extract_lane(vc1, 0)) / (Mathf.sqrt(v * f32x4.extract_lane(vc2, 0)) + EPSILON));
  } else if (rule == RULE_SGD) {
    after = w - lr * g;
  } else if (rule == RULE_MOMENTUM) {
    const m = flush1(MOMENTUM * load<f32>(f(pM, i)) + g);
    store<f32>(f(pM, i), m);
    after = w - lr * m;
  } else {
    const v = flush1(ALPHA * load<f32>(f(pV, i)) + (1 - ALPHA) * g * g);
    store<f32>(f(pV, i), v);
    after = w - lr * (g / (Mathf.sqrt(v) + EPSILON));
  }
  store<f32>(f(pW, i), after);
  return after;
}

// ---------------------------------------------------------------------------------------------
// Phase 1: rows [m0, m1) through the network and back to ∂L/∂z1.

/** Which of each row's pixels are not background, and their x + 1. */
function indexRows(m0: i32, m1: i32): void {
  for (let m = m0; m < m1; m++) {
    const x = pX + <usize>(m * IN);
    const index = f(pRowIndex, m * IN);
    const value = f(pRowValue, m * IN);
    let n = 0;
    // 784 = 49 × 16: whole blocks of background are skipped sixteen pixels at a time.
    for (let k = 0; k < IN; k += 16) {
      if (!v128.any_true(v128.load(x + <usize>k))) continue;
      for (let j = k; j < k + 16; j++) {
        const p = load<u8>(x + <usize>j);
        if (p == 0) continue;
        store<i32>(f(index, n), j);
        store<f32>(f(value, n), <f32>p / 127.5);
        n++;
      }
    }
    store<i32>(f(pRowCount, m), n);
  }
}

/**
 * H1 = ReLU((x + 1)·W1 + bias) for rows [m0, m1), over each row's nonzero x + 1 only. Blocks of 32
 * columns keep eight accumulators in registers.
 */
function forward1(m0: i32, m1: i32, pBias: usize): void {
  const pW1 = f(pW, oW1);
  const zero = f32x4.splat(0);
  for (let n = 0; n < H1N; n += 32) {
    const b = f(pBias, n);
    for (let m = m0; m < m1; m++) {
      let c0 = zero, c1 = zero, c2 = zero, c3 = zero, c4 = zero, c5 = zero, c6 = zero, c7 = zero;
      const count = load<i32>(f(pRowCount, m));
      let index = f(pRowIndex, m * IN);
      let value = f(pRowValue, m * IN);
      for (let j = 0; j < count; j++) {
        const s = f32x4.splat(load<f32>(value));
        const w = f(pW1, load<i32>(index) * H1N + n);
        c0 = madd(s, v128.load(w), c0);
        c1 = madd(s, v128.load(w, 16), c1);
        c2 = madd(s, v128.load(w, 32), c2);
        c3 = madd(s, v128.load(w, 48), c3);
        c4 = madd(s, v128.load(w, 64), c4);
        c5 = madd(s, v128.load(w, 80), c5);
        c6 = madd(s, v128.load(w, 96), c6);
        c7 = madd(s, v128.load(w, 112), c7);
        index += 4;
        value += 4;
      }
      const h = f(pH1, m * H1N + n);
      v128.store(h, f32x4.max(f32x4.add(c0, v128.load(b)), zero));
      v128.store(h, f32x4.max(f32x4.add(c1, v128.load(b, 16)), zero), 16);
      v128.store(h, f32x4.max(f32x4.add(c2, v128.load(b, 32)), zero), 32);
      v128.store(h, f32x4.max(f32x4.add(c3, v128.load(b, 48)), zero), 48);
      v128.store(h, f32x4.max(f32x4.add(c4, v128.load(b, 64)), zero), 64);
      v128.store(h, f32x4.max(f32x4.add(c5, v128.load(b, 80)), zero), 80);
      v128.store(h, f32x4.max(f32x4.add(c6, v128.load(b, 96)), zero), 96);
      v128.store(h, f32x4.max(f32x4.add(c7, v128.load(b, 112)), zero), 112);
    }
  }
}

/**
 * Softmax cross-entropy for rows [m0, m1) of `rows`, in place: Z3 becomes ∂L/∂z3 = (softmax −
 * one-hot) / rows (the loss is the batch mean). This thread's loss and count of rows whose largest
 * logit is their label go to its partial sums.
 */
function softmaxCrossEntropy(m0: i32, m1: i32, rows: i32, t: i32): void {
  let loss: f64 = 0;
  let right: i32 = 0;
  const scale: f32 = 1 / <f32>rows;
  for (let m = m0; m < m1; m++) {
    const z = f(pZ3, m * OUT);
    const label = load<i32>(f(pY, m));
    let top: i32 = 0;
    let max = load<f32>(z);
    for (let c = 1; c < OUT; c++) {
      const v = load<f32>(f(z, c));
      if (v > max) {
        max = v;
        top = c;
      }
    }
    if (top == label) right++;
    const zl = load<f32>(f(z, label));
    let sum: f32 = 0;
    for (let c = 0; c < OUT; c++) {
      const e = Mathf.exp(load<f32>(f(z, c)) - max);
      store<f32>(f(z, c), e);
      sum += e;
    }
    loss += <f64>(Mathf.log(sum) - (zl - max));
    const inv: f32 = 1 / sum;
    for (let c = 0; c < OUT; c++) {
      const p = load<f32>(f(z, c)) * inv;
      store<f32>(f(z, c), (p - (c == label ? <f32>1 : <f32>0)) * scale);
    }
  }
  store<f64>(pPartial + <usize>(t << 4), loss);
  store<i32>(pPartial + <usize>(t << 4), right, 8);
}

/** The logits of rows [m0, m1): h2·W3 + b3. */
function logits(m0: i32, m1: i32): void {
  gemm(f(pH2, m0 * H2N), f(pW, oW3), f(pZ3, m0 * OUT), m1 - m0, H2N, OUT, 0, 0, 0);
  for (let m = m0; m < m1; m++) {
    for (let c = 0; c < OUT; c++) store<f32>(f(pZ3, m * OUT + c), load<f32>(f(pZ3, m * OUT + c)) + load<f32>(f(pW, oB3 + c)));
  }
}

const MODE_TRAIN: i32 = 0;
const MODE_PREDICT: i32 = 1;

/** Phase 1 of thread t: its rows forward, and (training) back to ∂L/∂z1. */
// Dropout (inverted, as PyTorch's nn.Dropout in training): each hidden unit of each row is kept
// with probability 1 − p and then scaled by 1/(1 − p), zeroed otherwise; predictions and
// evaluations use every unit. Whether unit n of row m in layer l is kept depends only on the step's
// seed and (l, m, n), through an integer hash, so the mask is the same on any number of threads
// (tests/support/dropout.ts computes the same mask for the reference). A dropped unit stores 0 in its
// activation, which the backward pass's ReLU test (h > 0) then also drops; kept ones carry keepScale.
let dropThreshold: u32 = 0; // a unit is dropped when its hash is below this: p · 2³²
let dropSeed: u32 = 0;
let keepScale: f32 = 1;

@inline function mix32(v: u32): u32 {
  let x = v;
  x ^= x >> 16;
  x *= 0x7feb352d;
  x ^= x >> 15;
  x *= 0x846ca68b;
  x ^= x >> 16;
  return x;
}

/** Dropout on rows [m0, m1) of a layer's activations (N units, layer index `layer`). */
function dropRows(pH: usize, m0: i32, m1: i32, N: i32, layer: i32): void {
  const seed = mix32(dropSeed);
  for (let m = m0; m < m1; m++) {
    for (let n = 0; n < N; n++) {
      const at = f(pH, m * N + n);
      const keep = mix32(seed ^ (<u32>((layer * 1024 + m) << 8) | <u32>n)) >= dropThreshold;
      store<f32>(at, keep ? load<f32>(at) * keepScale : 0);
    }
  }
}

function rowsPhase(t: i32, threads: i32, mode: i32): void {
  const rows = batchRows();
  const m0 = shareStart(rows, t, threads, 4);
  const m1 = shareStart(rows, t + 1, threads, 4);
  // This thread's copy of b1 − Σₖ W1[k, :], from every thread's column sums.
  const bias = f(pBias1, t * H1N);
  for (let n = 0; n < H1N; n += 4) {
    let b = v128.load(f(pW, oB1 + n));
    for (let u = 0; u < threads; u++) b = f32x4.sub(b, v128.load(f(pColSums, u * H1N + n)));
    v128.store(f(bias, n), b);
  }
  if (m1 <= m0) {
    store<f64>(pPartial + <usize>(t << 4), 0);
    store<i32>(pPartial + <usize>(t << 4), 0, 8);
    return;
  }
  const dropping = mode == MODE_TRAIN && dropThreshold > 0;
  indexRows(m0, m1);
  forward1(m0, m1, bias);
  if (dropping) dropRows(pH1, m0, m1, H1N, 0);
  gemm(f(pH1, m0 * H1N), f(pW, oW2), f(pH2, m0 * H2N), m1 - m0, H1N, H2N, 1, f(pW, oB2), 0);
  if (dropping) dropRows(pH2, m0, m1, H2N, 1);
  logits(m0, m1);
  if (mode == MODE_PREDICT) {
    for (let m = m0; m < m1; m++) {
      let top: i32 = 0;
      let max = load<f32>(f(pZ3, m * OUT));
      for (let c = 1; c < OUT; c++) {
        const v = load<f32>(f(pZ3, m * OUT + c));
        if (v > max) {
          max = v;
          top = c;
        }
      }
      store<u8>(pPred + <usize>m, <u8>top);
    }
    return;
  }
  softmaxCrossEntropy(m0, m1, rows, t);
  const r = m1 - m0;
  gemm(f(pZ3, m0 * OUT), pT3, f(pD2, m0 * H2N), r, OUT, H2N, 2, 0, f(pH2, m0 * H2N));
  gemm(f(pD2, m0 * H2N), pT2, f(pD1, m0 * H1N), r, H2N, H1N, 2, 0, f(pH1, m0 * H1N));
}

// ---------------------------------------------------------------------------------------------
// Phase 2: the weights' gradients, summed over all rows, each applied by the thread that summed it.

/** The rows of the batch where each pixel of [k0, k1) is not background, from the row index. */
function indexColumns(rows: i32, k0: i32, k1: i32): void {
  for (let k = k0; k < k1; k++) store<i32>(f(pColCount, k), 0);
  for (let m = 0; m < rows; m++) {
    const count = load<i32>(f(pRowCount, m));
    const index = f(pRowIndex, m * IN);
    const value = f(pRowValue, m * IN);
    for (let j = 0; j < count; j++) {
      const k = load<i32>(f(index, j));
      if (k < k0) continue;
      if (k >= k1) break;
      const at = load<i32>(f(pColCount, k));
      store<i32>(f(pColIndex, k * capacity + at), m);
      store<f32>(f(pColValue, k * capacity + at), load<f32>(f(value, j)));
      store<i32>(f(pColCount, k), at + 1);
    }
  }
}

/**
 * dW1 for pixels [k0, k1), as (x + 1)ᵀ·∂L/∂z1 − 1 ⊗ db1 over the rows where each pixel is not
 * background, with Adam applied at once; the new weights' column sums go to this thread's slot.
 */
function weights1(t: i32, k0: i32, k1: i32, pDb: usize): void {
  const zero = f32x4.splat(0);
  const sums = f(pColSums, t * H1N);
  for (let n = 0; n < H1N; n += 32) {
    const b = f(pDb, n);
    const b0 = f32x4.neg(v128.load(b)), b1 = f32x4.neg(v128.load(b, 16)), b2 = f32x4.neg(v128.load(b, 32)), b3 = f32x4.neg(v128.load(b, 48));
    const b4 = f32x4.neg(v128.load(b, 64)), b5 = f32x4.neg(v128.load(b, 80)), b6 = f32x4.neg(v128.load(b, 96)), b7 = f32x4.neg(v128.load(b, 112));
    let s0 = zero, s1 = zero, s2 = zero, s3 = zero, s4 = zero, s5 = zero, s6 = zero, s7 = zero;
    for (let k = k0; k < k1; k++) {
      let c0 = b0, c1 = b1, c2 = b2, c3 = b3, c4 = b4, c5 = b5, c6 = b6, c7 = b7;
      const count = load<i32>(f(pColCount, k));
      let index = f(pColIndex, k * capacity);
      let value = f(pColValue, k * capacity);
      for (let j = 0; j < count; j++) {
        const s = f32x4.splat(load<f32>(value));
        const d = f(pD1, load<i32>(index) * H1N + n);
        c0 = madd(s, v128.load(d), c0);
        c1 = madd(s, v128.load(d, 16), c1);
        c2 = madd(s, v128.load(d, 32), c2);
        c3 = madd(s, v128.load(d, 48), c3);
        c4 = madd(s, v128.load(d, 64), c4);
        c5 = madd(s, v128.load(d, 80), c5);
        c6 = madd(s, v128.load(d, 96), c6);
        c7 = madd(s, v128.load(d, 112), c7);
        index += 4;
        value += 4;
      }
      const i = oW1 + k * H1N + n;
      s0 = f32x4.add(s0, apply4(i, c0));
      s1 = f32x4.add(s1, apply4(i + 4, c1));
      s2 = f32x4.add(s2, apply4(i + 8, c2));
      s3 = f32x4.add(s3, apply4(i + 12, c3));
      s4 = f32x4.add(s4, apply4(i + 16, c4));
      s5 = f32x4.add(s5, apply4(i + 20, c5));
      s6 = f32x4.add(s6, apply4(i + 24, c6));
      s7 = f32x4.add(s7, apply4(i + 28, c7));
    }
    if (rule != RULE_QUERY) {
      const out = f(sums, n);
      v128.store(out, s0);
      v128.store(out, s1, 16);
      v128.store(out, s2, 32);
      v128.store(out, s3, 48);
      v128.store(out, s4, 64);
      v128.store(out, s5, 80);
      v128.store(out, s6, 96);
      v128.store(out, s7, 112);
    }
  }
}

/**
 * dW2 = h1ᵀ·∂L/∂z2 for rows [k0, k1) of W2 (k0 a multiple of 4), Adam applied at once, W2ᵀ kept
 * in step. 4×8 tiles over (k, n).
 */
function weights2(rows: i32, k0: i32, k1: i32): void {
  const aStep = <usize>H1N << 2;
  const dStep = <usize>H2N << 2;
  for (let n = 0; n < H2N; n += 8) {
    for (let k = k0; k < k1; k += 4) {
      let c00 = f32x4.splat(0), c01 = f32x4.splat(0), c10 = f32x4.splat(0), c11 = f32x4.splat(0);
      let c20 = f32x4.splat(0), c21 = f32x4.splat(0), c30 = f32x4.splat(0), c31 = f32x4.splat(0);
      let a = f(pH1, k);
      let d = f(pD2, n);
      for (let m = 0; m < rows; m++) {
        const d0 = v128.load(d);
        const d1 = v128.load(d, 16);
        let s = f32x4.splat(load<f32>(a));
        c00 = madd(s, d0, c00);
        c01 = madd(s, d1, c01);
        s = f32x4.splat(load<f32>(a, 4));
        c10 = madd(s, d0, c10);
        c11 = madd(s, d1, c11);
        s = f32x4.splat(load<f32>(a, 8));
        c20 = madd(s, d0, c20);
        c21 = madd(s, d1, c21);
        s = f32x4.splat(load<f32>(a, 12));
        c30 = madd(s, d0, c30);
        c31 = madd(s, d1, c31);
        a += aStep;
        d += dStep;
      }
      const i = oW2 + k * H2N + n;
      transpose4x4(n, k, apply4(i, c00), apply4(i + H2N, c10), apply4(i + 2 * H2N, c20), apply4(i + 3 * H2N, c30));
      transpose4x4(n + 4, k, apply4(i + 4, c01), apply4(i + H2N + 4, c11), apply4(i + 2 * H2N + 4, c21), apply4(i + 3 * H2N + 4, c31));
    }
  }
}

/** W2ᵀ[n…n+3, k…k+3] from W2's rows k…k+3, columns n…n+3. */
@inline function transpose4x4(n: i32, k: i32, r0: v128, r1: v128, r2: v128, r3: v128): void {
  const t01lo = i32x4.shuffle(r0, r1, 0, 4, 1, 5);
  const t01hi = i32x4.shuffle(r0, r1, 2, 6, 3, 7);
  const t23lo = i32x4.shuffle(r2, r3, 0, 4, 1, 5);
  const t23hi = i32x4.shuffle(r2, r3, 2, 6, 3, 7);
  v128.store(f(pT2, n * H1N + k), i64x2.shuffle(t01lo, t23lo, 0, 2));
  v128.store(f(pT2, (n + 1) * H1N + k), i64x2.shuffle(t01lo, t23lo, 1, 3));
  v128.store(f(pT2, (n + 2) * H1N + k), i64x2.shuffle(t01hi, t23hi, 0, 2));
  v128.store(f(pT2, (n + 3) * H1N + k), i64x2.shuffle(t01hi, t23hi, 1, 3));
}

/** The small ones, on one thread: dW3 (and W3ᵀ), db3, db2 and db1 (from `pDb`), each with Adam. */
function smallWeights(rows: i32, pDb: usize): void {
  // dW3 = h2ᵀ·∂L/∂z3, a row of ten at a time: eight in two vectors, two alone.
  for (let k = 0; k < H2N; k++) {
    let c0 = f32x4.splat(0), c1 = f32x4.splat(0);
    let g8: f32 = 0, g9: f32 = 0;
    for (let m = 0; m < rows; m++) {
      const h = load<f32>(f(pH2, m * H2N + k));
      const z = f(pZ3, m * OUT);
      const s = f32x4.splat(h);
      c0 = madd(s, v128.load(z), c0);
      c1 = madd(s, v128.load(z, 16), c1);
      g8 += h * load<f32>(z, 32);
      g9 += h * load<f32>(z, 36);
    }
    const i = oW3 + k * OUT;
    // W3's rows are 10 floats long: its 4-float groups are not aligned, which v128 does not need.
    const w0 = apply4(i, c0), w1 = apply4(i + 4, c1);
    store<f32>(f(pT3, 0 * H2N + k), f32x4.extract_lane(w0, 0));
    store<f32>(f(pT3, 1 * H2N + k), f32x4.extract_lane(w0, 1));
    store<f32>(f(pT3, 2 * H2N + k), f32x4.extract_lane(w0, 2));
    store<f32>(f(pT3, 3 * H2N + k), f32x4.extract_lane(w0, 3));
    store<f32>(f(pT3, 4 * H2N + k), f32x4.extract_lane(w1, 0));
    store<f32>(f(pT3, 5 * H2N + k), f32x4.extract_lane(w1, 1));
    store<f32>(f(pT3, 6 * H2N + k), f32x4.extract_lane(w1, 2));
    store<f32>(f(pT3, 7 * H2N + k), f32x4.extract_lane(w1, 3));
    store<f32>(f(pT3, 8 * H2N + k), apply1(i + 8, g8));
    store<f32>(f(pT3, 9 * H2N + k), apply1(i + 9, g9));
  }
  for (let n = 0; n < OUT; n++) {
    let g: f32 = 0;
    for (let m = 0; m < rows; m++) g += load<f32>(f(pZ3, m * OUT + n));
    apply1(oB3 + n, g);
  }
  columnSums(pD2, pDb2, rows, H2N);
  for (let n = 0; n < H2N; n += 4) apply4(oB2 + n, v128.load(f(pDb2, n)));
  for (let n = 0; n < H1N; n += 4) apply4(oB1 + n, v128.load(f(pDb, n)));
}

/** Phase 2 of thread t: its share of W1 (pixels) and of W2 (rows); the last thread also the small ones. */
function weightsPhase(t: i32, threads: i32): void {
  const rows = batchRows();
  // db1 is needed by every share of dW1: each thread sums it itself (25,600 additions).
  const db = f(pDb1, t * H1N);
  columnSums(pD1, db, rows, H1N);
  const k0 = shareStart(IN, t, threads, 1);
  const k1 = shareStart(IN, t + 1, threads, 1);
  indexColumns(rows, k0, k1);
  weights1(t, k0, k1, db);
  weights2(rows, shareStart(H1N, t, threads, 4), shareStart(H1N, t + 1, threads, 4));
  if (t == threads - 1) smallWeights(rows, db);
}

// ---------------------------------------------------------------------------------------------
// Running a phase on every thread.

const JOB_ROWS_TRAIN: i32 = 1;
const JOB_ROWS_PREDICT: i32 = 2;
const JOB_WEIGHTS: i32 = 3;
const JOB_PEAK: i32 = 4;

function runJob(job: i32, t: i32, threads: i32): void {
  if (job == JOB_ROWS_TRAIN) {
    const p = load<f32>(pSync, 44);
    dropThreshold = p > 0 ? <u32>(<f64>p * 4294967296.0) : 0;
    keepScale = p > 0 ? 1 / (1 - p) : 1;
    dropSeed = load<u32>(pSync, 48);
    rowsPhase(t, threads, MODE_TRAIN);
  }
  else if (job == JOB_ROWS_PREDICT) rowsPhase(t, threads, MODE_PREDICT);
  else if (job == JOB_PEAK) {
    // The dense 4×8-tile kernel alone on this thread's share of the rows (h1·W2): what one core
    // reaches when nothing but multiply-adds is left (scripts/profile-wasm-engine.ts).
    const rows = batchRows();
    const m0 = shareStart(rows, t, threads, 4);
    const m1 = shareStart(rows, t + 1, threads, 4);
    gemm(f(pH1, m0 * H1N), f(pW, oW2), f(pH2, m0 * H2N), m1 - m0, H1N, H2N, 0, 0, 0);
  } else if (job == JOB_WEIGHTS) {
    rule = load<i32>(pSync, 32);
    vdecay = f32x4.splat(load<f32>(pSync, 40));
    vlr = f32x4.splat(load<f32>(pSync, 20));
    vc1 = f32x4.splat(load<f32>(pSync, 24));
    vc2 = f32x4.splat(load<f32>(pSync, 28));
    weightsPhase(t, threads);
  }
}

// Synchronization words in pSync: 0 generation, 4 job, 8 done, 12 threads, 16 rows, 20 learning
// rate, 24 c1, 28 c2, 32 the optimizer's rule (RULE_…; 0 a gradient query), 36 helpers to quit (1),
// 40 weight decay, 44 dropout p (0: none), 48 the dropout mask's seed.
/** Spins before sleeping: about a millisecond, longer than the host's work between two phases. */
const SPIN: i32 = 200000;

/** Run `job` on every thread and wait for all of them. */
function parallel(job: i32): void {
  const threads = threadCount();
  if (threads <= 1) {
    runJob(job, 0, 1);
    return;
  }
  store<i32>(pSync, job, 4);
  atomic.store<i32>(pSync + 8, 0);
  atomic.add<i32>(pSync, 1);
  atomic.notify(pSync, threads - 1);
  runJob(job, 0, threads);
  const others = threads - 1;
  let spins = 0;
  while (atomic.load<i32>(pSync + 8) < others) {
    if (++spins > SPIN) {
      const seen = atomic.load<i32>(pSync + 8);
      if (seen < others) atomic.wait<i32>(pSync + 8, seen, 1000000);
    }
  }
}

/**
 * A helper thread's life: wait for a job, do its share, say so; until `stopHelpers`, when it
 * returns (and its host closes the worker). `generation` is the generation word when the host
 * started the helper: a job posted between then and this call is not missed.
 */
export function helperLoop(t: i32, generation: i32): void {
  let seen = generation;
  for (;;) {
    let spins = 0;
    while (atomic.load<i32>(pSync) == seen) {
      if (++spins > SPIN) atomic.wait<i32>(pSync, seen, 1000000000);
    }
    seen = atomic.load<i32>(pSync);
    if (atomic.load<i32>(pSync + 36) != 0) return;
    runJob(load<i32>(pSync, 4), t, threadCount());
    atomic.add<i32>(pSync + 8, 1);
    atomic.notify(pSync + 8, 1);
  }
}

/**
 * Ends every helper's loop. A worker blocked in a wait or a spin is not reliably ended from outside
 * (a terminated helper was seen to live on and hold up the page's memory measurement), so helpers
 * are asked to return, and close themselves.
 */
export function stopHelpers(): void {
  atomic.store<i32>(pSync + 36, 1);
  atomic.add<i32>(pSync, 1);
  atomic.notify(pSync, MAX_THREADS);
}

/** How many threads share the work from now on (1 = this one alone); helpers must be waiting in `helperLoop`. */
export function setThreads(threads: i32): void {
  store<i32>(pSync, min(max(threads, 1), MAX_THREADS), 12);
}

/** Both phases on the `rows` rows of the input and label buffers. */
function step(rows: i32, optimizer: i32, learningRate: f32, count: i32, decay: f32, dropout: f32): void {
  store<i32>(pSync, rows, 16);
  store<f32>(pSync, dropout, 44);
  store<i32>(pSync, count, 48);
  store<f32>(pSync, learningRate, 20);
  store<f32>(pSync, <f32>(1 / (1 - Math.pow(<f64>BETA1, <f64>count))), 24);
  store<f32>(pSync, <f32>(1 / (1 - Math.pow(<f64>BETA2, <f64>count))), 28);
  store<i32>(pSync, optimizer, 32);
  store<f32>(pSync, decay, 40);
  parallel(JOB_ROWS_TRAIN);
  parallel(JOB_WEIGHTS);
  let loss: f64 = 0;
  let right: i32 = 0;
  for (let t = 0; t < threadCount(); t++) {
    loss += load<f64>(pPartial + <usize>(t << 4));
    right += load<i32>(pPartial + <usize>(t << 4), 8);
  }
  const mean = loss / <f64>rows;
  store<f64>(pStats, load<f64>(pStats) + mean);
  store<f32>(pStats, <f32>mean, 8);
  store<i32>(pStats, load<i32>(pStats, 12) + right, 12);
}

/**
 * One training step on `rows` rows with the optimizer `optimizer` (RULE_ADAM … RULE_RMSPROP: 1 Adam,
 * 2 SGD, 3 SGD with momentum, 4 RMSProp) and weight decay `decay`; `count` is the step count after
 * it (1 for the first), which Adam's bias corrections use.
 */
export function trainStep(rows: i32, optimizer: i32, learningRate: f32, count: i32, decay: f32, dropout: f32): void {
  step(rows, optimizer == RULE_QUERY ? RULE_ADAM : optimizer, learningRate, count, decay, dropout);
}

let evaluatedRight: i32 = 0;

/**
 * The loss summed over `rows` rows of the input and label buffers, as the network predicts (no
 * dropout, nothing updated, the totals untouched); `evaluatedCorrect` then gives the rows it classified right.
 */
export function evaluate(rows: i32): f64 {
  store<i32>(pSync, rows, 16);
  store<i32>(pSync, RULE_QUERY, 32);
  store<f32>(pSync, 0, 44);
  parallel(JOB_ROWS_TRAIN);
  let loss: f64 = 0;
  let right: i32 = 0;
  for (let t = 0; t < threadCount(); t++) {
    loss += load<f64>(pPartial + <usize>(t << 4));
    right += load<i32>(pPartial + <usize>(t << 4), 8);
  }
  evaluatedRight = right;
  return loss;
}

export function evaluatedCorrect(): i32 {
  return evaluatedRight;
}

/** The loss gradient on `rows` rows into the gradient block, without updating anything (for tests against autodiff). */
export function gradients(rows: i32): void {
  // A query is not a step: its loss does not join the totals.
  const sum = load<f64>(pStats);
  const last = load<f32>(pStats, 8);
  const right = load<i32>(pStats, 12);
  step(rows, RULE_QUERY, 0, 1, 0, 0);
  store<f64>(pStats, sum);
  store<f32>(pStats, last, 8);
  store<i32>(pStats, right, 12);
}

/** Clears the loss sum and the correct count. */
export function resetTotals(): void {
  store<f64>(pStats, 0);
  store<i32>(pStats, 0, 12);
}

/** Predicted class of each of `rows` rows of the input buffer, into the predictions buffer. */
export function predict(rows: i32): void {
  store<i32>(pSync, rows, 16);
  parallel(JOB_ROWS_PREDICT);
}

/** Pixels that were not background in the last batch: the first layer's products ran over these. */
export function lastNonzeros(): i32 {
  let n = 0;
  for (let m = 0; m < batchRows(); m++) n += load<i32>(f(pRowCount, m));
  return n;
}

/** One phase of a step on its own, for scripts/profile-wasm-engine.ts: 1 rows, 3 weights (with Adam), 4 the dense kernel alone. */
export function profilePhase(job: i32, rows: i32): void {
  store<i32>(pSync, rows, 16);
  store<i32>(pSync, RULE_ADAM, 32);
  parallel(job);
}
