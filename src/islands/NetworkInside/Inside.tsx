import { useComputed, useSignal, useSignalEffect } from '@preact/signals';
import { proxy } from 'comlink';
import { useEffect, useMemo, useRef } from 'preact/hooks';
import type { InsideSource, NetworkInsideApi } from '../../workers/network-inside.worker';
import Action from '../shared/Action';
import DownloadProgress from '../shared/DownloadProgress';
import { createNumberField } from '../shared/field';
import { fill } from '../shared/fill';
import { pageModel } from '../shared/model-store';
import { useTheme } from '../shared/theme';
import NumberInput from '../shared/NumberInput';
import type { DownloadStrings, FieldStrings } from '../shared/strings';
import { useUrlSettings } from '../shared/useUrlSettings';
import { useWorker } from '../shared/useWorker';
import { drawActivations, drawDigit, drawUnitGrid, slotAt, slotBox } from './draw';
import { digitRule, topCount } from './settings';
import { initialState, reduce, type InsideEvent, type InsideState } from './state';
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

const sorts = ['unit', 'push'] as const;
const byNumber = Array.from({ length: 256 }, (_, i) => i);
const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * The trained network opened up: every first-layer unit's weights as a 28×28 picture, and for one test
 * digit each layer's activations with the units that push the predicted digit most. The worker reads
 * the model and computes each digit's pass; this thread only draws.
 */
export default function Inside({ strings: s, lang, base, model, digit }: Props) {
  const field = useMemo(() => createNumberField(digit, digitRule, s), []);
  const sort = useSignal<(typeof sorts)[number]>('push');
  const sortRefused = useSignal<string | null>(null);
  useUrlSettings('inside', { digit: field, sort: { value: sort, options: sorts, refused: sortRefused } });
  const state = useSignal<InsideState>(initialState);
  const dispatch = (event: InsideEvent) => (state.value = reduce(state.value, event));
  const worker = useWorker<NetworkInsideApi>(
    () => new Worker(new URL('../../workers/network-inside.worker.ts', import.meta.url), { type: 'module' }),
    (message) => dispatch({ type: 'crashed', message: message || s['inside.unknown-error'] }),
  );
  const isOpen = useComputed(() => state.value.phase === 'open');
  const grid = useRef<HTMLCanvasElement>(null);
  const digitCanvas = useRef<HTMLCanvasElement>(null);
  const layer1 = useRef<HTMLCanvasElement>(null);
  const layer2 = useRef<HTMLCanvasElement>(null);
  const handed = useRef<Uint8Array | null>(null);
  const request = useRef(0);

  const open = async () => {
    if (state.value.phase !== 'closed') return;
    // A worker started afresh (after a crash) has not seen the page's model: hand it over again once open.
    handed.current = null;
    dispatch({ type: 'open' });
    const handle = worker.ensure();
    const live = () => worker.isLive(handle);
    try {
      const opened = await handle.api.open({ base, modelUrl: model.url, modelBytes: model.bytes }, proxy((p: { loaded: number; total: number }) => live() && dispatch({ type: 'progress', ...p })));
      if (live()) dispatch({ type: 'opened', ...opened });
    } catch (error) {
      if (live()) dispatch({ type: 'failed', message: messageOf(error) });
    }
  };

  // The page's own model goes to the worker once per hand-over, once the network is open.
  useSignalEffect(() => {
    const handedOver = pageModel.value;
    const api = isOpen.value ? worker.current?.api : undefined;
    if (!handedOver || !api || handed.current === handedOver.bytes) return;
    handed.current = handedOver.bytes;
    api.usePageModel(handedOver.bytes).then(
      (firstLayer) => dispatch({ type: 'page-model', firstLayer }),
      (error) => dispatch({ type: 'problem', message: messageOf(error) }),
    );
  });

  const st = state.value;
  const wanted = Math.min(st.count, field.value.value) - 1;
  // Each change of digit, model or page model asks the worker again; only the latest answer is shown.
  useEffect(() => {
    const api = worker.current?.api;
    if (st.phase !== 'open' || !api) return;
    const id = ++request.current;
    const source = st.source;
    api.look(source, wanted, topCount).then(
      (look) => id === request.current && dispatch({ type: 'looked', source, look }),
      (error) => id === request.current && dispatch({ type: 'problem', message: messageOf(error) }),
    );
  }, [st.phase, st.source, wanted, st.firstLayer.page]);

  const shown = st.look;
  const W1 = shown ? st.firstLayer[shown.source] : undefined;
  const order = shown && sort.value === 'push' ? shown.look.byPush : byNumber;
  // After the render that mounted the canvases (a signal effect could run before them); again in the
  // accent of a theme the reader switches to.
  const theme = useTheme();
  useEffect(() => {
    if (!shown || !W1 || !grid.current) return;
    const v = shown.look;
    const mark = getComputedStyle(grid.current).getPropertyValue('--sl-color-text-accent').trim() || '#c60';
    drawUnitGrid(grid.current, W1, order, new Set(v.top1), mark);
    drawDigit(digitCanvas.current!, v.pixels);
    drawActivations(layer1.current!, v.trace.h1, 32, new Set(v.top1), mark);
    drawActivations(layer2.current!, v.trace.h2, 32, new Set(v.top2), mark);
  }, [shown, W1, order, theme]);

  const pointAt = (e: MouseEvent) => {
    const canvas = e.currentTarget as HTMLCanvasElement;
    const box = canvas.getBoundingClientRect();
    dispatch({ type: 'point', slot: slotAt(((e.clientX - box.left) * canvas.width) / box.width, ((e.clientY - box.top) * canvas.height) / box.height) });
  };
  const onKey = (e: KeyboardEvent) => {
    const before = state.value.slot;
    dispatch({ type: 'key', key: e.key });
    if (state.value.slot !== before || e.key.startsWith('Arrow')) e.preventDefault();
  };
  const num = (x: number) => x.toLocaleString(lang, { maximumFractionDigits: 2, minimumFractionDigits: 2, signDisplay: 'always' });
  const list = (units: number[], values: Float32Array) => units.map((u) => fill(s['inside.unit-push'], { unit: u, push: num(values[u]!) })).join(s['inside.separator']);
  const v = shown?.look;
  const unit = st.slot !== null ? order[st.slot]! : null;
  const cursor = st.slot !== null ? slotBox(st.slot) : null;

  return (
    <section class="island not-content inside" aria-label={s['inside.title']}>
      {st.phase !== 'open' && (
        <div class="island__controls">
          <Action onClick={() => void open()} disabled={st.phase === 'opening'}>
            {s['inside.open']}
          </Action>
          <p class="island__status">{s['inside.idle']}</p>
        </div>
      )}
      {st.download && <DownloadProgress strings={s} what={s['inside.download']} download={st.download} onRetry={() => void open()} />}
      {st.problem && (
        <p class="inside__problem" role="alert">
          {fill(s['inside.problem'], { message: st.problem })}
        </p>
      )}
      {st.phase === 'open' && (
        <div class="inside__controls">
          <NumberInput field={field} label={fill(s['inside.digit'], { count: st.count.toLocaleString(lang) })} id="inside-digit" inputMode="numeric" />
          <Action secondary onClick={() => field.set(1 + Math.floor(Math.random() * st.count))}>
            {s['inside.another']}
          </Action>
          <label class="inside__select">
            {s['inside.model']}
            <select value={st.source} onChange={(e) => dispatch({ type: 'source', source: (e.currentTarget as HTMLSelectElement).value as InsideSource })}>
              <option value="shipped">{s['inside.model-shipped']}</option>
              <option value="page" disabled={!st.firstLayer.page}>
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
      )}
      {v && (
        <>
          <div class="inside__digit">
            <canvas ref={digitCanvas} class="inside__digit-image" role="img" aria-label={fill(s['inside.digit-image'], { label: v.label })} />
            <p class="island__status" data-testid="inside-prediction">
              {fill(s['inside.prediction'], { label: v.label, digit: v.trace.predicted, p: (100 * v.trace.probs[v.trace.predicted]!).toFixed(1) })}
            </p>
          </div>
          <figure>
            <figcaption>{fill(s['inside.grid'], { digit: v.trace.predicted })}</figcaption>
            <div class="inside__grid-frame">
              <canvas
                ref={grid}
                class="inside__grid"
                tabIndex={0}
                role="application"
                aria-label={fill(s['inside.grid-label'], { digit: v.trace.predicted, units: list(v.top1, v.push.layer1) })}
                aria-describedby="inside-picked"
                onMouseMove={pointAt}
                onMouseLeave={() => dispatch({ type: 'point', slot: null })}
                onKeyDown={onKey}
                onBlur={() => dispatch({ type: 'point', slot: null })}
              />
              {cursor && <span class="inside__cursor" aria-hidden="true" style={{ left: `${cursor.left}%`, top: `${cursor.top}%`, width: `${cursor.size}%`, height: `${cursor.size}%` }} />}
            </div>
            <p class="inside__picked" id="inside-picked" aria-live="polite" data-testid="inside-picked">
              {unit !== null ? fill(s['inside.picked'], { unit, h: v.trace.h1[unit]!.toFixed(2), push: num(v.push.layer1[unit]!) }) : s['inside.grid-keys']}
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
