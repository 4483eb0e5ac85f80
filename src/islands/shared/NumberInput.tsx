import type { NumberField } from './field';

interface Props {
  field: NumberField;
  /** Accessible name; also the visible label unless `hideLabel`. */
  label: string;
  id: string;
  hideLabel?: boolean;
  inputMode?: 'decimal' | 'numeric';
}

/**
 * A text field for a number with its error shown right under it. Text (not type=number) so that
 * what the reader typed stays visible and can be explained, instead of the browser blanking it.
 */
export default function NumberInput({ field, label, id, hideLabel, inputMode = 'decimal' }: Props) {
  const error = field.error.value;
  return (
    <div class={`nf${error ? ' nf--invalid' : ''}`}>
      <label for={id} class={hideLabel ? 'sr-only' : 'nf__label'}>
        {label}
      </label>
      <input
        id={id}
        class="nf__input"
        type="text"
        inputMode={inputMode}
        autoComplete="off"
        spellcheck={false}
        value={field.text.value}
        aria-invalid={error ? 'true' : 'false'}
        aria-describedby={error ? `${id}-error` : undefined}
        onInput={(event) => field.input((event.currentTarget as HTMLInputElement).value)}
      />
      {error && (
        <p id={`${id}-error`} class="nf__error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
