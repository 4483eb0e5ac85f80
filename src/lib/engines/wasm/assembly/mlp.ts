// The article's network (784-256-128-10, ReLU, softmax cross-entropy, Adam) as one WebAssembly
// module. AssemblyScript, compiled by scripts/build-wasm-engine.ts into four variants: 128-bit SIMD
// with plain or relaxed (fused) multiply-add, each with a private or a shared memory.
//
// Everything lives in one linear memory the host provides: the weights, their gradients, Adam's two
// moments, the batch and every activation. A training step is forward, backward and Adam in a few
// passes over it, with no allocation. Matrices are row-major f32; a layer's kernel is [in, out] and
// its bias [out], in the order W1 b1 W2 b2 W3 b3 (src/lib/training/spec.ts), so a checkpoint is the
// first 235,146 floats of the parameter block.
//
// Threads: with a shared memory, helpers (one per extra core) sit in `helperLoop` and each phase
// of a step is split between all threads by output columns; the thread that called `trainStep`
// takes part and waits for the others at the end of every phase.

const IN: i32 = 784;
const H1N: i32 = 256;
const H2N: i32 = 128;
const OUT: i32 = 10;

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
let pT2: usize = 0; // W2ᵀ [128, 256]
let pT3: usize = 0; // W3ᵀ [10, 128]
let pPred: usize = 0; // predicted classes [capacity], u8
// The network sees x = p/127.5 − 1 (the article's Normalize), so background pixels (p = 0) are −1
// and x + 1 = p/127.5 is zero for most of a digit. The first layer's products are computed over
// the nonzero x + 1 only (see `forward1`, `backward1`), from two indexes built every step:
let pRowCount: usize = 0; // per row: how many of its 784 values have x + 1 ≠ 0, i32 [capacity]
let pRowIndex: usize = 0; // per row, at row × 784: those columns, i32
let pRowValue: usize = 0; // … and their x + 1, f32
let pColCount: usize = 0; // per pixel: how many rows of the batch have x + 1 ≠ 0 there, i32 [784]
let pColIndex: usize = 0; // per pixel, at pixel × capacity: those rows, i32
let pColValue: usize = 0; // … and their x + 1, f32
let pBias1: usize = 0; // b1 − Σₖ W1[k, :]: folds the −1 of every input into the first layer's bias [256]
let rowCapacity: i32 = 0;
let pStats: usize = 0; // f64 loss sum, f32 last loss, i32 correct count
let pSync: usize = 0; // i32 generation, i32 job, i32 done, i32 threads, i32 rows, f32 learning rate, f32 c1, f32 c2

// Adam as in PyTorch: β₁ 0.9, β₂ 0.999, ε 1e-8.
const BETA1: f32 = 0.9;
const BETA2: f32 = 0.999;
const EPSILON: f32 = 1e-8;

/** The address of float `i` of the buffer at `p`. */
@inline function f(p: usize, i: i32): usize {
  return p + (<usize>i << 2);
}

let cursor: usize = 0;
/** The next 64-byte aligned block of `floats` floats. */
function take(floats: i32): usize {
  const p = cursor;
  cursor = (cursor + (<usize>floats << 2) + 63) & ~63;
  return p;
}

@inline function madd(a: v128, b: v128, c: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return f32x4.relaxed_madd(a, b, c);
  return f32x4.add(f32x4.mul(a, b), c);
}

/** Lay the buffers out from `base` for batches of up to `rows`; returns the first free byte. */
export function layout(base: usize, rows: i32): usize {
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
  rowCapacity = rows;
  pRowCount = take(rows);
  pRowIndex = take(rows * IN);
  pRowValue = take(rows * IN);
  pColCount = take(IN);
  pColIndex = take(IN * rows);
  pColValue = take(IN * rows);
  pBias1 = take(H1N);
  pStats = take(4);
  pSync = take(16);
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
export function heapBase(): usize { return __heap_base; }

// ---------------------------------------------------------------------------------------------
// Kernels. Each computes the columns [n0, n1) of its output, so that threads can split it.

/**
 * C[m, n] = Σₖ A[m, k] B[k, n] over rows [0, rows) and columns [n0, n1), then the epilogue:
 * mode 0 none, 1 + bias and ReLU (forward), 2 × (H[m, n] > 0) (a ReLU's backward pass).
 * A: [rows, K], B: [K, N], C and H: [rows, N]. 4×8 register tiles; column tails of 4 and 1.
 */
function gemm(pA: usize, pB: usize, pC: usize, rows: i32, K: i32, N: i32, n0: i32, n1: i32, mode: i32, pBias: usize, pH: usize): void {
  let n = n0;
  for (; n + 8 <= n1; n += 8) {
    let m = 0;
    for (; m + 4 <= rows; m += 4) {
      let c00 = f32x4.splat(0), c01 = f32x4.splat(0), c10 = f32x4.splat(0), c11 = f32x4.splat(0);
      let c20 = f32x4.splat(0), c21 = f32x4.splat(0), c30 = f32x4.splat(0), c31 = f32x4.splat(0);
      let a0 = f(pA, m * K), a1 = a0 + (<usize>K << 2), a2 = a1 + (<usize>K << 2), a3 = a2 + (<usize>K << 2);
      let b = f(pB, n);
      const bStep = <usize>N << 2;
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
        b += <usize>N << 2;
      }
      epilogue8(pC, pH, pBias, m, n, N, mode, c0, c1);
    }
  }
  for (; n + 4 <= n1; n += 4) {
    for (let m = 0; m < rows; m++) {
      let c = f32x4.splat(0);
      let a = f(pA, m * K);
      let b = f(pB, n);
      for (let k = 0; k < K; k++) {
        c = madd(f32x4.splat(load<f32>(a)), v128.load(b), c);
        a += 4;
        b += <usize>N << 2;
      }
      epilogue4(pC, pH, pBias, m, n, N, mode, c);
    }
  }
  for (; n < n1; n++) {
    for (let m = 0; m < rows; m++) {
      let c: f32 = 0;
      for (let k = 0; k < K; k++) c += load<f32>(f(pA, m * K + k)) * load<f32>(f(pB, k * N + n));
      if (mode == 1) {
        c += load<f32>(f(pBias, n));
        if (c < 0) c = 0;
      } else if (mode == 2 && !(load<f32>(f(pH, m * N + n)) > 0)) c = 0;
      store<f32>(f(pC, m * N + n), c);
    }
  }
}

@inline function epilogue4(pC: usize, pH: usize, pBias: usize, m: i32, n: i32, N: i32, mode: i32, c: v128): void {
  const at = m * N + n;
  if (mode == 1) c = f32x4.max(f32x4.add(c, v128.load(f(pBias, n))), f32x4.splat(0));
  else if (mode == 2) c = v128.and(c, f32x4.gt(v128.load(f(pH, at)), f32x4.splat(0)));
  v128.store(f(pC, at), c);
}

@inline function epilogue8(pC: usize, pH: usize, pBias: usize, m: i32, n: i32, N: i32, mode: i32, c0: v128, c1: v128): void {
  epilogue4(pC, pH, pBias, m, n, N, mode, c0);
  epilogue4(pC, pH, pBias, m, n + 4, N, mode, c1);
}

/**
 * dW[k, n] = Σₘ A[m, k] D[m, n] for rows k of [0, K) and columns [n0, n1): a weight gradient,
 * reading A transposed in place. A: [rows, K], D: [rows, N], dW: [K, N]. 4×8 tiles over (k, n).
 */
function gemmTN(pA: usize, pD: usize, pW: usize, rows: i32, K: i32, N: i32, n0: i32, n1: i32): void {
  const aStep = <usize>K << 2;
  const dStep = <usize>N << 2;
  let n = n0;
  for (; n + 8 <= n1; n += 8) {
    let k = 0;
    for (; k + 4 <= K; k += 4) {
      let c00 = f32x4.splat(0), c01 = f32x4.splat(0), c10 = f32x4.splat(0), c11 = f32x4.splat(0);
      let c20 = f32x4.splat(0), c21 = f32x4.splat(0), c30 = f32x4.splat(0), c31 = f32x4.splat(0);
      let a = f(pA, k);
      let d = f(pD, n);
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
      const w = f(pW, k * N + n);
      v128.store(w, c00);
      v128.store(w, c01, 16);
      v128.store(w + dStep, c10);
      v128.store(w + dStep, c11, 16);
      v128.store(w + 2 * dStep, c20);
      v128.store(w + 2 * dStep, c21, 16);
      v128.store(w + 3 * dStep, c30);
      v128.store(w + 3 * dStep, c31, 16);
    }
    for (; k < K; k++) {
      let c0 = f32x4.splat(0), c1 = f32x4.splat(0);
      for (let m = 0; m < rows; m++) {
        const s = f32x4.splat(load<f32>(f(pA, m * K + k)));
        const d = f(pD, m * N + n);
        c0 = madd(s, v128.load(d), c0);
        c1 = madd(s, v128.load(d, 16), c1);
      }
      v128.store(f(pW, k * N + n), c0);
      v128.store(f(pW, k * N + n), c1, 16);
    }
  }
  for (; n < n1; n++) {
    for (let k = 0; k < K; k++) {
      let c: f32 = 0;
      for (let m = 0; m < rows; m++) c += load<f32>(f(pA, m * K + k)) * load<f32>(f(pD, m * N + n));
      store<f32>(f(pW, k * N + n), c);
    }
  }
}

/** db[n] = Σₘ D[m, n] for columns [n0, n1). D: [rows, N]. */
function columnSums(pD: usize, pOut: usize, rows: i32, N: i32, n0: i32, n1: i32): void {
  let n = n0;
  for (; n + 4 <= n1; n += 4) {
    let c = f32x4.splat(0);
    for (let m = 0; m < rows; m++) c = f32x4.add(c, v128.load(f(pD, m * N + n)));
    v128.store(f(pOut, n), c);
  }
  for (; n < n1; n++) {
    let c: f32 = 0;
    for (let m = 0; m < rows; m++) c += load<f32>(f(pD, m * N + n));
    store<f32>(f(pOut, n), c);
  }
}

/** T[n, k] = W[k, n] for W: [K, N]. */
function transpose(pWt: usize, pT: usize, K: i32, N: i32): void {
  for (let k = 0; k < K; k++) for (let n = 0; n < N; n++) store<f32>(f(pT, n * K + k), load<f32>(f(pWt, k * N + n)));
}

/**
 * Softmax cross-entropy over the logits of `rows` rows, in place: Z3 becomes ∂L/∂z3 =
 * (softmax − one-hot) / rows for the mean loss. Adds the batch's mean loss to the loss sum, keeps
 * it as the last loss, and counts the rows whose largest logit is their label.
 */
function softmaxCrossEntropy(rows: i32): void {
  let loss: f64 = 0;
  let right: i32 = 0;
  const scale: f32 = 1 / <f32>rows;
  for (let m = 0; m < rows; m++) {
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
  const mean = loss / <f64>rows;
  store<f64>(pStats, load<f64>(pStats) + mean);
  store<f32>(pStats, <f32>mean, 8);
  store<i32>(pStats, load<i32>(pStats, 12) + right, 12);
}

/**
 * Adam on parameters [i0, i1) (multiples of 4 but for the last range): m = β₁m + (1−β₁)g,
 * v = β₂v + (1−β₂)g², w −= lr · (m·c1) / (√(v·c2) + ε) with the bias corrections c1 = 1/(1−β₁ᵗ)
 * and c2 = 1/(1−β₂ᵗ): TensorFlow.js's arrangement of PyTorch's update.
 */
function adam(i0: i32, i1: i32, lr: f32, c1: f32, c2: f32): void {
  const b1 = f32x4.splat(BETA1), b2 = f32x4.splat(BETA2);
  const nb1 = f32x4.splat(1 - BETA1), nb2 = f32x4.splat(1 - BETA2);
  const vc1 = f32x4.splat(c1), vc2 = f32x4.splat(c2), eps = f32x4.splat(EPSILON), vlr = f32x4.splat(lr);
  let i = i0;
  for (; i + 4 <= i1; i += 4) {
    const g = v128.load(f(pG, i));
    const m = madd(b1, v128.load(f(pM, i)), f32x4.mul(nb1, g));
    const v = madd(b2, v128.load(f(pV, i)), f32x4.mul(nb2, f32x4.mul(g, g)));
    v128.store(f(pM, i), m);
    v128.store(f(pV, i), v);
    const update = f32x4.div(f32x4.mul(m, vc1), f32x4.add(f32x4.sqrt(f32x4.mul(v, vc2)), eps));
    v128.store(f(pW, i), f32x4.sub(v128.load(f(pW, i)), f32x4.mul(vlr, update)));
  }
  for (; i < i1; i++) {
    const g = load<f32>(f(pG, i));
    const m = BETA1 * load<f32>(f(pM, i)) + (1 - BETA1) * g;
    const v = BETA2 * load<f32>(f(pV, i)) + (1 - BETA2) * g * g;
    store<f32>(f(pM, i), m);
    store<f32>(f(pV, i), v);
    store<f32>(f(pW, i), load<f32>(f(pW, i)) - lr * ((m * c1) / (Mathf.sqrt(v * c2) + EPSILON)));
  }
}


/** The row index of the input for rows [m0, m1): which of each row's 784 pixels are not background, and their x + 1. */
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

/** The column index, from the row index: for every pixel, the rows of the batch where x + 1 ≠ 0. */
function indexColumns(rows: i32): void {
  memory.fill(pColCount, 0, <usize>IN << 2);
  for (let m = 0; m < rows; m++) {
    const count = load<i32>(f(pRowCount, m));
    const index = f(pRowIndex, m * IN);
    const value = f(pRowValue, m * IN);
    for (let j = 0; j < count; j++) {
      const k = load<i32>(f(index, j));
      const at = load<i32>(f(pColCount, k));
      store<i32>(f(pColIndex, k * rowCapacity + at), m);
      store<f32>(f(pColValue, k * rowCapacity + at), load<f32>(f(value, j)));
      store<i32>(f(pColCount, k), at + 1);
    }
  }
}

/**
 * H1 = ReLU(x·W1 + b1) for columns [n0, n1), as (x + 1)·W1 + (b1 − Σₖ W1[k, :]): the same sum, but
 * only over each row's nonzero x + 1 (about a fifth of a digit's pixels). Blocks of 32 columns keep
 * eight accumulators in registers; a row's nonzeros are read once per block.
 */
function forward1(rows: i32, n0: i32, n1: i32): void {
  const pW1 = f(pW, oW1);
  // The bias with the −1 folded in, for this thread's columns.
  for (let n = n0; n < n1; n += 4) {
    let sum = v128.load(f(pW, oB1 + n));
    for (let k = 0; k < IN; k++) sum = f32x4.sub(sum, v128.load(f(pW1, k * H1N + n)));
    v128.store(f(pBias1, n), sum);
  }
  const zero = f32x4.splat(0);
  let n = n0;
  for (; n + 32 <= n1; n += 32) {
    for (let m = 0; m < rows; m++) {
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
      const b = f(pBias1, n);
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
  for (; n < n1; n += 4) {
    for (let m = 0; m < rows; m++) {
      let c = zero;
      const count = load<i32>(f(pRowCount, m));
      for (let j = 0; j < count; j++) {
        const k = load<i32>(f(pRowIndex, m * IN + j));
        c = madd(f32x4.splat(load<f32>(f(pRowValue, m * IN + j))), v128.load(f(pW1, k * H1N + n)), c);
      }
      v128.store(f(pH1, m * H1N + n), f32x4.max(f32x4.add(c, v128.load(f(pBias1, n))), zero));
    }
  }
}

/**
 * dW1 = xᵀ·∂L/∂z1 for columns [n0, n1), as (x + 1)ᵀ·∂L/∂z1 − 1 ⊗ db1 (db1 = Σₘ ∂L/∂z1, already in
 * the gradient block): for every pixel, a sum over only the rows where its x + 1 ≠ 0.
 */
function backward1(n0: i32, n1: i32): void {
  const pG1 = f(pG, oW1);
  const pDb = f(pG, oB1);
  let n = n0;
  for (; n + 32 <= n1; n += 32) {
    const b = f(pDb, n);
    const b0 = v128.load(b), b1 = v128.load(b, 16), b2 = v128.load(b, 32), b3 = v128.load(b, 48);
    const b4 = v128.load(b, 64), b5 = v128.load(b, 80), b6 = v128.load(b, 96), b7 = v128.load(b, 112);
    for (let k = 0; k < IN; k++) {
      let c0 = f32x4.neg(b0), c1 = f32x4.neg(b1), c2 = f32x4.neg(b2), c3 = f32x4.neg(b3);
      let c4 = f32x4.neg(b4), c5 = f32x4.neg(b5), c6 = f32x4.neg(b6), c7 = f32x4.neg(b7);
      const count = load<i32>(f(pColCount, k));
      let index = f(pColIndex, k * rowCapacity);
      let value = f(pColValue, k * rowCapacity);
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
      const g = f(pG1, k * H1N + n);
      v128.store(g, c0);
      v128.store(g, c1, 16);
      v128.store(g, c2, 32);
      v128.store(g, c3, 48);
      v128.store(g, c4, 64);
      v128.store(g, c5, 80);
      v128.store(g, c6, 96);
      v128.store(g, c7, 112);
    }
  }
  for (; n < n1; n += 4) {
    for (let k = 0; k < IN; k++) {
      let c = f32x4.neg(v128.load(f(pDb, n)));
      const count = load<i32>(f(pColCount, k));
      for (let j = 0; j < count; j++) {
        const m = load<i32>(f(pColIndex, k * rowCapacity + j));
        c = madd(f32x4.splat(load<f32>(f(pColValue, k * rowCapacity + j))), v128.load(f(pD1, m * H1N + n)), c);
      }
      v128.store(f(pG1, k * H1N + n), c);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Phases of a step. Phase p of thread t (of T) does its share of the work; `share` splits a range
// of columns into T parts on multiples of 8, so that every part keeps the wide tiles.

const JOB_FORWARD1: i32 = 1;
const JOB_FORWARD2: i32 = 2;
const JOB_BACKWARD2: i32 = 3;
const JOB_BACKWARD1: i32 = 4;
const JOB_ADAM: i32 = 5;
const JOB_INDEX: i32 = 6;

@inline function shareStart(total: i32, t: i32, threads: i32, unit: i32): i32 {
  const units = (total + unit - 1) / unit;
  return min(total, ((units * t) / threads) * unit);
}

function runJob(job: i32, t: i32, threads: i32): void {
  const rows = load<i32>(pSync, 16);
  if (job == JOB_INDEX) {
    indexRows(shareStart(rows, t, threads, 1), shareStart(rows, t + 1, threads, 1));
  } else if (job == JOB_FORWARD1) {
    forward1(rows, shareStart(H1N, t, threads, 32), shareStart(H1N, t + 1, threads, 32));
  } else if (job == JOB_FORWARD2) {
    gemm(pH1, f(pW, oW2), pH2, rows, H1N, H2N, shareStart(H2N, t, threads, 8), shareStart(H2N, t + 1, threads, 8), 1, f(pW, oB2), 0);
  } else if (job == JOB_BACKWARD2) {
    // dW2 and ∂L/∂z1 both read only what the previous phases wrote.
    const n0 = shareStart(H2N, t, threads, 8), n1 = shareStart(H2N, t + 1, threads, 8);
    gemmTN(pH1, pD2, f(pG, oW2), rows, H1N, H2N, n0, n1);
    columnSums(pD2, f(pG, oB2), rows, H2N, n0, n1);
    gemm(pD2, pT2, pD1, rows, H2N, H1N, shareStart(H1N, t, threads, 8), shareStart(H1N, t + 1, threads, 8), 2, 0, pH1);
  } else if (job == JOB_BACKWARD1) {
    const n0 = shareStart(H1N, t, threads, 32), n1 = shareStart(H1N, t + 1, threads, 32);
    columnSums(pD1, f(pG, oB1), rows, H1N, n0, n1);
    backward1(n0, n1);
  } else if (job == JOB_ADAM) {
    adam(shareStart(PARAMS, t, threads, 8), shareStart(PARAMS, t + 1, threads, 8), load<f32>(pSync, 20), load<f32>(pSync, 24), load<f32>(pSync, 28));
  }
}

/** The last phase of the forward pass and the first of the backward one: small, one thread. */
function head(rows: i32): void {
  gemm(pH2, f(pW, oW3), pZ3, rows, H2N, OUT, 0, OUT, 0, 0, 0);
  for (let m = 0; m < rows; m++) {
    for (let c = 0; c < OUT; c++) store<f32>(f(pZ3, m * OUT + c), load<f32>(f(pZ3, m * OUT + c)) + load<f32>(f(pW, oB3 + c)));
  }
  softmaxCrossEntropy(rows);
  gemmTN(pH2, pZ3, f(pG, oW3), rows, H2N, OUT, 0, OUT);
  columnSums(pZ3, f(pG, oB3), rows, OUT, 0, OUT);
  transpose(f(pW, oW3), pT3, H2N, OUT);
  gemm(pZ3, pT3, pD2, rows, OUT, H2N, 0, H2N, 2, 0, pH2);
  transpose(f(pW, oW2), pT2, H1N, H2N);
  indexColumns(rows);
}

// Synchronization words in pSync: 0 generation, 4 job, 8 done, 12 threads.
const SPIN: i32 = 200000;

/** Run `job` on every thread and wait for all of them. */
function parallel(job: i32): void {
  const threads = load<i32>(pSync, 12);
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
 * A helper thread's life: wait for a job, do its share, say so; until the host ends the worker.
 * `generation` is the generation word when the host started the helper: a job posted between
 * then and this call is not missed.
 */
export function helperLoop(t: i32, generation: i32): void {
  let seen = generation;
  for (;;) {
    let spins = 0;
    while (atomic.load<i32>(pSync) == seen) {
      if (++spins > SPIN) atomic.wait<i32>(pSync, seen, 1000000000);
    }
    seen = atomic.load<i32>(pSync);
    runJob(load<i32>(pSync, 4), t, load<i32>(pSync, 12));
    atomic.add<i32>(pSync + 8, 1);
    atomic.notify(pSync + 8, 1);
  }
}

/** How many threads share the work from now on (1 = this one alone); helpers must be waiting in `helperLoop`. */
export function setThreads(threads: i32): void {
  store<i32>(pSync, threads, 12);
}

/** Forward and backward on the `rows` rows in the input and label buffers: gradients into the gradient block. */
function forwardBackward(rows: i32): void {
  store<i32>(pSync, rows, 16);
  parallel(JOB_INDEX);
  parallel(JOB_FORWARD1);
  parallel(JOB_FORWARD2);
  head(rows);
  parallel(JOB_BACKWARD2);
  parallel(JOB_BACKWARD1);
}

/** One training step on `rows` rows; `step` is Adam's step count after it (1 for the first). */
export function trainStep(rows: i32, learningRate: f32, step: i32): void {
  forwardBackward(rows);
  store<f32>(pSync, learningRate, 20);
  store<f32>(pSync, <f32>(1 / (1 - Math.pow(<f64>BETA1, <f64>step))), 24);
  store<f32>(pSync, <f32>(1 / (1 - Math.pow(<f64>BETA2, <f64>step))), 28);
  parallel(JOB_ADAM);
}

/**
 * One phase of a training step on its own, for scripts/profile-wasm-engine.ts: 1–5 the parallel
 * jobs above, 0 the single-threaded head (layer 3 and the loss).
 */
export function profilePhase(job: i32, rows: i32): void {
  store<i32>(pSync, rows, 16);
  if (job == 0) head(rows);
  else parallel(job);
}

/** The loss gradient on `rows` rows, without updating anything (for tests against autodiff). */
export function gradients(rows: i32): void {
  forwardBackward(rows);
}

/** Clears the loss sum and the correct count. */
export function resetTotals(): void {
  store<f64>(pStats, 0);
  store<i32>(pStats, 0, 12);
}

/** Predicted class of each of `rows` rows of the input buffer, into the predictions buffer. */
export function predict(rows: i32): void {
  store<i32>(pSync, rows, 16);
  parallel(JOB_INDEX);
  parallel(JOB_FORWARD1);
  parallel(JOB_FORWARD2);
  gemm(pH2, f(pW, oW3), pZ3, rows, H2N, OUT, 0, OUT, 0, 0, 0);
  for (let m = 0; m < rows; m++) {
    let top: i32 = 0;
    let max = load<f32>(f(pZ3, m * OUT)) + load<f32>(f(pW, oB3));
    for (let c = 1; c < OUT; c++) {
      const v = load<f32>(f(pZ3, m * OUT + c)) + load<f32>(f(pW, oB3 + c));
      if (v > max) {
        max = v;
        top = c;
      }
    }
    store<u8>(pPred + <usize>m, <u8>top);
  }
}
