import type { BatchResult } from '../../workers/batch-lab.protocol';
import { bestResult } from './state';
import type { BatchStrings } from './strings';

interface Props {
  strings: BatchStrings;
  lang: string;
  caption: string;
  results: readonly BatchResult[];
  /** the training digits one epoch passes over (for the time an epoch takes) */
  trainCount: number;
}

/** What each batch size's budget bought: steps, speed, the time an epoch takes, epochs covered and test accuracy. */
export default function LabTable({ strings: s, lang, caption, results, trainCount }: Props) {
  const best = bestResult(results);
  const n = (v: number, digits = 0) => v.toLocaleString(lang, { minimumFractionDigits: digits, maximumFractionDigits: digits });
  return (
    <div class="island__scroll">
      <table class="batch__table">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col" class="num">
              {s['batch.batch-size']}
            </th>
            <th scope="col" class="num">
              {s['batch.steps']}
            </th>
            <th scope="col" class="num">
              {s['batch.speed']}
            </th>
            <th scope="col" class="num">
              {s['batch.epoch-time']}
            </th>
            <th scope="col" class="num batch__epochs">
              {s['batch.epochs']}
            </th>
            <th scope="col" class="num batch__loss">
              {s['batch.loss']}
            </th>
            <th scope="col" class="num">
              {s['batch.test-acc']}
            </th>
          </tr>
        </thead>
        <tbody>
          {results.map((r) => (
            <tr key={r.batchSize} class={r === best ? 'batch__best' : undefined}>
              <th scope="row" class="num">
                {r.batchSize}
              </th>
              <td class="num">{n(r.steps)}</td>
              <td class="num">{n(r.samplesPerSecond)}</td>
              <td class="num">{n(trainCount / r.samplesPerSecond, 2)}</td>
              <td class="num batch__epochs">{n(r.epochs, 1)}</td>
              <td class="num batch__loss">{r.finalLoss.toFixed(3)}</td>
              <td class="num">
                {`${(100 * r.testAccuracy).toFixed(2)}%`}
                {r === best && <span class="sr-only">{` (${s['batch.best']})`}</span>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
