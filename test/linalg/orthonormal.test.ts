import { describe, expect, it } from "vitest";
import { ManifoldError } from "../../src/errors/index.js";
import {
  isOrthonormal,
  orthonormalityDefect,
  orthonormalize,
  polar,
} from "../../src/linalg/index.js";
import {
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

describe("orthonormalize", () => {
  it("returns an orthonormal basis of span(A) with the same flag of subspaces", () => {
    const A = randomMatrix(30, 5, 12);
    const Q = orthonormalize(A);
    expect(orthDefect(Q)).toBeLessThan(1e-14);
    // span(Q) = span(A): the projection QQᵀA reproduces A.
    expect(frob(sub(A, naiveMul(Q, naiveMul(naiveT(Q), A))))).toBeLessThan(1e-13 * frob(A));
    // QᵀA is upper triangular with positive diagonal (column j of A lies in span of Q's first j+1).
    const R = naiveMul(naiveT(Q), A);
    for (let i = 0; i < 5; i++) {
      expect(R.data[i * 5 + i]).toBeGreaterThan(0);
      for (let j = 0; j < i; j++) expect(Math.abs(R.data[i * 5 + j])).toBeLessThan(1e-13);
    }
  });

  it("leaves an already orthonormal matrix unchanged", () => {
    const Q0 = randomOrthonormal(25, 4, 3);
    const Q = orthonormalize(Q0);
    for (let t = 0; t < Q.data.length; t++)
      expect(Math.abs(Q.data[t] - Q0.data[t])).toBeLessThan(1e-14);
  });

  it("handles ill-conditioned but full-rank input (σ_min/σ_max ≈ 1e-8)", () => {
    const B = randomMatrix(40, 3, 4);
    const A = mat(40, 3, (i, j) =>
      j === 2 ? B.data[i * 3] + 1e-8 * B.data[i * 3 + 2] : B.data[i * 3 + j],
    );
    const Q = orthonormalize(A);
    expect(orthDefect(Q)).toBeLessThan(1e-14);
    expect(frob(sub(A, naiveMul(Q, naiveMul(naiveT(Q), A))))).toBeLessThan(1e-13 * frob(A));
  });

  it("throws RANK_DEFICIENT naming the rank found and the tolerance", () => {
    const B = randomMatrix(15, 2, 9);
    const A = mat(15, 3, (i, j) =>
      j < 2 ? B.data[i * 2 + j] : B.data[i * 2] - 3 * B.data[i * 2 + 1],
    );
    let err: unknown;
    try {
      orthonormalize(A);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ManifoldError);
    expect((err as ManifoldError).code).toBe("RANK_DEFICIENT");
    expect((err as ManifoldError).message).toMatch(/rank 2 at tolerance 1e-10/);
    expect((err as ManifoldError).details).toMatchObject({ rank: 2, cols: 3, tol: 1e-10 });
    // A nearly dependent column passes or fails according to tol.
    const C = mat(15, 3, (i, j) =>
      j < 2 ? B.data[i * 2 + j] : B.data[i * 2] + 1e-7 * Math.sin(i),
    );
    expect(() => orthonormalize(C)).not.toThrow();
    expect(() => orthonormalize(C, { tol: 1e-5 })).toThrowError(
      /RANK_DEFICIENT.*rank 2 at tolerance 0.00001/,
    );
    expect(() => orthonormalize(mat(4, 2, () => 0))).toThrowError(/rank 0/);
    expect(() => orthonormalize(randomMatrix(2, 3, 1))).toThrowError(/RANK_DEFICIENT.*at most 2/);
  });

  it("rejects non-finite input and bad tol, and does not modify A", () => {
    const A = randomMatrix(5, 2, 1);
    const before = snapshot(A);
    orthonormalize(A);
    expect(snapshot(A)).toEqual(before);
    expect(() => orthonormalize(A, { tol: -1 })).toThrowError(/INVALID_PARAMETER/);
    A.data[3] = Number.NaN;
    expect(() => orthonormalize(A)).toThrowError(/NON_FINITE/);
  });
});

describe("orthonormalityDefect / isOrthonormal", () => {
  it("measures max|AᵀA − I| exactly on known matrices", () => {
    const Q = randomOrthonormal(10, 3, 2);
    expect(orthonormalityDefect(Q)).toBeLessThan(1e-15);
    expect(isOrthonormal(Q)).toBe(true);
    // Columns e1·(1 + δ) and e2: defect (1 + δ)² − 1.
    const d = 1e-6;
    const A = mat(3, 2, (i, j) => (i === j ? (j === 0 ? 1 + d : 1) : 0));
    expect(Math.abs(orthonormalityDefect(A) - ((1 + d) ** 2 - 1))).toBeLessThan(1e-15);
    expect(isOrthonormal(A)).toBe(false);
    expect(isOrthonormal(A, 1e-5)).toBe(true);
    // Two unit columns at 60°: off-diagonal cos 60° = 0.5.
    const B = mat(2, 2, (i, j) => (j === 0 ? [1, 0][i] : [0.5, Math.sqrt(3) / 2][i]));
    expect(Math.abs(orthonormalityDefect(B) - 0.5)).toBeLessThan(1e-15);
    expect(isOrthonormal(mat(2, 1, () => Number.NaN))).toBe(false);
  });
});

describe("polar", () => {
  it("equals the rotation of a 2×2 rotation × SPD product (closed form)", () => {
    const phi = 0.7;
    const Rot = mat(
      2,
      2,
      (i, j) =>
        [
          [Math.cos(phi), -Math.sin(phi)],
          [Math.sin(phi), Math.cos(phi)],
        ][i][j],
    );
    const H = mat(
      2,
      2,
      (i, j) =>
        [
          [3, 1],
          [1, 0.5],
        ][i][j],
    );
    const W = polar(naiveMul(Rot, H));
    for (let t = 0; t < 4; t++) expect(Math.abs(W.data[t] - Rot.data[t])).toBeLessThan(1e-14);
  });

  it("recovers W from W·H for tall W (orthonormal) and SPD H, and fixes orthonormal input", () => {
    const W0 = randomOrthonormal(20, 4, 6);
    const G = randomMatrix(4, 4, 7);
    const H = mat(4, 4, (i, j) => naiveMul(naiveT(G), G).data[i * 4 + j] + (i === j ? 1 : 0));
    const W = polar(naiveMul(W0, H));
    expect(orthDefect(W)).toBeLessThan(1e-14);
    for (let t = 0; t < W.data.length; t++)
      expect(Math.abs(W.data[t] - W0.data[t])).toBeLessThan(1e-13);
    const P = polar(W0);
    for (let t = 0; t < P.data.length; t++)
      expect(Math.abs(P.data[t] - W0.data[t])).toBeLessThan(1e-14);
  });

  it("gives orthonormal rows for wide input and is the nearest orthonormal matrix", () => {
    const A = randomMatrix(3, 8, 2);
    const W = polar(A);
    expect([W.rows, W.cols]).toEqual([3, 8]);
    expect(orthDefect(naiveT(W))).toBeLessThan(1e-14);
    const T = randomMatrix(12, 3, 5);
    const P = polar(T);
    const best = frob(sub(T, P));
    for (let seed = 0; seed < 5; seed++)
      expect(best).toBeLessThanOrEqual(frob(sub(T, randomOrthonormal(12, 3, 100 + seed))));
  });
});
