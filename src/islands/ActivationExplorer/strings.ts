import { z } from 'astro/zod';

export const explorerStrings = z.object({
  'explorer.title': z.string(),
  'explorer.from': z.string(),
  'explorer.to': z.string(),
  'explorer.range-order': z.string(),
  'explorer.probe': z.string(),
  'explorer.overlay': z.string(),
  'explorer.function': z.string(),
  'explorer.value': z.string(),
  'explorer.derivative': z.string(),
  'explorer.article-tanh': z.string(),
  'explorer.legend-f': z.string(),
  'explorer.legend-df': z.string(),
  'explorer.readout': z.string().includes('{{x}}'),
  'explorer.plot-label': z.string().includes('{{name}}'),
});

export type ExplorerStrings = z.infer<typeof explorerStrings>;

/** Props an MDX page may pass. */
export const ExplorerProps = z.object({
  from: z.number().min(-50).max(50).default(-5),
  to: z.number().min(-50).max(50).default(5),
  probe: z.number().default(1),
});
