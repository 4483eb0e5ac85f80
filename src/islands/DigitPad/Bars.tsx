import { fill } from '../shared/fill';
import type { Reading } from './state';
import type { DigitStrings } from './strings';

const pct = (p: number) => (100 * p).toFixed(1);

/** The probability of each digit, as bars; dashes while there is no prediction. */
export default function Bars({ strings: s, reading }: { strings: DigitStrings; reading: Reading }) {
  const probs = reading.kind === 'prediction' ? reading.probs : null;
  const top = probs ? probs.indexOf(Math.max(...probs)) : null;
  return (
    <figure>
      <figcaption>{s['digit.probabilities']}</figcaption>
      <ol class="digit__bars" data-testid="digit-probabilities">
        {Array.from({ length: 10 }, (_, d) => {
          const p = probs?.[d] ?? 0;
          return (
            <li key={d} class={d === top ? 'top' : ''}>
              <span class="digit__bar-label">{d}</span>
              <span class="digit__bar">
                <span style={{ width: `${100 * p}%` }} />
              </span>
              <span class="num">{probs ? `${pct(p)}%` : '–'}</span>
            </li>
          );
        })}
      </ol>
    </figure>
  );
}

/** The prediction line: the digit and its probability, or why there is none. */
export function readingText(s: DigitStrings, reading: Reading, modelName: (id: 'float' | 'int8' | 'page' | 'file') => string): string {
  switch (reading.kind) {
    case 'idle':
      return '';
    case 'empty':
      return s['digit.empty'];
    case 'loading':
      return s['digit.loading'];
    case 'loading-digits':
      return s['digit.loading-digits'];
    case 'prediction': {
      const top = reading.probs.indexOf(Math.max(...reading.probs));
      return fill(s['digit.prediction'], { digit: top, p: pct(reading.probs[top]!) });
    }
    case 'not-finite':
      return fill(s['digit.not-finite'], { model: modelName(reading.model), value: reading.value });
    case 'timeout':
      return fill(s['digit.timeout-run'], { seconds: reading.seconds });
    case 'failed':
      return fill(s['digit.failed'], { message: reading.message });
  }
}
