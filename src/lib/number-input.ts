/** Why a typed value was refused; islands turn the code into a message in the reader's language. */
export type NumberInputError = 'empty' | 'not-a-number' | 'not-finite' | 'too-small' | 'too-large' | 'not-integer' | 'comma';

export interface NumberRule {
  /** smallest accepted value (inclusive unless `exclusiveMin`) */
  min: number;
  /** largest accepted value (inclusive) */
  max: number;
  exclusiveMin?: boolean;
  integer?: boolean;
}

export type NumberInputResult = { ok: true; value: number } | { ok: false; error: NumberInputError };

/** Digits grouped in threes by commas, as in 1,000 or 60,000.5: the only place a comma is read. */
const GROUPED = /^[-+]?\d{1,3}(,\d{3})+(\.\d*)?$/;
const PLAIN = /^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i;

/**
 * Parse what a reader typed into a numeric field. The text is first normalized (NFKC) so that
 * full-width digits, signs, points and commas from a Chinese or Japanese IME mean what their ASCII
 * twins mean, and `。` and the minus sign `−` count as `.` and `-`. Then one rule for every script:
 * decimal or exponent notation (`0.5`, `-3`, `1e-3`), and commas only as thousands separators in
 * groups of three (`1,000`, `60，000`). Any other comma is refused with its own reason (`1,5` could
 * be 1.5 or 15), as is everything else that is not a finite number, instead of silently yielding NaN.
 */
export function parseNumberInput(text: string, rule: NumberRule): NumberInputResult {
  const normalized = text.normalize('NFKC').trim().replace(/−/g, '-').replace(/。/g, '.');
  if (normalized === '') return { ok: false, error: 'empty' };
  if (/^[-+]?(inf(inity)?|∞)$/i.test(normalized)) return { ok: false, error: 'not-finite' };
  let cleaned = normalized;
  if (normalized.includes(',')) {
    if (!GROUPED.test(normalized)) return { ok: false, error: /^[-+.,\d]+$/.test(normalized) ? 'comma' : 'not-a-number' };
    cleaned = normalized.replace(/,/g, '');
  }
  if (!PLAIN.test(cleaned)) return { ok: false, error: 'not-a-number' };
  const value = Number(cleaned);
  if (!Number.isFinite(value)) return { ok: false, error: 'not-finite' };
  if (rule.integer && !Number.isInteger(value)) return { ok: false, error: 'not-integer' };
  if (rule.exclusiveMin ? value <= rule.min : value < rule.min) return { ok: false, error: 'too-small' };
  if (value > rule.max) return { ok: false, error: 'too-large' };
  return { ok: true, value };
}
