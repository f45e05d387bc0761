// Viridis: nine stops sampled from matplotlib's table at 0, 1/8, ... 1 (same stops as ColorScale.java).
const VIRIDIS = [0x440154, 0x472d7b, 0x3b528b, 0x2c728e, 0x21918c, 0x28ae80, 0x5ec962, 0xaddc30, 0xfde725];
export const MISSING = 0x9e9e9e;

export function viridis(t) {
  if (t === null || Number.isNaN(t)) return MISSING;
  const x = Math.min(1, Math.max(0, t)) * (VIRIDIS.length - 1);
  const i = Math.min(Math.floor(x), VIRIDIS.length - 2);
  const f = x - i;
  const a = VIRIDIS[i], b = VIRIDIS[i + 1];
  const mix = (s) => Math.round(((a >> s) & 0xff) + (((b >> s) & 0xff) - ((a >> s) & 0xff)) * f);
  return (mix(16) << 16) | (mix(8) << 8) | mix(0);
}

export const hex = (rgb) => '#' + rgb.toString(16).padStart(6, '0');

/** Black or white text, whichever reads better on the fill (WCAG relative luminance). */
export function textOn(rgb) {
  const lin = (c) => { c /= 255; return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4; };
  const l = 0.2126 * lin((rgb >> 16) & 0xff) + 0.7152 * lin((rgb >> 8) & 0xff) + 0.0722 * lin(rgb & 0xff);
  return l > 0.179 ? '#000' : '#fff';
}

export function gradientCss(reverse = false) {
  const stops = [];
  for (let i = 0; i <= 8; i++) stops.push(hex(viridis(reverse ? 1 - i / 8 : i / 8)));
  return `linear-gradient(to right, ${stops.join(', ')})`;
}
