/** Test helpers for the Grassmann tests: naive dense algebra and planted subspaces. */
import type { Matrix } from "../../src/matrix/index.js";
import { at, gramSchmidt, mat, mul } from "../shared/dense.js";

export { at, gramSchmidt, mat, mul };

import { createRng, type Rng } from "../../src/random/index.js";

export function transpose(A: Matrix): Matrix {
  return mat(A.cols, A.rows, (i, j) => at(A, j, i));
}

/** Naive Aᵀ·B. */
export const mulT = (A: Matrix, B: Matrix): Matrix => mul(transpose(A), B);

export function sub(A: Matrix, B: Matrix): Matrix {
  return mat(A.rows, A.cols, (i, j) => at(A, i, j) - at(B, i, j));
}

export function frob(A: Matrix): number {
  let s = 0;
  for (const v of A.data) s += v * v;
  return Math.sqrt(s);
}

export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Number.POSITIVE_INFINITY;
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

/** Columns by index. */
export function columns(A: Matrix, idx: number[]): Matrix {
  return mat(A.rows, idx.length, (i, j) => at(A, i, idx[j]));
}

export function gaussian(rng: Rng, rows: number, cols: number): Matrix {
  return mat(rows, cols, () => rng.normal());
}

/** Random n×p orthonormal basis (Gram–Schmidt of a Gaussian matrix). */
export function randomBasis(seed: number, n: number, p: number): Matrix {
  return gramSchmidt(gaussian(createRng(seed), n, p));
}

/** Random n×n orthogonal matrix. */
export const randomOrthogonal = (seed: number, n: number): Matrix => randomBasis(seed, n, n);

/**
 * Planted pair in R^n: A = [e_1..e_p], B = [cos θ_j e_j + sin θ_j e_{p+j}] (q = θ.length ≤ p,
 * n ≥ p + q), both rotated by Q (n×n orthogonal, from `seed`). Principal angles are θ.
 */
export function planted(
  theta: number[],
  n: number,
  p: number,
  seed: number,
): { A: Matrix; B: Matrix; Q: Matrix } {
  const q = theta.length;
  const A0 = mat(n, p, (i, j) => (i === j ? 1 : 0));
  const B0 = mat(n, q, (i, j) =>
    i === j ? Math.cos(theta[j]) : i === p + j ? Math.sin(theta[j]) : 0,
  );
  const Q = randomOrthogonal(seed, n);
  return { A: mul(Q, A0), B: mul(Q, B0), Q };
}

/** Naive determinant (Gaussian elimination with partial pivoting). */
export function det(A: Matrix): number {
  const n = A.rows;
  const a = Float64Array.from(A.data);
  let d = 1;
  for (let c = 0; c < n; c++) {
    let piv = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(a[r * n + c]) > Math.abs(a[piv * n + c])) piv = r;
    if (a[piv * n + c] === 0) return 0;
    if (piv !== c) {
      for (let j = 0; j < n; j++) [a[c * n + j], a[piv * n + j]] = [a[piv * n + j], a[c * n + j]];
      d = -d;
    }
    d *= a[c * n + c];
    for (let r = c + 1; r < n; r++) {
      const f = a[r * n + c] / a[c * n + c];
      for (let j = c; j < n; j++) a[r * n + j] -= f * a[c * n + j];
    }
  }
  return d;
}

/** Projector AAᵀ (naive). */
export const projector = (A: Matrix): Matrix => mul(A, transpose(A));
