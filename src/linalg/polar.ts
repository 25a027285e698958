/**
 * Polar factor: the nearest matrix with orthonormal columns.
 *
 * @module
 */
import type { Matrix } from "../matrix/index.js";
import { gemm } from "./matmul.js";
import { svd } from "./svd.js";

/**
 * Orthogonal polar factor U·Vᵀ of A (m×n) from the thin SVD A = U·Σ·Vᵀ:
 * the minimiser of |A − W|_F over W with orthonormal columns (m ≥ n) or
 * rows (m < n). For A = W·H with W orthonormal and H symmetric positive
 * definite it returns W. Unique when A has full rank; for rank-deficient A
 * one of the minimisers is returned.
 *
 * Cost: one {@link svd} plus 2·m·n·min(m, n) flops.
 * @throws ManifoldError as {@link svd} (`NON_FINITE`, `DIMENSION_MISMATCH`).
 * @example
 * ```ts
 * import { fromArrays, polar, toArrays } from "manifold-geom";
 * // A = W·H with W a 90° rotation and H = diag(2, 3): the polar factor is W.
 * const W = polar(fromArrays([[0, -3], [2, 0]]));
 * console.log(toArrays(W).map((r) => r.map((v) => Math.round(v)))); // [ [ 0, -1 ], [ 1, 0 ] ]
 * ```
 */
export function polar(A: Matrix): Matrix {
  const { U, V } = svd(A);
  return gemm(U.rows, V.rows, U.cols, U.data, false, V.data, true);
}
