/**
 * Flag median of subspaces (Mankovich et al. 2022) by iteratively reweighted flag means.
 *
 * @module
 */
import { requireInt, requirePositive } from "../errors/index.js";
import type { Matrix, MatrixInput } from "../matrix/index.js";
import { flagMeanChecked } from "./flagMean.js";
import { anglesInto } from "./principalAngles.js";
import { concatenate } from "./topSubspace.js";
import { toGrassmannPoints, toWeights } from "./validate.js";

/** Options for {@link flagMedian}. */
export interface FlagMedianOptions {
  /** Non-negative weight u_i per point, positive sum (default all 1). */
  weights?: ArrayLike<number>;
  /** Stop when the largest principal angle between successive iterates is ≤ tol (default 1e-9). */
  tol?: number;
  /** Maximum IRLS iterations (default 200). */
  maxIter?: number;
  /** Floor η of the distances in the IRLS weights u_i / max(d_i, η) (default 1e-8). */
  eta?: number;
}

/** Result of {@link flagMedian}. */
export interface FlagMedianResult {
  /** n×k orthonormal basis of the flag median. */
  median: Matrix;
  /** Σ_i u_i d_i / Σ_i u_i at the returned median (weighted mean chordal distance). */
  objective: number;
  /** Chordal distances d_i from the median to each point. */
  distances: Float64Array;
  /** IRLS iterations performed. */
  iterations: number;
  /** True when the iterate moved by at most tol in the last iteration. */
  converged: boolean;
}

/**
 * Chordal distances d_i = √(Σ_j sin² θ_j(X_i, K) + max(0, k − p_i)) = √(k − |X_iᵀK|_F²) from K.
 */
function chordalTo(K: Matrix, xs: Matrix[], out: Float64Array): Float64Array {
  const k = K.cols;
  let maxP = 0;
  for (const X of xs) maxP = Math.max(maxP, X.cols);
  const M = new Float64Array(k * maxP);
  const R = new Float64Array(K.rows * Math.max(k, maxP));
  const th = new Float64Array(Math.max(k, maxP));
  for (let i = 0; i < xs.length; i++) {
    const X = xs[i];
    const m = Math.min(k, X.cols);
    const theta =
      X.cols >= k
        ? anglesInto(X, K, th.subarray(0, m), M, R)
        : anglesInto(K, X, th.subarray(0, m), M, R);
    let s = Math.max(0, k - X.cols);
    for (let j = 0; j < m; j++) s += Math.sin(theta[j]) ** 2;
    out[i] = Math.sqrt(s);
  }
  return out;
}

/**
 * Flag median of span(X_1)..span(X_r): a K ∈ Gr(k, n) minimising Σ_i u_i d_c(X_i, K), with
 * the chordal distance d_c = √(k − |X_iᵀK|_F²) (= |sin θ|₂ when p_i ≥ k). Robust to outlying
 * subspaces, unlike the flag mean (which minimises Σ u_i d_c²).
 *
 * IRLS: start from the weighted flag mean; repeat d_i = d_c(X_i, K),
 * w_i = u_i / max(d_i, η), K ← flag mean with weights w_i (warm-started from K). The weighted
 * flag mean minimises Σ w_i d_c² exactly, so each step is a majorise–minimise step and does not
 * increase Σ u_i d_i while every d_i ≥ η (points closer than η are weighted as if at η).
 * Stops when the largest principal angle between successive K is ≤ tol.
 *
 * Cost per iteration: one weighted flag mean (see `flagMean`; warm-started, so the iterative
 * method needs few steps) plus r principal-angle computations, O(n·k·Σp_i) flops.
 *
 * @param points - bases X_i, n×p_i orthonormal.
 * @param k - dimension of the median, 1 ≤ k ≤ min(n, Σp_i).
 * @throws ManifoldError `EMPTY_INPUT`, `NOT_ORTHONORMAL`, `DIMENSION_MISMATCH`,
 *   `INVALID_PARAMETER` (k, tol, maxIter, eta, weights).
 * @example
 * ```ts
 * import { flagMean, flagMedian, principalAngles } from "manifold-geom/grassmann";
 * // Two copies of the x-axis and one outlying line at 80°: the median stays on the x-axis
 * // (it holds half the weight), the mean is pulled towards the outlier.
 * const line = (a: number) => [[Math.cos(a)], [Math.sin(a)]];
 * const points = [line(0), line(0), line((80 * Math.PI) / 180)];
 * const median = flagMedian(points, 1).median;
 * const mean = flagMean(points, 1).mean;
 * console.log(principalAngles(median, line(0))[0] < 1e-6, principalAngles(mean, line(0))[0] > 0.1); // true true
 * ```
 */
export function flagMedian(
  points: ReadonlyArray<MatrixInput>,
  k: number,
  options: FlagMedianOptions = {},
): FlagMedianResult {
  const xs = toGrassmannPoints(points, "flagMedian: points");
  const u = toWeights(options.weights, xs.length, "flagMedian: weights");
  const tol = requirePositive(options.tol ?? 1e-9, "flagMedian: tol", true);
  const maxIter = requireInt(options.maxIter ?? 200, "flagMedian: maxIter", 1);
  const eta = requirePositive(options.eta ?? 1e-8, "flagMedian: eta");
  const r = xs.length;
  const concat = concatenate(xs);
  let K = flagMeanChecked(xs, k, u, {}, "flagMedian", concat).mean;
  const d = new Float64Array(r);
  const w = new Float64Array(r);
  const step = new Float64Array(k);
  const M = new Float64Array(k * k);
  const R = new Float64Array(K.rows * k);
  let iterations = 0;
  let converged = false;
  while (iterations < maxIter) {
    chordalTo(K, xs, d);
    for (let i = 0; i < r; i++) w[i] = u[i] / Math.max(d[i], eta);
    const next = flagMeanChecked(xs, k, w, { init: K }, "flagMedian", concat).mean;
    iterations++;
    anglesInto(K, next, step, M, R);
    K = next;
    if (step[k - 1] <= tol) {
      converged = true;
      break;
    }
  }
  chordalTo(K, xs, d);
  let su = 0;
  let obj = 0;
  for (let i = 0; i < r; i++) {
    su += u[i];
    obj += u[i] * d[i];
  }
  return { median: K, objective: obj / su, distances: d, iterations, converged };
}
