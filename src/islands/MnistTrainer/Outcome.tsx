import { useEffect, useRef } from 'preact/hooks';
import { sampleCount, type MnistOutcome } from '../../workers/mnist-trainer.protocol';
import type { MnistStrings } from './strings';

/** The trained model on the test set: the first digits with their predictions, and the confusion matrix. */
export default function Outcome({ strings: s, outcome }: { strings: MnistStrings; outcome: MnistOutcome }) {
  const samples = useRef<HTMLDivElement>(null);
  useEffect(() => {
    samples.current?.querySelectorAll('canvas').forEach((canvas, i) => {
      const ctx = canvas.getContext('2d')!;
      const img = ctx.createImageData(28, 28);
      for (let p = 0; p < 784; p++) {
        const v = 255 - outcome.sampleImages[i * 784 + p]!;
        img.data.set([v, v, v, 255], p * 4);
      }
      ctx.putImageData(img, 0, 0);
    });
  }, [outcome]);
  return (
    <>
      <h4>{s['mnist.samples']}</h4>
      <div class="mnist__samples" ref={samples}>
        {Array.from({ length: sampleCount }, (_, i) => {
          const wrong = outcome.predictions[i] !== outcome.labels[i];
          return (
            <figure key={i} class={wrong ? 'wrong' : ''} data-wrong={wrong ? 'true' : undefined}>
              <canvas width={28} height={28} aria-hidden="true" />
              <figcaption>
                {s['mnist.predicted']} {outcome.predictions[i]} · {s['mnist.actual']} {outcome.labels[i]}
              </figcaption>
            </figure>
          );
        })}
      </div>
      <div class="island__scroll">
        <table class="mnist__confusion" data-testid="mnist-confusion">
          <caption>{s['mnist.confusion']}</caption>
          <thead>
            <tr>
              <th scope="col" />
              {Array.from({ length: 10 }, (_, d) => (
                <th scope="col" class="num" key={d}>
                  {d}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {outcome.confusion.map((row, t) => (
              <tr key={t}>
                <th scope="row">{t}</th>
                {row.map((n, q) => (
                  <td key={q} class={`num${q === t ? ' diag' : n > 0 ? ' off' : ''}`}>
                    {n}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
