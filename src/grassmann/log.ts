/**
 * Riemannian logarithm on the Grassmann manifold.
 *
 * @module
 */
import { ManifoldError, requirePositive } from "../errors/index.js";
import type { Matrix, MatrixInput } from "../matrix/index.js";
import { gramTransA, mulSmall, residual } from "./kernels.js";
import { pairedVectors } from "./principalVectors.js";
import { requireSameAmbient, toGrassmannPoint } from "./validate.js";

/** Options for {@link log} and `geodesic`. */
export interface LogOptions {
  /**
   * Cut-locus tolerance (default 1e-12): the logarithm is refused when the largest principal
   * angle is within this distance of π/2, where YᵀX is singular and the minimising geodesic
   * is not unique.
   */
  cutLocusTol?: number;
}

/**
 * The geodesic from Y towards X in factored form: with principal vectors U = YW (in span Y),
 * V (in span X) and angles θ, `P = (I − YYᵀ)V = Q·diag(sin θ)` for an orthonormal Q ⊥ span(Y);
 * then Log_Y(X) = P·diag(θ/sin θ)·Wᵀ and γ(t) = (U·diag(cos tθ) + P·diag(sin tθ / sin θ))·Wᵀ.
 * @internal
 */
export interface GeodesicFactors {
  angles: Float64Array;
  /** n×p, U = Y·W. */
  U: Matrix;
  /** n×p, P = (I − YYᵀ)V. */
  P: Matrix;
  /** p×p row-major Wᵀ. */
  Wt: Float64Array;
}

/** @internal */
export function geodesicFactors(
  Y: Matrix,
  X: Matrix,
  cutLocusTol: number,
  where: string,
): GeodesicFactors {
  const p = Y.cols;
  if (X.cols !== p) {
    throw new ManifoldError(
      "DIMENSION_MISMATCH",
      `${where}: Y spans a ${p}-dimensional subspace but X spans a ${X.cols}-dimensional one; a geodesic joins points of the same Gr(p, n).`,
      { p, q: X.cols },
    );
  }
  const { angles, U, V } = pairedVectors(Y, X);
  const worst = angles[p - 1];
  if (Math.PI / 2 - worst <= cutLocusTol) {
    throw new ManifoldError(
      "INVALID_PARAMETER",
      `${where}: X is in the cut locus of Y: principal angle ${p} (of ${p}) is π/2${worst === Math.PI / 2 ? "" : ` − ${(Math.PI / 2 - worst).toExponential(2)}`}, so YᵀX is singular and no unique shortest geodesic (logarithm) exists. Perturb the points or choose another base point.`,
      { angleIndex: p - 1, angle: worst, cutLocusTol },
    );
  }
  const W = gramTransA(Y, U, new Float64Array(p * p));
  const Wt = new Float64Array(p * p);
  for (let a = 0; a < p; a++) for (let b = 0; b < p; b++) Wt[a * p + b] = W[b * p + a];
  const T = gramTransA(Y, V, new Float64Array(p * p));
  const P: Matrix = {
    rows: Y.rows,
    cols: p,
    data: residual(Y, T, V, new Float64Array(Y.rows * p)),
  };
  return { angles, U, P, Wt };
}

/** θ/sin θ, with its limit 1 at θ = 0. */
function thetaOverSin(theta: number): number {
  return theta === 0 ? 1 : theta / Math.sin(theta);
}

/** Log from geodesic factors: P·diag(θ/sin θ)·Wᵀ. @internal */
export function logFromFactors(f: GeodesicFactors): Matrix {
  const { P, Wt, angles } = f;
  const n = P.rows;
  const p = P.cols;
  const scaled = new Float64Array(n * p);
  for (let j = 0; j < p; j++) {
    const c = thetaOverSin(angles[j]);
    for (let i = 0; i < n; i++) scaled[i * p + j] = P.data[i * p + j] * c;
  }
  return mulSmall({ rows: n, cols: p, data: scaled }, Wt, p);
}

/**
 * Riemannian logarithm Log_Y(X): the horizontal tangent vector Δ at Y (YᵀΔ = 0, n×p) whose
 * geodesic reaches span(X) at t = 1 with the least length, |Δ|_F = geodesic distance |θ|₂.
 *
 * Formula (Edelman–Arias–Smith): (I − YYᵀ)X(YᵀX)⁻¹ = UΣVᵀ, Δ = U·atan(Σ)·Vᵀ. It is evaluated
 * without the inverse, from the principal vectors (YW, XZ) of the pair: with
 * P = (I − YYᵀ)XZ = Q·diag(sin θ), Δ = P·diag(θ / sin θ)·Wᵀ, which keeps absolute accuracy O(ε)
 * for tiny angles and degrades only near the cut locus (error ~ ε / cos θ_max).
 *
 * Cost: one `principalVectors` call (O(n·p²) flops plus p×p and n×s SVDs) and 6·n·p² flops.
 *
 * @param Y - base point, n×p orthonormal.
 * @param X - target point, n×p orthonormal (same p).
 * @returns Δ, n×p.
 * @throws ManifoldError `INVALID_PARAMETER` when X is in the cut locus of Y (a principal angle
 *   within `cutLocusTol` of π/2; the message names it), `DIMENSION_MISMATCH` for different n or
 *   p, `NOT_ORTHONORMAL` and malformed-input codes.
 * @example
 * ```ts
 * import { log } from "manifold-geom/grassmann";
 * // From the x-axis of R² to the line at 0.5 rad: Δ = (0, 0.5), |Δ| = the angle.
 * console.log(log([[1], [0]], [[Math.cos(0.5)], [Math.sin(0.5)]]).data); // Float64Array(2) [ 0, 0.5 ] (to rounding)
 * ```
 */
export function log(Y: MatrixInput, X: MatrixInput, options: LogOptions = {}): Matrix {
  const y = toGrassmannPoint(Y, "log: Y");
  const x = toGrassmannPoint(X, "log: X");
  requireSameAmbient(y, x, "log: Y", "log: X");
  const tol = requirePositive(options.cutLocusTol ?? 1e-12, "log: cutLocusTol", true);
  return logFromFactors(geodesicFactors(y, x, tol, "log"));
}
