import type { Signal } from '@preact/signals';
import { useEffect, useRef } from 'preact/hooks';
import { engineIds, type EngineId } from '../../lib/training/engine';
import type { NumberField } from '../shared/field';
import NumberInput from '../shared/NumberInput';
import { fill } from '../shared/fill';
import { engineNames } from '../shared/engine-names';
import type { MnistStrings } from './strings';

export interface SettingFields {
  epochs: NumberField;
  batchSize: NumberField;
  learningRate: NumberField;
  trainCount: NumberField;
}

interface Props {
  strings: MnistStrings;
  fields: SettingFields;
  override: Signal<EngineId | ''>;
  /** a backend a link asked for that is not one of the engines; the select stays on its choice */
  backendRefused: Signal<string | null>;
  /** locked while a run uses them */
  locked: boolean;
  /** a batch size larger than the training digits, worded */
  batchProblem: string | null;
}

/** The run's settings: four numbers and the engine. */
export default function Settings({ strings: s, fields, override, backendRefused, locked, batchProblem }: Props) {
  const select = useRef<HTMLSelectElement>(null);
  // As for the number fields: a choice made before hydration is the reader's choice.
  useEffect(() => {
    const chosen = select.current?.value;
    if (chosen !== undefined && chosen !== override.peek()) override.value = chosen as EngineId | '';
  }, []);
  const refused = backendRefused.value;
  return (
    <div class="island__controls">
      <NumberInput field={fields.epochs} id="mnist-epochs" label={s['mnist.epochs']} inputMode="numeric" disabled={locked} />
      <NumberInput field={fields.batchSize} id="mnist-batch" label={s['mnist.batch-size']} inputMode="numeric" disabled={locked} problem={batchProblem} />
      <NumberInput field={fields.learningRate} id="mnist-lr" label={s['mnist.learning-rate']} disabled={locked} />
      <NumberInput field={fields.trainCount} id="mnist-count" label={s['mnist.train-count']} inputMode="numeric" disabled={locked} />
      <div class={`nf${refused !== null ? ' nf--invalid' : ''}`}>
        <label class="nf__label" for="mnist-backend">
          {s['mnist.backend']}
        </label>
        <select
          ref={select}
          id="mnist-backend"
          class="nf__input"
          value={override.value}
          disabled={locked}
          aria-invalid={refused !== null ? 'true' : 'false'}
          aria-describedby={refused !== null ? 'mnist-backend-error' : undefined}
          onChange={(e) => {
            override.value = (e.currentTarget as HTMLSelectElement).value as EngineId | '';
            backendRefused.value = null;
          }}
        >
          <option value="">{s['mnist.backend-auto']}</option>
          {engineIds.map((id) => (
            <option key={id} value={id}>
              {engineNames[id]}
            </option>
          ))}
        </select>
        {refused !== null && (
          <p id="mnist-backend-error" class="nf__error" role="alert">
            {fill(s['mnist.backend-unknown'], { value: refused })}
          </p>
        )}
      </div>
    </div>
  );
}
