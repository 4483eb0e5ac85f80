import type { RaceEpoch, Racer } from '../../workers/optimizer-race.protocol';
import { fill } from '../shared/fill';
import type { RaceStrings } from './strings';

interface Props {
  strings: RaceStrings;
  lang: string;
  caption: string;
  racers: readonly Racer[];
  history: readonly RaceEpoch[];
  /** epochs the race runs (columns for those not done yet stay empty) */
  epochs: number;
}

/** Each optimizer's test accuracy after every epoch and its last mean training loss: the race's result as numbers. */
export default function RaceTable({ strings: s, lang, caption, racers, history, epochs }: Props) {
  const columns = Array.from({ length: epochs }, (_, i) => i + 1);
  const last = history.at(-1);
  return (
    <div class="island__scroll">
      <table class="race__table">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{s['race.optimizer']}</th>
            <th scope="col" class="num">
              {s['race.learning-rate']}
            </th>
            {columns.map((epoch) => (
              <th scope="col" class="num" key={epoch}>
                {fill(s['race.test-acc-epoch'], { epoch })}
              </th>
            ))}
            <th scope="col" class="num race__loss">
              {s['race.train-loss']}
            </th>
          </tr>
        </thead>
        <tbody>
          {racers.map((racer, r) => (
            <tr key={racer.optimizer}>
              <th scope="row">{s[`race.name.${racer.optimizer}`]}</th>
              <td class="num">{racer.learningRate.toLocaleString(lang, { maximumSignificantDigits: 6 })}</td>
              {columns.map((epoch) => {
                const result = history[epoch - 1]?.racers[r];
                if (!result) return <td class="num" key={epoch} />;
                if (result.divergedAt !== null) return <td class="num race__diverged" key={epoch}>{fill(s['race.diverged'], { step: result.divergedAt })}</td>;
                return <td class="num" key={epoch}>{`${(100 * result.testAccuracy).toFixed(2)}%`}</td>;
              })}
              <td class="num race__loss">{last && last.racers[r] && last.racers[r]!.divergedAt === null ? last.racers[r]!.trainLoss.toFixed(4) : ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
