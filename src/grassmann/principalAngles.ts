/**
 * Principal angles between subspaces, accurate for small and large angles alike.
 *
 * @module
 */
import { singularValues } from "../linalg/index.js";
import type { Matrix, MatrixInput } from "../matrix/index.js";
import { gramTransA, residual } from "./kernels.js";
import { requireSameAmbient, toGrassmannPoint, toGrassmannPoints } from "./validate.js";

/**
 * Principal angles of validated bases A (n×p) and B (n×q) with p ≥ q, written ascending into
 * `out` (length q). `M` (p·q) and `R` (n·q) are scratch.
 *
 * Cosines σ_1 ≥ … ≥ σ_q are the singular values of AᵀB; sines μ_1 ≥ … ≥ μ_q those of
 * B − A(AᵀB) (= (I − AAᵀ)B, whose singular values are exactly sin θ because p ≥ q). The j-th
 * smallest angle pairs σ_j with μ_{q+1−j}; it is asin μ_{q+1−j} when σ_j > 1/√2 (θ < π/4,
 * where acos loses digits) and acos σ_j otherwise, so every angle has absolute error O(ε).
 * The residual SVD is skipped when no angle is below π/4.
 * @internal
 */
export function anglesInto(
  A: Matrix,
  B: Matrix,
  out: Float64Array,
  M: Float64Array,
  R: Float64Array,
): Float64Array {
  const p = A.cols;
  const q = B.cols;
  const n = A.rows;
  const m = M.subarray(0, p * q);
  gramTransA(A, B, m);
  const cos = singularValues({ rows: p, cols: q, data: m });
  let sin: Float64Array | null = null;
  if (cos[0] > Math.SQRT1_2) {
    const r = R.subarray(0, n * q);
    residual(A, m, B, r);
    sin = singularValues({ rows: n, cols: q, data: r });
  }
  for (let j = 0; j < q; j++) {
    const c = cos[j];
    if (sin !== null && c > Math.SQRT1_2) {
      out[j] = Math.asin(Math.min(1, sin[q - 1 - j]));
    } else {
      out[j] = Math.acos(Math.min(1, Math.max(0, c)));
    }
  }
  // The switch between the two formulas can break ascending order by O(ε); restore it.
  for (let j = 1; j < q; j++) {
    const v = out[j];
    let l = j - 1;
    while (l >= 0 && out[l] > v) {
      out[l + 1] = out[l];
      l--;
    }
    out[l + 1] = v;
  }
  return out;
}

/**
 * Principal angles θ_1 ≤ … ≤ θ_m between span(A) and span(B), m = min(p, q).
 *
 * θ_j = acos σ_j where σ_j are the singular values of AᵀB (the cosines), except that angles
 * below π/4 are taken from the sines, the singular values of B − A(AᵀB) (Knyazev–Argentati),
 * so tiny angles (1e-9) are exact to ~1e-16 absolute where cosines alone return 0. Every angle
 * lies in [0, π/2] and has absolute error O(ε) (not relative error for tiny angles).
 * The result is symmetric in A and B and independent of the chosen bases.
 *
 * Cost: 2·n·p·q flops for AᵀB, the SVD of a p×q matrix, and, only when some angle is below
 * π/4, 2·n·p·q more flops and the SVD of an n×m matrix; validation adds n·(p² + q²)/2.
 * Memory O(n·m + p·q).
 *
 * @param A - n×p basis with orthonormal columns.
 * @param B - n×q basis with orthonormal columns (q may differ from p).
 * @returns the m angles, ascending, in radians.
 * @throws ManifoldError `NOT_ORTHONORMAL` (with the measured defect; fix with
 *   `grassmann.orthonormalize`), `DIMENSION_MISMATCH` when A and B have different n or a
 *   basis has more columns than rows, `EMPTY_INPUT` / `RAGGED_INPUT` / `NON_FINITE`.
 * @example
 * ```ts
 * import { grassmann } from "manifold-geom";
 * // The xy-plane contains the x-axis: one angle, 0.
 * console.log(grassmann.principalAngles([[1, 0], [0, 1], [0, 0]], [[1], [0], [0]])); // Float64Array(1) [ 0 ]
 * // A line at 60° to the plane: the angle is π/3.
 * const line = [[0], [Math.cos(Math.PI / 3)], [Math.sin(Math.PI / 3)]];
 * console.log(grassmann.principalAngles([[1, 0], [0, 1], [0, 0]], line)[0] * 3 / Math.PI); // ≈ 1
 * ```
 */
export function principalAngles(A: MatrixInput, B: MatrixInput): Float64Array {
  let a = toGrassmannPoint(A, "principalAngles: A");
  let b = toGrassmannPoint(B, "principalAngles: B");
  requireSameAmbient(a, b, "principalAngles: A", "principalAngles: B");
  if (a.cols < b.cols) [a, b] = [b, a];
  const q = b.cols;
  return anglesInto(
    a,
    b,
    new Float64Array(q),
    new Float64Array(a.cols * q),
    new Float64Array(a.rows * q),
  );
}

/**
 * Principal angles of one subspace against many: `principalAnglesMany(A, Bs)[i]` equals
 * `principalAngles(A, Bs[i])` (same formulas and accuracy).
 *
 * A is validated once and the scratch buffers are shared across the Bs, so the per-pair cost
 * is 2·n·p·q_i flops for AᵀB_i, its SVD, and the residual step only for pairs with an angle
 * below π/4.
 *
 * @param A - n×p orthonormal basis.
 * @param Bs - bases n×q_i (q_i may differ).
 * @returns one ascending Float64Array of min(p, q_i) angles per B_i.
 * @throws ManifoldError as {@link principalAngles}, naming the offending `Bs[i]`;
 *   `EMPTY_INPUT` for an empty list.
 * @example
 * ```ts
 * import { principalAnglesMany } from "manifold-geom/grassmann";
 * // The x-axis of R² against lines at 0°, 45° and 90°.
 * const line = (a: number) => [[Math.cos(a)], [Math.sin(a)]];
 * const angles = principalAnglesMany(line(0), [line(0), line(Math.PI / 4), line(Math.PI / 2)]);
 * console.log(angles.map((t) => +((t[0] * 180) / Math.PI).toFixed(9))); // [ 0, 45, 90 ]
 * ```
 */
export function principalAnglesMany(
  A: MatrixInput,
  Bs: ReadonlyArray<MatrixInput>,
): Float64Array[] {
  const a = toGrassmannPoint(A, "principalAnglesMany: A");
  const bs = toGrassmannPoints(Bs, "principalAnglesMany: Bs");
  requireSameAmbient(a, bs[0], "principalAnglesMany: A", "principalAnglesMany: Bs[0]");
  let maxQ = 0;
  for (const b of bs) maxQ = Math.max(maxQ, b.cols);
  const M = new Float64Array(a.cols * maxQ);
  const R = new Float64Array(a.rows * Math.max(maxQ, a.cols));
  const out: Float64Array[] = new Array(bs.length);
  for (let i = 0; i < bs.length; i++) {
    const b = bs[i];
    if (b.cols <= a.cols) {
      out[i] = anglesInto(a, b, new Float64Array(b.cols), M, R);
    } else {
      out[i] = anglesInto(b, a, new Float64Array(a.cols), M, R);
    }
  }
  return out;
}
