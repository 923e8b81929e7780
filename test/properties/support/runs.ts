/**
 * Generated inputs per property. Together at least 10,000, split so the property files finish in well under
 * 20 seconds on a two-core machine; raise them locally (`PROPERTY_RUNS_FACTOR=10`) for a deeper search.
 */
const factor = Math.max(1, Number(process.env.PROPERTY_RUNS_FACTOR) || 1);

export const RUNS = {
  engine: 2500 * factor,
  pipeline: 2500 * factor,
  answerView: 2000 * factor,
  escalateView: 1500 * factor,
  usageView: 750 * factor,
  homeView: 750 * factor,
} as const;

/** Generous bound for one call (an engine answer is normally well under 10 ms); far from flaky, far inside Slack's 3 s. */
export const MAX_MS_PER_CALL = 250;

/** Times one call. */
export function timed<T>(work: () => T): { value: T; ms: number } {
  const start = performance.now();
  const value = work();
  return { value, ms: performance.now() - start };
}
