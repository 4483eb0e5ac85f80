import { useSignal } from '@preact/signals';
import { useRef } from 'preact/hooks';
import { chooseScaling, type InputScaling } from '../../lib/onnx/input-scaling';
import { classifyRuntimeError } from '../../lib/onnx/runtime-errors';
import { ModelCancelledError, ModelTimeoutError, openFileModel, type FileClassifier, type OpeningModel } from './file-model';
import type { FileRefusal, FileScaling, PadEvent } from './state';

/** The value a NonFiniteOutputError names (its class does not survive the worker's message; its text does). */
export const nonFinite = (e: unknown) => (e instanceof Error && e.name === 'NonFiniteOutputError' ? (/(-?Infinity|NaN)/.exec(e.message)?.[1] ?? 'NaN') : null);

/**
 * The reader's own model: checked, opened in its worker, measured on the test digits under every
 * input scaling (the choice: lib/onnx/input-scaling.ts), then handed to the pad with `keep`.
 * Anything wrong on the way is a refusal with its reason, and the model in use stays.
 */
export function useFileModel(base: string, runtimeBytes: number, dispatch: (event: PadEvent) => void, keep: (classifier: FileClassifier) => void, recognize: () => void) {
  const file = useSignal<{ name: string; bytes: number } | null>(null);
  const opening = useRef<OpeningModel | null>(null);
  const current = useRef<FileClassifier | null>(null);

  const load = async (input: HTMLInputElement) => {
    const chosen = input.files?.[0];
    input.value = '';
    if (!chosen) return;
    const refuse = (reason: FileRefusal) => dispatch({ type: 'refused', name: chosen.name, reason });
    const { checkModelSize, inspectOnnx, ModelFileError } = await import('../../lib/onnx/inspect');
    let bytes: Uint8Array;
    try {
      checkModelSize(chosen.size);
      bytes = new Uint8Array(await chosen.arrayBuffer());
      inspectOnnx(bytes);
    } catch (e) {
      return refuse(e instanceof ModelFileError ? { kind: 'problem', problem: e.problem } : { kind: 'runtime', problem: 'other', raw: String(e) });
    }
    dispatch({ type: 'opening', name: chosen.name });
    let runtimeLoaded = 0;
    const handle = openFileModel(base, bytes, (n) => dispatch({ type: 'opening-download', loaded: (runtimeLoaded += n), total: runtimeBytes }));
    opening.current = handle;
    try {
      const classifier = await handle.ready;
      let scaling: FileScaling;
      try {
        const measured = await classifier.measure(
          (done, total) => dispatch({ type: 'measuring', done, total }),
          (loaded, total) => dispatch({ type: 'measuring-download', loaded, total }),
        );
        const { scaling: auto, chiSquare, aboveChance } = chooseScaling(measured);
        await classifier.setScaling(auto);
        scaling = { measured: measured.map(({ scaling, correct, count, error }) => ({ scaling, correct, count, ...(error === undefined ? {} : { error }) })), auto, chiSquare, aboveChance, chosen: auto };
      } catch (e) {
        // A model that cannot be measured (the test digits did not download) still reads drawings, in [0, 1].
        if (e instanceof ModelTimeoutError || e instanceof ModelCancelledError || nonFinite(e)) throw e;
        scaling = { measured: [], auto: 'unit', chiSquare: 0, aboveChance: false, chosen: 'unit', failed: e instanceof Error ? e.message : String(e) };
      }
      current.current = classifier;
      keep(classifier);
      file.value = { name: chosen.name, bytes: bytes.byteLength };
      dispatch({ type: 'opened', name: chosen.name, scaling });
      recognize();
    } catch (e) {
      const value = nonFinite(e);
      const message = e instanceof Error ? e.message : String(e);
      refuse(
        e instanceof ModelCancelledError
          ? { kind: 'cancelled' }
          : e instanceof ModelTimeoutError
            ? { kind: 'timeout', seconds: e.seconds, phase: e.phase === 'measure' ? 'measure' : 'load' }
            : value
              ? { kind: 'not-finite', value }
              : { kind: 'runtime', problem: classifyRuntimeError(message), raw: message },
      );
    } finally {
      if (opening.current === handle) opening.current = null;
    }
  };

  /** The reader overrides the measured scaling. */
  const setScaling = async (scaling: InputScaling) => {
    await current.current?.setScaling(scaling);
    dispatch({ type: 'scaling', scaling });
    recognize();
  };

  return { file, load, setScaling, cancel: () => opening.current?.cancel() };
}
