/**
 * Closeness of subspaces to a Schubert variety Ω_{c,k,l}(K), and the SVBF objective at a given K.
 *
 * @module
 */
import { ManifoldError, requireInt } from "../errors/index.js";
import { principalAngles } from "../grassmann/principalAngles.js";
import { toGrassmannPoint } from "../grassmann/validate.js";
import type { Matrix, MatrixInput } from "../matrix/index.js";
import {
  checkKc,
  checkObjective,
  evaluate,
  type SchubertObjective,
  toSchubertData,
} from "./problem.js";

/** How {@link schubertDistance} measures the c smallest principal angles θ_1..θ_c. */
export type SchubertDistanceKind = "geodesic" | "chordal" | "projection";

/** Options for {@link schubertDistance}. */
export interface SchubertDistanceOptions {
  /** Number of angles, 1 ≤ c ≤ min(l, k) (default 1). */
  c?: number;
  /** `"chordal"` (default): |sin θ_{1..c}|₂; `"geodesic"`: |θ_{1..c}|₂; `"projection"`: sin θ_c. */
  kind?: SchubertDistanceKind;
}

/**
 * Distance from span(X) ∈ Gr(l, n) to the Schubert variety Ω_{c,k,l}(K) = {V : dim(V ∩ span K) ≥ c}
 * (paper §3), from the c smallest principal angles θ_1 ≤ … ≤ θ_c between span(X) and span(K):
 * `"chordal"` √(Σ_{j≤c} sin² θ_j), `"geodesic"` √(Σ_{j≤c} θ_j²), `"projection"` sin θ_c. It is 0
 * exactly when span(X) meets span(K) in at least c dimensions. Angles come from
 * `grassmann.principalAngles` (sines below π/4), so tiny distances keep their digits.
 *
 * Cost: 2·n·l·k flops for XᵀK plus an SVD of l×k (and n·l·k more when an angle is below π/4).
 *
 * @param X - n×l orthonormal basis.
 * @param K - n×k orthonormal basis.
 * @throws ManifoldError `NOT_ORTHONORMAL` / `DIMENSION_MISMATCH` for X or K,
 *   `INVALID_PARAMETER` for c outside 1..min(l, k) or an unknown kind.
 * @example
 * ```ts
 * import { schubertDistance } from "manifold-geom";
 * const K = [[1, 0], [0, 1], [0, 0]]; // the xy-plane of R³
 * // A line at elevation 0.3 rad: chordal distance sin 0.3, geodesic distance 0.3.
 * const X = [[Math.cos(0.3)], [0], [Math.sin(0.3)]];
 * const geodesic = schubertDistance(X, K, { kind: "geodesic" });
 * console.log(schubertDistance(X, K) === Math.sin(0.3), geodesic.toFixed(12)); // true 0.300000000000
 * // The xz-plane meets K in the x-axis, so it lies on Ω_{1,2,2}(K): distance 0.
 * console.log(schubertDistance([[1, 0], [0, 0], [0, 1]], K)); // 0
 * ```
 */
export function schubertDistance(
  X: MatrixInput,
  K: MatrixInput,
  options: SchubertDistanceOptions = {},
): number {
  const x = toGrassmannPoint(X, "schubertDistance: X");
  const kk = toGrassmannPoint(K, "schubertDistance: K");
  const c = options.c ?? 1;
  const m = Math.min(x.cols, kk.cols);
  requireInt(c, `schubertDistance: c (at most min(l, k) = ${m})`, 1, m);
  const kind = options.kind ?? "chordal";
  if (kind !== "chordal" && kind !== "geodesic" && kind !== "projection") {
    throw new ManifoldError(
      "INVALID_PARAMETER",
      `schubertDistance: kind must be "chordal", "geodesic" or "projection"; got ${String(kind)}.`,
      { kind },
    );
  }
  return distanceFromAngles(principalAngles(x, kk), c, kind);
}

/** The distance of {@link schubertDistance} from ascending angles. @internal */
export function distanceFromAngles(
  theta: ArrayLike<number>,
  c: number,
  kind: SchubertDistanceKind,
): number {
  if (kind === "projection") return Math.sin(theta[c - 1]);
  let acc = 0;
  for (let j = 0; j < c; j++) acc += kind === "geodesic" ? theta[j] ** 2 : Math.sin(theta[j]) ** 2;
  return Math.sqrt(acc);
}

/** Options for {@link schubertObjective}. */
export interface SchubertObjectiveOptions {
  /** 1 ≤ c ≤ min(min_i l_i, k) (default 1). */
  c?: number;
  /** `"cos2"` (default) or `"cos"`. */
  objective?: SchubertObjective;
}

/**
 * The SVBF objective at a given K: F₂(K) = (1/rc) Σ_i Σ_{j≤c} cos² θ_ij or
 * F₁(K) = (1/rc) Σ_i Σ_{j≤c} cos θ_ij (cos θ_ij = singular values of X_iᵀK), the quantity
 * {@link fitSchubert} maximises. Cost 2·n·N·k flops (N = Σ l_i) plus r thin SVDs of l_i×k.
 *
 * @throws ManifoldError as {@link fitSchubert} for the samples, c and objective;
 *   `NOT_ORTHONORMAL` / `DIMENSION_MISMATCH` for K.
 * @example
 * ```ts
 * import { schubertObjective } from "manifold-geom";
 * // Lines at elevations 0.2 and 0.5 rad over K = the xy-plane: F₂ = (cos² 0.2 + cos² 0.5)/2.
 * const line = (e: number) => [[Math.cos(e)], [0], [Math.sin(e)]];
 * const F = schubertObjective([line(0.2), line(0.5)], [[1, 0], [0, 1], [0, 0]]);
 * console.log(Math.abs(F - (Math.cos(0.2) ** 2 + Math.cos(0.5) ** 2) / 2) < 1e-15); // true
 * ```
 */
export function schubertObjective(
  subspaces: ReadonlyArray<MatrixInput>,
  K: MatrixInput,
  options: SchubertObjectiveOptions = {},
): number {
  const d = toSchubertData(subspaces, "schubertObjective");
  const k: Matrix = toGrassmannPoint(K, "schubertObjective: K");
  if (k.rows !== d.n) {
    throw new ManifoldError(
      "DIMENSION_MISMATCH",
      `schubertObjective: K lives in R^${k.rows} but the subspaces in R^${d.n}.`,
    );
  }
  const c = options.c ?? 1;
  checkKc(d, k.cols, c, "schubertObjective");
  const objective = checkObjective(options.objective ?? "cos2", "schubertObjective");
  return evaluate(d, k, k.cols, c, objective).F;
}
