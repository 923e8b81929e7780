/** One confidence bin of the reliability diagram. */
export interface ReliabilityBin {
  /** The bin's confidence range [lo, hi) (the last bin includes 1). */
  lo: number;
  hi: number;
  count: number;
  /** Mean confidence of the bin's questions (NaN when empty). */
  meanConfidence: number;
  /** Share of the bin's questions whose best paragraph is a right answer (NaN when empty). */
  shareRight: number;
}

/**
 * Expected calibration error over equal-width confidence bins: the mean, weighted by how many questions fall in
 * each bin, of |mean confidence − share right|. 0 means a confidence of 0.8 is right 80% of the time.
 */
export function reliability(points: readonly { confidence: number; right: boolean }[], bins = 10): { ece: number; bins: ReliabilityBin[] } {
  const acc = Array.from({ length: bins }, () => ({ count: 0, conf: 0, right: 0 }));
  for (const p of points) {
    const i = Math.min(bins - 1, Math.max(0, Math.floor(p.confidence * bins)));
    acc[i]!.count++;
    acc[i]!.conf += p.confidence;
    if (p.right) acc[i]!.right++;
  }
  let ece = 0;
  const out = acc.map((b, i) => {
    const meanConfidence = b.count ? b.conf / b.count : Number.NaN;
    const shareRight = b.count ? b.right / b.count : Number.NaN;
    if (b.count) ece += (b.count / points.length) * Math.abs(meanConfidence - shareRight);
    return { lo: i / bins, hi: (i + 1) / bins, count: b.count, meanConfidence, shareRight };
  });
  return { ece, bins: out };
}
