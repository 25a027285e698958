/**
 * Matrix transpose.
 *
 * @module
 */
import type { Matrix } from "../matrix/index.js";

/**
 * Bᵀ as a new matrix: B_ji = A_ij. Cost O(rows·cols) time and memory; walks A
 * in 32×32 tiles so both sides stay in cache for large matrices. Never throws (A is not
 * validated; use `toMatrix` on user input).
 *
 * @example
 * ```ts
 * import { fromArrays, toArrays, transpose } from "manifold-geom";
 * console.log(toArrays(transpose(fromArrays([[1, 2, 3], [4, 5, 6]])))); // [ [ 1, 4 ], [ 2, 5 ], [ 3, 6 ] ]
 * ```
 */
export function transpose(A: Matrix): Matrix {
  return { rows: A.cols, cols: A.rows, data: transposeData(A.data, A.rows, A.cols) };
}

/** Row-major `rows`×`cols` data → row-major `cols`×`rows` data. @internal */
export function transposeData(a: Float64Array, rows: number, cols: number): Float64Array {
  const out = new Float64Array(rows * cols);
  const T = 32;
  for (let i0 = 0; i0 < rows; i0 += T) {
    const i1 = Math.min(rows, i0 + T);
    for (let j0 = 0; j0 < cols; j0 += T) {
      const j1 = Math.min(cols, j0 + T);
      for (let i = i0; i < i1; i++) {
        const ri = i * cols;
        for (let j = j0; j < j1; j++) out[j * rows + i] = a[ri + j];
      }
    }
  }
  return out;
}
