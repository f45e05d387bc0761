// Geometry of the 3-torus view: wraparound-aware blockade edges and a small rotatable projection of the unit cube.

/**
 * The shortest wraparound path from a to b on T³ = [0,1)³, cut where it leaves the unit cube and re-entered on the
 * opposite face: a list of [start, end] segments, each inside [0,1]³.
 */
export function wrapSegments(a, b) {
  const d = a.map((v, k) => { const x = b[k] - v; return x - Math.round(x); });
  const ts = [0, 1];
  for (let k = 0; k < 3; k++) {
    if (d[k] === 0) continue;
    for (const face of [0, 1]) {
      const t = (face - a[k]) / d[k];
      if (t > 1e-12 && t < 1 - 1e-12) ts.push(t);
    }
  }
  ts.sort((x, y) => x - y);
  const at = (t, shift) => a.map((v, k) => v + d[k] * t - shift[k]);
  const segments = [];
  for (let i = 0; i + 1 < ts.length; i++) {
    if (ts[i + 1] - ts[i] < 1e-12) continue;
    const mid = a.map((v, k) => v + d[k] * (ts[i] + ts[i + 1]) / 2);
    const shift = mid.map(Math.floor);
    segments.push([at(ts[i], shift), at(ts[i + 1], shift)]);
  }
  return segments;
}

/** Pairs i < j whose kernel weight reaches the threshold. */
export function blockadeEdges(kernel, threshold) {
  const edges = [];
  for (let i = 0; i < kernel.length; i++) {
    for (let j = i + 1; j < kernel.length; j++) if (kernel[i][j] >= threshold) edges.push([i, j, kernel[i][j]]);
  }
  return edges;
}

/** Projects a point of [0,1]³ (z up) after yaw about z and pitch about x, with a mild perspective. */
export function projector(yaw, pitch, size) {
  const cy = Math.cos(yaw), sy = Math.sin(yaw), cp = Math.cos(pitch), sp = Math.sin(pitch);
  return ([x, y, z]) => {
    const px = x - 0.5, py = y - 0.5, pz = z - 0.5;
    const rx = cy * px - sy * py, ry = sy * px + cy * py;   // yaw: horizontal spin
    const depth = cp * ry - sp * pz, up = sp * ry + cp * pz;   // pitch: tilt towards the viewer
    const f = 1 / (1 + 0.35 * depth);
    return { x: size / 2 + rx * size * 0.46 * f, y: size / 2 - up * size * 0.46 * f, depth };
  };
}

export const CUBE_EDGES = (() => {
  const out = [];
  for (let v = 0; v < 8; v++) {
    for (let k = 0; k < 3; k++) {
      if (v & (1 << k)) continue;
      const a = [0, 1, 2].map((i) => (v >> i) & 1), b = a.slice();
      b[k] = 1;
      out.push([a, b]);
    }
  }
  return out;
})();
