import type { EpochResult } from '../../workers/mnist-trainer.protocol';
import { engineNames } from '../shared/engine-names';
import { percent } from '../shared/format';
import type { MnistStrings } from './strings';

/** One row per finished epoch: loss, accuracies, time and the engine that trained it. */
export default function History({ strings: s, history }: { strings: MnistStrings; history: EpochResult[] }) {
  if (history.length === 0) return null;
  return (
    <div class="island__scroll">
      <table data-testid="mnist-history">
        <thead>
          <tr>
            <th scope="col">{s['mnist.epoch']}</th>
            <th scope="col" class="num">{s['mnist.loss']}</th>
            <th scope="col" class="num">{s['mnist.train-acc']}</th>
            <th scope="col" class="num">{s['mnist.test-acc']}</th>
            <th scope="col" class="num">{s['mnist.seconds']}</th>
            <th scope="col">{s['mnist.backend']}</th>
          </tr>
        </thead>
        <tbody>
          {history.map((h) => (
            <tr key={h.epoch}>
              <th scope="row">{h.epoch}</th>
              <td class="num">{h.trainLoss.toFixed(4)}</td>
              <td class="num">{percent(h.trainAccuracy)}%</td>
              <td class="num">{percent(h.testAccuracy)}%</td>
              <td class="num">{h.seconds.toFixed(1)}</td>
              <td>{engineNames[h.engine]}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
