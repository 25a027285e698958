/**
 * Naive dense helpers shared by the test suites: independent of src/linalg on purpose, so the
 * tests compare the library against textbook loops.
 */
import type { Matrix } from "../../src/matrix/index.js";
import { createRng } from "../../src/random/index.js";

/** A rows×cols matrix with entries f(i, j). */
export function mat(rows: number, cols: number, f: (i: number, j: number) => number): Matrix {
  const data = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) data[i * cols + j] = f(i, j);
  return { rows, cols, data };
}

/** Entry (i, j). */
export const at = (m: Matrix, i: number, j: number): number => m.data[i * m.cols + j];

/** Naive A·B. */
export function mul(A: Matrix, B: Matrix): Matrix {
  return mat(A.rows, B.cols, (i, j) => {
    let s = 0;
    for (let l = 0; l < A.cols; l++) s += at(A, i, l) * at(B, l, j);
    return s;
  });
}

/** Classical Gram–Schmidt applied twice: an orthonormal basis of the columns of G. */
export function gramSchmidt(G: Matrix): Matrix {
  const Q = mat(G.rows, G.cols, (i, j) => at(G, i, j));
  const n = Q.rows;
  const p = Q.cols;
  for (let pass = 0; pass < 2; pass++) {
    for (let j = 0; j < p; j++) {
      for (let l = 0; l < j; l++) {
        let d = 0;
        for (let i = 0; i < n; i++) d += Q.data[i * p + l] * Q.data[i * p + j];
        for (let i = 0; i < n; i++) Q.data[i * p + j] -= d * Q.data[i * p + l];
      }
      let s = 0;
      for (let i = 0; i < n; i++) s += Q.data[i * p + j] ** 2;
      s = Math.sqrt(s);
      for (let i = 0; i < n; i++) Q.data[i * p + j] /= s;
    }
  }
  return Q;
}

/** A random orthogonal n×n matrix (Gram–Schmidt on Gaussian columns), row-major data. */
export function randomOrthogonal(n: number, seed: number): Float64Array {
  const rng = createRng(seed);
  return gramSchmidt(mat(n, n, () => rng.normal())).data;
}
