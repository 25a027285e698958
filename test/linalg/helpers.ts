/** Independent naive reference routines for the linalg tests (no library numerics used). */
import type { Matrix } from "../../src/matrix/index.js";
import { createRng, type Rng } from "../../src/random/index.js";

export function mat(rows: number, cols: number, f: (i: number, j: number) => number): Matrix {
  const data = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) data[i * cols + j] = f(i, j);
  return { rows, cols, data };
}

export function randomMatrix(rows: number, cols: number, seed: number | Rng): Matrix {
  const rng = typeof seed === "number" ? createRng(seed) : seed;
  return mat(rows, cols, () => rng.normal());
}

export function naiveMul(A: Matrix, B: Matrix): Matrix {
  return mat(A.rows, B.cols, (i, j) => {
    let s = 0;
    for (let p = 0; p < A.cols; p++) s += A.data[i * A.cols + p] * B.data[p * B.cols + j];
    return s;
  });
}

export function naiveT(A: Matrix): Matrix {
  return mat(A.cols, A.rows, (i, j) => A.data[j * A.cols + i]);
}

export function diag(values: ArrayLike<number>): Matrix {
  return mat(values.length, values.length, (i, j) => (i === j ? values[i] : 0));
}

export function sub(A: Matrix, B: Matrix): Matrix {
  return mat(A.rows, A.cols, (i, j) => A.data[i * A.cols + j] - B.data[i * B.cols + j]);
}

export function frob(A: Matrix): number {
  let s = 0;
  for (const x of A.data) s += x * x;
  return Math.sqrt(s);
}

export function maxAbsEntry(A: Matrix): number {
  let m = 0;
  for (const x of A.data) m = Math.max(m, Math.abs(x));
  return m;
}

/** max |QᵀQ − I| computed naively. */
export function orthDefect(Q: Matrix): number {
  const G = naiveMul(naiveT(Q), Q);
  let m = 0;
  for (let i = 0; i < G.rows; i++) {
    for (let j = 0; j < G.cols; j++)
      m = Math.max(m, Math.abs(G.data[i * G.cols + j] - (i === j ? 1 : 0)));
  }
  return m;
}

/** n×p matrix with orthonormal columns: modified Gram–Schmidt, twice, on Gaussian columns. */
export function randomOrthonormal(n: number, p: number, seed: number): Matrix {
  const Q = randomMatrix(n, p, seed);
  const d = Q.data;
  for (let pass = 0; pass < 2; pass++) {
    for (let j = 0; j < p; j++) {
      for (let q = 0; q < j; q++) {
        let dot = 0;
        for (let i = 0; i < n; i++) dot += d[i * p + q] * d[i * p + j];
        for (let i = 0; i < n; i++) d[i * p + j] -= dot * d[i * p + q];
      }
      let nrm = 0;
      for (let i = 0; i < n; i++) nrm += d[i * p + j] ** 2;
      nrm = Math.sqrt(nrm);
      for (let i = 0; i < n; i++) d[i * p + j] /= nrm;
    }
  }
  return Q;
}

/** Column j of A as an array. */
export function column(A: Matrix, j: number): number[] {
  return Array.from({ length: A.rows }, (_, i) => A.data[i * A.cols + j]);
}

/** Snapshot of a matrix's data, for not-mutated checks. */
export function snapshot(A: Matrix): number[] {
  return Array.from(A.data);
}
