/**
 * Geodesics between two points of the Grassmann manifold.
 *
 * @module
 */
import { ManifoldError, requirePositive } from "../errors/index.js";
import type { Matrix, MatrixInput } from "../matrix/index.js";
import { mulSmall, reorthonormalize } from "./kernels.js";
import { type GeodesicFactors, geodesicFactors, type LogOptions } from "./log.js";
import { requireSameAmbient, toGrassmannPoint } from "./validate.js";

/**
 * Point at time t of a geodesic in factored form: (U·diag(cos tθ) + P·diag(sin tθ/sin θ))·Wᵀ.
 * @internal
 */
export function pointAt(f: GeodesicFactors, t: number): Matrix {
  const { U, P, Wt, angles } = f;
  const n = U.rows;
  const p = U.cols;
  const M = new Float64Array(n * p);
  for (let j = 0; j < p; j++) {
    const th = angles[j];
    const c = Math.cos(t * th);
    const r = th === 0 ? t : Math.sin(t * th) / Math.sin(th);
    for (let i = 0; i < n; i++) M[i * p + j] = U.data[i * p + j] * c + P.data[i * p + j] * r;
  }
  return reorthonormalize(mulSmall({ rows: n, cols: p, data: M }, Wt, p));
}

/**
 * The shortest geodesic γ from span(Y) (t = 0) to span(X) (t = 1), as a function of t:
 * γ(t) = Exp_Y(t·Log_Y(X)), evaluated from the principal vectors (U = YW ⊂ span Y, V ⊂ span X,
 * angles θ) as
 *
 *   γ(t) = (U·diag(cos tθ) + (I − YYᵀ)V·diag(sin tθ / sin θ))·Wᵀ,
 *
 * re-orthonormalised. γ(0) = Y (same basis), γ(1) spans X, and the principal angles between
 * γ(s) and γ(t) are |s − t|·θ, so d(γ(s), γ(t)) = |s − t|·|θ|₂ (γ(½) is the midpoint).
 * t outside [0, 1] extends the geodesic.
 *
 * Cost: setup is one `log` (O(n·p²) + small SVDs); each evaluation 4·n·p² + 4·n·p² flops.
 *
 * @throws ManifoldError as `log` (cut locus → `INVALID_PARAMETER`, `DIMENSION_MISMATCH`,
 *   `NOT_ORTHONORMAL`); the returned function throws `INVALID_PARAMETER` for a non-finite t.
 * @example
 * ```ts
 * import { geodesic } from "manifold-geom/grassmann";
 * // From the x-axis of R² to the line at 0.8 rad: γ(½) is the line at 0.4 rad.
 * const gamma = geodesic([[1], [0]], [[Math.cos(0.8)], [Math.sin(0.8)]]);
 * const mid = gamma(0.5);
 * console.log(Math.abs(Math.atan2(mid.data[1], mid.data[0]) - 0.4) < 1e-15); // true
 * ```
 */
export function geodesic(
  Y: MatrixInput,
  X: MatrixInput,
  options: LogOptions = {},
): (t: number) => Matrix {
  const y = toGrassmannPoint(Y, "geodesic: Y");
  const x = toGrassmannPoint(X, "geodesic: X");
  requireSameAmbient(y, x, "geodesic: Y", "geodesic: X");
  const tol = requirePositive(options.cutLocusTol ?? 1e-12, "geodesic: cutLocusTol", true);
  const f = geodesicFactors(y, x, tol, "geodesic");
  return (t: number) => {
    if (typeof t !== "number" || !Number.isFinite(t)) {
      throw new ManifoldError(
        "INVALID_PARAMETER",
        `geodesic: t must be a finite number; got ${String(t)}.`,
      );
    }
    return pointAt(f, t);
  };
}
