import { describe, expect, it } from 'vitest';
import { settingRules } from '../../src/islands/MnistTrainer/settings';
import { createNumberField, formatForField } from '../../src/islands/shared/field';
import type { FieldStrings } from '../../src/islands/shared/strings';
import { readLinkSettings, writeLinkSettings } from '../../src/islands/shared/url-settings';

const names = ['epochs', 'lr', 'backend'] as const;

describe('readLinkSettings', () => {
  it('reads only its own namespace, as the link spells it', () => {
    expect(readLinkSettings('?mnist.epochs=2&toy.epochs=9&mnist.lr=1e-3&epochs=7', 'mnist', names)).toEqual({ epochs: '2', lr: '1e-3' });
  });

  it('decodes percent-encoding and +, and keeps text a field must judge (empty, not a number)', () => {
    expect(readLinkSettings('?mnist.epochs=%EF%BC%93&mnist.lr=&mnist.backend=no+such', 'mnist', names)).toEqual({ epochs: '３', lr: '', backend: 'no such' });
    expect(readLinkSettings('mnist.epochs=abc', 'mnist', names)).toEqual({ epochs: 'abc' });
  });

  it('takes the first of a repeated parameter and ignores names it was not given', () => {
    expect(readLinkSettings('?mnist.epochs=2&mnist.epochs=5&mnist.seed=1', 'mnist', names)).toEqual({ epochs: '2' });
  });

  it('finds nothing in a plain URL', () => {
    expect(readLinkSettings('', 'mnist', names)).toEqual({});
  });
});

describe('writeLinkSettings', () => {
  it('adds new parameters after the others, which stay byte for byte', () => {
    expect(writeLinkSettings('?compare-steps=200&flag&q=a%20b+c', 'mnist', { epochs: '2', lr: null })).toBe('?compare-steps=200&flag&q=a%20b+c&mnist.epochs=2');
  });

  it('replaces a parameter where it stands and drops its repeats', () => {
    expect(writeLinkSettings('?mnist.epochs=5&x=1&mnist.epochs=6', 'mnist', { epochs: '2' })).toBe('?mnist.epochs=2&x=1');
  });

  it('removes a parameter set to the default, leaving a plain URL when nothing else is there', () => {
    expect(writeLinkSettings('?mnist.epochs=5&mnist.lr=0.01', 'mnist', { epochs: null, lr: null })).toBe('');
    expect(writeLinkSettings('', 'mnist', { epochs: null })).toBe('');
  });

  it('leaves an undefined setting as the link has it (a field still invalid)', () => {
    expect(writeLinkSettings('?mnist.epochs=abc&mnist.epochs=x', 'mnist', { epochs: undefined, lr: '0.01' })).toBe('?mnist.epochs=abc&mnist.epochs=x&mnist.lr=0.01');
    expect(writeLinkSettings('', 'mnist', { epochs: undefined })).toBe('');
  });

  it('touches no other namespace, and keeps a parameter that is not valid percent-encoding', () => {
    expect(writeLinkSettings('?toy.epochs=9&%E0%A4%A=1&stepper.lr=2', 'mnist', { epochs: '3' })).toBe('?toy.epochs=9&%E0%A4%A=1&stepper.lr=2&mnist.epochs=3');
  });

  it('encodes what it writes so that reading it back gives the same text', () => {
    const values = { epochs: '1e+21', lr: '0.001', backend: 'a&b=c d' };
    const search = writeLinkSettings('?other=1', 'mnist', values);
    expect(search).toBe('?other=1&mnist.epochs=1e%2B21&mnist.lr=0.001&mnist.backend=a%26b%3Dc%20d');
    expect(readLinkSettings(search, 'mnist', names)).toEqual(values);
  });
});

describe('a link read into a field', () => {
  const strings = {
    'field.empty': 'empty',
    'field.not-a-number': 'not a number',
    'field.not-finite': 'not finite',
    'field.too-small': 'at least {{min}}',
    'field.too-small-exclusive': 'greater than {{min}}',
    'field.too-large': 'at most {{max}}',
    'field.not-integer': 'whole',
    'field.comma': 'comma',
  } satisfies FieldStrings;

  it.each([
    ['abc', 'not a number'],
    ['0', 'at least 1'],
    ['1.5', 'whole'],
    ['51', 'at most 50'],
  ])('gets the message typing %j gives, and the field keeps its last valid value', (text, message) => {
    const field = createNumberField(3, settingRules.epochs, strings);
    field.input(readLinkSettings(`?mnist.epochs=${encodeURIComponent(text)}`, 'mnist', ['epochs']).epochs!);
    expect(field.text.value).toBe(text);
    expect(field.error.value).toBe(message);
    expect(field.value.value).toBe(3);
  });

  it('round-trips a field’s value through the link', () => {
    const field = createNumberField(1e-3, settingRules.learningRate, strings);
    field.input('0.000123456789');
    const search = writeLinkSettings('', 'mnist', { lr: formatForField(field.value.value) });
    const again = createNumberField(1e-3, settingRules.learningRate, strings);
    again.input(readLinkSettings(search, 'mnist', ['lr']).lr!);
    expect(again.error.value).toBeNull();
    expect(again.value.value).toBe(0.00012345679);
  });
});
