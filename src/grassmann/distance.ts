/**
 * Distances between subspaces, all computed from the principal angles.
 *
 * @module
 */
import { ManifoldError } from "../errors/index.js";
import type { MatrixInput } from "../matrix/index.js";
import { principalAngles } from "./principalAngles.js";

/** The distances {@link distance} computes. */
export type GrassmannMetric = "geodesic" | "chordal" | "projection" | "procrustes" | "fubiniStudy";

const METRICS: readonly GrassmannMetric[] = [
  "geodesic",
  "chordal",
  "projection",
  "procrustes",
  "fubiniStudy",
];

/**
 * Distance from principal angles θ_1..θ_m (see {@link distance} for the formulas).
 * @internal
 */
export function distanceFromAngles(theta: ArrayLike<number>, metric: GrassmannMetric): number {
  const m = theta.length;
  let acc = 0;
  switch (metric) {
    case "geodesic":
      for (let j = 0; j < m; j++) acc += theta[j] * theta[j];
      return Math.sqrt(acc);
    case "chordal":
      for (let j = 0; j < m; j++) acc += Math.sin(theta[j]) ** 2;
      return Math.sqrt(acc);
    case "projection":
      for (let j = 0; j < m; j++) acc = Math.max(acc, Math.sin(theta[j]));
      return acc;
    case "procrustes":
      for (let j = 0; j < m; j++) acc += Math.sin(theta[j] / 2) ** 2;
      return 2 * Math.sqrt(acc);
    case "fubiniStudy": {
      // arccos(∏ cos θ_j) = 2·asin(√(D/2)) with D = 1 − ∏ cos θ_j accumulated without
      // cancellation: cos θ = 1 − h, h = 2 sin²(θ/2), and D ← D + h·P, P ← P·cos θ
      // (P = product so far), so tiny angles keep their digits.
      let D = 0;
      let P = 1;
      for (let j = 0; j < m; j++) {
        const h = 2 * Math.sin(theta[j] / 2) ** 2;
        D += h * P;
        P *= Math.cos(theta[j]);
      }
      return 2 * Math.asin(Math.sqrt(Math.min(1, Math.max(0, D / 2))));
    }
    default:
      throw new ManifoldError(
        "INVALID_PARAMETER",
        `distance: metric must be one of ${METRICS.map((x) => `"${x}"`).join(", ")}; got ${String(metric)}.`,
        { metric },
      );
  }
}

/**
 * Distance between span(A) and span(B) from their principal angles θ_1..θ_m (m = min(p, q)):
 *
 * - `"geodesic"` (default, arc length of the Grassmann geodesic): |θ|₂ = √(Σ θ_j²);
 * - `"chordal"` (projection Frobenius): |sin θ|₂ = √(Σ sin² θ_j) = |AAᵀ − BBᵀ|_F/√2;
 * - `"projection"` (projection 2-norm): max_j sin θ_j = |AAᵀ − BBᵀ|₂;
 * - `"procrustes"` (chordal Frobenius): 2·√(Σ sin²(θ_j/2)) = min_R |AR − B|_F over orthogonal R;
 * - `"fubiniStudy"`: arccos(∏_j cos θ_j).
 *
 * When p ≠ q the formulas are applied to the m = min(p, q) angles (the distance from the
 * smaller subspace to the nearest subspace of the larger one). Accuracy: absolute O(ε), tiny
 * angles included (see `principalAngles`). Cost: one `principalAngles` call plus O(m).
 *
 * @param metric - one of the names above (default `"geodesic"`).
 * @throws ManifoldError `INVALID_PARAMETER` for an unknown metric, and everything
 *   `principalAngles` throws (`NOT_ORTHONORMAL`, `DIMENSION_MISMATCH`, …).
 * @example
 * ```ts
 * import { distance } from "manifold-geom/grassmann";
 * // Lines of R² at angle θ = 0.3: geodesic θ, chordal sin θ, Fubini–Study θ.
 * const A = [[1], [0]];
 * const B = [[Math.cos(0.3)], [Math.sin(0.3)]];
 * const theta = distance(A, B);
 * console.log(theta.toFixed(12), distance(A, B, "chordal") === Math.sin(theta)); // 0.300000000000 true
 * // Procrustes: 2·sin(θ/2).
 * console.log(distance(A, B, "procrustes").toFixed(12), (2 * Math.sin(0.15)).toFixed(12)); // equal
 * ```
 */
export function distance(
  A: MatrixInput,
  B: MatrixInput,
  metric: GrassmannMetric = "geodesic",
): number {
  if (!METRICS.includes(metric)) distanceFromAngles([], metric);
  return distanceFromAngles(principalAngles(A, B), metric);
}
