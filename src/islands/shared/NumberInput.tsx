import { useEffect, useRef } from 'preact/hooks';
import type { NumberField } from './field';

interface Props {
  field: NumberField;
  /** Accessible name; also the visible label unless `hideLabel`. */
  label: string;
  id: string;
  hideLabel?: boolean;
  inputMode?: 'decimal' | 'numeric';
  /** locked while a run uses the value */
  disabled?: boolean;
  /** a problem that involves other fields too (shown when the field's own text is valid) */
  problem?: string | null;
}

/**
 * A text field for a number with its error shown right under it. Text (not type=number) so that
 * what the reader typed stays visible and can be explained, instead of the browser blanking it.
 */
export default function NumberInput({ field, label, id, hideLabel, inputMode = 'decimal', disabled = false, problem = null }: Props) {
  const input = useRef<HTMLInputElement>(null);
  // The server-rendered field can be typed into before the island hydrates; hydration keeps that
  // text on screen, so it must become the field's value too, or a run would use the default.
  useEffect(() => {
    const typed = input.current?.value;
    if (typed !== undefined && typed !== field.text.peek()) field.input(typed);
  }, []);
  const error = field.error.value ?? problem;
  return (
    <div class={`nf${error ? ' nf--invalid' : ''}`}>
      <label for={id} class={hideLabel ? 'sr-only' : 'nf__label'}>
        {label}
      </label>
      <input
        ref={input}
        id={id}
        class="nf__input"
        type="text"
        inputMode={inputMode}
        autoComplete="off"
        spellcheck={false}
        disabled={disabled}
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
