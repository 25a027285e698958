/**
 * Riemannian exponential on the Grassmann manifold.
 *
 * @module
 */
import { ManifoldError } from "../errors/index.js";
import { svd } from "../linalg/index.js";
import type { Matrix, MatrixInput } from "../matrix/index.js";
import { requireCols, toMatrix } from "../matrix/index.js";
import { gramTransA, maxAbs, mulSmall, reorthonormalize } from "./kernels.js";
import { requireSameAmbient, toGrassmannPoint } from "./validate.js";

/** Tangency tolerance of {@link exp}: max|YᵀΔ| ≤ 1e-8·max(1, max|Δ|). */
export const TANGENT_TOL = 1e-8;

/**
 * Exp for validated inputs (no tangency check). @internal
 */
export function expUnchecked(Y: Matrix, D: Matrix, t: number): Matrix {
  const n = Y.rows;
  const p = Y.cols;
  const { U, s, V } = svd(D);
  const r = s.length; // = p (thin SVD of an n×p matrix, p ≤ n)
  // X = (Y V cos(tΣ) + U sin(tΣ)) Vᵀ
  const YV = mulSmall(Y, V.data, r);
  const M = new Float64Array(n * r);
  for (let j = 0; j < r; j++) {
    const c = Math.cos(t * s[j]);
    const sn = Math.sin(t * s[j]);
    for (let i = 0; i < n; i++) M[i * r + j] = YV.data[i * r + j] * c + U.data[i * r + j] * sn;
  }
  const Vt = new Float64Array(r * p);
  for (let a = 0; a < p; a++) for (let b = 0; b < r; b++) Vt[b * p + a] = V.data[a * r + b];
  return reorthonormalize(mulSmall({ rows: n, cols: r, data: M }, Vt, p));
}

/**
 * Riemannian exponential Exp_Y(tΔ) (Edelman–Arias–Smith): with the thin SVD Δ = UΣVᵀ,
 *
 *   X = Y·V·cos(tΣ)·Vᵀ + U·sin(tΣ)·Vᵀ,
 *
 * re-orthonormalised (two Gram–Schmidt passes, an O(ε) change). The result is a basis, close
 * to Y for small tΔ (Exp_Y(0) = Y), of the point reached at time t along the geodesic with
 * initial velocity Δ; for |tΣ|_∞ < π/2 it is within the injectivity radius and
 * `log(Y, exp(Y, Δ, t))` spans back to tΔ.
 *
 * Cost: an n×p SVD plus about 8·n·p² flops; memory O(n·p).
 *
 * @param Y - base point, n×p orthonormal.
 * @param Delta - tangent vector at Y, n×p with YᵀΔ = 0 (project first with
 *   `projectToTangent` if needed).
 * @param t - time (default 1), any finite number.
 * @throws ManifoldError `INVALID_PARAMETER` when Δ is not tangent (max|YᵀΔ| > 1e-8·max(1,
 *   max|Δ|), the message gives the defect) or t is not finite, `DIMENSION_MISMATCH` for shapes,
 *   `NOT_ORTHONORMAL` and malformed-input codes.
 * @example
 * ```ts
 * import { exp } from "manifold-geom/grassmann";
 * // From the x-axis of R², the tangent vector (0, θ) rotates the line by θ.
 * const X = exp([[1], [0]], [[0], [0.5]]);
 * console.log(X.data[0] === Math.cos(0.5), Math.abs(X.data[1] - Math.sin(0.5)) < 1e-15); // true true
 * ```
 */
export function exp(Y: MatrixInput, Delta: MatrixInput, t = 1): Matrix {
  const y = toGrassmannPoint(Y, "exp: Y");
  const d = toMatrix(Delta, "exp: Delta");
  requireSameAmbient(y, d, "exp: Y", "exp: Delta");
  requireCols(d, y.cols, "exp: Delta", "the base point Y");
  if (typeof t !== "number" || !Number.isFinite(t)) {
    throw new ManifoldError(
      "INVALID_PARAMETER",
      `exp: t must be a finite number; got ${String(t)}.`,
    );
  }
  const defect = maxAbs(gramTransA(y, d, new Float64Array(y.cols * y.cols)));
  const scale = Math.max(1, maxAbs(d.data));
  if (defect > TANGENT_TOL * scale) {
    throw new ManifoldError(
      "INVALID_PARAMETER",
      `exp: Delta is not tangent at Y: max|YᵀΔ| = ${defect.toExponential(3)} (must be ≤ ${TANGENT_TOL}·max(1, max|Δ|)). Project it with grassmann.projectToTangent(Y, Delta).`,
      { defect },
    );
  }
  return expUnchecked(y, d, t);
}
