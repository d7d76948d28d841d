// Median and p90 by nearest rank, so every figure is one that was measured.
function summarize(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const rank = (q) => sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)];
  const round = (value) => Math.round(value * 10) / 10;
  return { median: round(rank(0.5)), p90: round(rank(0.9)), min: round(sorted[0]), max: round(sorted[sorted.length - 1]), runs: sorted.length };
}

module.exports = { summarize };
