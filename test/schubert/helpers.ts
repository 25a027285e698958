/** Test helpers for the SVBF tests: random and planted subspaces, naive dense algebra. */
import { orthonormalize, symEig } from "../../src/linalg/index.js";
import type { Matrix } from "../../src/matrix/index.js";
import { at, mat, mul } from "../shared/dense.js";

export { at, mat, mul };

import { createRng, type Rng } from "../../src/random/index.js";

export const tr = (A: Matrix): Matrix => mat(A.cols, A.rows, (i, j) => at(A, j, i));

/** orth(Gaussian n×l). */
export function randomBasis(n: number, l: number, rng: Rng): Matrix {
  return orthonormalize(mat(n, l, () => rng.normal()));
}

/** Random orthogonal n×n. */
export function randomOrthogonal(n: number, rng: Rng): Matrix {
  return randomBasis(n, n, rng);
}

/** r random bases of Gr(l, n) from a seed. */
export function randomSamples(n: number, r: number, l: number, seed: number): Matrix[] {
  const rng = createRng(seed);
  return Array.from({ length: r }, () => randomBasis(n, l, rng));
}

/** S = Σ X_i X_iᵀ, naive. */
export function scatter(samples: Matrix[]): Matrix {
  const n = samples[0].rows;
  const S = mat(n, n, () => 0);
  for (const X of samples) {
    for (let a = 0; a < n; a++)
      for (let b = 0; b < n; b++) {
        let s = 0;
        for (let j = 0; j < X.cols; j++) s += at(X, a, j) * at(X, b, j);
        S.data[a * n + b] += s;
      }
  }
  return S;
}

/** Eigenpairs of a symmetric matrix, descending. */
export function eigDesc(S: Matrix): { values: number[]; vectors: Matrix } {
  const { values, vectors } = symEig(S);
  const n = S.rows;
  const idx = Array.from(values.keys()).sort((a, b) => values[b] - values[a]);
  return {
    values: idx.map((i) => values[i]),
    vectors: mat(n, n, (i, j) => at(vectors, i, idx[j])),
  };
}

/** Angle between two unit vectors' lines. */
export function lineAngle(u: ArrayLike<number>, v: ArrayLike<number>): number {
  let d = 0;
  let nu = 0;
  let nv = 0;
  for (let i = 0; i < u.length; i++) {
    d += u[i] * v[i];
    nu += u[i] * u[i];
    nv += v[i] * v[i];
  }
  const c = Math.min(1, Math.abs(d) / Math.sqrt(nu * nv));
  // sin-based for accuracy at tiny angles: |u − (u·v̂)v̂| / |u|
  let res = 0;
  const s = d / nv;
  for (let i = 0; i < u.length; i++) res += (u[i] - s * v[i]) ** 2;
  return c > Math.SQRT1_2 ? Math.asin(Math.min(1, Math.sqrt(res / nu))) : Math.acos(c);
}

export function column(A: Matrix, j: number): Float64Array {
  return Float64Array.from({ length: A.rows }, (_, i) => at(A, i, j));
}

/** max |KᵀK − I|. */
export function orthDefect(K: Matrix): number {
  const G = mul(tr(K), K);
  let w = 0;
  for (let i = 0; i < G.rows; i++)
    for (let j = 0; j < G.cols; j++) w = Math.max(w, Math.abs(at(G, i, j) - (i === j ? 1 : 0)));
  return w;
}
