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
 */
export function polar(A: Matrix): Matrix {
  const { U, V } = svd(A);
  return gemm(U.rows, V.rows, U.cols, U.data, false, V.data, true);
}
