/// <reference lib="webworker" />
// What the three labs' workers share: the page's default MNIST subset with its download's progress,
// and the WebAssembly engine, which the page names once the first engine is up.
import { loadMnist, type LoadedSet } from '../lib/mnist/load';
import type { EngineDiagnostics, EngineFactory, EngineId } from '../lib/training/engine';
import { browserWasmEngine } from './wasm-engine';

/** The statuses every lab reports before it trains. */
export type LabDataStatus =
  | { kind: 'loading-data' }
  /** compressed bytes of the data fetched so far, of the sizes the server gave */
  | { kind: 'data-progress'; loaded: number; total: number }
  | { kind: 'engine'; engine: EngineId; diagnostics: EngineDiagnostics };

/** The default subset's training and test digits, reporting the download as it goes. */
export async function loadLabData(base: string, onStatus: (status: LabDataStatus) => void): Promise<{ train: LoadedSet; test: LoadedSet }> {
  onStatus({ kind: 'loading-data' });
  const heard = { loaded: 0, total: 0 };
  const onProgress = ({ bytes, size }: { bytes: number; size: number }) => {
    heard.loaded += bytes;
    heard.total += size;
    if (heard.total > 0) onStatus({ kind: 'data-progress', loaded: heard.loaded, total: heard.total });
  };
  const [train, test] = await Promise.all([loadMnist(base, 'default', 'train', onProgress), loadMnist(base, 'default', 'test', onProgress)]);
  return { train, test };
}

/** The WebAssembly engine, saying which engine and how many threads once its first instance is made. */
export async function labEngine(onStatus: (status: LabDataStatus) => void): Promise<EngineFactory> {
  const factory = await browserWasmEngine();
  let announced = false;
  return async (options) => {
    const made = await factory(options);
    if (!announced) onStatus({ kind: 'engine', engine: made.id, diagnostics: made.diagnostics() });
    announced = true;
    return made;
  };
}
