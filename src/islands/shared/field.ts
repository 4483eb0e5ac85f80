import { signal, type Signal } from '@preact/signals';
import { parseNumberInput, type NumberRule } from '../../lib/number-input';
import { fill } from './fill';
import type { FieldStrings } from './strings';

/** A numeric input's state: the text as typed, the last valid value, and the current error. */
export interface NumberField {
  text: Signal<string>;
  /** Last valid value: what the island computes with while the text is invalid. */
  value: Signal<number>;
  error: Signal<string | null>;
  rule: NumberRule;
  input(text: string): void;
  /** Set a valid value from code (a gradient step, a reset). */
  set(value: number, text?: string): void;
}

/** Format a number for a field so it round-trips through {@link parseNumberInput}. */
export function formatForField(value: number): string {
  return Number(value.toPrecision(8)).toString();
}

export function createNumberField(initial: number, rule: NumberRule, strings: FieldStrings): NumberField {
  const field: NumberField = {
    text: signal(formatForField(initial)),
    value: signal(initial),
    error: signal(null),
    rule,
    input(text) {
      field.text.value = text;
      const parsed = parseNumberInput(text, rule);
      if (parsed.ok) {
        field.value.value = parsed.value;
        field.error.value = null;
        return;
      }
      const key = parsed.error === 'too-small' && rule.exclusiveMin ? 'too-small-exclusive' : parsed.error;
      field.error.value = fill(strings[`field.${key}`], { min: rule.min, max: rule.max });
    },
    set(value, text = formatForField(value)) {
      field.value.value = value;
      field.text.value = text;
      field.error.value = null;
    },
  };
  return field;
}
