/**
 * The WebGPU engine's compute kernels (WGSL), one pipeline per dispatch of a training step:
 *
 *   forward1  h1 = ReLU(x·W1 + b1)       (x decoded from the packed pixels, Normalize applied)
 *   forward2  h2 = ReLU(h1·W2 + b2)
 *   head      z3 = h2·W3 + b3, softmax cross-entropy per row: the loss, the count of rows right,
 *             and ∂L/∂z3; in predict mode the argmax instead
 *   back2     ∂L/∂z2 = (∂L/∂z3·W3ᵀ) ⊙ (h2 > 0), W3 read transposed in place
 *   back1     ∂L/∂z1 = (∂L/∂z2·W2ᵀ) ⊙ (h1 > 0), likewise
 *   grad1     dW1 = xᵀ·∂L/∂z1, and Adam on W1 in the same pass
 *   grad2     dW2 = h1ᵀ·∂L/∂z2, and Adam on W2
 *   small     dW3, db1, db2, db3, and Adam on them
 *   totals    the batch's loss and correct count into the running totals
 *
 * Adam needs no kernel of its own: a gradient is final when its product stores it, so the same
 * thread applies Adam to that weight then and there (one pass over the parameters instead of two).
 * The products compute a block of outputs per thread in registers (see `product` and `blocks`).
 * Every buffer is made once per engine.
 */

export const layerIn = 784;
export const layer1 = 256;
export const layer2 = 128;
export const layerOut = 10;

/** Float offsets of the weight arrays in the parameter buffer (the order of src/lib/training/spec.ts). */
export const offsets = (() => {
  const W1 = 0;
  const b1 = W1 + layerIn * layer1;
  const W2 = b1 + layer1;
  const b2 = W2 + layer1 * layer2;
  const W3 = b2 + layer2;
  const b3 = W3 + layer2 * layerOut;
  return { W1, b1, W2, b2, W3, b3, end: b3 + layerOut };
})();

/** ∂L/∂z3's rows are padded to 12 floats, so that each row is three whole vec4s of its own. */
const z3Stride = 12;

/** Rows the buffers hold: training batches and prediction chunks (1000, as for the WebAssembly engine). */
export const capacity = 1000;
// Each of the state buffer's four arrays starts on a vec4: the buffers are read and written four floats at a time.
const P = Math.ceil(offsets.end / 4) * 4;

/**
 * Three storage buffers (most adapters allow only eight per stage): `state` holds the parameters,
 * their gradients and Adam's two moments; `act` the activations, the backward pass's deltas and
 * the totals; `data` (u32) the packed pixels, the labels, the per-row answers and losses.
 */
export const layout = (() => {
  const state = { params: 0, grads: P, moment1: 2 * P, moment2: 3 * P, end: 4 * P };
  let at = 0;
  const take = (n: number) => ((at += n), at - n);
  const act = { h1: take(capacity * layer1), h2: take(capacity * layer2), z3: take(capacity * z3Stride), d2: take(capacity * layer2), d1: take(capacity * layer1), totals: take(4), end: 0 };
  act.end = at;
  at = 0;
  const data = { pixels: take((capacity * layerIn) / 4), labels: take(capacity), answers: take(capacity), rowLoss: take(capacity), end: 0 };
  data.end = at;
  return { state, act, data };
})();

const { state, act, data } = layout;
const bindings = `
struct Settings {
  rows: u32,
  learningRate: f32,
  c1: f32,
  c2: f32,
  adam: u32,
  predict: u32,
}
@group(0) @binding(0) var<uniform> settings: Settings;
@group(0) @binding(1) var<storage, read_write> state: array<vec4<f32>>;
@group(0) @binding(2) var<storage, read_write> act: array<vec4<f32>>;
@group(0) @binding(3) var<storage, read_write> data: array<u32>;

const W1 = ${offsets.W1}u;
const B1 = ${offsets.b1}u;
const W2 = ${offsets.W2}u;
const B2 = ${offsets.b2}u;
const W3 = ${offsets.W3}u;
const B3 = ${offsets.b3}u;
const G = ${state.grads}u;
const M1 = ${state.moment1}u;
const M2 = ${state.moment2}u;
const H1 = ${act.h1}u;
const H2 = ${act.h2}u;
const Z3 = ${act.z3}u;
const Z3S = ${z3Stride}u;
const D2 = ${act.d2}u;
const D1 = ${act.d1}u;
const LOSS = ${data.rowLoss}u;
const TOTALS = ${act.totals}u;
const PIXELS = ${data.pixels}u;
const LABELS = ${data.labels}u;
const ANSWERS = ${data.answers}u;

// Four pixels from one u32 (i a multiple of 4), as the article's Normalize has them: x = p/127.5 − 1.
fn pixels4(i: u32) -> vec4<f32> {
  let u = data[PIXELS + i / 4u];
  return vec4<f32>(f32(u & 255u), f32((u >> 8u) & 255u), f32((u >> 16u) & 255u), f32(u >> 24u)) / 127.5 - 1.0;
}
// Offsets are in floats; a vec4's are multiples of 4.
fn state4(i: u32) -> vec4<f32> { return state[i >> 2u]; }
fn actAt4(i: u32) -> vec4<f32> { return act[i >> 2u]; }
fn act4(i: u32, v: vec4<f32>) { act[i >> 2u] = v; }
fn st(i: u32) -> f32 { return state[i >> 2u][i & 3u]; }
fn ac(i: u32) -> f32 { return act[i >> 2u][i & 3u]; }

// Adam as in PyTorch (β₁ 0.9, β₂ 0.999, ε 1e-8), arranged as TensorFlow.js does; without
// settings.adam (a gradient query) only the gradient is stored.
fn apply4(i: u32, g: vec4<f32>) {
  state[(G + i) >> 2u] = g;
  if (settings.adam == 0u) { return; }
  let m = 0.9 * state[(M1 + i) >> 2u] + 0.1 * g;
  let v = 0.999 * state[(M2 + i) >> 2u] + 0.001 * g * g;
  state[(M1 + i) >> 2u] = m;
  state[(M2 + i) >> 2u] = v;
  state[i >> 2u] = state[i >> 2u] - settings.learningRate * ((m * settings.c1) / (sqrt(v * settings.c2) + 1e-8));
}
`;

/**
 * Four consecutive values of A or B, as WGSL: `rows` gives A(r, i…i+3) or B(i, c…c+3) (a row's
 * four neighbours, read as they lie in memory); `cols` gives A(r…r+3, i) or B(i…i+3, c) (a
 * column's, for an operand read transposed in place). Either way the block is assembled in
 * registers, so no operand is ever copied transposed.
 */
type Four = { rows: (outer: string, i: string) => string } | { cols: (i: string, outer: string) => string };

/**
 * C = A·B, each thread computing a `block` of C in registers straight from the storage buffers,
 * four steps of the inner dimension at a time, with no workgroup memory and no barriers (a first
 * version staged 64×64 tiles through workgroup memory: on SwiftShader the first layer's product
 * took 51 ms, against 10–12 ms now). `cols` and, for `cols`-read operands, the outer dimension
 * are multiples of the block; rows and the inner dimension past their end read as 0. `store` runs
 * for each row r of the block and each four columns from c, with v = C(r, c…c+3).
 */
function product(name: string, block: Block, p: { rows: number | string; cols: number; inner: number | string; a: Four; b: Four; store: string }): string {
  const zero = 'vec4<f32>()';
  const quads = (n: number) => Array.from({ length: n / 4 }, (_, q) => q);
  const four = [0, 1, 2, 3];
  // Bounds need checking only where a dimension is the batch's (known when the kernel runs).
  const rowsVary = typeof p.rows === 'string';
  const innerVary = typeof p.inner === 'string';
  const row = (r: string) => (rowsVary ? `min(${r}, last)` : `(${r})`);
  const at = (k: number) => (innerVary ? `min(i + ${k}u, end)` : `(i + ${k}u)`);
  const guardRow = (r: string, e: string) => (rowsVary ? `select(${zero}, ${e}, ${r} < rows)` : e);
  const guardInner = (k: number, e: string) => (innerVary ? `select(${zero}, ${e}, i + ${k}u < inner)` : e);
  // A's block q as a matrix whose column y is A(r0+4q+y, i…i+3); B's block q, whose column k is B(i+k, c0+4q…+3).
  const { a, b } = p;
  const aBlock = (q: number) =>
    'rows' in a
      ? `mat4x4<f32>(${four.map((y) => guardRow(`r0 + ${4 * q + y}u`, a.rows(row(`r0 + ${4 * q + y}u`), 'i'))).join(', ')})`
      : `transpose(mat4x4<f32>(${four.map((k) => guardInner(k, a.cols(at(k), `(r0 + ${4 * q}u)`))).join(', ')}))`;
  const bBlock = (q: number) =>
    'rows' in b
      ? `mat4x4<f32>(${four.map((k) => guardInner(k, b.rows(at(k), `(c0 + ${4 * q}u)`))).join(', ')})`
      : `transpose(mat4x4<f32>(${four.map((x) => b.cols('i', `(c0 + ${4 * q + x}u)`)).join(', ')}))`;
  const accs = quads(block.rows).flatMap((qa) => quads(block.cols).map((qb) => ({ qa, qb, name: `acc${qa}${qb}` })));
  return `
@compute @workgroup_size(64)
fn ${name}(@builtin(global_invocation_id) id: vec3<u32>) {
  let rows = ${typeof p.rows === 'number' ? `${p.rows}u` : p.rows};
  let inner = ${typeof p.inner === 'number' ? `${p.inner}u` : p.inner};
  let across = ${p.cols / block.cols}u;
  if (id.x >= ((rows + ${block.rows - 1}u) / ${block.rows}u) * across) { return; }
  let r0 = (id.x / across) * ${block.rows}u;
  let c0 = (id.x % across) * ${block.cols}u;
  let last = rows - 1u;
  let end = inner - 1u;
  ${accs.map((x) => `var ${x.name} = mat4x4<f32>();`).join('\n  ')}
  for (var i = 0u; i < inner; i += 4u) {
    ${quads(block.rows).map((q) => `let a${q} = ${aBlock(q)};`).join('\n    ')}
    ${quads(block.cols).map((q) => `let b${q} = ${bBlock(q)};`).join('\n    ')}
    ${accs.map((x) => `${x.name} += b${x.qb} * a${x.qa};`).join('\n    ')}
  }
  for (var y = 0u; y < 4u; y++) {
    ${accs
      .map(
        (x) => `{
      let r = r0 + ${4 * x.qa}u + y;
      let c = c0 + ${4 * x.qb}u;
      let v = ${x.name}[y];
      if (r < rows) { ${p.store} }
    }`,
      )
      .join('\n    ')}
  }
}
`;
}

/** Rows × columns of the block of C each thread computes (multiples of 4 that divide 128). */
export interface Block {
  rows: number;
  cols: number;
}

/**
 * Blocks per kind of adapter. An emulated GPU (SwiftShader) runs a workgroup's threads four at a
 * time on a CPU core, where every storage read is a gather: big blocks, fewer reads per
 * multiply-add. Measured on SwiftShader (two cores, batch 100, each kernel timed alone and
 * summed, noisy): 4×4 blocks 57 ms, 8×8 39, 16×8 35–41, 16×16 37; whole steps 41 ms with 4×4
 * and 33–35 with 16×8. A real GPU wants many threads for a batch of 100
 * (16×8 would leave the first layer four workgroups), so it gets 4×4: not yet timed on one.
 */
export const blocks = { hardware: { rows: 4, cols: 4 }, software: { rows: 16, cols: 8 } } as const satisfies Record<string, Block>;

/** The WGSL of every kernel, its products computed in blocks of `block`. */
export const kernelSource = (block: Block) => `${bindings}
${product('forward1', block, {
  rows: 'settings.rows',
  cols: layer1,
  inner: layerIn,
  a: { rows: (r, i) => `pixels4(${r} * ${layerIn}u + ${i})` },
  b: { rows: (i, c) => `state4(W1 + ${i} * ${layer1}u + ${c})` },
  store: `act4(H1 + r * ${layer1}u + c, max(v + state4(B1 + c), vec4<f32>()));`,
})}
${product('forward2', block, {
  rows: 'settings.rows',
  cols: layer2,
  inner: layer1,
  a: { rows: (r, i) => `actAt4(H1 + ${r} * ${layer1}u + ${i})` },
  b: { rows: (i, c) => `state4(W2 + ${i} * ${layer2}u + ${c})` },
  store: `act4(H2 + r * ${layer2}u + c, max(v + state4(B2 + c), vec4<f32>()));`,
})}
${product('back1', block, {
  rows: 'settings.rows',
  cols: layer1,
  inner: layer2,
  a: { rows: (r, i) => `actAt4(D2 + ${r} * ${layer2}u + ${i})` },
  // W2ᵀ in place: B(i…i+3, c) = W2[c, i…i+3], a row of W2.
  b: { cols: (i, c) => `state4(W2 + (${c}) * ${layer2}u + ${i})` },
  store: `act4(D1 + r * ${layer1}u + c, select(vec4<f32>(), v, actAt4(H1 + r * ${layer1}u + c) > vec4<f32>()));`,
})}
${product('grad1', block, {
  rows: layerIn,
  cols: layer1,
  inner: 'settings.rows',
  // xᵀ in place: A(p…p+3, i) = x[i, p…p+3], four pixels of one digit.
  a: { cols: (i, p) => `pixels4(${i} * ${layerIn}u + ${p})` },
  b: { rows: (i, c) => `actAt4(D1 + ${i} * ${layer1}u + ${c})` },
  store: `apply4(W1 + r * ${layer1}u + c, v);`,
})}
${product('grad2', block, {
  rows: layer1,
  cols: layer2,
  inner: 'settings.rows',
  // h1ᵀ in place, likewise.
  a: { cols: (i, j) => `actAt4(H1 + ${i} * ${layer1}u + ${j})` },
  b: { rows: (i, c) => `actAt4(D2 + ${i} * ${layer2}u + ${c})` },
  store: `apply4(W2 + r * ${layer2}u + c, v);`,
})}

// One thread per row: the logits, then the loss and ∂L/∂z3 (or, predicting, the argmax). The
// row's loss goes to the u32 buffer: a vec4 is never written by two threads.
@compute @workgroup_size(64)
fn head(@builtin(global_invocation_id) id: vec3<u32>) {
  let m = id.x;
  if (m >= settings.rows) { return; }
  var z: array<f32, ${layerOut}>;
  var top = 0u;
  for (var c = 0u; c < ${layerOut}u; c++) {
    var s = st(B3 + c);
    for (var k = 0u; k < ${layer2}u; k++) { s += ac(H2 + m * ${layer2}u + k) * st(W3 + k * ${layerOut}u + c); }
    z[c] = s;
    if (s > z[top]) { top = c; }
  }
  if (settings.predict != 0u) {
    data[ANSWERS + m] = top;
    return;
  }
  let label = data[LABELS + m];
  var sum = 0.0;
  for (var c = 0u; c < ${layerOut}u; c++) { sum += exp(z[c] - z[top]); }
  data[LOSS + m] = bitcast<u32>(log(sum) - (z[label] - z[top]));
  data[ANSWERS + m] = select(0u, 1u, top == label);
  let scale = 1.0 / f32(settings.rows);
  var d: array<f32, Z3S>;
  for (var c = 0u; c < ${layerOut}u; c++) {
    d[c] = (exp(z[c] - z[top]) / sum - select(0.0, 1.0, c == label)) * scale;
  }
  for (var q = 0u; q < Z3S / 4u; q++) {
    act4(Z3 + m * Z3S + q * 4u, vec4<f32>(d[q * 4u], d[q * 4u + 1u], d[q * 4u + 2u], d[q * 4u + 3u]));
  }
}

// One thread per four outputs of ∂L/∂z2 in a row: ten products each with a row of W3, read in place.
@compute @workgroup_size(64)
fn back2(@builtin(global_invocation_id) id: vec3<u32>) {
  let e = id.x * 4u;
  if (e >= settings.rows * ${layer2}u) { return; }
  let m = e / ${layer2}u;
  let j = e % ${layer2}u;
  var s = vec4<f32>();
  for (var c = 0u; c < ${layerOut}u; c++) {
    let w = vec4<f32>(st(W3 + j * ${layerOut}u + c), st(W3 + (j + 1u) * ${layerOut}u + c), st(W3 + (j + 2u) * ${layerOut}u + c), st(W3 + (j + 3u) * ${layerOut}u + c));
    s += ac(Z3 + m * Z3S + c) * w;
  }
  act4(D2 + e, select(vec4<f32>(), s, actAt4(H2 + e) > vec4<f32>()));
}

// The gradient of one of W3 (row-major 128×10) or a bias at position i over the batch.
fn smallGradient(i: u32) -> f32 {
  let rows = settings.rows;
  var g = 0.0;
  if (i < B3 - W3) {
    let k = i / ${layerOut}u;
    let c = i % ${layerOut}u;
    for (var m = 0u; m < rows; m++) { g += ac(H2 + m * ${layer2}u + k) * ac(Z3 + m * Z3S + c); }
  } else if (i < ${layer2 * layerOut + layerOut}u) {
    let c = i - (B3 - W3);
    for (var m = 0u; m < rows; m++) { g += ac(Z3 + m * Z3S + c); }
  }
  return g;
}

// One thread per four parameters of W3 and of the three biases: their gradients, and Adam. (b3's
// last vec4 runs two floats into the padding before the gradients, which stays 0.)
@compute @workgroup_size(64)
fn small(@builtin(global_invocation_id) id: vec3<u32>) {
  let e = id.x * 4u;
  let rows = settings.rows;
  if (e < ${layer1}u) {
    var g = vec4<f32>();
    for (var m = 0u; m < rows; m++) { g += actAt4(D1 + m * ${layer1}u + e); }
    apply4(B1 + e, g);
  } else if (e < ${layer1 + layer2}u) {
    let n = e - ${layer1}u;
    var g = vec4<f32>();
    for (var m = 0u; m < rows; m++) { g += actAt4(D2 + m * ${layer2}u + n); }
    apply4(B2 + n, g);
  } else if (e < ${layer1 + layer2 + layer2 * layerOut + 12}u) {
    let n = e - ${layer1 + layer2}u;
    apply4(W3 + n, vec4<f32>(smallGradient(n), smallGradient(n + 1u), smallGradient(n + 2u), smallGradient(n + 3u)));
  }
}

// One thread: the batch's mean loss into the running sum and the last loss, its right answers into the count.
@compute @workgroup_size(1)
fn totals() {
  var loss = 0.0;
  var right = 0u;
  for (var m = 0u; m < settings.rows; m++) {
    loss += bitcast<f32>(data[LOSS + m]);
    right += data[ANSWERS + m];
  }
  let mean = loss / f32(settings.rows);
  let sums = actAt4(TOTALS);
  act4(TOTALS, vec4<f32>(sums.x + mean, sums.y + f32(right), mean, 0.0));
}
`;

/** The kernels of a training step, in the order they run (one compute pass, one submit). */
export const stepKernels = ['forward1', 'forward2', 'head', 'back2', 'back1', 'grad1', 'grad2', 'small', 'totals'] as const;
export type Kernel = (typeof stepKernels)[number];

/** How many workgroups each kernel needs for `rows` rows of the batch. */
export function workgroups(kernel: Kernel, rows: number, block: Block): [number, number] {
  // Blocks of a rows×cols product, 64 threads a workgroup.
  const blocks = (rows: number, cols: number) => Math.ceil((Math.ceil(rows / block.rows) * (cols / block.cols)) / 64);
  switch (kernel) {
    case 'forward1':
    case 'back1':
      return [blocks(rows, layer1), 1];
    case 'forward2':
      return [blocks(rows, layer2), 1];
    case 'grad1':
      return [blocks(layerIn, layer1), 1];
    case 'grad2':
      return [blocks(layer1, layer2), 1];
    case 'head':
      return [Math.ceil(rows / 64), 1];
    case 'back2':
      return [Math.ceil((rows * layer2) / 4 / 64), 1];
    case 'small':
      return [Math.ceil((layer1 + layer2 + layer2 * layerOut + 12) / 4 / 64), 1];
    case 'totals':
      return [1, 1];
  }
}
