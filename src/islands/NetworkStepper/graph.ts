/** Layout of the 3-2-2 network drawing: node positions in SVG units, one column per layer. */
export const graphSize = { width: 520, height: 250 };

const column = (x: number, count: number) =>
  Array.from({ length: count }, (_, i) => ({ x, y: ((i + 1) * graphSize.height) / (count + 1) }));

export const nodes = {
  input: column(60, 3),
  hidden: column(260, 2),
  output: column(460, 2),
};
