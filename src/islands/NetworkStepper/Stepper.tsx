import { useSignal } from '@preact/signals';
import { useMemo } from 'preact/hooks';
import { fixed as f6, sci as g } from '../../lib/nn/format';
import { backward, forward, workedExample, type Params } from '../../lib/nn/network';
import Action from '../shared/Action';
import { createNumberField, type NumberField } from '../shared/field';
import NumberInput from '../shared/NumberInput';
import { fill } from '../shared/fill';
import type { FieldStrings } from '../shared/strings';
import { useUrlSettings } from '../shared/useUrlSettings';
import { graphSize, nodes } from './graph';
import { namedParameters, rateRule, takeStep, valueRule, type StepOutcome } from './step';
import type { StepperStrings } from './strings';
import '../shared/islands.css';
import './stepper.css';

interface Props {
  strings: StepperStrings & FieldStrings;
}

function createFields(strings: FieldStrings) {
  const e = workedExample;
  const field = (v: number) => createNumberField(v, valueRule, strings);
  return {
    x: e.x.map(field),
    W1: e.params.W1.map((row) => row.map(field)),
    b1: e.params.b1.map(field),
    W2: e.params.W2.map((row) => row.map(field)),
    b2: e.params.b2.map(field),
    t: e.t.map(field),
    lr: createNumberField(e.learningRate, rateRule, strings),
  };
}

type Fields = ReturnType<typeof createFields>;

/** Each field under its link parameter, numbered like its label (W¹₁₂ is `w1_12`): `?stepper.x1=2&stepper.w1_12=0.5`. */
function linkNames(fs: Fields): Record<string, NumberField> {
  const matrix = (prefix: string, m: NumberField[][]) => m.flatMap((row, j) => row.map((f, i) => [`${prefix}_${j + 1}${i + 1}`, f] as const));
  const vector = (prefix: string, v: NumberField[]) => v.map((f, i) => [`${prefix}${i + 1}`, f] as const);
  return Object.fromEntries([
    ...vector('x', fs.x),
    ...matrix('w1', fs.W1),
    ...vector('b1_', fs.b1),
    ...matrix('w2', fs.W2),
    ...vector('b2_', fs.b2),
    ...vector('t', fs.t),
    ['lr', fs.lr],
  ]);
}
const read = (fs: NumberField[]) => fs.map((f) => f.value.value);
const paramsOf = (fs: Fields): Params => ({ W1: fs.W1.map(read), b1: read(fs.b1), W2: fs.W2.map(read), b2: read(fs.b2) });
const hasError = (fs: Fields) => [...fs.x, ...fs.W1.flat(), ...fs.b1, ...fs.W2.flat(), ...fs.b2, ...fs.t, fs.lr].some((f) => f.error.value);

/** The article's small network, made consistent (3-2-2), computed as the reader edits it. */
export default function Stepper({ strings: s }: Props) {
  const fields = useMemo(() => createFields(s), []);
  useUrlSettings('stepper', linkNames(fields));
  const lastStep = useSignal<StepOutcome | null>(null);

  const params = paramsOf(fields);
  const x = read(fields.x);
  const t = read(fields.t);
  const fwd = forward(params, x, t);
  const grads = backward(params, fwd);
  const invalid = hasError(fields);

  const setParams = (next: Params) => {
    next.W1.forEach((row, j) => row.forEach((v, i) => fields.W1[j]![i]!.set(v)));
    next.b1.forEach((v, j) => fields.b1[j]!.set(v));
    next.W2.forEach((row, j) => row.forEach((v, i) => fields.W2[j]![i]!.set(v)));
    next.b2.forEach((v, j) => fields.b2[j]!.set(v));
  };

  // Never from stale values: with a field invalid, Step waits until the reader fixes it.
  const step = () => {
    if (invalid) return;
    const outcome = takeStep(params, grads, fields.lr.value.value, x, t, fwd.loss);
    if (outcome.ok) setParams(outcome.params);
    lastStep.value = outcome;
  };

  const reset = () => {
    const e = workedExample;
    setParams(e.params);
    e.x.forEach((v, i) => fields.x[i]!.set(v));
    e.t.forEach((v, i) => fields.t[i]!.set(v));
    fields.lr.set(e.learningRate);
    lastStep.value = null;
  };

  const sub = (i: number) => '₀₁₂₃'[i + 1];
  const gradValues = namedParameters(grads);
  const gradRows = namedParameters(params).map((p, i) => ({ name: p.name, v: p.value, d: gradValues[i]!.value }));
  const result = lastStep.value;
  const resultText = !result
    ? ''
    : result.ok
      ? fill(s[`stepper.step-result-${result.direction}`], { before: f6(result.before), after: f6(result.after) })
      : fill(s['stepper.step-refused'], { name: result.name, value: g(result.value), max: valueRule.max });

  return (
    <section class="island not-content stepper" aria-label={s['stepper.title']}>
      <svg class="stepper__graph" viewBox={`0 0 ${graphSize.width} ${graphSize.height}`} role="img" aria-label={s['stepper.graph']}>
        {nodes.input.flatMap((a, i) => nodes.hidden.map((b, j) => <line key={`a${i}${j}`} x1={a.x} y1={a.y} x2={b.x} y2={b.y} class="edge" />))}
        {nodes.hidden.flatMap((a, i) => nodes.output.map((b, j) => <line key={`b${i}${j}`} x1={a.x} y1={a.y} x2={b.x} y2={b.y} class="edge" />))}
        {nodes.input.map((n, i) => (
          <g key={`x${i}`} class="node node--input">
            <circle cx={n.x} cy={n.y} r="24" />
            <text x={n.x} y={n.y - 4}>x{sub(i)}</text>
            <text x={n.x} y={n.y + 12} class="val">{x[i]!.toPrecision(4)}</text>
          </g>
        ))}
        {nodes.hidden.map((n, j) => (
          <g key={`h${j}`} class="node node--hidden">
            <circle cx={n.x} cy={n.y} r="34" />
            <text x={n.x} y={n.y - 12}>h{sub(j)}</text>
            <text x={n.x} y={n.y + 3} class="val">z={fwd.z1[j]!.toPrecision(4)}</text>
            <text x={n.x} y={n.y + 17} class="val">a={fwd.h[j]!.toFixed(4)}</text>
          </g>
        ))}
        {nodes.output.map((n, k) => (
          <g key={`y${k}`} class="node node--output">
            <circle cx={n.x} cy={n.y} r="34" />
            <text x={n.x} y={n.y - 12}>y{sub(k)}</text>
            <text x={n.x} y={n.y + 3} class="val">z={fwd.z2[k]!.toPrecision(4)}</text>
            <text x={n.x} y={n.y + 17} class="val">a={fwd.y[k]!.toFixed(4)}</text>
          </g>
        ))}
      </svg>

      <h4>{s['stepper.parameters']}</h4>
      <div class="stepper__params">
        <fieldset>
          <legend>{s['stepper.inputs']}</legend>
          {fields.x.map((f, i) => <NumberInput key={i} field={f} id={`stepper-x${i}`} label={`x${sub(i)}`} />)}
        </fieldset>
        <fieldset>
          <legend>{s['stepper.hidden-weights']}</legend>
          <div class="grid grid--3">
            {fields.W1.flatMap((row, j) => row.map((f, i) => <NumberInput key={`${j}${i}`} field={f} id={`stepper-W1-${j}${i}`} label={`W¹${sub(j)}${sub(i)}`} />))}
          </div>
        </fieldset>
        <fieldset>
          <legend>{s['stepper.hidden-biases']}</legend>
          {fields.b1.map((f, j) => <NumberInput key={j} field={f} id={`stepper-b1-${j}`} label={`b¹${sub(j)}`} />)}
        </fieldset>
        <fieldset>
          <legend>{s['stepper.output-weights']}</legend>
          <div class="grid grid--2">
            {fields.W2.flatMap((row, k) => row.map((f, j) => <NumberInput key={`${k}${j}`} field={f} id={`stepper-W2-${k}${j}`} label={`W²${sub(k)}${sub(j)}`} />))}
          </div>
        </fieldset>
        <fieldset>
          <legend>{s['stepper.output-biases']}</legend>
          {fields.b2.map((f, k) => <NumberInput key={k} field={f} id={`stepper-b2-${k}`} label={`b²${sub(k)}`} />)}
        </fieldset>
        <fieldset>
          <legend>{s['stepper.targets']}</legend>
          {fields.t.map((f, k) => <NumberInput key={k} field={f} id={`stepper-t${k}`} label={`t${sub(k)}`} />)}
          <NumberInput field={fields.lr} id="stepper-lr" label={s['stepper.learning-rate']} />
        </fieldset>
      </div>
      {invalid && <p class="island__status">{s['stepper.stale']}</p>}

      <div class="island__scroll">
        <table class="stepper__forward">
          <caption>{s['stepper.forward']}</caption>
          <thead>
            <tr>
              <th scope="col">{s['stepper.neuron']}</th>
              <th scope="col" class="num">{s['stepper.pre-activation']}</th>
              <th scope="col" class="num">{s['stepper.activation']}</th>
              <th scope="col" class="num">{s['stepper.target']}</th>
            </tr>
          </thead>
          <tbody>
            {fwd.h.map((h, j) => (
              <tr key={`h${j}`} data-neuron={`h${j + 1}`}>
                <th scope="row">h{sub(j)}</th>
                <td class="num">{f6(fwd.z1[j]!)}</td>
                <td class="num">{f6(h)}</td>
                <td class="num">—</td>
              </tr>
            ))}
            {fwd.y.map((y, k) => (
              <tr key={`y${k}`} data-neuron={`y${k + 1}`}>
                <th scope="row">y{sub(k)}</th>
                <td class="num">{f6(fwd.z2[k]!)}</td>
                <td class="num">{f6(y)}</td>
                <td class="num">{t[k]}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p class="stepper__loss">
        {s['stepper.loss']} <output data-testid="loss">{f6(fwd.loss)}</output>
      </p>

      <div class="island__controls">
        <Action onClick={step} disabled={invalid}>
          {s['stepper.step']}
        </Action>
        <Action secondary onClick={reset}>
          {s['stepper.reset']}
        </Action>
        <p class="island__status" aria-live="polite" data-testid="step-result">
          {resultText}
        </p>
      </div>

      <details class="stepper__gradients" open>
        <summary>{s['stepper.gradients']}</summary>
        <div class="island__scroll">
          <table>
            <thead>
              <tr>
                <th scope="col">{s['stepper.parameter']}</th>
                <th scope="col" class="num">{s['stepper.value']}</th>
                <th scope="col" class="num">{s['stepper.gradient']}</th>
              </tr>
            </thead>
            <tbody>
              {gradRows.map((r) => (
                <tr key={r.name} data-param={r.name}>
                  <th scope="row">{r.name}</th>
                  <td class="num">{g(r.v)}</td>
                  <td class="num">{g(r.d)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </section>
  );
}
