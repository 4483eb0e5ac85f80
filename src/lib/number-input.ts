/** Why a typed value was refused; islands turn the code into a message in the reader's language. */
export type NumberInputError = 'empty' | 'not-a-number' | 'not-finite' | 'too-small' | 'too-large' | 'not-integer';

export interface NumberRule {
  /** smallest accepted value (inclusive unless `exclusiveMin`) */
  min: number;
  /** largest accepted value (inclusive) */
  max: number;
  exclusiveMin?: boolean;
  integer?: boolean;
}

export type NumberInputResult = { ok: true; value: number } | { ok: false; error: NumberInputError };

/**
 * Parse what a reader typed into a numeric field. Accepts ordinary decimal and exponent notation
 * (`0.5`, `-3`, `1e-3`) and a full-width minus or comma typed by a Chinese IME; refuses the rest
 * with a specific reason instead of silently yielding NaN.
 */
export function parseNumberInput(text: string, rule: NumberRule): NumberInputResult {
  const cleaned = text.trim().replace(/[－−]/g, '-').replace(/，/g, '.').replace(/．/g, '.');
  if (cleaned === '') return { ok: false, error: 'empty' };
  if (/^[-+]?(inf(inity)?|∞)$/i.test(cleaned)) return { ok: false, error: 'not-finite' };
  if (!/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(cleaned)) return { ok: false, error: 'not-a-number' };
  const value = Number(cleaned);
  if (!Number.isFinite(value)) return { ok: false, error: 'not-finite' };
  if (rule.integer && !Number.isInteger(value)) return { ok: false, error: 'not-integer' };
  if (rule.exclusiveMin ? value <= rule.min : value < rule.min) return { ok: false, error: 'too-small' };
  if (value > rule.max) return { ok: false, error: 'too-large' };
  return { ok: true, value };
}
