import { inputScalings, significantChiSquare, type InputScaling } from '../../lib/onnx/input-scaling';
import DownloadProgress from '../shared/DownloadProgress';
import { fill } from '../shared/fill';
import type { DownloadStrings } from '../shared/strings';
import type { PadState } from './state';
import type { DigitStrings } from './strings';

interface Props {
  strings: DigitStrings & DownloadStrings;
  state: PadState;
  onScaling: (scaling: InputScaling) => void;
}

const pct = (correct: number, count: number) => ((100 * correct) / count).toFixed(2);
const digits = (s: DigitStrings, n: number) => n.toLocaleString(s['digit.locale']);

/** The reader's model's test accuracy under the scaling in use, for the comparison table. */
export function fileAccuracy(state: PadState): { testAccuracy?: number; testDigits?: number } {
  const m = state.fileScaling?.measured.find((x) => x.scaling === state.fileScaling?.chosen);
  return m ? { testAccuracy: m.correct / m.count, testDigits: m.count } : {};
}

/**
 * While the reader's model is measured: the readings done. Once measured: each input scaling's
 * accuracy on the test digits, which one the measurement chose and why, and a select to override it.
 */
export default function ScalingPicker({ strings: s, state, onScaling }: Props) {
  if (state.measuring?.download) {
    // A failed download ends the measurement instead (the model then reads in [0, 1], and says why): nothing to retry here.
    return <DownloadProgress strings={s} what={s['digit.digits-download']} download={{ kind: 'running', ...state.measuring.download }} onRetry={() => undefined} />;
  }
  if (state.measuring) {
    const { done, total } = state.measuring;
    return (
      <div class="digit__measuring">
        <label for="digit-measuring">{fill(s['digit.scaling-measuring'], { count: digits(s, total / inputScalings.length), done: digits(s, done), total: digits(s, total) })}</label>
        <progress id="digit-measuring" max={total} value={done} />
      </div>
    );
  }
  const scaling = state.fileScaling;
  if (state.active !== 'file' || !scaling) return null;
  if (scaling.failed) return <p class="island__status">{fill(s['digit.scaling-failed'], { message: scaling.failed })}</p>;
  const name = (x: InputScaling) => s[`digit.scaling-${x}`];
  const of = (x: InputScaling) => scaling.measured.find((m) => m.scaling === x)!;
  const unit = of('unit');
  const auto = of(scaling.auto);
  const bestOf = scaling.measured.reduce((a, b) => (b.correct > a.correct ? b : a));
  const bestOther = scaling.measured.filter((m) => m.scaling !== 'unit').reduce((a, b) => (b.correct > a.correct ? b : a));
  const why = !scaling.aboveChance
    ? fill(s['digit.scaling-chance'], { count: digits(s, unit.count), best: name(bestOf.scaling), accuracy: pct(bestOf.correct, bestOf.count) })
    : scaling.auto === 'unit'
      ? fill(s['digit.scaling-kept'], {
          count: digits(s, unit.count),
          accuracy: pct(unit.correct, unit.count),
          best: name(bestOther.scaling),
          other: pct(bestOther.correct, bestOther.count),
          chi: scaling.chiSquare.toFixed(1),
          limit: significantChiSquare.toFixed(2),
        })
      : fill(s['digit.scaling-chosen'], {
          name: name(scaling.auto),
          count: digits(s, auto.count),
          accuracy: pct(auto.correct, auto.count),
          unit: pct(unit.correct, unit.count),
          chi: scaling.chiSquare.toFixed(1),
          limit: significantChiSquare.toFixed(2),
        });
  return (
    <div class="digit__scaling">
      <label>
        {s['digit.scaling']}{' '}
        <select value={scaling.chosen} onChange={(e) => onScaling(e.currentTarget.value as InputScaling)}>
          {scaling.measured.map((m) => (
            <option key={m.scaling} value={m.scaling}>
              {m.error
                ? fill(s['digit.scaling-option-failed'], { name: name(m.scaling), error: m.error })
                : fill(s['digit.scaling-option'], { name: name(m.scaling), accuracy: pct(m.correct, m.count) })}
              {m.scaling === scaling.auto ? ` ${s['digit.scaling-auto']}` : ''}
            </option>
          ))}
        </select>
      </label>
      <p class="island__status" data-testid="digit-scaling">
        {why}
        {scaling.chosen !== scaling.auto && ` ${fill(s['digit.scaling-override'], { name: name(scaling.chosen) })}`}
      </p>
    </div>
  );
}
