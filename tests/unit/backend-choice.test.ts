import { describe, expect, it } from 'vitest';
import { chooseBackend, chooseOrtProviders, type Capabilities } from '../../src/lib/backend/choose';

const caps = (webgpu: Capabilities['webgpu'], webgl: Capabilities['webgl'], wasm = true): Capabilities => ({
  webgpu,
  webgl,
  wasm,
  threads: true,
});

describe('chooseBackend', () => {
  it.each([
    ['a real GPU with WebGPU', caps('hardware', 'hardware'), ['webgpu', 'webgl', 'wasm', 'cpu'], 'webgpu-hardware'],
    ['a real GPU without WebGPU', caps('none', 'hardware'), ['webgl', 'wasm', 'cpu'], 'webgl-hardware'],
    ['SwiftShader WebGPU and WebGL (headless, no GPU)', caps('software', 'software'), ['wasm', 'webgl', 'cpu'], 'webgpu-software'],
    ['no GPU API at all', caps('none', 'none'), ['wasm', 'cpu'], 'no-gpu'],
    ['no WebAssembly, software WebGL', caps('none', 'software', false), ['webgl', 'cpu'], 'no-wasm'],
    ['nothing but JavaScript', caps('none', 'none', false), ['cpu'], 'no-wasm'],
  ] as const)('%s', (_, capabilities, order, reason) => {
    expect(chooseBackend(capabilities)).toEqual({ order, reason });
  });

  it('never picks an emulated WebGPU adapter on its own, but lets the reader force it', () => {
    expect(chooseBackend(caps('software', 'software')).order).not.toContain('webgpu');
    expect(chooseBackend(caps('software', 'software'), 'webgpu')).toEqual({
      order: ['webgpu', 'wasm', 'webgl', 'cpu'],
      reason: 'override',
    });
  });

  it('ignores an override the browser cannot honour', () => {
    expect(chooseBackend(caps('none', 'none'), 'webgpu')).toEqual({ order: ['wasm', 'cpu'], reason: 'no-gpu' });
  });

  it('keeps the other backends as fallbacks after an override', () => {
    expect(chooseBackend(caps('hardware', 'hardware'), 'cpu').order).toEqual(['cpu', 'webgpu', 'webgl', 'wasm']);
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
      expect(chooseOrtProviders(c).reason).toBe(chooseBackend(c).reason);
    }
  });
});
