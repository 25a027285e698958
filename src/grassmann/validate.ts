/**
 * Validation of Grassmann points: an n×p matrix with orthonormal columns represents the
 * p-dimensional subspace it spans.
 *
 * @module
 */
import { ManifoldError } from "../errors/index.js";
import { type Matrix, type MatrixInput, toMatrix } from "../matrix/index.js";

/** Largest accepted orthonormality defect max|AᵀA − I| of a Grassmann point (GUIDE §6). */
export const ORTHONORMAL_TOL = 1e-8;

/**
 * Orthonormality defect max_{j,l} |(AᵀA − I)_{jl}| of an n×p matrix, computed on the upper
 * triangle of AᵀA (symmetric). Cost n·p(p+1)/2 multiply–adds, O(p) extra memory.
 * @internal
 */
export function defectOf(A: Matrix): number {
  const { rows: n, cols: p, data } = A;
  let worst = 0;
  const acc = new Float64Array(p);
  for (let j = 0; j < p; j++) {
    acc.fill(0, j);
    for (let i = 0; i < n; i++) {
      const off = i * p;
      const a = data[off + j];
      if (a === 0) continue;
      for (let l = j; l < p; l++) acc[l] += a * data[off + l];
    }
    const d = Math.abs(acc[j] - 1);
    if (d > worst) worst = d;
    for (let l = j + 1; l < p; l++) {
      const e = Math.abs(acc[l]);
      if (e > worst) worst = e;
    }
  }
  return worst;
}

/**
 * Validate a Grassmann point: a finite n×p matrix (p ≤ n) with max|AᵀA − I| ≤ 1e-8.
 * Returns it as a Matrix (a valid Matrix input is returned as is, never written to).
 * Cost O(n·p²).
 *
 * @param input - the basis, n×p.
 * @param name - what to call it in messages (e.g. "grassmann.distance: A").
 * @throws ManifoldError `EMPTY_INPUT` / `RAGGED_INPUT` / `NON_FINITE` for a malformed matrix,
 *   `DIMENSION_MISMATCH` when p > n (p orthonormal columns need n ≥ p),
 *   `NOT_ORTHONORMAL` with the measured defect when max|AᵀA − I| > 1e-8.
 * @example
 * ```ts
 * import { ManifoldError } from "manifold-geom";
 * import { toGrassmannPoint } from "manifold-geom/grassmann";
 * console.log(toGrassmannPoint([[0.6], [0.8]], "u").data); // Float64Array(2) [ 0.6, 0.8 ] (unit length)
 * try {
 *   toGrassmannPoint([[1], [1]], "u"); // length √2, not a unit vector
 * } catch (e) {
 *   console.log(e instanceof ManifoldError && e.code); // NOT_ORTHONORMAL
 * }
 * ```
 */
export function toGrassmannPoint(input: MatrixInput, name = "point"): Matrix {
  const A = toMatrix(input, name);
  if (A.cols > A.rows) {
    throw new ManifoldError(
      "DIMENSION_MISMATCH",
      `${name} is ${A.rows}×${A.cols}: a basis of a p-dimensional subspace of R^n is n×p with p ≤ n (pass points as columns; transpose if you passed rows).`,
      { name, rows: A.rows, cols: A.cols },
    );
  }
  const defect = defectOf(A);
  if (!(defect <= ORTHONORMAL_TOL)) {
    throw new ManifoldError(
      "NOT_ORTHONORMAL",
      `${name} (${A.rows}×${A.cols}) does not have orthonormal columns: max|AᵀA − I| = ${defect.toExponential(3)} > ${ORTHONORMAL_TOL}. Pass it through grassmann.orthonormalize(A) first (QR with rank detection).`,
      { name, defect, tol: ORTHONORMAL_TOL },
    );
  }
  return A;
}

/**
 * Throw `DIMENSION_MISMATCH` unless `B` lives in the same ambient R^n as `A`.
 * @internal
 */
export function requireSameAmbient(A: Matrix, B: Matrix, nameA: string, nameB: string): void {
  if (A.rows !== B.rows) {
    throw new ManifoldError(
      "DIMENSION_MISMATCH",
      `${nameA} is a subspace of R^${A.rows} but ${nameB} is a subspace of R^${B.rows}; both bases need the same number of rows n.`,
      { [nameA]: A.rows, [nameB]: B.rows },
    );
  }
}

/**
 * Validate a non-empty list of Grassmann points in the same R^n.
 * @internal
 */
export function toGrassmannPoints(points: ReadonlyArray<MatrixInput>, name: string): Matrix[] {
  if (!Array.isArray(points)) {
    throw new ManifoldError(
      "INVALID_PARAMETER",
      `${name} must be an array of n×p bases; got ${typeof points}.`,
    );
  }
  if (points.length === 0) {
    throw new ManifoldError("EMPTY_INPUT", `${name} is empty; pass at least one subspace basis.`);
  }
  const out: Matrix[] = new Array(points.length);
  for (let i = 0; i < points.length; i++) {
    out[i] = toGrassmannPoint(points[i], `${name}[${i}]`);
    if (i > 0) requireSameAmbient(out[0], out[i], `${name}[0]`, `${name}[${i}]`);
  }
  return out;
}

/**
 * Validate optional non-negative weights (one per point, positive sum); default all ones.
 * @internal
 */
export function toWeights(
  weights: ArrayLike<number> | undefined,
  count: number,
  name: string,
): Float64Array {
  const w = new Float64Array(count);
  if (weights === undefined) {
    w.fill(1);
    return w;
  }
  if (weights.length !== count) {
    throw new ManifoldError(
      "DIMENSION_MISMATCH",
      `${name} has length ${weights.length} but there are ${count} points; pass one weight per point.`,
      { name, got: weights.length, expected: count },
    );
  }
  let sum = 0;
  for (let i = 0; i < count; i++) {
    const v = weights[i];
    if (typeof v !== "number" || !Number.isFinite(v) || v < 0) {
      throw new ManifoldError(
        "INVALID_PARAMETER",
        `${name}[${i}] is ${String(v)}; weights must be finite and >= 0.`,
        { name, index: i, value: v },
      );
    }
    w[i] = v;
    sum += v;
  }
  if (!(sum > 0)) {
    throw new ManifoldError(
      "INVALID_PARAMETER",
      `${name} sum to 0; give at least one point a positive weight.`,
    );
  }
  return w;
}
