/** Shared helpers of the Nyström tests: naive references, transforms and test data. */
import type { CidmModel } from "../../src/cidm/index.js";
import { randomOrthogonal } from "../shared/dense.js";

export { randomOrthogonal };

import type { Matrix } from "../../src/matrix/index.js";
import { createRng } from "../../src/random/index.js";
import { codeOf } from "../shared/errors.js";

export { codeOf };

/** x ↦ Qx + shift for every row. */
export function rigid(X: Matrix, Q: Float64Array, shift: number[]): Matrix {
  const { rows, cols } = X;
  const out = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) {
    for (let a = 0; a < cols; a++) {
      let s = 0;
      for (let b = 0; b < cols; b++) s += Q[a * cols + b] * X.data[i * cols + b];
      out[i * cols + a] = s + shift[a];
    }
  }
  return { rows, cols, data: out };
}

/** Points on a random closed curve in R³ (random Fourier coefficients, random parameters). */
export function randomCurve(n: number, seed: number): Matrix {
  const rng = createRng(seed);
  const coef = Array.from({ length: 12 }, () => rng.normal());
  const data = new Float64Array(n * 3);
  for (let i = 0; i < n; i++) {
    const t = 2 * Math.PI * rng.uniform();
    for (let a = 0; a < 3; a++) {
      data[i * 3 + a] =
        coef[a * 4] * Math.cos(t) +
        coef[a * 4 + 1] * Math.sin(t) +
        0.3 * (coef[a * 4 + 2] * Math.cos(2 * t) + coef[a * 4 + 3] * Math.sin(2 * t));
    }
  }
  return { rows: n, cols: 3, data };
}

/** Euclidean distance computed as sqrt(Σ (a − b)²), left to right (the library's convention). */
function dist(a: Float64Array, ao: number, b: Float64Array, bo: number, n: number): number {
  let s = 0;
  for (let t = 0; t < n; t++) s += (a[ao + t] - b[bo + t]) ** 2;
  return Math.sqrt(s);
}

/**
 * Naive O(N) reference of GUIDE §2's out-of-sample row of query q:
 * { j : |x − x_j| ≤ r_κ(x) } ∪ { j : |x − x_j| ≤ r_κ(x_j) }, ρ(x) = mean of the k smallest
 * distances, and whether the reverse set is empty.
 */
export function naiveRow(
  model: CidmModel,
  Q: Matrix,
  q: number,
): { row: Set<number>; rho: number; outside: boolean; nearestK: Set<number> } {
  const { rows: N, cols: n, data: X } = model.points;
  const d = new Float64Array(N);
  for (let j = 0; j < N; j++) d[j] = dist(Q.data, q * n, X, j * n, n);
  const order = Array.from({ length: N }, (_, j) => j).sort((a, b) => d[a] - d[b] || a - b);
  const rk = d[order[model.kernelNeighbors - 1]];
  let s = 0;
  for (let c = 0; c < model.k; c++) s += d[order[c]];
  const row = new Set<number>();
  let outside = true;
  for (let j = 0; j < N; j++) {
    if (d[j] <= rk) row.add(j);
    if (d[j] <= model.rKappa[j]) {
      row.add(j);
      outside = false;
    }
  }
  return { row, rho: s / model.k, outside, nearestK: new Set(order.slice(0, model.k)) };
}

/** Uniform random points in the annulus r ∈ [r0, r1] (angles uniform). */
export function annulusQueries(
  count: number,
  r0: number,
  r1: number,
  seed: number,
): { Q: Matrix; angle: Float64Array; radius: Float64Array } {
  const rng = createRng(seed);
  const data = new Float64Array(2 * count);
  const angle = new Float64Array(count);
  const radius = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    angle[i] = 2 * Math.PI * rng.uniform();
    radius[i] = r0 + (r1 - r0) * rng.uniform();
    data[2 * i] = radius[i] * Math.cos(angle[i]);
    data[2 * i + 1] = radius[i] * Math.sin(angle[i]);
  }
  return { Q: { rows: count, cols: 2, data }, angle, radius };
}

/** max |a − b| over two arrays of the same length. */
export function maxDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}
