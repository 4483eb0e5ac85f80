import type { LabEpoch } from '../../workers/overfit-lab.protocol';
import { fill } from '../shared/fill';
import { endpoints } from './state';
import type { OverfitStrings } from './strings';

interface Props {
  strings: OverfitStrings;
  caption: string;
  history: readonly LabEpoch[];
  summary: { bestEpoch: number; stoppedAt: number | null } | null;
}

const pct = (v: number) => `${(100 * v).toFixed(2)}%`;

/** Where the two runs end: training and test accuracy, test loss, and the gap between the accuracies. */
export default function Summary({ strings: s, caption, history, summary }: Props) {
  const ends = endpoints(history, summary);
  if (!ends) return null;
  const rows = [
    { name: s['overfit.plain'], at: fill(s['overfit.at-end'], { epoch: ends.plain.epoch }), run: ends.plain },
    {
      name: s['overfit.regularized'],
      at: ends.stoppedAt ? fill(s['overfit.kept'], { epoch: ends.regularized.epoch, stopped: ends.stoppedAt }) : fill(s['overfit.at-end'], { epoch: ends.regularized.epoch }),
      run: ends.regularized,
    },
  ];
  return (
    <div class="island__scroll">
      <table class="overfit__table">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{s['overfit.run']}</th>
            <th scope="col" class="num">
              {s['overfit.train-acc']}
            </th>
            <th scope="col" class="num">
              {s['overfit.test-acc']}
            </th>
            <th scope="col" class="num overfit__gap">
              {s['overfit.gap']}
            </th>
            <th scope="col" class="num">
              {s['overfit.test-loss']}
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.name}>
              <th scope="row">
                {r.name}
                <span class="overfit__at">{r.at}</span>
              </th>
              <td class="num">{pct(r.run.train.accuracy)}</td>
              <td class="num">{pct(r.run.test.accuracy)}</td>
              <td class="num overfit__gap">{(100 * (r.run.train.accuracy - r.run.test.accuracy)).toFixed(2)}</td>
              <td class="num">{r.run.test.loss.toFixed(3)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
