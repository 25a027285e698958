/**
 * Flag mean of subspaces (Draper et al. 2014).
 *
 * @module
 */
import { ManifoldError, requireInt } from "../errors/index.js";
import type { Matrix, MatrixInput } from "../matrix/index.js";
import { concatenate, topSubspace } from "./topSubspace.js";
import { toGrassmannPoint, toGrassmannPoints, toWeights } from "./validate.js";

/** Options for {@link flagMean}. */
export interface FlagMeanOptions {
  /** Non-negative weight per point, positive sum (default all 1). */
  weights?: ArrayLike<number>;
  /**
   * `"auto"` (default): the SVD of the weighted concatenation when min(n, Σp_i) ≤ 200; else
   * block subspace iteration, switching to the dense method when its observed convergence rate
   * (the eigenvalue gap λ_k/λ_(b+1)) would make it costlier. `"direct"`: the SVD when
   * min(n, Σp_i) ≤ 200, else the symmetric eigen-decomposition of the smaller Gram matrix
   * (n×n S or N×N CᵀC). `"iterative"`: subspace iteration only (throws `EIGEN_NOT_CONVERGED`
   * after 300 steps).
   */
  method?: "auto" | "direct" | "iterative";
  /**
   * Warm start for the iterative method: an n×c orthonormal basis near the answer (default
   * none: the start block is a randomised range finder C·diag(w)·Ω with a fixed seed, which
   * already lies close to the top singular subspace, and keeps results deterministic).
   */
  init?: MatrixInput;
}

/** Result of {@link flagMean}. */
export interface FlagMeanResult {
  /** n×k orthonormal basis of the flag mean; its first j columns span the order-j flag mean. */
  mean: Matrix;
  /**
   * (Σ_{j≤k} σ_j²) / (k·Σ_i w_i) = max_K Σ_i w_i |X_iᵀK|_F² / (k·Σ w_i): the weighted average over
   * the points of the mean squared cosine of the principal angles to K (1 when every point
   * contains span(K)); σ_j = singular values of the concatenation.
   */
  objective: number;
  /** The k largest singular values σ_1 ≥ … ≥ σ_k of C = [√w_1 X_1 … √w_r X_r]. */
  singularValues: Float64Array;
  /** Which method ran. */
  method: "direct" | "iterative";
}

/**
 * Flag mean of subspaces span(X_1)..span(X_r) of R^n (dimensions p_i may differ): the span of
 * the top-k left singular vectors of the concatenation C = [√w_1 X_1 … √w_r X_r] (n × Σp_i),
 * i.e. the top-k eigenvectors of S = Σ_i w_i X_i X_iᵀ. It maximises Σ_i w_i |X_iᵀK|_F² =
 * Σ_i w_i Σ_j cos² θ_j(X_i, K) over K ∈ Gr(k, n). The n×n matrix S is never formed.
 *
 * Cost: direct, the SVD of the n×N matrix C (N = Σp_i), O(n·N·m) flops with m = min(n, N)
 * (for m > 200 the Gram eigen-decomposition, about 2·n·N·m + 9·m³ flops), O(n·N + m²) memory;
 * iterative, 4·n·N·b flops per step (blocked gemm) with block b = max(2k, k + 8), and
 * ~log(1e-12)/log(λ_{b+1}/λ_k) steps: 9 for 100 points of Gr(10, 1000) near a common subspace.
 * Accuracy: the basis to ~1e-12·λ_1/(λ_k − λ_{k+1}) radians, ill determined when λ_k = λ_{k+1}.
 *
 * @param points - bases X_i, n×p_i orthonormal.
 * @param k - dimension of the mean, 1 ≤ k ≤ min(n, Σp_i).
 * @throws ManifoldError `EMPTY_INPUT` for no points, `NOT_ORTHONORMAL` / `DIMENSION_MISMATCH`
 *   naming the point, `INVALID_PARAMETER` for k or weights, `EIGEN_NOT_CONVERGED` only with
 *   `method: "iterative"`.
 * @example
 * ```ts
 * import { flagMean } from "manifold-geom/grassmann";
 * // Lines of R² at ±0.2 rad around the x-axis: by symmetry the mean line is the x-axis, and
 * // the objective is the mean squared cosine, cos²(0.2).
 * const line = (a: number) => [[Math.cos(a)], [Math.sin(a)]];
 * const { mean, objective } = flagMean([line(0.2), line(-0.2)], 1);
 * console.log(Math.abs(mean.data[1]) < 1e-15, Math.abs(objective - Math.cos(0.2) ** 2) < 1e-15); // true true
 * ```
 */
export function flagMean(
  points: ReadonlyArray<MatrixInput>,
  k: number,
  options: FlagMeanOptions = {},
): FlagMeanResult {
  const xs = toGrassmannPoints(points, "flagMean: points");
  return flagMeanChecked(
    xs,
    k,
    toWeights(options.weights, xs.length, "flagMean: weights"),
    options,
  );
}

/** Flag mean of validated points. @internal */
export function flagMeanChecked(
  xs: Matrix[],
  k: number,
  w: Float64Array,
  options: FlagMeanOptions,
  where = "flagMean",
  concat: { C: Matrix; owner: Int32Array } = concatenate(xs),
): FlagMeanResult {
  const n = xs[0].rows;
  let N = 0;
  for (const X of xs) N += X.cols;
  requireInt(k, `${where}: k`, 1, Math.min(n, N));
  const method = options.method ?? "auto";
  if (method !== "auto" && method !== "direct" && method !== "iterative") {
    throw new ManifoldError(
      "INVALID_PARAMETER",
      `${where}: method must be "auto", "direct" or "iterative"; got ${String(method)}.`,
    );
  }
  let init: Matrix | undefined;
  if (options.init !== undefined) {
    init = toGrassmannPoint(options.init, `${where}: init`);
    if (init.rows !== n) {
      throw new ManifoldError(
        "DIMENSION_MISMATCH",
        `${where}: init has ${init.rows} rows but the points live in R^${n}.`,
      );
    }
  }
  const cw = new Float64Array(N);
  for (let j = 0; j < N; j++) cw[j] = w[concat.owner[j]];
  const top = topSubspace(concat.C, cw, k, { method, init });
  let sw = 0;
  for (let i = 0; i < w.length; i++) sw += w[i];
  let sum = 0;
  const singularValues = new Float64Array(k);
  for (let j = 0; j < k; j++) {
    const v = Math.max(0, top.values[j]);
    sum += v;
    singularValues[j] = Math.sqrt(v);
  }
  return { mean: top.basis, objective: sum / (k * sw), singularValues, method: top.method };
}
