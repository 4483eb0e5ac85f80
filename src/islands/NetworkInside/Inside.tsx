import { useComputed, useSignal, useSignalEffect } from '@preact/signals';
import { useEffect, useMemo, useRef } from 'preact/hooks';
import type { MnistSet } from '../../lib/mnist/idx';
import { contributions, topUnits, traceDigit } from '../../lib/nn/inside';
import Action from '../shared/Action';
import DownloadProgress, { type Download } from '../shared/DownloadProgress';
import { createNumberField } from '../shared/field';
import { fill } from '../shared/fill';
import { pageModel } from '../shared/model-store';
import NumberInput from '../shared/NumberInput';
import type { DownloadStrings, FieldStrings } from '../shared/strings';
import { useUrlSettings } from '../shared/useUrlSettings';
import { drawActivations, drawDigit, drawUnitGrid, slotAt } from './draw';
import { digitRule, topCount } from './settings';
import type { InsideStrings } from './strings';
import '../shared/islands.css';
import './inside.css';

interface Props {
  strings: InsideStrings & FieldStrings & DownloadStrings;
  lang: string;
  base: string;
  /** the shipped float32 model: its URL and size (from the model card) */
  model: { url: string; bytes: number };
  /** the test digit shown first (1-based, of the default subset's) */
  digit: number;
}

type Source = 'shipped' | 'page';
const sorts = ['unit', 'push'] as const;

/**
 * The trained network opened up: every first-layer unit's weights as a 28×28 picture, and for one test
 * digit each layer's activations with the units that push the predicted digit most. The arithmetic is
 * one forward pass (about 0.3 MFLOP), done here on the page when the digit changes.
 */
export default function Inside({ strings: s, lang, base, model, digit }: Props) {
  const field = useMemo(() => createNumberField(digit, digitRule, s), []);
  const sort = useSignal<(typeof sorts)[number]>('push');
  const sortRefused = useSignal<string | null>(null);
  useUrlSettings('inside', { digit: field, sort: { value: sort, options: sorts, refused: sortRefused } });
  const source = useSignal<Source>('shipped');
  const shipped = useSignal<Float32Array[] | null>(null);
  const digits = useSignal<MnistSet | null>(null);
  const download = useSignal<Download | null>(null);
  const loading = useSignal(false);
  const picked = useSignal<number | null>(null);
  const grid = useRef<HTMLCanvasElement>(null);
  const digitCanvas = useRef<HTMLCanvasElement>(null);
  const layer1 = useRef<HTMLCanvasElement>(null);
  const layer2 = useRef<HTMLCanvasElement>(null);
  const pageWeights = useSignal<{ from: Uint8Array; weights: Float32Array[] } | null>(null);

  const open = async () => {
    if (loading.value) return;
    loading.value = true;
    const heard = { model: 0, data: 0, dataTotal: 0 };
    const show = () => (download.value = { kind: 'running', loaded: heard.model + heard.data, total: model.bytes + heard.dataTotal });
    try {
      const [{ download: fetchBytes }, { loadMnist }, { readMlpWeights }] = await Promise.all([import('../../lib/download'), import('../../lib/mnist/load'), import('../../lib/onnx/weights')]);
      const [bytes, test] = await Promise.all([
        fetchBytes(model.url, { onBytes: (n) => ((heard.model += n), show()) }),
        loadMnist(base, 'default', 'test', ({ bytes: n, size }) => {
          heard.data += n;
          heard.dataTotal += size;
          show();
        }),
      ]);
      shipped.value = readMlpWeights(bytes);
      digits.value = test.set;
      download.value = null;
    } catch (error) {
      download.value = { kind: 'failed', message: error instanceof Error ? error.message : String(error) };
    } finally {
      loading.value = false;
    }
  };

  // The page's own model, read once per hand-over.
  useSignalEffect(() => {
    const handed = pageModel.value;
    if (!handed || pageWeights.peek()?.from === handed.bytes) return;
    void import('../../lib/onnx/weights').then(({ readMlpWeights }) => (pageWeights.value = { from: handed.bytes, weights: readMlpWeights(handed.bytes) }));
  });

  const weights = useComputed(() => (source.value === 'page' ? (pageWeights.value?.weights ?? null) : shipped.value));
  const view = useComputed(() => {
    const w = weights.value;
    const set = digits.value;
    if (!w || !set) return null;
    const index = Math.min(set.count, field.value.value) - 1;
    const pixels = set.images.subarray(index * 784, (index + 1) * 784);
    const trace = traceDigit(w, pixels);
    const push = contributions(w, trace, trace.predicted);
    return { pixels, label: set.labels[index]!, trace, push, top1: topUnits(push.layer1, topCount), top2: topUnits(push.layer2, topCount) };
  });

  // After the render that mounted the canvases (a signal effect could run before them).
  useEffect(() => {
    const v = view.value;
    const w = weights.value;
    if (!v || !w || !grid.current) return;
    const mark = getComputedStyle(grid.current).getPropertyValue('--sl-color-text-accent').trim() || '#c60';
    const order = sort.value === 'push' ? topUnits(v.push.layer1, 256) : Array.from({ length: 256 }, (_, i) => i);
    drawUnitGrid(grid.current, w[0]!, order, new Set(v.top1), mark);
    drawDigit(digitCanvas.current!, v.pixels);
    drawActivations(layer1.current!, v.trace.h1, 32, new Set(v.top1), mark);
    drawActivations(layer2.current!, v.trace.h2, 32, new Set(v.top2), mark);
  }, [view.value, sort.value]);

  const v = view.value;
  const order = v && sort.value === 'push' ? topUnits(v.push.layer1, 256) : null;
  const unitUnder = (e: MouseEvent) => {
    const canvas = e.currentTarget as HTMLCanvasElement;
    const box = canvas.getBoundingClientRect();
    const slot = slotAt(((e.clientX - box.left) * canvas.width) / box.width, ((e.clientY - box.top) * canvas.height) / box.height);
    picked.value = slot === null ? null : (order?.[slot] ?? slot);
  };
  const num = (x: number) => x.toLocaleString(lang, { maximumFractionDigits: 2, minimumFractionDigits: 2, signDisplay: 'always' });
  const list = (units: number[], values: Float32Array) => units.map((u) => fill(s['inside.unit-push'], { unit: u, push: num(values[u]!) })).join(s['inside.separator']);

  return (
    <section class="island not-content inside" aria-label={s['inside.title']}>
      {!weights.value || !digits.value ? (
        <div class="island__controls">
          <Action onClick={() => void open()} disabled={loading.value}>
            {s['inside.open']}
          </Action>
          <p class="island__status">{s['inside.idle']}</p>
        </div>
      ) : null}
      {download.value && <DownloadProgress strings={s} what={s['inside.download']} download={download.value} onRetry={() => void open()} />}
      {v && (
        <>
          <div class="inside__controls">
            <NumberInput field={field} label={fill(s['inside.digit'], { count: digits.value!.count.toLocaleString(lang) })} id="inside-digit" inputMode="numeric" />
            <Action secondary onClick={() => field.set(1 + Math.floor(Math.random() * digits.value!.count))}>
              {s['inside.another']}
            </Action>
            <label class="inside__select">
              {s['inside.model']}
              <select value={source.value} onChange={(e) => (source.value = (e.currentTarget as HTMLSelectElement).value as Source)}>
                <option value="shipped">{s['inside.model-shipped']}</option>
                <option value="page" disabled={!pageWeights.value}>
                  {s['inside.model-page']}
                </option>
              </select>
            </label>
            <label class="inside__select">
              {s['inside.sort']}
              <select value={sort.value} onChange={(e) => (sort.value = (e.currentTarget as HTMLSelectElement).value as (typeof sorts)[number])}>
                <option value="push">{s['inside.sort-push']}</option>
                <option value="unit">{s['inside.sort-unit']}</option>
              </select>
            </label>
          </div>
          <div class="inside__digit">
            <canvas ref={digitCanvas} class="inside__digit-image" role="img" aria-label={fill(s['inside.digit-image'], { label: v.label })} />
            <p class="island__status" data-testid="inside-prediction">
              {fill(s['inside.prediction'], { label: v.label, digit: v.trace.predicted, p: (100 * v.trace.probs[v.trace.predicted]!).toFixed(1) })}
            </p>
          </div>
          <figure>
            <figcaption>{fill(s['inside.grid'], { digit: v.trace.predicted })}</figcaption>
            <canvas ref={grid} class="inside__grid" role="img" aria-label={fill(s['inside.grid-label'], { digit: v.trace.predicted, units: list(v.top1, v.push.layer1) })} onMouseMove={unitUnder} onMouseLeave={() => (picked.value = null)} />
            <p class="inside__picked" aria-hidden="true">
              {picked.value !== null ? fill(s['inside.picked'], { unit: picked.value, h: v.trace.h1[picked.value]!.toFixed(2), push: num(v.push.layer1[picked.value]!) }) : ' '}
            </p>
          </figure>
          <figure>
            <figcaption>{s['inside.layer1']}</figcaption>
            <canvas ref={layer1} class="inside__layer" role="img" aria-label={s['inside.layer1']} />
          </figure>
          <figure>
            <figcaption>{s['inside.layer2']}</figcaption>
            <canvas ref={layer2} class="inside__layer" role="img" aria-label={s['inside.layer2']} />
          </figure>
          <table class="inside__table" data-testid="inside-top">
            <caption>{fill(s['inside.top'], { digit: v.trace.predicted, count: topCount })}</caption>
            <tbody>
              <tr>
                <th scope="row">{s['inside.layer1-short']}</th>
                <td>{list(v.top1, v.push.layer1)}</td>
              </tr>
              <tr>
                <th scope="row">{s['inside.layer2-short']}</th>
                <td>{list(v.top2, v.push.layer2)}</td>
              </tr>
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}
