import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { qr } from "../../src/linalg/index.js";
import type { Matrix } from "../../src/matrix/index.js";
import { frob, mat, naiveMul, naiveT, orthDefect, randomMatrix, snapshot, sub } from "./helpers.js";

/** Upper Cholesky factor of a symmetric positive definite matrix (naive reference). */
function cholUpper(G: Matrix): Matrix {
  const n = G.rows;
  const R = mat(n, n, () => 0);
  for (let j = 0; j < n; j++) {
    let s = G.data[j * n + j];
    for (let k = 0; k < j; k++) s -= R.data[k * n + j] ** 2;
    R.data[j * n + j] = Math.sqrt(s);
    for (let i = j + 1; i < n; i++) {
      let t = G.data[j * n + i];
      for (let k = 0; k < j; k++) t -= R.data[k * n + j] * R.data[k * n + i];
      R.data[j * n + i] = t / R.data[j * n + j];
    }
  }
  return R;
}

function permuteColumns(A: Matrix, perm: Int32Array): Matrix {
  return mat(A.rows, A.cols, (i, j) => A.data[i * A.cols + perm[j]]);
}

describe("qr", () => {
  it("A·P = Q·R with orthonormal Q and upper-triangular R, diag(R) ≥ 0 (with and without pivoting)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 40 }),
        fc.integer({ min: 0, max: 40 }),
        fc.integer(),
        fc.boolean(),
        (n, extra, seed, pivot) => {
          const m = n + extra;
          const A = randomMatrix(m, n, seed);
          const { Q, R, rank, perm } = qr(A, { pivot });
          expect([Q.rows, Q.cols, R.rows, R.cols]).toEqual([m, n, n, n]);
          expect(orthDefect(Q)).toBeLessThan(1e-13);
          expect(frob(sub(permuteColumns(A, perm), naiveMul(Q, R)))).toBeLessThan(1e-13 * frob(A));
          for (let i = 0; i < n; i++) {
            expect(R.data[i * n + i]).toBeGreaterThanOrEqual(0);
            for (let j = 0; j < i; j++) expect(R.data[i * n + j]).toBe(0);
          }
          if (!pivot) expect(Array.from(perm)).toEqual(Array.from({ length: n }, (_, j) => j));
          else
            for (let i = 1; i < n; i++)
              expect(R.data[i * n + i]).toBeLessThanOrEqual(
                R.data[(i - 1) * n + i - 1] * (1 + 1e-12),
              );
          expect(rank).toBe(n);
        },
      ),
      { seed: 2024, numRuns: 50 },
    );
  });

  it("R equals the Cholesky factor of AᵀA (uniqueness of QR with positive diagonal)", () => {
    const A = randomMatrix(30, 8, 5);
    const { R } = qr(A);
    const C = cholUpper(naiveMul(naiveT(A), A));
    for (let t = 0; t < 64; t++) expect(Math.abs(R.data[t] - C.data[t])).toBeLessThan(1e-12);
  });

  it("reports the rank of rank-deficient input", () => {
    // Columns 2 and 4 are combinations of columns 0, 1, 3.
    const B = randomMatrix(20, 3, 7);
    const A = mat(20, 5, (i, j) => {
      const b = (c: number) => B.data[i * 3 + c];
      return [b(0), b(1), b(0) - 2 * b(1), b(2), 0.5 * b(2) + b(0)][j];
    });
    expect(qr(A, { pivot: true }).rank).toBe(3);
    expect(qr(A).rank).toBe(3);
    // A zero column first.
    const Z = mat(10, 3, (i, j) => (j === 0 ? 0 : B.data[i * 3 + j]));
    expect(qr(Z, { pivot: true }).rank).toBe(2);
    expect(qr(Z).rank).toBe(2);
    expect(qr(mat(6, 4, () => 0)).rank).toBe(0);
    // Relative tolerance: a column of size 1e-9 counts at tol 1e-12 but not at 1e-6.
    const S = mat(10, 2, (i, j) => (j === 0 ? B.data[i * 3] : 1e-9 * B.data[i * 3 + 1]));
    expect(qr(S, { tol: 1e-12 }).rank).toBe(2);
    expect(qr(S, { tol: 1e-6 }).rank).toBe(1);
  });

  it("stays accurate on ill-conditioned and badly scaled input", () => {
    // Columns of norms 1e±120 and a Hilbert block (κ ≈ 1e13).
    const A = mat(12, 6, (i, j) =>
      j < 4 ? 1 / (i + j + 1) : (j === 4 ? 1e120 : 1e-120) * Math.cos(i + j),
    );
    const { Q, R } = qr(A);
    expect(orthDefect(Q)).toBeLessThan(1e-13);
    const QR = naiveMul(Q, R);
    for (let j = 0; j < 6; j++) {
      let err = 0;
      let nrm = 0;
      for (let i = 0; i < 12; i++) {
        err = Math.max(err, Math.abs(QR.data[i * 6 + j] - A.data[i * 6 + j]));
        nrm = Math.max(nrm, Math.abs(A.data[i * 6 + j]));
      }
      // Column-wise backward stability: each column is reproduced relative to its own size.
      expect(err).toBeLessThan(1e-13 * nrm);
    }
  });

  it("does not modify A and rejects wide, non-finite input and bad tol", () => {
    const A = randomMatrix(6, 4, 1);
    const before = snapshot(A);
    qr(A, { pivot: true });
    expect(snapshot(A)).toEqual(before);
    expect(() => qr(randomMatrix(3, 5, 1))).toThrowError(/DIMENSION_MISMATCH.*3×5/);
    A.data[5] = Number.NaN;
    expect(() => qr(A)).toThrowError(/NON_FINITE.*A\[1\]\[1\]/);
    expect(() => qr(randomMatrix(3, 2, 1), { tol: -1 })).toThrowError(/INVALID_PARAMETER/);
  });
});
