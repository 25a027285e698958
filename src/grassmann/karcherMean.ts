/**
 * Karcher (Riemannian centre of mass) mean on the Grassmann manifold.
 *
 * @module
 */
import { ManifoldError, requireInt, requirePositive } from "../errors/index.js";
import type { Matrix, MatrixInput } from "../matrix/index.js";
import { expUnchecked } from "./exp.js";
import { flagMeanChecked } from "./flagMean.js";
import { geodesicFactors, logFromFactors } from "./log.js";
import { toGrassmannPoint, toGrassmannPoints, toWeights } from "./validate.js";

/** Options for {@link karcherMean}. */
export interface KarcherMeanOptions {
  /** Non-negative weight per point, positive sum (default all 1). */
  weights?: ArrayLike<number>;
  /** Stop when the gradient norm |Σ w_i Log_μ(X_i)|_F / Σ w_i ≤ tol (default 1e-10). */
  tol?: number;
  /** Maximum gradient steps (default 200). */
  maxIter?: number;
  /** Starting point, n×p orthonormal (default: the weighted flag mean of order p). */
  init?: MatrixInput;
}

/** Result of {@link karcherMean}. */
export interface KarcherMeanResult {
  /** n×p orthonormal basis of the mean. */
  mean: Matrix;
  /** Gradient steps taken. */
  iterations: number;
  /** |Σ w_i Log_μ(X_i)|_F / Σ w_i at the returned mean (half the Riemannian gradient norm of the objective). */
  gradientNorm: number;
  /** Σ w_i d_g(μ, X_i)² / Σ w_i: weighted mean squared geodesic distance (Fréchet variance). */
  objective: number;
  /** True when gradientNorm ≤ tol. */
  converged: boolean;
}

interface Evaluation {
  objective: number;
  /** G = Σ w_i Log_μ(X_i) / Σ w_i (n×p): minus half the gradient of the objective. */
  G: Matrix;
  gradientNorm: number;
}

function evaluate(mu: Matrix, xs: Matrix[], w: Float64Array, sw: number): Evaluation {
  const n = mu.rows;
  const p = mu.cols;
  const G = new Float64Array(n * p);
  let objective = 0;
  for (let i = 0; i < xs.length; i++) {
    if (w[i] === 0) continue;
    const f = geodesicFactors(
      mu,
      xs[i],
      1e-12,
      `karcherMean: points[${i}] seen from the current iterate`,
    );
    let d2 = 0;
    for (let j = 0; j < p; j++) d2 += f.angles[j] * f.angles[j];
    objective += w[i] * d2;
    const L = logFromFactors(f).data;
    const c = w[i] / sw;
    for (let t = 0; t < G.length; t++) G[t] += c * L[t];
  }
  let g2 = 0;
  for (let t = 0; t < G.length; t++) g2 += G[t] * G[t];
  return {
    objective: objective / sw,
    G: { rows: n, cols: p, data: G },
    gradientNorm: Math.sqrt(g2),
  };
}

/**
 * Weighted Karcher mean of span(X_1)..span(X_r) ⊂ Gr(p, n): a local minimiser of
 * f(μ) = Σ_i w_i d_g(μ, X_i)² / Σ_i w_i (geodesic distance), by Riemannian gradient descent
 *
 *   μ ← Exp_μ(α·G),  G = Σ_i w_i Log_μ(X_i) / Σ_i w_i  (= −½ grad f),
 *
 * with α = 1 halved (Armijo, up to 30 times) until f decreases by 1e-4·2α|G|_F², so f never
 * increases (up to rounding). It converges to the unique mean when the points lie in a
 * geodesic ball of radius < π/4 (convexity); stops when |G|_F ≤ tol. The default start is the
 * weighted flag mean, usually within O(spread²) of the answer.
 *
 * Cost per iteration: r logarithms (each O(n·p²) plus p×p SVDs) and an n×p SVD for Exp, plus
 * again per backtracking halving.
 *
 * @param points - bases X_i, all n×p orthonormal (same p).
 * @returns mean, iterations, gradientNorm, objective, converged (no throw on non-convergence).
 * @throws ManifoldError `EMPTY_INPUT`, `NOT_ORTHONORMAL` / `DIMENSION_MISMATCH` naming the point
 *   (all points must share n and p), `INVALID_PARAMETER` for options or when a point is in the
 *   cut locus of an iterate (a principal angle of π/2, message names the point).
 * @example
 * ```ts
 * import { karcherMean } from "manifold-geom/grassmann";
 * // Lines of R² at ±0.3 rad: the mean is the x-axis and the Fréchet variance is 0.3².
 * const line = (a: number) => [[Math.cos(a)], [Math.sin(a)]];
 * const { mean, objective, converged } = karcherMean([line(0.3), line(-0.3)]);
 * console.log(converged, Math.abs(mean.data[1]) < 1e-12, objective.toFixed(12)); // true true 0.090000000000
 * ```
 */
export function karcherMean(
  points: ReadonlyArray<MatrixInput>,
  options: KarcherMeanOptions = {},
): KarcherMeanResult {
  const xs = toGrassmannPoints(points, "karcherMean: points");
  const p = xs[0].cols;
  for (let i = 1; i < xs.length; i++) {
    if (xs[i].cols !== p) {
      throw new ManifoldError(
        "DIMENSION_MISMATCH",
        `karcherMean: points[${i}] has ${xs[i].cols} columns but points[0] has ${p}; the Karcher mean needs points of one Gr(p, n) (use flagMean for mixed dimensions).`,
        { index: i, got: xs[i].cols, expected: p },
      );
    }
  }
  const w = toWeights(options.weights, xs.length, "karcherMean: weights");
  const tol = requirePositive(options.tol ?? 1e-10, "karcherMean: tol", true);
  const maxIter = requireInt(options.maxIter ?? 200, "karcherMean: maxIter", 0);
  let sw = 0;
  for (let i = 0; i < w.length; i++) sw += w[i];
  let mu: Matrix;
  if (options.init !== undefined) {
    mu = toGrassmannPoint(options.init, "karcherMean: init");
    if (mu.rows !== xs[0].rows || mu.cols !== p) {
      throw new ManifoldError(
        "DIMENSION_MISMATCH",
        `karcherMean: init is ${mu.rows}×${mu.cols} but the points are ${xs[0].rows}×${p}.`,
      );
    }
  } else {
    mu = flagMeanChecked(xs, p, w, {}, "karcherMean").mean;
  }
  let ev = evaluate(mu, xs, w, sw);
  let iterations = 0;
  while (ev.gradientNorm > tol && iterations < maxIter) {
    const g2 = ev.gradientNorm * ev.gradientNorm;
    let alpha = 1;
    let accepted = false;
    for (let halving = 0; halving <= 30; halving++) {
      const cand = expUnchecked(mu, ev.G, alpha);
      const ec = evaluate(cand, xs, w, sw);
      const slack = 4 * Number.EPSILON * ev.objective;
      if (ec.objective <= ev.objective - 2e-4 * alpha * g2 + slack) {
        mu = cand;
        ev = ec;
        accepted = true;
        break;
      }
      alpha /= 2;
    }
    iterations++;
    if (!accepted) break;
  }
  return {
    mean: mu,
    iterations,
    gradientNorm: ev.gradientNorm,
    objective: ev.objective,
    converged: ev.gradientNorm <= tol,
  };
}
