import type { InputScaling } from '../../lib/onnx/input-scaling';
import type { ModelProblem } from '../../lib/onnx/inspect';
import Action from '../shared/Action';
import DownloadProgress from '../shared/DownloadProgress';
import { fill } from '../shared/fill';
import { fileModelLimits } from './file-model';
import { mb } from './LatencyTable';
import ScalingPicker from './ScalingPicker';
import type { FileRefusal, ModelId, PadState } from './state';
import type { DigitStrings } from './strings';
import type { DownloadStrings } from '../shared/strings';

interface Props {
  strings: DigitStrings & DownloadStrings;
  state: PadState;
  label: (id: ModelId) => string;
  /** test accuracy of the model trained on this page, if one was handed over */
  pageAccuracy: number | null;
  onChoose: (id: ModelId) => void;
  onFile: (input: HTMLInputElement) => void;
  onCancel: () => void;
  onScaling: (scaling: InputScaling) => void;
}

function problemText(s: DigitStrings, p: ModelProblem): string {
  switch (p.code) {
    case 'too-large':
      return fill(s['digit.error.too-large'], { size: mb(p.bytes) });
    case 'empty':
      return s['digit.error.empty'];
    case 'not-onnx':
      return fill(s['digit.error.not-onnx'], { detail: p.detail });
    case 'input-count':
    case 'output-count':
      return fill(s[`digit.error.${p.code}`], { count: p.count });
    case 'input-type':
      return fill(s['digit.error.input-type'], { name: p.name, type: p.type });
    case 'input-shape':
    case 'output-shape':
      return fill(s[`digit.error.${p.code}`], { name: p.name, shape: p.shape });
  }
}

function refusalText(s: DigitStrings, r: FileRefusal): string {
  switch (r.kind) {
    case 'problem':
      return problemText(s, r.problem);
    case 'runtime':
      return s[`digit.runtime.${r.problem}`];
    case 'not-finite':
      return fill(s['digit.error.not-finite'], { value: r.value });
    case 'timeout':
      return fill(s[r.phase === 'measure' ? 'digit.error.timeout-measure' : 'digit.error.timeout-load'], { seconds: r.seconds });
    case 'cancelled':
      return s['digit.error.cancelled'];
  }
}

/** Which model reads the drawing: the shipped ones, one trained on the page, or the reader's own file. */
export default function ModelPicker({ strings: s, state, label, pageAccuracy, onChoose, onFile, onCancel, onScaling }: Props) {
  const { active, refused, opening } = state;
  return (
    <fieldset class="digit__models">
      <legend>{s['digit.model']}</legend>
      {state.available.map((id) => (
        <label key={id}>
          <input type="radio" name="digit-model" value={id} checked={active === id} onChange={() => onChoose(id)} />
          {label(id)}
        </label>
      ))}
      <label class="digit__file">
        {s['digit.load-file']}
        <input type="file" accept=".onnx,application/octet-stream" disabled={opening !== null} onChange={(e) => onFile(e.currentTarget)} />
      </label>
      {opening !== null && (
        <p class="island__status" role="status" data-testid="digit-opening">
          {state.measuring ? fill(s['digit.measuring'], { name: opening, seconds: fileModelLimits.measureSeconds }) : fill(s['digit.opening'], { name: opening, seconds: fileModelLimits.loadSeconds })}{' '}
          <Action secondary onClick={onCancel}>
            {s['digit.cancel']}
          </Action>
        </p>
      )}
      {state.openingDownload && (
        // A failed download refuses the file with its reason instead: nothing to retry here.
        <DownloadProgress strings={s} what={s['digit.runtime-download']} download={{ kind: 'running', ...state.openingDownload }} />
      )}
      {state.measuring && <ScalingPicker strings={s} state={state} onScaling={onScaling} />}
      {(active === 'page' || active === 'file') && (
        <p class="island__status">
          {active === 'page' ? fill(s['digit.using-page'], { accuracy: ((pageAccuracy ?? 0) * 100).toFixed(2) }) : fill(s['digit.using-file'], { seconds: fileModelLimits.runSeconds })}{' '}
          <Action secondary onClick={() => onChoose(state.home)}>
            {s['digit.back']}
          </Action>
        </p>
      )}
      {!state.measuring && <ScalingPicker strings={s} state={state} onScaling={onScaling} />}
      {refused && (
        <div class="digit__error" role="alert">
          <p>
            {refused.name}: {refusalText(s, refused.reason)} {fill(s['digit.kept'], { model: label(active) })}
          </p>
          {refused.reason.kind === 'runtime' && (
            <details>
              <summary>{s['digit.details']}</summary>
              <pre>{refused.reason.raw}</pre>
            </details>
          )}
        </div>
      )}
    </fieldset>
  );
}
