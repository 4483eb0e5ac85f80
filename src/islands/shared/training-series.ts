/**
 * The loss curve of a run as the charts draw it: one point per loss report (an exponential
 * moving average, so one noisy batch does not dominate) and each epoch's mean at its last step.
 * Appended in place: a run reports thousands of points, and copying them on every report would not pay.
 */
export class LossSeries {
  readonly steps: number[] = [];
  readonly smooth: (number | null)[] = [];
  readonly epochMeans: (number | null)[] = [];
  private ema: number | null = null;

  /** A batch loss reported at global step `step`. */
  add(step: number, loss: number): void {
    this.ema = this.ema === null ? loss : 0.8 * this.ema + 0.2 * loss;
    this.steps.push(step);
    this.smooth.push(this.ema);
    this.epochMeans.push(null);
  }

  /** An epoch's mean training loss, drawn at the last point reported. */
  endEpoch(meanLoss: number): void {
    if (this.steps.length) this.epochMeans[this.steps.length - 1] = meanLoss;
  }
}
