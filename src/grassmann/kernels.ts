/**
 * Small dense kernels shared by the Grassmann routines (row-major, no per-element allocation).
 *
 * @module
 * @internal
 */
import type { Matrix } from "../matrix/index.js";

/**
 * `out = AᵀB` for A n×p and B n×q (row-major), accumulated row by row of A and B so both are
 * streamed once. Cost 2·n·p·q flops. `out` must have length p·q; it is overwritten.
 */
export function gramTransA(A: Matrix, B: Matrix, out: Float64Array): Float64Array {
  const n = A.rows;
  const p = A.cols;
  const q = B.cols;
  const a = A.data;
  const b = B.data;
  out.fill(0);
  for (let i = 0; i < n; i++) {
    const ao = i * p;
    const bo = i * q;
    for (let j = 0; j < p; j++) {
      const aij = a[ao + j];
      if (aij === 0) continue;
      const oo = j * q;
      for (let l = 0; l < q; l++) out[oo + l] += aij * b[bo + l];
    }
  }
  return out;
}

/**
 * `out = B − A·M` for A n×p, M p×q (row-major data), B n×q: the part of B orthogonal to
 * span(A) when M = AᵀB. Cost 2·n·p·q flops. `out` must have length n·q.
 */
export function residual(A: Matrix, M: Float64Array, B: Matrix, out: Float64Array): Float64Array {
  const n = A.rows;
  const p = A.cols;
  const q = B.cols;
  const a = A.data;
  const b = B.data;
  for (let i = 0; i < n; i++) {
    const ao = i * p;
    const ro = i * q;
    for (let l = 0; l < q; l++) out[ro + l] = b[ro + l];
    for (let j = 0; j < p; j++) {
      const aij = a[ao + j];
      if (aij === 0) continue;
      const mo = j * q;
      for (let l = 0; l < q; l++) out[ro + l] -= aij * M[mo + l];
    }
  }
  return out;
}

/** `A·M` for A n×p (Matrix) and M p×q (row-major data). Cost 2·n·p·q flops. */
export function mulSmall(A: Matrix, M: Float64Array, q: number): Matrix {
  const n = A.rows;
  const p = A.cols;
  const a = A.data;
  const out = new Float64Array(n * q);
  for (let i = 0; i < n; i++) {
    const ao = i * p;
    const oo = i * q;
    for (let j = 0; j < p; j++) {
      const aij = a[ao + j];
      if (aij === 0) continue;
      const mo = j * q;
      for (let l = 0; l < q; l++) out[oo + l] += aij * M[mo + l];
    }
  }
  return { rows: n, cols: q, data: out };
}

/**
 * Re-orthonormalise the columns of an n×p matrix in place by two passes of modified
 * Gram–Schmidt. Meant for matrices already orthonormal to rounding (after Exp): it changes
 * them by O(ε) and keeps the basis, unlike a QR with sign flips. Cost 4·n·p² flops.
 */
export function reorthonormalize(X: Matrix): Matrix {
  const { rows: n, cols: p, data } = X;
  for (let pass = 0; pass < 2; pass++) {
    for (let j = 0; j < p; j++) {
      for (let l = 0; l < j; l++) {
        let dot = 0;
        for (let i = 0; i < n; i++) dot += data[i * p + l] * data[i * p + j];
        for (let i = 0; i < n; i++) data[i * p + j] -= dot * data[i * p + l];
      }
      let nrm = 0;
      for (let i = 0; i < n; i++) nrm += data[i * p + j] * data[i * p + j];
      nrm = Math.sqrt(nrm);
      if (nrm > 0) for (let i = 0; i < n; i++) data[i * p + j] /= nrm;
    }
  }
  return X;
}

/** Max |entry| of a Float64Array (0 for empty). */
export function maxAbs(x: Float64Array): number {
  let m = 0;
  for (let i = 0; i < x.length; i++) {
    const v = Math.abs(x[i]);
    if (v > m) m = v;
  }
  return m;
}
