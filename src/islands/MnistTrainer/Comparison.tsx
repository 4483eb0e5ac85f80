import DownloadProgress from '../shared/DownloadProgress';
import { fill } from '../shared/fill';
import { engineNames } from '../shared/engine-names';
import type { TrainerState } from './state';
import type { DownloadStrings } from '../shared/strings';
import type { MnistStrings } from './strings';

interface Props {
  strings: MnistStrings & DownloadStrings;
  state: TrainerState;
  steps: number;
  batchSize: number;
}

/** "Compare backends": its progress line, then samples per second for each engine measured. */
export default function Comparison({ strings: s, state, steps, batchSize }: Props) {
  const { comparing, comparison, compareError, compareDownload } = state;
  return (
    <>
      {(comparing || compareError || comparison?.stopped) && (
        <p class="island__status" role="status" data-testid="mnist-compare-status">
          {comparing ? s['mnist.compare-running'] : compareError ? fill(s['mnist.compare-failed'], { message: compareError }) : s['mnist.compare-stopped']}
        </p>
      )}
      {/* A failed download ends the measurement (the data) or is an engine's row (TensorFlow.js): no Try again here. */}
      {compareDownload && (
        <DownloadProgress
          strings={s}
          what={s[compareDownload.of === 'tfjs' ? 'mnist.download-tfjs' : 'mnist.download']}
          download={{ kind: 'running', loaded: compareDownload.loaded, total: compareDownload.total }}
        />
      )}
      {comparison && comparison.rows.length > 0 && (
        <div class="island__scroll">
          <table data-testid="mnist-compare">
            <caption>{fill(s['mnist.compare-title'], { steps, batch: batchSize })}</caption>
            <thead>
              <tr>
                <th scope="col">{s['mnist.backend']}</th>
                <th scope="col" class="num">{s['mnist.samples-per-second']}</th>
              </tr>
            </thead>
            <tbody>
              {comparison.rows.map((c) => (
                <tr key={c.engine}>
                  <th scope="row">{engineNames[c.engine]}</th>
                  <td class="num">{c.samplesPerSecond ? Math.round(c.samplesPerSecond) : `${s['mnist.unavailable']}${c.error ? ` (${c.error})` : ''}`}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
