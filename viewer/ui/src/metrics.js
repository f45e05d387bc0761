// Token metrics and their mapping onto the colour scale (1 = confident = yellow). Mirrors TokenMetric.java.
export const METRICS = ['probability', 'logprob', 'entropy', 'rank', 'surprisal'];

export function raw(metric, t) {
  const lp = t.logprob;
  switch (metric) {
    case 'probability': return lp == null ? NaN : Math.exp(lp);
    case 'logprob': return lp == null ? NaN : lp;
    case 'entropy': return t.entropy == null ? NaN : t.entropy;
    case 'rank': return t.rank == null ? NaN : t.rank;
    case 'surprisal': return lp == null ? NaN : -lp / Math.LN2;
  }
  throw new Error('unknown metric ' + metric);
}

export function domain(metric, raws) {
  const vals = raws.filter((v) => !Number.isNaN(v));
  const max = vals.length ? Math.max(...vals) : 1, min = vals.length ? Math.min(...vals) : 0;
  switch (metric) {
    case 'probability': return [0, 1];
    case 'logprob': return [Math.min(min, -1e-9), 0];
    case 'entropy': case 'surprisal': return [0, Math.max(max, 1e-9)];
    case 'rank': return [1, Math.max(max, 2)];
  }
}

export function normalise(metric, v, [lo, hi]) {
  if (Number.isNaN(v)) return NaN;
  switch (metric) {
    case 'probability': return v;
    case 'logprob': return (v - lo) / (hi - lo);
    case 'entropy': case 'surprisal': return 1 - v / hi;
    case 'rank': return 1 - Math.log(v) / Math.log(hi);
  }
}

export const higherIsConfident = (metric) => metric === 'probability' || metric === 'logprob';

/** Space ·, newline ⏎, tab →, CR ␍ — whitespace made visible, as Whitespace.java does. */
export function visible(text) {
  return text.replace(/ /g, '·').replace(/\n/g, '⏎').replace(/\t/g, '→').replace(/\r/g, '␍');
}

export function fmt(v, digits = 3) {
  if (v == null || Number.isNaN(v)) return '–';
  if (Number.isInteger(v)) return String(v);
  return Math.abs(v) >= 100 ? v.toFixed(0) : v.toPrecision(digits);
}
