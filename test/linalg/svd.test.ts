import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { singularValues, svd } from "../../src/linalg/index.js";
import type { Matrix } from "../../src/matrix/index.js";
import {
  diag,
  frob,
  mat,
  naiveMul,
  naiveT,
  orthDefect,
  randomMatrix,
  randomOrthonormal,
  snapshot,
  sub,
} from "./helpers.js";

function reconstructionError(A: Matrix, r: ReturnType<typeof svd>): number {
  return frob(sub(A, naiveMul(naiveMul(r.U, diag(r.s)), naiveT(r.V))));
}

function expectValidSvd(A: Matrix, r: ReturnType<typeof svd>, tol = 1e-13) {
  const k = Math.min(A.rows, A.cols);
  expect([r.U.rows, r.U.cols, r.V.rows, r.V.cols, r.s.length]).toEqual([A.rows, k, A.cols, k, k]);
  for (let j = 1; j < k; j++) expect(r.s[j]).toBeLessThanOrEqual(r.s[j - 1]);
  for (let j = 0; j < k; j++) expect(r.s[j]).toBeGreaterThanOrEqual(0);
  expect(reconstructionError(A, r)).toBeLessThanOrEqual(tol * Math.max(frob(A), Number.MIN_VALUE));
  expect(orthDefect(r.U)).toBeLessThan(1e-12);
  expect(orthDefect(r.V)).toBeLessThan(1e-12);
}

describe("svd", () => {
  it("reconstructs tall, square and wide matrices with orthonormal U, V", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 45 }),
        fc.integer({ min: 1, max: 45 }),
        fc.integer(),
        (m, n, seed) => {
          const A = randomMatrix(m, n, seed);
          const r = svd(A);
          expectValidSvd(A, r);
          // ‖A‖_F² = Σ s_j².
          const ss = Math.sqrt(r.s.reduce((t, x) => t + x * x, 0));
          expect(Math.abs(ss - frob(A))).toBeLessThan(1e-13 * frob(A));
        },
      ),
      { seed: 99, numRuns: 60 },
    );
  });

  it("recovers planted singular values 1..1e-12 to full relative precision (graded columns)", () => {
    // A = U·diag(s)·P with P a signed permutation: exact singular values s, columns of norm s_j.
    const m = 40;
    const r = 13;
    const s = Array.from({ length: r }, (_, j) => 10 ** -j);
    const U = randomOrthonormal(m, r, 3);
    const order = [5, 0, 12, 7, 3, 9, 1, 11, 4, 8, 2, 10, 6];
    const A = mat(m, r, (i, j) => U.data[i * r + order[j]] * s[order[j]] * (j % 2 ? -1 : 1));
    for (const M of [A, naiveT(A)]) {
      const res = svd(M);
      for (let j = 0; j < r; j++) expect(Math.abs(res.s[j] - s[j]) / s[j]).toBeLessThan(1e-13);
      expectValidSvd(M, res);
      const vals = singularValues(M);
      for (let j = 0; j < r; j++) expect(Math.abs(vals[j] - s[j]) / s[j]).toBeLessThan(1e-13);
    }
  });

  it("recovers planted singular values of U·diag(s)·Vᵀ (dense V) to absolute precision ε·s₁", () => {
    const [m, n] = [60, 20];
    const s = Array.from({ length: n }, (_, j) => 10 ** ((-12 * j) / (n - 1)));
    const A = naiveMul(
      naiveMul(randomOrthonormal(m, n, 21), diag(s)),
      naiveT(randomOrthonormal(n, n, 22)),
    );
    const res = svd(A);
    for (let j = 0; j < n; j++) expect(Math.abs(res.s[j] - s[j])).toBeLessThan(1e-14);
    expectValidSvd(A, res);
  });

  it("gives principal-angle sines of 1e-9 exactly from B − A(AᵀB) (GUIDE §10 truth)", () => {
    const n = 20;
    const theta = [1e-9, 1e-5, 0.1, 0.5, 1.2, Math.PI / 2];
    const Q = randomOrthonormal(n, n, 8);
    const A0 = mat(n, 6, (i, j) => (i === j ? 1 : 0));
    const B0 = mat(n, 6, (i, j) =>
      i === j ? Math.cos(theta[j]) : i === j + 6 ? Math.sin(theta[j]) : 0,
    );
    const A = naiveMul(Q, A0);
    const B = naiveMul(Q, B0);
    const M = sub(B, naiveMul(A, naiveMul(naiveT(A), B)));
    const sines = svd(M).s;
    const expected = theta.map(Math.sin).sort((a, b) => b - a);
    for (let j = 0; j < 6; j++)
      expect(Math.abs(Math.asin(Math.min(1, sines[j])) - Math.asin(expected[j]))).toBeLessThan(
        1e-12,
      );
    expect(Math.abs(sines[5] - 1e-9)).toBeLessThan(1e-15);
  });

  it("handles rank deficiency: trailing singular values vanish, U and V stay orthonormal", () => {
    for (const [m, n, k] of [
      [50, 8, 3],
      [8, 50, 3],
      [12, 12, 1],
    ]) {
      const A = naiveMul(randomMatrix(m, k, m + n), randomMatrix(k, n, k));
      const r = svd(A);
      expectValidSvd(A, r);
      for (let j = k; j < Math.min(m, n); j++) expect(r.s[j]).toBeLessThan(1e-14 * r.s[0]);
      expect(r.s[k - 1]).toBeGreaterThan(1e-3 * r.s[0]);
    }
  });

  it("handles the zero matrix, a single row/column and 1×1", () => {
    const Z = mat(4, 3, () => 0);
    const rz = svd(Z);
    expect(Array.from(rz.s)).toEqual([0, 0, 0]);
    expect(orthDefect(rz.U)).toBeLessThan(1e-15);
    expect(orthDefect(rz.V)).toBeLessThan(1e-15);
    const col = mat(5, 1, (i) => i - 2); // |a| = √10
    const rc = svd(col);
    expect(Math.abs(rc.s[0] - Math.sqrt(10))).toBeLessThan(1e-15);
    expectValidSvd(col, rc);
    expectValidSvd(naiveT(col), svd(naiveT(col)));
    const one = svd(mat(1, 1, () => -3));
    expect(one.s[0]).toBe(3);
    expect(one.U.data[0] * one.V.data[0]).toBe(-1);
  });

  it("works at extreme scales (1e±250) without overflow", () => {
    const A = randomMatrix(15, 6, 31);
    const base = svd(A).s;
    for (const scale of [1e250, 1e-250]) {
      const r = svd(mat(15, 6, (i, j) => A.data[i * 6 + j] * scale));
      for (let j = 0; j < 6; j++)
        expect(Math.abs(r.s[j] / scale - base[j])).toBeLessThan(1e-13 * base[0]);
      expect(orthDefect(r.U)).toBeLessThan(1e-12);
    }
  });

  it("does not modify its input and rejects non-finite entries", () => {
    const A = randomMatrix(7, 5, 1);
    const before = snapshot(A);
    svd(A);
    svd(naiveT(A));
    expect(snapshot(A)).toEqual(before);
    A.data[7] = Number.POSITIVE_INFINITY;
    expect(() => svd(A)).toThrowError(/NON_FINITE.*A\[1\]\[2\]/);
    expect(() => singularValues(A)).toThrowError(/NON_FINITE/);
  });
});
