import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { symEig, symTridiagEig } from "../../src/linalg/index.js";
import type { Matrix } from "../../src/matrix/index.js";
import {
  column,
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

function randomSymmetric(n: number, seed: number): Matrix {
  const G = randomMatrix(n, n, seed);
  return mat(n, n, (i, j) => G.data[i * n + j] + G.data[j * n + i]);
}

/** |A − VΛVᵀ|_F / |A|_F. */
function reconstructionError(A: Matrix, values: Float64Array, V: Matrix): number {
  const VL = naiveMul(V, diag(values));
  return frob(sub(A, naiveMul(VL, naiveT(V)))) / frob(A);
}

function tridiagToDense(d: ArrayLike<number>, e: ArrayLike<number>): Matrix {
  const n = d.length;
  return mat(n, n, (i, j) => (i === j ? d[i] : j === i + 1 ? e[i] : i === j + 1 ? e[j] : 0));
}

function expectAscending(v: Float64Array) {
  for (let i = 1; i < v.length; i++) expect(v[i]).toBeGreaterThanOrEqual(v[i - 1]);
}

describe("symTridiagEig", () => {
  it("path-graph Laplacian of size N has eigenvalues 2 − 2cos(πj/N) and cosine eigenvectors", () => {
    for (const N of [2, 3, 10, 64, 101]) {
      const d = Float64Array.from({ length: N }, (_, i) => (i === 0 || i === N - 1 ? 1 : 2));
      const e = new Float64Array(N - 1).fill(-1);
      const { values, vectors } = symTridiagEig(d, e);
      for (let j = 0; j < N; j++) {
        expect(Math.abs(values[j] - (2 - 2 * Math.cos((Math.PI * j) / N)))).toBeLessThan(1e-13);
      }
      // v_j(i) ∝ cos(πj(i + ½)/N): compare |⟨v_j, c_j⟩| = 1 for the normalised cosine.
      for (const j of [0, 1, N - 1]) {
        const c = Array.from({ length: N }, (_, i) => Math.cos((Math.PI * j * (i + 0.5)) / N));
        const cn = Math.sqrt(c.reduce((s, x) => s + x * x, 0));
        const v = column(vectors!, j);
        const dot = v.reduce((s, x, i) => s + (x * c[i]) / cn, 0);
        expect(Math.abs(Math.abs(dot) - 1)).toBeLessThan(1e-12);
      }
      expect(orthDefect(vectors!)).toBeLessThan(1e-13);
    }
  });

  it("Dirichlet 1-2-1 matrix has eigenvalues 2 − 2cos(πj/(N+1)), j = 1..N, values-only too", () => {
    const N = 200;
    const d = new Float64Array(N).fill(2);
    const e = new Float64Array(N - 1).fill(-1);
    const full = symTridiagEig(d, e);
    const only = symTridiagEig(d, e, false);
    expect(only.vectors).toBeUndefined();
    for (let j = 1; j <= N; j++) {
      const exact = 2 - 2 * Math.cos((Math.PI * j) / (N + 1));
      expect(Math.abs(full.values[j - 1] - exact)).toBeLessThan(1e-13);
      expect(Math.abs(only.values[j - 1] - exact)).toBeLessThan(1e-13);
    }
  });

  it("reconstructs random tridiagonal matrices (graded, split, tiny and huge scales)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 40 }),
        fc.integer(),
        fc.constantFrom(1, 1e-200, 1e200),
        fc.boolean(),
        (n, seed, scale, split) => {
          const R = randomMatrix(2, n, seed).data;
          const d = R.subarray(0, n).map((x, i) => x * scale * (split ? 1 : 2 ** -(i % 9)));
          const e = Float64Array.from(R.subarray(n, 2 * n - 1), (x, i) =>
            split && i % 5 === 2 ? 0 : x * scale,
          );
          const { values, vectors } = symTridiagEig(d, e);
          expectAscending(values);
          // Check in unscaled units (the naive reference would overflow at 1e200).
          const T = tridiagToDense(
            d.map((x) => x / scale),
            e.map((x) => x / scale),
          );
          const unscaled = values.map((x) => x / scale);
          if (frob(T) > 0) expect(reconstructionError(T, unscaled, vectors!)).toBeLessThan(1e-13);
          expect(orthDefect(vectors!)).toBeLessThan(1e-13);
        },
      ),
      { seed: 77, numRuns: 60 },
    );
  });

  it("returns sorted d when e = 0, handles n = 0 and n = 1, and does not modify d, e", () => {
    const d = Float64Array.from([3, -1, 2, 2]);
    const e = new Float64Array(3);
    const r = symTridiagEig(d, e);
    expect(Array.from(r.values)).toEqual([-1, 2, 2, 3]);
    expect(orthDefect(r.vectors!)).toBe(0);
    expect(Array.from(d)).toEqual([3, -1, 2, 2]);
    expect(symTridiagEig(new Float64Array(0), new Float64Array(0)).values.length).toBe(0);
    const one = symTridiagEig(Float64Array.from([5]), new Float64Array(0));
    expect(Array.from(one.values)).toEqual([5]);
    expect(Array.from(one.vectors!.data)).toEqual([1]);
    const d2 = Float64Array.from([1, 2, 3]);
    const e2 = Float64Array.from([0.5, 0.25]);
    symTridiagEig(d2, e2);
    expect(Array.from(d2)).toEqual([1, 2, 3]);
    expect(Array.from(e2)).toEqual([0.5, 0.25]);
  });

  it("rejects a wrong off-diagonal length and non-finite entries", () => {
    expect(() => symTridiagEig(new Float64Array(3), new Float64Array(3))).toThrowError(
      /DIMENSION_MISMATCH.*length 2; got 3/,
    );
    expect(() =>
      symTridiagEig(Float64Array.from([1, Number.NaN]), Float64Array.from([0])),
    ).toThrowError(/NON_FINITE.*d\[1\]/);
    expect(() =>
      symTridiagEig(Float64Array.from([1, 2]), Float64Array.from([Infinity])),
    ).toThrowError(/NON_FINITE.*e\[0\]/);
  });
});

describe("symEig", () => {
  it("reconstructs random symmetric matrices: |A − VΛVᵀ| ≤ 1e-12·|A|, VᵀV = I to 1e-12", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 60 }), fc.integer(), (n, seed) => {
        const A = randomSymmetric(n, seed);
        const { values, vectors } = symEig(A);
        expectAscending(values);
        expect(reconstructionError(A, values, vectors)).toBeLessThan(1e-12);
        expect(orthDefect(vectors)).toBeLessThan(1e-12);
        let trace = 0;
        for (let i = 0; i < n; i++) trace += A.data[i * n + i];
        expect(Math.abs(values.reduce((s, x) => s + x, 0) - trace)).toBeLessThan(
          1e-12 * frob(A) * n,
        );
      }),
      { seed: 4242, numRuns: 40 },
    );
  });

  it("cycle-graph Laplacian has eigenvalues 2 − 2cos(2πj/N) with multiplicity 2", () => {
    for (const N of [3, 8, 41, 150]) {
      const L = mat(N, N, (i, j) =>
        i === j ? 2 : (i - j + N) % N === 1 || (j - i + N) % N === 1 ? -1 : 0,
      );
      const { values, vectors } = symEig(L);
      const exact = Array.from(
        { length: N },
        (_, j) => 2 - 2 * Math.cos((2 * Math.PI * j) / N),
      ).sort((a, b) => a - b);
      for (let j = 0; j < N; j++) expect(Math.abs(values[j] - exact[j])).toBeLessThan(1e-13);
      expect(orthDefect(vectors)).toBeLessThan(1e-12);
      expect(reconstructionError(L, values, vectors)).toBeLessThan(1e-13);
    }
  });

  it("recovers a planted spectrum Q·diag(λ)·Qᵀ with repeats, zeros and tiny eigenvalues", () => {
    const n = 30;
    const Q = randomOrthonormal(n, n, 11);
    const planted = Array.from({ length: n }, (_, i) =>
      i < 4 ? 1 : i < 6 ? 0 : i < 10 ? -2.5 : 10 ** (-i / 3),
    );
    const A0 = naiveMul(naiveMul(Q, diag(planted)), naiveT(Q));
    const A = mat(n, n, (i, j) => 0.5 * (A0.data[i * n + j] + A0.data[j * n + i]));
    const { values, vectors } = symEig(A);
    const sorted = [...planted].sort((a, b) => a - b);
    for (let j = 0; j < n; j++) expect(Math.abs(values[j] - sorted[j])).toBeLessThan(1e-13 * 10);
    expect(orthDefect(vectors)).toBeLessThan(1e-13);
    // Eigenvectors of the simple eigenvalue 10^(-10/3) ≈ ±Q's column 10 (gap ≥ 0.03).
    const j = sorted.indexOf(planted[10]);
    const dot = column(vectors, j).reduce((s, x, i) => s + x * Q.data[i * n + 10], 0);
    expect(Math.abs(Math.abs(dot) - 1)).toBeLessThan(1e-11);
  });

  it("is shift- and scale-equivariant, including entries near 1e±200", () => {
    const A = randomSymmetric(25, 5);
    const base = symEig(A).values;
    const shifted = symEig(mat(25, 25, (i, j) => A.data[i * 25 + j] + (i === j ? 7 : 0))).values;
    for (let j = 0; j < 25; j++)
      expect(Math.abs(shifted[j] - (base[j] + 7))).toBeLessThan(1e-12 * 10);
    for (const s of [1e200, 1e-200]) {
      const { values, vectors } = symEig(mat(25, 25, (i, j) => A.data[i * 25 + j] * s));
      for (let j = 0; j < 25; j++)
        expect(Math.abs(values[j] / s - base[j])).toBeLessThan(1e-12 * 10);
      expect(orthDefect(vectors)).toBeLessThan(1e-12);
    }
  });

  it("accepts tiny asymmetry within symmetryTol and does not modify A", () => {
    const A = randomSymmetric(6, 3);
    A.data[1] += 1e-13;
    const before = snapshot(A);
    const r = symEig(A);
    expect(reconstructionError(A, r.values, r.vectors)).toBeLessThan(1e-12);
    expect(snapshot(A)).toEqual(before);
  });

  it("rejects non-square, non-symmetric (naming the worst (i, j)) and non-finite input", () => {
    expect(() => symEig(randomMatrix(3, 4, 1))).toThrowError(/DIMENSION_MISMATCH.*3×4/);
    const A = randomSymmetric(5, 2);
    A.data[1 * 5 + 3] += 0.5;
    A.data[0 * 5 + 4] += 0.1;
    expect(() => symEig(A)).toThrowError(/INVALID_PARAMETER.*A\[1\]\[3\]/);
    expect(() => symEig(A, { symmetryTol: 1 })).not.toThrow();
    expect(() => symEig(A, { symmetryTol: -1 })).toThrowError(/INVALID_PARAMETER.*symmetryTol/);
    const B = randomSymmetric(4, 2);
    B.data[6] = Number.NaN;
    expect(() => symEig(B)).toThrowError(/NON_FINITE.*A\[1\]\[2\]/);
  });
});
