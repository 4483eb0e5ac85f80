import { requireAdam, type AdamState, type Checkpoint, type EngineFactory, type TrainingEngine } from '../../training/engine';
import { checkWeights, inputSize, parameterCount, parameterLengths } from '../../training/spec';
import { capacity, kernelSource, layout, stepKernels, workgroups, type Block, type Kernel } from './kernels';

const predictKernels = ['forward1', 'forward2', 'head'] as const;
const gradientKernels = ['forward1', 'forward2', 'head', 'back2', 'back1', 'grad1', 'grad2', 'small'] as const;

const F32 = 4;

/**
 * The article's network on WebGPU: the step's nine kernels (kernels.ts) over three storage buffers
 * that hold weights, gradients, Adam's moments and every activation on the GPU, made once. The host
 * gives a device of its own for the engine (the engine destroys it when disposed, and with it every
 * buffer); a lost device makes the next call throw, so the run falls back with its last checkpoint.
 * Nothing is read back but what the loop asks for, always with mapAsync. `block` is the products'
 * block per thread, by kind of adapter (kernels.ts `blocks`).
 */
export function webgpuEngine(requestDevice: () => Promise<GPUDevice>, block: Block): EngineFactory {
  return async (options) => {
    requireAdam('webgpu', options);
    const { learningRate, maxBatch, checkpoint } = options;
    if (maxBatch > capacity) throw new RangeError(`the WebGPU engine takes batches of up to ${capacity}, not ${maxBatch}`);
    checkWeights(checkpoint.weights);
    const device = await requestDevice();
    let failure: string | null = null;
    void device.lost.then((info) => (failure ??= `the WebGPU device was lost${info.message ? `: ${info.message}` : ''}`));
    device.addEventListener('uncapturederror', (event) => (failure ??= `WebGPU: ${(event as GPUUncapturedErrorEvent).error.message}`));

    const { pipelines, bindGroupLayout } = await compile(device, block).catch((error: unknown) => {
      device.destroy();
      throw error;
    });
    const storage = GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST;
    const settings = device.createBuffer({ size: 32, usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST });
    const state = device.createBuffer({ size: layout.state.end * F32, usage: storage });
    const act = device.createBuffer({ size: layout.act.end * F32, usage: storage });
    const data = device.createBuffer({ size: layout.data.end * F32, usage: storage });
    const readBack = device.createBuffer({ size: layout.state.end * F32, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
    const bindGroup = device.createBindGroup({
      layout: bindGroupLayout,
      entries: [settings, state, act, data].map((buffer, binding) => ({ binding, resource: { buffer } })),
    });

    const join = (arrays: readonly Float32Array[]) => {
      const out = new Float32Array(parameterCount);
      let at = 0;
      for (const a of arrays) {
        out.set(a, at);
        at += a.length;
      }
      return out;
    };
    const split = (from: Float32Array) => {
      let at = 0;
      return parameterLengths.map((n) => from.slice(at, (at += n)));
    };
    device.queue.writeBuffer(state, layout.state.params * F32, join(checkpoint.weights));
    if (checkpoint.adam) {
      device.queue.writeBuffer(state, layout.state.moment1 * F32, join(checkpoint.adam.m));
      device.queue.writeBuffer(state, layout.state.moment2 * F32, join(checkpoint.adam.v));
    }
    let step = checkpoint.adam?.step ?? 0;

    const alive = () => {
      if (failure) throw new Error(failure);
    };
    const setSettings = (rows: number, adam: boolean, predict: boolean) => {
      const words = new ArrayBuffer(32);
      const u = new Uint32Array(words);
      const f = new Float32Array(words);
      u[0] = rows;
      f[1] = learningRate;
      f[2] = 1 / (1 - 0.9 ** Math.max(step, 1));
      f[3] = 1 / (1 - 0.999 ** Math.max(step, 1));
      u[4] = adam ? 1 : 0;
      u[5] = predict ? 1 : 0;
      device.queue.writeBuffer(settings, 0, words);
    };
    const load = (pixels: Uint8Array, labels: Uint8Array | null, rows: number) => {
      device.queue.writeBuffer(data, layout.data.pixels * F32, pixels, 0, rows * inputSize);
      if (labels) device.queue.writeBuffer(data, layout.data.labels * F32, Uint32Array.from(labels));
    };
    const run = (kernels: readonly Kernel[], rows: number) => {
      const encoder = device.createCommandEncoder();
      const pass = encoder.beginComputePass();
      pass.setBindGroup(0, bindGroup);
      for (const kernel of kernels) {
        pass.setPipeline(pipelines[kernel]);
        pass.dispatchWorkgroups(...workgroups(kernel, rows, block));
      }
      pass.end();
      device.queue.submit([encoder.finish()]);
    };
    // One read at a time through the one staging buffer.
    let reading: Promise<unknown> = Promise.resolve();
    const read = <T>(buffer: GPUBuffer, offset: number, bytes: number, take: (view: ArrayBuffer) => T): Promise<T> => {
      const next = reading.then(async () => {
        alive();
        const encoder = device.createCommandEncoder();
        encoder.copyBufferToBuffer(buffer, offset, readBack, 0, bytes);
        device.queue.submit([encoder.finish()]);
        await readBack.mapAsync(GPUMapMode.READ, 0, bytes);
        try {
          return take(readBack.getMappedRange(0, bytes).slice(0));
        } finally {
          readBack.unmap();
        }
      });
      reading = next.catch(() => {});
      return next;
    };
    const readState = (from: number) => read(state, from * F32, parameterCount * F32, (b) => new Float32Array(b));

    let disposed = false;
    const engine: TrainingEngine = {
      id: 'webgpu',
      step(pixels, labels) {
        alive();
        step++;
        load(pixels, labels, labels.length);
        setSettings(labels.length, true, false);
        run(stepKernels, labels.length);
      },
      lastLoss: () => read(act, (layout.act.totals + 2) * F32, F32, (b) => new Float32Array(b)[0]!),
      async takeTotals() {
        const [lossSum, correct] = await read(act, layout.act.totals * F32, 2 * F32, (b) => Array.from(new Float32Array(b)));
        device.queue.writeBuffer(act, layout.act.totals * F32, new Float32Array(2));
        return { lossSum: lossSum!, correct: correct! };
      },
      async predict(pixels, count) {
        const out = new Uint8Array(count);
        for (let start = 0; start < count; start += capacity) {
          alive();
          const n = Math.min(capacity, count - start);
          load(pixels.subarray(start * inputSize), null, n);
          setSettings(n, false, true);
          run(predictKernels, n);
          out.set(await read(data, layout.data.answers * F32, n * F32, (b) => Uint8Array.from(new Uint32Array(b))), start);
        }
        return out;
      },
      async gradients(pixels, labels) {
        alive();
        load(pixels, labels, labels.length);
        setSettings(labels.length, false, false);
        run(gradientKernels, labels.length);
        return split(await readState(layout.state.grads));
      },
      async checkpoint(): Promise<Checkpoint> {
        const weights = split(await readState(layout.state.params));
        if (step === 0) return { weights, adam: null };
        const adam: AdamState = { step, m: split(await readState(layout.state.moment1)), v: split(await readState(layout.state.moment2)) };
        return { weights, adam };
      },
      dispose() {
        if (disposed) return;
        disposed = true;
        // Every buffer goes with the device.
        device.destroy();
      },
      diagnostics: () => ({}),
    };
    return engine;
  };
}

/** The step's pipelines and their bindings' layout on `device`; an error names what did not compile. */
async function compile(device: GPUDevice, block: Block) {
  const module = device.createShaderModule({ code: kernelSource(block) });
  const compiled = await module.getCompilationInfo();
  const errors = compiled.messages.filter((m) => m.type === 'error');
  if (errors.length) {
    throw new Error(`the WebGPU kernels did not compile: ${errors.map((m) => `${m.lineNum}:${m.linePos} ${m.message}`).join('; ')}`);
  }
  const bindGroupLayout = device.createBindGroupLayout({
    entries: [
      { binding: 0, visibility: GPUShaderStage.COMPUTE, buffer: { type: 'uniform' } },
      ...[1, 2, 3].map((binding) => ({ binding, visibility: GPUShaderStage.COMPUTE, buffer: { type: 'storage' as const } })),
    ],
  });
  const pipelineLayout = device.createPipelineLayout({ bindGroupLayouts: [bindGroupLayout] });
  const pipelines = Object.fromEntries(
    await Promise.all(stepKernels.map(async (entryPoint) => [entryPoint, await device.createComputePipelineAsync({ layout: pipelineLayout, compute: { module, entryPoint } })] as const)),
  ) as Record<Kernel, GPUComputePipeline>;
  return { pipelines, bindGroupLayout };
}
