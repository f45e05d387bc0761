// All data access goes through here. In an exported offline page the responses are embedded in
// window.__HEATMAP_EXPORT__ under the same keys (HeatmapExport.java builds them with the same parameter order).
const embedded = typeof window !== 'undefined' ? window.__HEATMAP_EXPORT__ : undefined;
const cache = new Map();

export const offline = !!embedded;

export function apiKey(path, params = {}) {
  const query = Object.entries(params)
    .map(([k, v]) => `${k}=${encodeURIComponent(String(v))}`)
    .join('&');
  return `api/${path}${query ? '?' + query : ''}`;
}

export async function api(path, params) {
  const key = apiKey(path, params);
  if (cache.has(key)) return cache.get(key);
  let promise;
  if (embedded) {
    const hit = embedded.responses[key];
    promise = hit ? Promise.resolve(hit) : Promise.reject(new Error('not included in this offline export'));
  } else {
    promise = fetch(key).then(async (r) => {
      const body = await r.json();
      if (!r.ok) throw new Error(body.error || r.statusText);
      return body;
    });
  }
  cache.set(key, promise);
  promise.catch(() => cache.delete(key));
  return promise;
}

export const STEP_PAGE = 4096;

/** Header plus every step, fetched page by page in parallel. */
export async function loadRun(run) {
  const header = await api('trace/header', { run });
  const total = header.num_steps_loaded;
  const pages = [];
  for (let from = 0; from === 0 || from < total; from += STEP_PAGE) {
    pages.push(api('trace/steps', { run, from, to: from + STEP_PAGE }));
  }
  const steps = (await Promise.all(pages)).flatMap((p) => p.steps);
  return { header, steps };
}

/** The served directory's runs, diffs and T³ traces; {@code fresh} re-reads it (after a capture or a compare). */
export function listing(fresh = false) {
  if (embedded) return Promise.resolve({ runs: [{ path: embedded.run }], diffs: [], t3: [] });
  if (fresh) cache.delete(apiKey('index'));
  return api('index');
}

/** POST a JSON body (never cached); rejects with the server's {error} message. */
export async function post(path, body) {
  const r = await fetch(`api/${path}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  const answer = await r.json();
  if (!r.ok) throw Object.assign(new Error(answer.error || r.statusText), { status: r.status });
  return answer;
}
