/**
 * Gradients of the Nyström extension and Jacobians of the projection (GUIDE §3), valid where
 * x is not on a kNN switching surface (where N_k(x) or row(x) changes; there the maps are
 * continuous but not differentiable, and these formulas give one-sided values). At a training
 * point x = x_i the term |x − x_i| of ρ is a cone; the formula drops it (its subgradient 0).
 *
 * @module
 */
import type { CidmModel } from "../cidm/types.js";
import { ManifoldError } from "../errors/index.js";
import { isMatrix, type Matrix, type MatrixInput } from "../matrix/index.js";
import { prepareQueries, queryMatrix } from "./model.js";
import { nystromProject, projectionTable } from "./project.js";
import { forEachRowBlock, type QueryRows, rowContext, rowWeights } from "./rows.js";

/** Options of the gradient functions. */
export interface NystromGradientOptions {
  /** L, as in `nystromExtend` / `nystromProject` (default: all M of the model). */
  nEigs?: number;
  /** λ_min (default 1e-3), as in `nystromExtend`. */
  lambdaMin?: number;
}

/** Per-call scratch, grown to the longest row (never per query). */
interface Scratch {
  w: Float64Array;
  g: Float64Array;
  gbar: Float64Array;
  grho: Float64Array;
}

function newScratch(n: number): Scratch {
  return {
    w: new Float64Array(64),
    g: new Float64Array(64 * n),
    gbar: new Float64Array(n),
    grho: new Float64Array(n),
  };
}

function ensure(s: Scratch, maxRow: number, n: number): void {
  if (maxRow > s.w.length) {
    s.w = new Float64Array(maxRow);
    s.g = new Float64Array(maxRow * n);
  }
}

/**
 * For row q at point x (= Q[qi]): K̂_j into s.w, and `∇log K_j − Σ_i K̂_i ∇log K_i` into s.g
 * (len×n), where
 * `∇log K_j = −2(x − x_j)/(ε ρ(x) ρ_j) + |x − x_j|² ∇ρ(x)/(ε ρ(x)² ρ_j)` and
 * `∇ρ(x) = (1/k) Σ_{j∈N_k(x), x≠x_j} (x − x_j)/|x − x_j|`. Returns the row length. O(|row|·n).
 */
function rowLogGradients(
  model: CidmModel,
  rows: QueryRows,
  q: number,
  qd: Float64Array,
  qo: number,
  s: Scratch,
): number {
  const n = model.points.cols;
  const X = model.points.data;
  const k = model.k;
  const rq = rows.rho[q];
  const { w, g, gbar, grho } = s;
  grho.fill(0);
  const ko = q * rows.kq;
  for (let c = 0; c < k; c++) {
    const dist = rows.knnDistances[ko + c];
    if (dist === 0) continue;
    const xo = rows.knnIndices[ko + c] * n;
    for (let t = 0; t < n; t++) grho[t] += (qd[qo + t] - X[xo + t]) / dist;
  }
  for (let t = 0; t < n; t++) grho[t] /= k;

  const len = rowWeights(rows, q, model, w);
  const a = rows.offsets[q];
  const eps = model.eps;
  gbar.fill(0);
  for (let p = 0; p < len; p++) {
    const j = rows.indices[a + p];
    const c = 1 / (eps * rq * model.rho[j]);
    const r2 = rows.d2[a + p] / rq;
    const xo = j * n;
    const go = p * n;
    const wp = w[p];
    for (let t = 0; t < n; t++) {
      const v = c * (-2 * (qd[qo + t] - X[xo + t]) + r2 * grho[t]);
      g[go + t] = v;
      gbar[t] += wp * v;
    }
  }
  for (let p = 0; p < len; p++) {
    const go = p * n;
    for (let t = 0; t < n; t++) g[go + t] -= gbar[t];
  }
  return len;
}

/**
 * Gradients of the extended eigenfunctions (GUIDE §3):
 * `∇φ_ℓ(x) = (1/λ_ℓ) Σ_j φ_ℓ(x_j) ∇K̂_j(x)`, `∇K̂_j = K̂_j (∇log K_j − Σ_i K̂_i ∇log K_i)`,
 * `∇log K_j = −2(x − x_j)/(ε ρ(x) ρ_j) + |x − x_j|² ∇ρ(x)/(ε ρ(x)² ρ_j)`,
 * `∇ρ(x) = (1/k) Σ_{j∈N_k(x), x≠x_j} (x − x_j)/|x − x_j|`.
 *
 * Layout: a flat Float64Array of length Q·L·n; `out[(q·L + ℓ)·n + t] = ∂φ_ℓ/∂x_t` at query q.
 *
 * Cost: the neighbour searches of `nystromExtend`, then O(|row|·L·n) per query. Memory
 * O(Q·L·n) for the result.
 *
 * @param model - from `cidm` (or its JSON form).
 * @param queries - Q×n points (not modified).
 * @param options - {@link NystromGradientOptions}: nEigs (default all M), lambdaMin (default 1e-3).
 * @throws ManifoldError `DIMENSION_MISMATCH`, query input errors, `INVALID_PARAMETER`,
 *   `ILL_CONDITIONED_EXTENSION`, as `nystromExtend`.
 * @example
 * ```ts
 * import { cidm, circle, nystromExtend, nystromGradient } from "manifold-geom";
 *
 * const model = cidm(circle({ n: 100 }).points, { k: 8, nEigs: 5 });
 * const x = [0.9, 0.3];
 * const g = nystromGradient(model, [x], { nEigs: 2 }); // [∂φ_0/∂x_0, ∂φ_0/∂x_1, ∂φ_1/∂x_0, ∂φ_1/∂x_1]
 * // φ_0 ≡ 1 has gradient 0; ∂φ_1/∂x_0 matches a central difference of nystromExtend.
 * const h = 1e-6;
 * const phi1 = (x0: number) => nystromExtend(model, [[x0, x[1]]], { nEigs: 2 }).data[1];
 * const fd = (phi1(x[0] + h) - phi1(x[0] - h)) / (2 * h);
 * console.log(Math.hypot(g[0], g[1]) < 1e-12, Math.abs(g[2] - fd) < 1e-6 * Math.abs(fd)); // true true
 * ```
 */
export function nystromGradient(
  model: CidmModel,
  queries: MatrixInput,
  options: NystromGradientOptions = {},
): Float64Array {
  const { m, Q, L } = prepareQueries(model, queries, options);
  const n = Q.cols;
  const M = m.phi.cols;
  const phi = m.phi.data;
  const out = new Float64Array(Q.rows * L * n);
  const s = newScratch(n);
  forEachRowBlock(rowContext(m), Q, (rows, q0) => {
    ensure(s, rows.maxRow, n);
    for (let q = 0; q < rows.count; q++) {
      const len = rowLogGradients(m, rows, q, Q.data, (q0 + q) * n, s);
      const a = rows.offsets[q];
      const base = (q0 + q) * L * n;
      for (let p = 0; p < len; p++) {
        const fo = rows.indices[a + p] * M;
        const wp = s.w[p];
        const go = p * n;
        for (let l = 0; l < L; l++) {
          const c = wp * phi[fo + l];
          const oo = base + l * n;
          for (let t = 0; t < n; t++) out[oo + t] += c * s.g[go + t];
        }
      }
      for (let l = 0; l < L; l++) {
        const inv = 1 / m.lambda[l];
        const oo = base + l * n;
        for (let t = 0; t < n; t++) out[oo + t] *= inv;
      }
    }
  });
  return out;
}

/**
 * Jacobian of the projection ι (GUIDE §3): `J(x) = Σ_{ℓ<L} x̂_ℓ ∇φ_ℓ(x)ᵀ` (n×n), computed as
 * `J(x) = Σ_j Y_j ∇K̂_j(x)ᵀ` with `Y_j = Σ_ℓ x̂_ℓ φ_ℓ(x_j)/λ_ℓ` (the same table as
 * `nystromProject`), so its cost does not grow with L.
 *
 * Layout: a flat Float64Array of length Q·n·n; `out[(q·n + a)·n + b] = ∂ι_a/∂x_b` at query q
 * (row-major n×n per query).
 *
 * Cost: O(N·L·n) for the table, the neighbour searches, then O(|row|·n²) per query.
 *
 * @param model - from `cidm` (or its JSON form).
 * @param queries - Q×n points (not modified).
 * @param options - {@link NystromGradientOptions}: nEigs (default all M), lambdaMin (default 1e-3).
 * @throws ManifoldError as `nystromProject`.
 * @example
 * ```ts
 * import { cidm, circle, nystromJacobian, nystromProject } from "manifold-geom";
 *
 * const model = cidm(circle({ n: 100 }).points, { k: 8, nEigs: 5 });
 * const x = [0.9, 0.3];
 * const J = nystromJacobian(model, [x]); // 2×2, J[a·2 + b] = ∂ι_a/∂x_b
 * // Column b = 1 against central differences of the projection.
 * const h = 1e-6;
 * const iota = (x1: number) => nystromProject(model, [[x[0], x1]]).points.data;
 * const [up, down] = [iota(x[1] + h), iota(x[1] - h)];
 * console.log([0, 1].every((a) => Math.abs(J[a * 2 + 1] - (up[a] - down[a]) / (2 * h)) < 1e-6)); // true
 * // Close to the Jacobian of the radial projection x/|x| onto the circle, (I − uuᵀ)/|x|, u = x/|x|:
 * const r = Math.hypot(x[0], x[1]);
 * const radial = [0, 1, 2, 3].map((i) => ((i % 3 === 0 ? 1 : 0) - (x[i >> 1] * x[i & 1]) / r ** 2) / r);
 * console.log(Array.from(J, (v) => v.toFixed(1))); // [ '0.1', '-0.3', '-0.3', '0.9' ]
 * console.log(radial.map((v) => v.toFixed(1))); // [ '0.1', '-0.3', '-0.3', '0.9' ]
 * ```
 */
export function nystromJacobian(
  model: CidmModel,
  queries: MatrixInput,
  options: NystromGradientOptions = {},
): Float64Array {
  const { m, Q, L } = prepareQueries(model, queries, options);
  const n = Q.cols;
  const Y = projectionTable(m, L);
  const out = new Float64Array(Q.rows * n * n);
  const s = newScratch(n);
  forEachRowBlock(rowContext(m), Q, (rows, q0) => {
    ensure(s, rows.maxRow, n);
    for (let q = 0; q < rows.count; q++) {
      const len = rowLogGradients(m, rows, q, Q.data, (q0 + q) * n, s);
      const a0 = rows.offsets[q];
      const base = (q0 + q) * n * n;
      for (let p = 0; p < len; p++) {
        const yo = rows.indices[a0 + p] * n;
        const wp = s.w[p];
        const go = p * n;
        for (let a = 0; a < n; a++) {
          const c = wp * Y[yo + a];
          const oo = base + a * n;
          for (let b = 0; b < n; b++) out[oo + b] += c * s.g[go + b];
        }
      }
    }
  });
  return out;
}

/**
 * Gradient of a loss restricted to the manifold (GUIDE §3): `∇(ℒ∘ι)(x) = J(x)ᵀ ∇ℒ(ι(x))`,
 * computed without forming J as `Σ_j K̂_j (Y_j · v) (∇log K_j − Σ_i K̂_i ∇log K_i)` with
 * v = ∇ℒ(ι(x)).
 *
 * @param gradL - ∇ℒ at the projected points: a Q×n matrix (rows aligned with `x`; get ι(x) from
 *   `nystromProject` with the same nEigs), or a function that receives ι(x) (Q×n) and returns it.
 * @returns Q×n matrix, row q = J(x_q)ᵀ ∇ℒ(ι(x_q)).
 *
 * Cost: O(N·L·n) for the table, the neighbour searches, O(|row|·n) per query (plus one
 * projection when `gradL` is a function).
 *
 * @param model - from `cidm` (or its JSON form).
 * @param x - Q×n points (not modified).
 * @param options - {@link NystromGradientOptions}: nEigs (default all M), lambdaMin (default 1e-3).
 * @throws ManifoldError `DIMENSION_MISMATCH` (x or gradL of the wrong shape), input errors,
 *   `INVALID_PARAMETER`, `ILL_CONDITIONED_EXTENSION`.
 * @example
 * ```ts
 * import { cidm, circle, nystromJacobian, nystromProject, restrictGradient } from "manifold-geom";
 *
 * const model = cidm(circle({ n: 100 }).points, { k: 8, nEigs: 5 });
 * const x = [0.9, 0.3];
 * // ℒ(y) = ½|y − t|² with t = (0, 1), so ∇ℒ(y) = y − t, given as a function of ι(x).
 * const t = [0, 1];
 * const g = restrictGradient(model, [x], (p) => [[p.data[0] - t[0], p.data[1] - t[1]]]);
 * // The same as J(x)ᵀ ∇ℒ(ι(x)) from nystromJacobian and nystromProject:
 * const J = nystromJacobian(model, [x]);
 * const y = nystromProject(model, [x]).points.data;
 * const v = [y[0] - t[0], y[1] - t[1]];
 * const JTv = [J[0] * v[0] + J[2] * v[1], J[1] * v[0] + J[3] * v[1]];
 * console.log(Math.abs(g.data[0] - JTv[0]) < 1e-12, Math.abs(g.data[1] - JTv[1]) < 1e-12); // true true
 * ```
 */
export function restrictGradient(
  model: CidmModel,
  x: MatrixInput,
  gradL: MatrixInput | ((projected: Matrix) => MatrixInput),
  options: NystromGradientOptions = {},
): Matrix {
  const { m, Q, L } = prepareQueries(model, x, options, "x");
  const n = Q.cols;
  const rawV =
    typeof gradL === "function" && !isMatrix(gradL)
      ? gradL(nystromProject(m, Q, { nEigs: L, lambdaMin: options.lambdaMin }).points)
      : gradL;
  const V = queryMatrix(m, rawV, "gradL");
  if (V.rows !== Q.rows) {
    throw new ManifoldError(
      "DIMENSION_MISMATCH",
      `gradL has ${V.rows} rows but x has ${Q.rows}; pass one gradient per point.`,
      { got: V.rows, expected: Q.rows },
    );
  }
  const Y = projectionTable(m, L);
  const out = new Float64Array(Q.rows * n);
  const s = newScratch(n);
  forEachRowBlock(rowContext(m), Q, (rows, q0) => {
    ensure(s, rows.maxRow, n);
    for (let q = 0; q < rows.count; q++) {
      const len = rowLogGradients(m, rows, q, Q.data, (q0 + q) * n, s);
      const a0 = rows.offsets[q];
      const vo = (q0 + q) * n;
      for (let p = 0; p < len; p++) {
        const yo = rows.indices[a0 + p] * n;
        let yv = 0;
        for (let t = 0; t < n; t++) yv += Y[yo + t] * V.data[vo + t];
        const c = s.w[p] * yv;
        const go = p * n;
        for (let t = 0; t < n; t++) out[vo + t] += c * s.g[go + t];
      }
    }
  });
  return { rows: Q.rows, cols: n, data: out };
}
