// Data access for the T³ view: thin wrappers over the shared api() (same cache, same error handling).
import { api } from '../api.js';

export const T3_PAGE = 2048;

export const t3Meta = (file) => api('t3/meta', { file });
export const t3Summary = (file) => api('t3/summary', { file });
export const t3Geometry = (file, stage) => api('t3/geometry', { file, stage });
export const t3Frame = (file, frame) => api('t3/frame', { file, frame });

/** Every chain state, page by page. */
export async function t3Chain(file, total) {
  return concatPages(file, 't3/chain', total, ['chain_states', 'halt_steps', 'strain']);
}

/** The per-frame timeline columns for the whole trace, page by page. */
export async function t3Timeline(file, total) {
  return concatPages(file, 't3/timeline', total, ['chain_forward', 'stage_idx', 'act_call', 'frame_idx', 'mean_q',
    'spacelike', 'timelike', 'null', 'mean_sigma', 'mean_suppression', 'mean_self_surprise', 'output_entropy_ema']);
}

async function concatPages(file, route, total, columns) {
  const pages = [];
  for (let from = 0; from === 0 || from < total; from += T3_PAGE) {
    pages.push(api(route, { file, from, to: Math.min(total, from + T3_PAGE) }));
  }
  const got = await Promise.all(pages);
  const out = { ...got[0] };
  for (const c of columns) out[c] = got.flatMap((p) => p[c]);
  return out;
}
