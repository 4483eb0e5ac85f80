/// <reference lib="webworker" />
// A helper thread of the WebAssembly engine: it instantiates the engine's module on the engine's
// shared memory and takes its share of every phase of every step, until the engine stops it.
import type { HelperStart } from '../lib/engines/wasm/engine';

self.addEventListener(
  'message',
  (event: MessageEvent<HelperStart>) => {
    const start = event.data;
    const mlp = new WebAssembly.Instance(start.module, { env: { memory: start.memory } }).exports as unknown as {
      layout(base: number, rows: number): number;
      helperLoop(thread: number, generation: number): void;
    };
    mlp.layout(start.base, start.capacity);
    self.postMessage('ready');
    mlp.helperLoop(start.thread, start.generation);
    // The engine was disposed.
    self.close();
  },
  { once: true },
);
