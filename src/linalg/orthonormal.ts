/**
 * Orthonormal bases and orthonormality checks.
 *
 * @module
 */
import { ManifoldError } from "../errors/index.js";
import type { Matrix } from "../matrix/index.js";
import { requireFiniteMatrix, requireShape } from "./checks.js";
import { extractR, formQt, householderQRt, scaledTranspose } from "./householder.js";
import { gemm } from "./matmul.js";
import { singularValues } from "./svd.js";
import { transposeData } from "./transpose.js";

/** Options for {@link orthonormalize}. */
export interface OrthonormalizeOptions {
  /**
   * Relative rank tolerance (default 1e-10): the columns are rejected as
   * dependent when σ_min(A)/σ_max(A) ≤ tol.
   */
  tol?: number;
}

/**
 * An orthonormal basis Q (n×p) of span(A) for A n×p of full column rank,
 * with the same orientation as A: Q is the Q factor of A = Q·R with
 * diag(R) > 0, so Q_{:,1..j} spans A_{:,1..j} for every j, and an A that
 * already has orthonormal columns comes back unchanged up to rounding.
 *
 * Rank is judged from the singular values of R (same as those of A):
 * σ_min/σ_max ≤ tol is rejected. Cost 4np² flops for QR and Q plus O(p³)
 * for the singular values; memory O(np). The input is not modified.
 *
 * @param A - n×p with p ≤ n.
 * @param options - see {@link OrthonormalizeOptions}.
 * @throws ManifoldError `RANK_DEFICIENT` naming the rank found and the
 *   tolerance (also when p > n); `NON_FINITE` for NaN/±Infinity;
 *   `INVALID_PARAMETER` for a bad `tol`.
 * @example
 * ```ts
 * import { fromArrays, orthonormalize, toArrays } from "manifold-geom";
 * // Columns (3, 4) and (1, 0): Q's first column is (3, 4)/5, the second the unit vector
 * // orthogonal to it on the side of (1, 0).
 * const Q = orthonormalize(fromArrays([[3, 1], [4, 0]]));
 * console.log(toArrays(Q).map((r) => r.map((v) => +v.toFixed(6)))); // [ [ 0.6, 0.8 ], [ 0.8, -0.6 ] ]
 * ```
 */
export function orthonormalize(A: Matrix, options: OrthonormalizeOptions = {}): Matrix {
  const tol = options.tol ?? 1e-10;
  if (typeof tol !== "number" || !(tol >= 0) || !(tol < 1)) {
    throw new ManifoldError(
      "INVALID_PARAMETER",
      `orthonormalize: tol must be a number in [0, 1); got ${String(tol)}.`,
      { name: "tol", value: tol },
    );
  }
  requireShape(A, "orthonormalize");
  requireFiniteMatrix(A, "orthonormalize");
  const n = A.rows;
  const p = A.cols;
  if (p > n) {
    throw new ManifoldError(
      "RANK_DEFICIENT",
      `orthonormalize: A is ${n}×${p}, so its rank is at most ${n} < ${p} columns (tolerance ${tol}); ${p} vectors in R^${n} cannot be independent. Pass at most ${n} columns.`,
      { rank: n, cols: p, tol },
    );
  }
  const { at, scale } = scaledTranspose(A.data, n, p);
  const { tau, rdiag } = householderQRt(at, p, n, false);
  const R = extractR(at, p, n, rdiag);
  const s = singularValues({ rows: p, cols: p, data: R });
  let rank = 0;
  for (let j = 0; j < p; j++) if (s[j] > tol * s[0]) rank++;
  if (rank < p) {
    const ratio = s[0] === 0 ? 0 : s[p - 1] / s[0];
    throw new ManifoldError(
      "RANK_DEFICIENT",
      `orthonormalize: the ${p} columns of A (${n}×${p}) have numerical rank ${rank} at tolerance ${tol} (σ_min/σ_max = ${ratio}); they do not span a ${p}-dimensional subspace. Remove dependent columns or lower tol.`,
      { rank, cols: p, tol, sigmaRatio: ratio, sigmaMax: s[0] / scale },
    );
  }
  const qt = formQt(at, p, n, tau);
  for (let k = 0; k < p; k++) {
    if (rdiag[k] < 0) for (let i = 0; i < n; i++) qt[k * n + i] = -qt[k * n + i];
  }
  return { rows: n, cols: p, data: transposeData(qt, p, n) };
}

/**
 * Orthonormality defect max_ij |(AᵀA − I)_ij| of A (n×p). Cost 2np² flops,
 * p² memory. NaN entries give NaN.
 * @throws ManifoldError `DIMENSION_MISMATCH` for a malformed Matrix.
 * @example
 * ```ts
 * import { fromArrays, orthonormalityDefect } from "manifold-geom";
 * // Columns of norm 1 at 60°: AᵀA − I has off-diagonal cos 60° = 0.5.
 * const A = fromArrays([[1, 0.5], [0, Math.sqrt(3) / 2]]);
 * console.log(orthonormalityDefect(A).toFixed(12)); // 0.500000000000
 * ```
 */
export function orthonormalityDefect(A: Matrix): number {
  requireShape(A, "orthonormalityDefect");
  const p = A.cols;
  const G = gemm(p, p, A.rows, A.data, true, A.data, false).data;
  let worst = 0;
  for (let i = 0; i < p; i++) {
    for (let j = 0; j < p; j++) {
      const d = Math.abs(G[i * p + j] - (i === j ? 1 : 0));
      if (Number.isNaN(d)) return Number.NaN;
      if (d > worst) worst = d;
    }
  }
  return worst;
}

/**
 * True when A's columns are orthonormal to `tol`: max|AᵀA − I| ≤ tol
 * (default 1e-8, the Grassmann point check, because bases built in double precision are
 * orthonormal to about 1e-15 and 1e-8 leaves room for data read from text). False for NaN
 * entries. Cost 2np² flops, p² memory.
 * @throws ManifoldError `DIMENSION_MISMATCH` for a malformed Matrix (data length not rows·cols).
 * @example
 * ```ts
 * import { fromArrays, isOrthonormal } from "manifold-geom";
 * const c = Math.SQRT1_2;
 * console.log(isOrthonormal(fromArrays([[c, -c], [c, c]]))); // true (a rotation)
 * console.log(isOrthonormal(fromArrays([[1, 1], [0, 1]]))); // false
 * ```
 */
export function isOrthonormal(A: Matrix, tol = 1e-8): boolean {
  return orthonormalityDefect(A) <= tol;
}
