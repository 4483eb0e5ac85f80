import { describe, expect, it } from 'vitest';
import { chooseEngines, chooseOrtProviders, rankByTiming, type Capabilities } from '../../src/lib/backend/choose';

const caps = (webgpu: Capabilities['webgpu'], webgl: Capabilities['webgl'], wasm = true): Capabilities => ({
  webgpu,
  webgl,
  wasm,
});

describe('chooseEngines', () => {
  it.each([
    ['a real GPU with WebGPU', caps('hardware', 'hardware'), ['wasm', 'webgpu', 'tfjs-webgpu', 'tfjs-webgl'], ['wasm', 'webgpu', 'tfjs-webgpu', 'tfjs-webgl', 'tfjs-wasm', 'tfjs-cpu'], 'webgpu-hardware'],
    ['a real GPU without WebGPU', caps('none', 'hardware'), ['wasm', 'tfjs-webgl'], ['wasm', 'tfjs-webgl', 'tfjs-wasm', 'tfjs-cpu'], 'webgl-hardware'],
    ['SwiftShader WebGPU and WebGL (headless, no GPU)', caps('software', 'software'), ['wasm', 'webgpu'], ['wasm', 'webgpu', 'tfjs-wasm', 'tfjs-webgl', 'tfjs-cpu'], 'webgpu-software'],
    ['no GPU API at all', caps('none', 'none'), ['wasm'], ['wasm', 'tfjs-wasm', 'tfjs-cpu'], 'no-gpu'],
    ['no WebAssembly, software WebGL', caps('none', 'software', false), [], ['tfjs-webgl', 'tfjs-cpu'], 'no-wasm'],
    ['nothing but JavaScript', caps('none', 'none', false), [], ['tfjs-cpu'], 'no-wasm'],
  ] as const)('%s', (_, capabilities, measure, order, reason) => {
    expect(chooseEngines(capabilities)).toEqual({ measure, order, reason });
  });

  it('times the guide’s WebGPU engine on an emulated adapter too, but never tfjs there; the reader can force it', () => {
    expect(chooseEngines(caps('software', 'software')).measure).toEqual(['wasm', 'webgpu']);
    expect(chooseEngines(caps('software', 'software'), 'tfjs-webgpu')).toEqual({
      order: ['tfjs-webgpu', 'wasm', 'webgpu', 'tfjs-wasm', 'tfjs-webgl', 'tfjs-cpu'],
      reason: 'override',
      measure: [],
    });
  });

  it('ignores an override the browser cannot honour', () => {
    expect(chooseEngines(caps('none', 'none'), 'tfjs-webgpu').reason).toBe('no-gpu');
  });

  it('keeps the other engines as fallbacks after an override', () => {
    expect(chooseEngines(caps('hardware', 'hardware'), 'tfjs-cpu').order).toEqual(['tfjs-cpu', 'wasm', 'webgpu', 'tfjs-webgpu', 'tfjs-webgl', 'tfjs-wasm']);
  });
});

describe('rankByTiming', () => {
  const gpu = chooseEngines(caps('hardware', 'hardware'));

  it('puts the fastest measured engine first, whichever it is, and says it was measured', () => {
    const ranked = rankByTiming(gpu, [
      { engine: 'wasm', samplesPerSecond: 40_000 },
      { engine: 'webgpu', samplesPerSecond: 300_000 },
      { engine: 'tfjs-webgpu', samplesPerSecond: 90_000 },
      { engine: 'tfjs-webgl', samplesPerSecond: 20_000 },
    ]);
    expect(ranked.order).toEqual(['webgpu', 'tfjs-webgpu', 'wasm', 'tfjs-webgl', 'tfjs-wasm', 'tfjs-cpu']);
    expect(ranked.reason).toBe('measured');
    expect(rankByTiming(gpu, [{ engine: 'wasm', samplesPerSecond: 40_000 }, { engine: 'tfjs-webgpu', samplesPerSecond: 9_000 }]).order[0]).toBe('wasm');
  });

  it('leaves an engine that could not be timed among the fallbacks', () => {
    const ranked = rankByTiming(gpu, [
      { engine: 'wasm', samplesPerSecond: 40_000 },
      { engine: 'webgpu', samplesPerSecond: 1_000 },
      { engine: 'tfjs-webgpu', samplesPerSecond: null },
      { engine: 'tfjs-webgl', samplesPerSecond: 20_000 },
    ]);
    expect(ranked.order).toEqual(['wasm', 'tfjs-webgl', 'webgpu', 'tfjs-webgpu', 'tfjs-wasm', 'tfjs-cpu']);
  });

  it('with one candidate, the timing decided nothing: the reason stays the GPU situation', () => {
    const cpuOnly = chooseEngines(caps('none', 'none'));
    expect(rankByTiming(cpuOnly, [{ engine: 'wasm', samplesPerSecond: 40_000 }])).toEqual(cpuOnly);
  });
});

describe('chooseOrtProviders', () => {
  it.each([
    ['a real GPU with WebGPU', caps('hardware', 'hardware'), ['webgpu', 'wasm']],
    ['a real GPU without WebGPU (ORT runs this model on WASM)', caps('none', 'hardware'), ['wasm']],
    ['SwiftShader WebGPU (emulated: never chosen)', caps('software', 'software'), ['wasm']],
    ['no GPU', caps('none', 'none'), ['wasm']],
    ['no WebAssembly: ORT cannot run at all', caps('hardware', 'hardware', false), []],
  ] as const)('%s', (_, capabilities, order) => {
    expect(chooseOrtProviders(capabilities).order).toEqual(order);
  });

  it('gives the same reason as the training decision', () => {
    for (const c of [caps('hardware', 'hardware'), caps('software', 'software'), caps('none', 'none')]) {
      expect(chooseOrtProviders(c).reason).toBe(chooseEngines(c).reason);
    }
  });
});
