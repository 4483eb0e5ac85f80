/** A duration as the page's language writes it ("3 minutes", "3分钟"), in whole minutes from a minute on. */
export function formatDuration(seconds: number, lang: string): string {
  const minutes = seconds >= 60;
  const value = Math.round(minutes ? seconds / 60 : seconds);
  return new Intl.NumberFormat(lang, { style: 'unit', unit: minutes ? 'minute' : 'second', unitDisplay: 'long' }).format(value);
}

/** A fraction as a percentage with two decimals, without the sign: 0.97591 → "97.59". */
export const percent = (v: number) => (100 * v).toFixed(2);
