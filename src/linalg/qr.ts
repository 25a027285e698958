/**
 * Householder QR factorisation with optional column pivoting.
 *
 * @module
 */
import { ManifoldError } from "../errors/index.js";
import type { Matrix } from "../matrix/index.js";
import { requireFiniteMatrix, requireShape } from "./checks.js";
import { extractR, formQt, householderQRt, scaledTranspose } from "./householder.js";
import { transposeData } from "./transpose.js";

/** Options for {@link qr}. */
export interface QrOptions {
  /**
   * Relative rank tolerance: rank = #{j : |R_jj| > tol·max_i |R_ii|}
   * (default max(m, n)·ε, the usual numerical-rank threshold).
   */
  tol?: number;
  /**
   * Column pivoting, A·P = Q·R, largest remaining column first (default
   * false, so that A = Q·R). Pivoting makes the rank read from diag(R)
   * reliable; without it, use it only for full-rank or generic input.
   */
  pivot?: boolean;
}

/** Result of {@link qr}. */
export interface QrResult {
  /** m×n with orthonormal columns. */
  Q: Matrix;
  /** n×n upper triangular with R_jj ≥ 0 (non-increasing in magnitude when pivoting). */
  R: Matrix;
  /** Numerical rank #{j : |R_jj| > tol·max_i |R_ii|}. */
  rank: number;
  /** Column j of Q·R is column perm[j] of A (the identity without pivoting). */
  perm: Int32Array;
}

/**
 * Thin Householder QR: A·P = Q·R with Q m×n orthonormal, R n×n upper
 * triangular with non-negative diagonal, P the permutation `perm` (identity
 * unless `pivot`).
 *
 * Backward stable column by column: Q·R = (A + δA)·P with |δa_j| = O(mε·|a_j|).
 * Cost 4mn² − 4n³/3 flops (factor + explicit Q), (m + n)·n memory. The input
 * is not modified.
 *
 * @param A - m×n with m ≥ n.
 * @param options - see {@link QrOptions}.
 * @throws ManifoldError `DIMENSION_MISMATCH` when m < n (factor Aᵀ instead);
 *   `NON_FINITE` for NaN/±Infinity; `INVALID_PARAMETER` for a bad `tol`.
 * @example
 * ```ts
 * import { fromArrays, qr, toArrays } from "manifold-geom";
 * // Columns (3, 4, 0) and (1, 1, 1): R₀₀ = |a₀| = 5, R₀₁ = q₀·a₁ = 7/5.
 * const { Q, R, rank } = qr(fromArrays([[3, 1], [4, 1], [0, 1]]));
 * console.log(rank, R.data[0], R.data[1].toFixed(12), R.data[2]); // 2 5 1.400000000000 0
 * console.log(toArrays(Q)[0][0].toFixed(12)); // 0.600000000000 (= 3/5)
 * ```
 */
export function qr(A: Matrix, options: QrOptions = {}): QrResult {
  requireShape(A, "qr");
  const m = A.rows;
  const n = A.cols;
  const tol = options.tol ?? Math.max(m, n) * 2.220446049250313e-16;
  if (typeof tol !== "number" || !(tol >= 0) || !Number.isFinite(tol)) {
    throw new ManifoldError(
      "INVALID_PARAMETER",
      `qr: tol must be a finite number >= 0; got ${String(tol)}.`,
      {
        name: "tol",
        value: tol,
      },
    );
  }
  if (m < n) {
    throw new ManifoldError(
      "DIMENSION_MISMATCH",
      `qr: A is ${m}×${n} but thin QR needs rows >= cols; factor the transpose, or use svd for a wide matrix.`,
      { rows: m, cols: n },
    );
  }
  requireFiniteMatrix(A, "qr");
  const { at, scale } = scaledTranspose(A.data, m, n);
  const { tau, rdiag, perm } = householderQRt(at, n, m, options.pivot === true);
  const qt = formQt(at, n, m, tau);
  const R = extractR(at, n, m, rdiag);
  const inv = 1 / scale;
  let rmax = 0;
  for (let k = 0; k < n; k++) {
    // Make R_kk ≥ 0 by flipping row k of R and column k of Q (row k of Qt).
    if (rdiag[k] < 0) {
      for (let j = k; j < n; j++) R[k * n + j] = -R[k * n + j];
      for (let i = 0; i < m; i++) qt[k * m + i] = -qt[k * m + i];
    }
    for (let j = k; j < n; j++) R[k * n + j] *= inv;
    rmax = Math.max(rmax, R[k * n + k]);
  }
  let rank = 0;
  for (let k = 0; k < n; k++) if (R[k * n + k] > tol * rmax) rank++;
  return {
    Q: { rows: m, cols: n, data: transposeData(qt, n, m) },
    R: { rows: n, cols: n, data: R },
    rank,
    perm,
  };
}
