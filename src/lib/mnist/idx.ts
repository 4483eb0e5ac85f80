/**
 * Reader for the IDX files MNIST is distributed in: a 4-byte magic number (0, 0, type, rank), one
 * big-endian uint32 per dimension, then the data. Only unsigned-byte data (type 0x08) is used here.
 * Every check fails with an {@link IdxError} that says what is wrong, never a silently wrong array.
 */
export class IdxError extends Error {
  override name = 'IdxError';
}

export interface IdxArray {
  /** e.g. [60000, 28, 28] for images, [60000] for labels */
  dims: number[];
  /** the values, row-major, length = product of dims */
  data: Uint8Array;
}

/** Parse one IDX file of unsigned bytes. `name` is used in error messages. */
export function parseIdx(bytes: Uint8Array, name = 'IDX file'): IdxArray {
  if (bytes.length < 4) throw new IdxError(`${name}: ${bytes.length} bytes is too short for an IDX header`);
  if (bytes[0] !== 0 || bytes[1] !== 0) {
    throw new IdxError(`${name}: wrong magic number (first bytes ${hex(bytes, 4)}, expected 00 00 08 0N); is it gzip-compressed or not IDX at all?`);
  }
  if (bytes[2] !== 0x08) throw new IdxError(`${name}: data type 0x${bytes[2]!.toString(16)} is not unsigned bytes (0x08)`);
  const rank = bytes[3]!;
  if (rank < 1 || rank > 4) throw new IdxError(`${name}: rank ${rank} is not between 1 and 4`);
  const headerLength = 4 + 4 * rank;
  if (bytes.length < headerLength) throw new IdxError(`${name}: truncated header (${bytes.length} of ${headerLength} bytes)`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const dims = Array.from({ length: rank }, (_, i) => view.getUint32(4 + 4 * i));
  const size = dims.reduce((a, b) => a * b, 1);
  const available = bytes.length - headerLength;
  if (available < size) throw new IdxError(`${name}: truncated: dims ${dims.join('×')} need ${size} bytes of data, found ${available}`);
  if (available > size) throw new IdxError(`${name}: ${available - size} unexpected bytes after the data`);
  return { dims, data: bytes.subarray(headerLength) };
}

const hex = (bytes: Uint8Array, n: number) =>
  Array.from(bytes.subarray(0, n), (b) => b.toString(16).padStart(2, '0')).join(' ');

/** A set of MNIST digits: `count` images of 28×28 unsigned bytes and their labels 0–9. */
export interface MnistSet {
  count: number;
  /** count × 784, row-major, 0 = background, 255 = ink */
  images: Uint8Array;
  /** count, values 0–9 */
  labels: Uint8Array;
}

/** Parse a pair of MNIST IDX files and check that they belong together. */
export function parseMnist(imageBytes: Uint8Array, labelBytes: Uint8Array, name = 'MNIST'): MnistSet {
  const images = parseIdx(imageBytes, `${name} images`);
  const labels = parseIdx(labelBytes, `${name} labels`);
  if (images.dims.length !== 3 || images.dims[1] !== 28 || images.dims[2] !== 28) {
    throw new IdxError(`${name} images: dims ${images.dims.join('×')} are not N×28×28`);
  }
  if (labels.dims.length !== 1) throw new IdxError(`${name} labels: dims ${labels.dims.join('×')} are not a list`);
  if (labels.dims[0] !== images.dims[0]) {
    throw new IdxError(`${name}: ${images.dims[0]} images but ${labels.dims[0]} labels`);
  }
  const bad = labels.data.findIndex((l) => l > 9);
  if (bad >= 0) throw new IdxError(`${name} labels: label ${labels.data[bad]} at index ${bad} is not a digit`);
  return { count: images.dims[0]!, images: images.data, labels: labels.data };
}

/** Encode a set back to IDX (used to write the site's data assets and test fixtures). */
export function encodeIdx(dims: number[], data: Uint8Array): Uint8Array {
  const out = new Uint8Array(4 + 4 * dims.length + data.length);
  out.set([0, 0, 0x08, dims.length]);
  const view = new DataView(out.buffer);
  dims.forEach((d, i) => view.setUint32(4 + 4 * i, d));
  out.set(data, 4 + 4 * dims.length);
  return out;
}

/** The first `count` digits of a set. */
export function firstOf(set: MnistSet, count: number): MnistSet {
  const n = Math.min(count, set.count);
  return { count: n, images: set.images.subarray(0, n * 784), labels: set.labels.subarray(0, n) };
}

/** Gunzip with the platform's DecompressionStream (browsers and Node alike). */
export async function gunzip(bytes: Uint8Array): Promise<Uint8Array> {
  const stream = new Blob([bytes as BlobPart]).stream().pipeThrough(new DecompressionStream('gzip'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}
