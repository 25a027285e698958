/**
 * Nyström projection onto the learned manifold (GUIDE §3).
 *
 * @module
 */
import type { CidmModel } from "../cidm/types.js";
import { ManifoldError, requireInt } from "../errors/index.js";
import type { Matrix, MatrixInput } from "../matrix/index.js";
import { requireBackend } from "../neighbors/backend.js";
import type { DistanceBackend } from "../neighbors/index.js";
import { weightedRowSums } from "./extend.js";
import {
  coefficients,
  extensionTable,
  liveModel,
  queryMatrix,
  requireWellConditioned,
  resolveLambdaMin,
  resolveNEigs,
} from "./model.js";

/** Options of {@link nystromProject}. */
export interface NystromProjectOptions {
  /**
   * L, the resolution: the number of eigenfunctions in ι (default: all M of the model). Small L
   * projects through noise onto a smooth manifold; large L follows the training points.
   */
  nEigs?: number;
  /** Maximum number of applications of ι, x ← ι(x) (default 1). */
  iterations?: number;
  /** Stop iterating a query once its step |ι(x) − x| is below tol (default 0: run every iteration). */
  tol?: number;
  /** λ_min as in `nystromExtend` (default 1e-3). */
  lambdaMin?: number;
  /**
   * Distance backend for the neighbour searches of a brute-force (high-dimensional) model index,
   * e.g. from `createBackend` of `manifold-geom/gpu` (default none). Candidate filter only: the
   * results are identical with or without it. Ignored when the model's index is a kd-tree.
   */
  backend?: DistanceBackend;
}

/** Result of {@link nystromProject}. */
export interface NystromProjection {
  /** Q×n projected points. */
  points: Matrix;
  /** The last step |x_t − x_{t−1}| of each query (the only step when iterations = 1). */
  steps: Float64Array;
  /** 1 where the query (as given) is outside the kernel support: no training point counts it among its κ nearest. */
  outsideSupport: Uint8Array;
  /** Iterations applied to each query (≤ iterations; fewer when its step fell below tol). */
  iterations: Int32Array;
}

/**
 * The projection coefficients `x̂_ℓ = Σ_i w_i x_i φ_ℓ(x_i)` folded with 1/λ_ℓ into the table
 * `Y_j = Σ_{ℓ<L} x̂_ℓ φ_ℓ(x_j) / λ_ℓ` (N×n), so that `ι(x) = Σ_j K̂_j(x) Y_j`.
 * Cost O(N·L·n) flops, O(N·n) memory (internal; also used by the gradients).
 */
export function projectionTable(model: CidmModel, L: number): Float64Array {
  // Cached per (φ array, L): projection and its gradients are called again and again on one
  // model (e.g. every step of on-manifold PGD). Models are treated as immutable plain data; a
  // model revived from JSON has new arrays and so its own cache entry.
  let byL = tableCache.get(model.phi.data);
  if (byL === undefined) {
    byL = new Map();
    tableCache.set(model.phi.data, byL);
  }
  let table = byL.get(L);
  if (table === undefined) {
    const n = model.points.cols;
    const xhat = coefficients(model, model.points.data, L, n);
    table = extensionTable(model, xhat, L, n);
    byL.set(L, table);
  }
  return table;
}

const tableCache = new WeakMap<Float64Array, Map<number, Float64Array>>();

/**
 * Project points onto the manifold learned by CIDM (GUIDE §3):
 * `ι(x) = Σ_{ℓ<L} x̂_ℓ φ_ℓ(x)`, `x̂_ℓ = Σ_i w_i x_i φ_ℓ(x_i) ∈ R^n`, with φ_ℓ(x) the Nyström
 * extension (`nystromExtend`). Computed as `ι(x) = Σ_{j∈row(x)} K̂_j(x) Y_j` with
 * `Y_j = Σ_ℓ x̂_ℓ φ_ℓ(x_j) / λ_ℓ`, so a query costs one kernel row whatever L is. With
 * `iterations > 1` the map is iterated, x ← ι(x), until the step is below `tol`.
 *
 * Far from the data a query's row is its own κ nearest training points (flagged in
 * `outsideSupport`), its weights are normalised by log-sum-exp, and it lands near the part of
 * the manifold closest to it — never NaN.
 *
 * Cost: O(N·L·n) once for the table; per query and iteration one kNN (κ+1) and one reverse
 * radius search (kd-tree ≈ O(log N + κ)·n in low dimension, O(N·n) brute force in high), then
 * O(|row|·n). Memory O(Q·n + N·n).
 *
 * @param model - from `cidm` (or its JSON form).
 * @param queries - Q×n points (not modified).
 * @throws ManifoldError `DIMENSION_MISMATCH`, query input errors (`NON_FINITE`, `EMPTY_INPUT`,
 *   `RAGGED_INPUT`), `INVALID_PARAMETER` (nEigs ∉ [1, M], iterations < 1, tol < 0, lambdaMin NaN),
 *   `ILL_CONDITIONED_EXTENSION` (λ_ℓ < lambdaMin for some ℓ < L).
 * @example
 * ```ts
 * import { cidm, circle, nystromProject } from "manifold-geom";
 *
 * // Points off the unit circle (radius 1.2 and 0.85) go back onto it: one application of ι
 * // lands within 0.01, iterating x ← ι(x) converges to the circle.
 * const model = cidm(circle({ n: 100 }).points, { k: 8, nEigs: 5 });
 * const queries = [[1.2, 0.1], [0, -0.85]];
 * const radii = (p: { data: Float64Array }) =>
 *   [0, 1].map((q) => Math.hypot(p.data[2 * q], p.data[2 * q + 1]).toFixed(4));
 * console.log(radii(nystromProject(model, queries).points)); // [ '0.9958', '0.9949' ]
 * const it = nystromProject(model, queries, { iterations: 20, tol: 1e-10 });
 * console.log(radii(it.points), Array.from(it.outsideSupport)); // [ '1.0000', '1.0000' ] [ 0, 0 ]
 * ```
 */
export function nystromProject(
  model: CidmModel,
  queries: MatrixInput,
  options: NystromProjectOptions = {},
): NystromProjection {
  const m = liveModel(model);
  const Q = queryMatrix(m, queries);
  const L = resolveNEigs(m, options.nEigs);
  const maxIter = requireInt(options.iterations ?? 1, "iterations", 1);
  const tol = options.tol ?? 0;
  if (typeof tol !== "number" || !Number.isFinite(tol) || tol < 0) {
    throw new ManifoldError(
      "INVALID_PARAMETER",
      `tol must be a finite number ≥ 0; got ${String(tol)}.`,
      {
        name: "tol",
        value: tol,
      },
    );
  }
  requireWellConditioned(m, L, resolveLambdaMin(options.lambdaMin));
  const backend = requireBackend(options.backend);
  const n = Q.cols;
  const nq = Q.rows;
  const Y = projectionTable(m, L);

  const cur = Float64Array.from(Q.data);
  const steps = new Float64Array(nq);
  const iterations = new Int32Array(nq);
  const outsideSupport = new Uint8Array(nq);
  let active = new Int32Array(nq);
  for (let q = 0; q < nq; q++) active[q] = q;
  let nActive = nq;
  for (let it = 0; it < maxIter && nActive > 0; it++) {
    const src = it === 0 ? cur.slice() : new Float64Array(nActive * n);
    if (it > 0)
      for (let a = 0; a < nActive; a++)
        src.set(cur.subarray(active[a] * n, (active[a] + 1) * n), a * n);
    const dst = new Float64Array(nActive * n);
    weightedRowSums(
      m,
      { rows: nActive, cols: n, data: src },
      Y,
      n,
      n,
      dst,
      it === 0 ? outsideSupport : undefined,
      backend,
    );
    let next = 0;
    for (let a = 0; a < nActive; a++) {
      const q = active[a];
      let s = 0;
      for (let t = 0; t < n; t++) {
        const e = dst[a * n + t] - src[a * n + t];
        s += e * e;
        cur[q * n + t] = dst[a * n + t];
      }
      steps[q] = Math.sqrt(s);
      iterations[q] = it + 1;
      if (steps[q] >= tol) active[next++] = q;
    }
    nActive = next;
    active = active.subarray(0, nActive);
  }
  return { points: { rows: nq, cols: n, data: cur }, steps, outsideSupport, iterations };
}
