// Colours of the T³ view that the shared viridis scale (../color.js) does not cover: a diverging scale for signed
// values and the Q classes.
import { hex } from '../color.js';

// Blue – light grey – red (ColorBrewer RdBu, 7 stops, reversed so that negative is blue).
const DIVERGING = [0x2166ac, 0x67a9cf, 0xd1e5f0, 0xf0f0f0, 0xfddbc7, 0xef8a62, 0xb2182b];

/** t in [-1, 1] → colour; null / NaN → grey. */
export function diverging(t) {
  if (t == null || Number.isNaN(t)) return 0x9e9e9e;
  const x = (Math.min(1, Math.max(-1, t)) + 1) / 2 * (DIVERGING.length - 1);
  const i = Math.min(Math.floor(x), DIVERGING.length - 2), f = x - i;
  const a = DIVERGING[i], b = DIVERGING[i + 1];
  const mix = (s) => Math.round(((a >> s) & 0xff) + (((b >> s) & 0xff) - ((a >> s) & 0xff)) * f);
  return (mix(16) << 16) | (mix(8) << 8) | mix(0);
}

export function divergingCss() {
  const stops = [];
  for (let i = 0; i <= 8; i++) stops.push(hex(diverging(-1 + i / 4)));
  return `linear-gradient(to right, ${stops.join(', ')})`;
}

/** Q classes of the spec: spacelike Q > 0.05, timelike Q < −0.05, otherwise near the null cone. */
export const Q_COLORS = { spacelike: '#e8743b', timelike: '#3b8ee8', null: '#9aa0a6' };

export const STAGE_COLORS = ['#7e57c2', '#26a69a', '#ffa726', '#ec407a', '#8d6e63', '#5c6bc0'];

export const fmt = (v, digits = 3) => (v == null || Number.isNaN(v) ? '–' : Math.abs(v) >= 1e4 || (Math.abs(v) < 1e-3 && v !== 0)
  ? v.toExponential(2) : v.toFixed(digits));
