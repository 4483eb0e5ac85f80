import { describe, expect, it } from 'vitest';
import { parseNumberInput, type NumberRule } from '../../src/lib/number-input';

const any: NumberRule = { min: -1e6, max: 1e6 };
const rate: NumberRule = { min: 0, max: 10, exclusiveMin: true };
const epochs: NumberRule = { min: 1, max: 100_000, integer: true };

describe('parseNumberInput', () => {
  it.each([
    ['0.5', any, 0.5],
    [' -3 ', any, -3],
    ['1e-3', any, 0.001],
    ['.25', any, 0.25],
    ['－2', any, -2],
    ['−2', any, -2],
    ['１２', epochs, 12],
    ['０．５', any, 0.5],
    ['0。5', any, 0.5],
    ['1,000', epochs, 1000],
    ['1，000', epochs, 1000],
    ['６０，０００', epochs, 60000],
    ['100,000.5', any, 100000.5],
    ['0.1', rate, 0.1],
    ['1000', epochs, 1000],
  ])('accepts %j', (text, rule, value) => {
    expect(parseNumberInput(text, rule)).toEqual({ ok: true, value });
  });

  it.each([
    ['', any, 'empty'],
    ['   ', any, 'empty'],
    ['abc', any, 'not-a-number'],
    ['1.2.3', any, 'not-a-number'],
    ['NaN', any, 'not-a-number'],
    ['0x10', any, 'not-a-number'],
    ['Infinity', any, 'not-finite'],
    ['-inf', any, 'not-finite'],
    ['1e400', any, 'not-finite'],
    ['2e6', any, 'too-large'],
    ['-2e6', any, 'too-small'],
    ['0', rate, 'too-small'],
    ['-0.1', rate, 'too-small'],
    ['12.5', epochs, 'not-integer'],
    // A comma that does not separate thousands is refused in ASCII and full width alike.
    ['1,5', any, 'comma'],
    ['1，5', any, 'comma'],
    ['0,5', any, 'comma'],
    ['1,00', any, 'comma'],
    ['10000,0', any, 'comma'],
    ['1,000e3', any, 'not-a-number'],
    ['a,b', any, 'not-a-number'],
    ['0', epochs, 'too-small'],
    ['1000000', epochs, 'too-large'],
  ])('refuses %j with %s', (text, rule, error) => {
    expect(parseNumberInput(text, rule)).toEqual({ ok: false, error });
  });
});
