import { describe, expect, it } from "vitest";
import { qr, singularValues, svd, symEig } from "../../src/linalg/index.js";
import {
  diag,
  frob,
  mat,
  naiveMul,
  naiveT,
  orthDefect,
  randomMatrix,
  randomOrthonormal,
  sub,
} from "./helpers.js";

// Sizes here are large enough to take the blocked (compact WY, gemm-based)
// Householder paths: several panels of reflectors and a trailing update.

/** Naive Cholesky factor (upper) of a symmetric positive definite n×n S. */
function naiveCholeskyUpper(S: number[][]): number[][] {
  const n = S.length;
  const R = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++) {
    let d = S[i][i];
    for (let k = 0; k < i; k++) d -= R[k][i] * R[k][i];
    R[i][i] = Math.sqrt(d);
    for (let j = i + 1; j < n; j++) {
      let t = S[i][j];
      for (let k = 0; k < i; k++) t -= R[k][i] * R[k][j];
      R[i][j] = t / R[i][i];
    }
  }
  return R;
}

describe("blocked Householder kernels", () => {
  it("unpivoted qr of a 300×70 matrix: A = QR, QᵀQ = I, R = chol(AᵀA)", () => {
    const A = randomMatrix(300, 70, 5);
    const { Q, R } = qr(A);
    expect(orthDefect(Q)).toBeLessThan(1e-13);
    expect(frob(sub(naiveMul(Q, R), A))).toBeLessThan(1e-13 * frob(A));
    const n = 70;
    const AtA = naiveMul(naiveT(A), A);
    const S = Array.from({ length: n }, (_, i) =>
      Array.from(AtA.data.subarray(i * n, (i + 1) * n)),
    );
    const C = naiveCholeskyUpper(S);
    let err = 0;
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        const rij = R.data[i * n + j];
        if (j < i) expect(rij).toBe(0);
        err = Math.max(err, Math.abs(rij - C[i][j]));
      }
    }
    expect(err).toBeLessThan(1e-10 * C[0][0]);
  });

  it("svd of a 600×40 U·diag(s)·Vᵀ recovers s = 1…1e-12 to ε·s₁", () => {
    const [m, n] = [600, 40];
    const s = Array.from({ length: n }, (_, j) => 10 ** ((-12 * j) / (n - 1)));
    const A = naiveMul(
      naiveMul(randomOrthonormal(m, n, 31), diag(s)),
      naiveT(randomOrthonormal(n, n, 32)),
    );
    const r = svd(A);
    for (let j = 0; j < n; j++) expect(Math.abs(r.s[j] - s[j])).toBeLessThan(1e-14);
    expect(orthDefect(r.U)).toBeLessThan(1e-13);
    expect(orthDefect(r.V)).toBeLessThan(1e-13);
    const rec = naiveMul(naiveMul(r.U, diag(r.s)), naiveT(r.V));
    expect(frob(sub(rec, A))).toBeLessThan(1e-13 * frob(A));
  });

  it("svd of a graded 500×26 matrix keeps full relative precision down to 1e-12", () => {
    // A = U·diag(s)·P, P a signed permutation: singular values exactly s.
    const [m, n] = [500, 26];
    const s = Array.from({ length: n }, (_, j) => 10 ** ((-12 * j) / (n - 1)));
    const U = randomOrthonormal(m, n, 41);
    const order = Array.from({ length: n }, (_, j) => (j * 7) % n);
    const A = mat(m, n, (i, j) => U.data[i * n + order[j]] * s[order[j]] * (j % 2 ? -1 : 1));
    for (const M of [A, naiveT(A)]) {
      const r = svd(M);
      for (let j = 0; j < n; j++) expect(Math.abs(r.s[j] - s[j]) / s[j]).toBeLessThan(1e-13);
      const vals = singularValues(M);
      for (let j = 0; j < n; j++) expect(Math.abs(vals[j] - s[j]) / s[j]).toBeLessThan(1e-13);
      expect(orthDefect(r.U)).toBeLessThan(1e-13);
      expect(orthDefect(r.V)).toBeLessThan(1e-13);
    }
  });

  it("symEig of a 150×150 Q·diag(λ)·Qᵀ recovers λ, orthonormal vectors and AV = VΛ", () => {
    const n = 150;
    const lambda = Array.from({ length: n }, (_, j) => -3 + (7 * j) / (n - 1) + (j % 3) * 1e-3);
    const Q = randomOrthonormal(n, n, 51);
    const A0 = naiveMul(naiveMul(Q, diag(lambda)), naiveT(Q));
    const A = mat(n, n, (i, j) => 0.5 * (A0.data[i * n + j] + A0.data[j * n + i]));
    const { values, vectors } = symEig(A);
    const sorted = [...lambda].sort((x, y) => x - y);
    for (let j = 0; j < n; j++) expect(Math.abs(values[j] - sorted[j])).toBeLessThan(1e-13 * 4);
    expect(orthDefect(vectors)).toBeLessThan(1e-13);
    const AV = naiveMul(A, vectors);
    const VL = naiveMul(vectors, diag(values));
    expect(frob(sub(AV, VL))).toBeLessThan(1e-13 * frob(A));
  });

  it("symEig of a 100×100 block-diagonal matrix (many zero reflectors) is exact per block", () => {
    // Blocks [[2, 1], [1, 2]] (eigenvalues 1, 3) on pairs (2i, 2i+1) scaled by i + 1.
    const n = 100;
    const A = mat(n, n, (i, j) => {
      if (i >> 1 !== j >> 1) return 0;
      return ((i >> 1) + 1) * (i === j ? 2 : 1);
    });
    const { values, vectors } = symEig(A);
    const expected = Array.from({ length: n }, (_, i) => ((i >> 1) + 1) * (i % 2 ? 3 : 1)).sort(
      (x, y) => x - y,
    );
    for (let j = 0; j < n; j++) expect(Math.abs(values[j] - expected[j])).toBeLessThan(1e-13 * 150);
    expect(orthDefect(vectors)).toBeLessThan(1e-13);
    const AV = naiveMul(A, vectors);
    expect(frob(sub(AV, naiveMul(vectors, diag(values))))).toBeLessThan(1e-13 * frob(A));
  });
});
