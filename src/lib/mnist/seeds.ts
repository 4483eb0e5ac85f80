/** What several training runs of one recipe, differing only in their seed, ended at. */
export interface SeedSummary {
  runs: number;
  min: number;
  max: number;
  mean: number;
  /** sample standard deviation (n − 1); 0 for a single run */
  sd: number;
}

/** Summary of final accuracies (or any values), one per seed. Throws on an empty list. */
export function summarizeSeeds(values: readonly number[]): SeedSummary {
  if (values.length === 0) throw new RangeError('summarizeSeeds: no runs to summarize');
  const runs = values.length;
  const mean = values.reduce((a, b) => a + b, 0) / runs;
  const sd = runs > 1 ? Math.sqrt(values.reduce((a, v) => a + (v - mean) ** 2, 0) / (runs - 1)) : 0;
  return { runs, min: Math.min(...values), max: Math.max(...values), mean, sd };
}

/**
 * Difference of two recipes' mean results (a − b) and its standard error, from each one's spread
 * over seeds (Welch). A difference within about two standard errors is what chance alone gives.
 */
export function differenceOfMeans(a: SeedSummary, b: SeedSummary): { difference: number; standardError: number } {
  return {
    difference: a.mean - b.mean,
    standardError: Math.sqrt(a.sd ** 2 / a.runs + b.sd ** 2 / b.runs),
  };
}
