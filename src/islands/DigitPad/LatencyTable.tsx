import { fill } from '../shared/fill';
import type { ShippedModel } from './Pad';
import type { ModelId, PadState } from './state';
import type { DigitStrings } from './strings';

interface Props {
  strings: DigitStrings;
  state: PadState;
  shipped: ShippedModel[];
  /** size and accuracy of the models the reader brought (trained on the page, or a file) */
  extra: Partial<Record<ModelId, { bytes: number; testAccuracy?: number; testDigits?: number }>>;
  label: (id: ModelId) => string;
}

const acc = (p: number) => (100 * p).toFixed(2);
export const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(bytes < 1024 * 1024 ? 2 : 1)} MB`;

/** Every model the demo can use, with its size, accuracy and measured latency. */
export default function LatencyTable({ strings: s, state, shipped, extra, label }: Props) {
  return (
    <div class="island__scroll">
      <table data-testid="digit-compare">
        <caption>{s['digit.compare-title']}</caption>
        <thead>
          <tr>
            <th scope="col">{s['digit.model']}</th>
            <th scope="col" class="num">{s['digit.size']}</th>
            <th scope="col" class="num">{s['digit.accuracy']}</th>
            <th scope="col" class="num">{s['digit.latency-median']}</th>
          </tr>
        </thead>
        <tbody>
          {state.available.map((id) => {
            const m = shipped.find((x) => x.id === id) ?? extra[id];
            const measured = state.comparison?.find((c) => c.id === id);
            return (
              <tr key={id}>
                <th scope="row">{label(id)}</th>
                <td class="num">{m ? mb(m.bytes) : '–'}</td>
                <td class="num">
                  {m?.testAccuracy === undefined ? '–' : 'testDigits' in m && m.testDigits ? fill(s['digit.test-digits'], { accuracy: acc(m.testAccuracy), count: m.testDigits.toLocaleString(s['digit.locale']) }) : `${acc(m.testAccuracy)}%`}
                </td>
                <td class="num">{measured ? `${measured.ms.toFixed(3)} ms` : '–'}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
