import { describe, expect, it } from "vitest";
import { ManifoldError } from "../../src/errors/index.js";
import {
  distance,
  flagMean,
  flagMedian,
  geodesic,
  karcherMean,
  principalAngles,
} from "../../src/grassmann/index.js";
import { symEig } from "../../src/linalg/index.js";
import type { Matrix } from "../../src/matrix/index.js";
import { createRng } from "../../src/random/index.js";
import {
  columns,
  gaussian,
  gramSchmidt,
  mat,
  maxAbsDiff,
  mul,
  planted,
  randomBasis,
  randomOrthogonal,
} from "./helpers.js";

/** Points near span(K0): orth(K0·R + noise·G), R = a c×p block of a random orthogonal matrix. */
function cluster(K0: Matrix, count: number, p: number, noise: number, seed: number): Matrix[] {
  const rng = createRng(seed);
  const out: Matrix[] = [];
  for (let i = 0; i < count; i++) {
    const m = Math.max(K0.cols, p);
    const Q = gramSchmidt(gaussian(rng, m, m));
    const base = mul(
      K0,
      mat(K0.cols, p, (a, b) => Q.data[a * m + b]),
    );
    out.push(gramSchmidt(mat(K0.rows, p, (a, b) => base.data[a * p + b] + noise * rng.normal())));
  }
  return out;
}

/** Top-k eigenvectors of S = Σ w_i X_i X_iᵀ formed explicitly (naive reference). */
function topEigenvectors(
  points: Matrix[],
  k: number,
  w?: number[],
): { K: Matrix; values: number[] } {
  const n = points[0].rows;
  const S = mat(n, n, () => 0);
  points.forEach((X, t) => {
    const wt = w ? w[t] : 1;
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (let a = 0; a < X.cols; a++) s += X.data[i * X.cols + a] * X.data[j * X.cols + a];
        S.data[i * n + j] += wt * s;
      }
  });
  const { values, vectors } = symEig(S);
  const idx = Array.from({ length: k }, (_, j) => n - 1 - j);
  return { K: columns(vectors, idx), values: idx.map((i) => values[i]) };
}

describe("karcherMean", () => {
  it("of two points is the geodesic midpoint; weighted, it is γ(w₂/(w₁+w₂))", () => {
    const { A, B } = planted([0.2, 0.6, 1.1], 12, 3, 1);
    const g = geodesic(A, B);
    const r = karcherMean([A, B]);
    expect(r.converged).toBe(true);
    expect(Math.max(...principalAngles(r.mean, g(0.5)))).toBeLessThan(1e-10);
    const d = distance(A, B);
    expect(Math.abs(r.objective - (d / 2) ** 2)).toBeLessThan(1e-10);
    const rw = karcherMean([A, B], { weights: [3, 1] });
    expect(Math.max(...principalAngles(rw.mean, g(0.25)))).toBeLessThan(1e-10);
  });

  it("of one point repeated is that point; of points on one geodesic it is γ(mean t)", () => {
    const X = randomBasis(2, 10, 3);
    const r = karcherMean([X, X, X]);
    expect(Math.max(...principalAngles(r.mean, X))).toBeLessThan(1e-12);
    expect(r.gradientNorm).toBeLessThan(1e-12);
    const { A, B } = planted([0.3, 0.8], 9, 2, 3);
    const g = geodesic(A, B);
    const ts = [0, 0.1, 0.5, 0.9, 1.2];
    const m = karcherMean(ts.map(g));
    const tMean = ts.reduce((s, t) => s + t, 0) / ts.length;
    expect(Math.max(...principalAngles(m.mean, g(tMean)))).toBeLessThan(1e-10);
  });

  it("reaches a zero gradient, and its objective is below that of every data point", () => {
    const K0 = randomBasis(4, 15, 3);
    const pts = cluster(K0, 8, 3, 0.3, 5);
    const r = karcherMean(pts, { tol: 1e-11 });
    expect(r.converged).toBe(true);
    expect(r.gradientNorm).toBeLessThanOrEqual(1e-11);
    for (const X of pts) {
      const f = pts.reduce((s, Z) => s + distance(X, Z) ** 2, 0) / pts.length;
      expect(r.objective).toBeLessThan(f);
    }
  });

  it("rejects mixed p and an empty list", () => {
    expect(() => karcherMean([randomBasis(1, 6, 2), randomBasis(2, 6, 3)])).toThrow(/use flagMean/);
    expect(() => karcherMean([])).toThrow(ManifoldError);
  });
});

describe("flagMean", () => {
  it("equals the top-k eigenvectors of Σ XᵢXᵢᵀ, objective (Σ top-k eigenvalues)/(r·k) (1e-10)", () => {
    const pts = [
      randomBasis(11, 20, 3),
      randomBasis(12, 20, 3),
      randomBasis(13, 20, 2),
      randomBasis(14, 20, 4),
    ];
    for (const k of [1, 2, 4]) {
      const ref = topEigenvectors(pts, k);
      const r = flagMean(pts, k);
      expect(Math.max(...principalAngles(r.mean, ref.K))).toBeLessThan(1e-10);
      const top = ref.values.reduce((s, v) => s + v, 0);
      expect(Math.abs(r.objective - top / (pts.length * k))).toBeLessThan(1e-10);
      expect(maxAbsDiff(r.singularValues, ref.values.map(Math.sqrt))).toBeLessThan(1e-10);
    }
  });

  it("weights act as multiplicities", () => {
    const a = randomBasis(21, 12, 2);
    const b = randomBasis(22, 12, 2);
    const c = randomBasis(23, 12, 2);
    const w = flagMean([a, b, c], 2, { weights: [2, 1, 0] });
    const dup = flagMean([a, a, b], 2);
    expect(Math.max(...principalAngles(w.mean, dup.mean))).toBeLessThan(1e-10);
    expect(Math.abs(w.objective - dup.objective)).toBeLessThan(1e-12);
  });

  it("of identical points is that point, objective 1", () => {
    const X = randomBasis(31, 9, 3);
    const r = flagMean([X, mul(X, randomOrthogonal(32, 3)), X], 3);
    expect(Math.max(...principalAngles(r.mean, X))).toBeLessThan(1e-12);
    expect(Math.abs(r.objective - 1)).toBeLessThan(1e-13);
  });

  it("iterative method (large n) agrees with the eigenvectors of S to 1e-10", () => {
    const K0 = randomBasis(41, 240, 4);
    const pts = cluster(K0, 30, 5, 0.05, 42);
    const it = flagMean(pts, 4, { method: "iterative" });
    expect(it.method).toBe("iterative");
    const ref = topEigenvectors(pts, 4);
    expect(Math.max(...principalAngles(it.mean, ref.K))).toBeLessThan(1e-10);
    const top = ref.values.reduce((s, v) => s + v, 0);
    expect(Math.abs(it.objective - top / (30 * 4))).toBeLessThan(1e-10);
  });

  it("with no eigenvalue gap to speak of (random subspaces, n = 250) still equals the eigenvectors of S", () => {
    const pts = Array.from({ length: 25 }, (_, i) => randomBasis(500 + i, 250, 10));
    const ref = topEigenvectors(pts, 10);
    for (const method of ["auto", "direct"] as const) {
      const r = flagMean(pts, 10, { method });
      expect(Math.max(...principalAngles(r.mean, ref.K))).toBeLessThan(1e-10);
      expect(maxAbsDiff(r.singularValues, ref.values.map(Math.sqrt))).toBeLessThan(1e-10);
    }
  });

  it("validates k and weights", () => {
    const X = randomBasis(51, 5, 2);
    expect(() => flagMean([X], 3)).toThrow(/k must be an integer in \[1, 2\]/);
    expect(() => flagMean([X], 1, { weights: [-1] })).toThrow(ManifoldError);
    expect(() => flagMean([X, X], 1, { weights: [1] })).toThrow(/one weight per point/);
  });
});

describe("flagMedian", () => {
  it("is robust: with 20% outlier subspaces it stays at the inliers' subspace while the flag mean moves", () => {
    const K0 = randomBasis(61, 30, 2);
    const inliers = Array.from({ length: 16 }, (_, i) => mul(K0, randomOrthogonal(100 + i, 2)));
    const outliers = Array.from({ length: 4 }, (_, i) => randomBasis(200 + i, 30, 2));
    const pts = [...inliers, ...outliers];
    const med = flagMedian(pts, 2);
    const mean = flagMean(pts, 2);
    expect(med.converged).toBe(true);
    expect(Math.max(...principalAngles(med.median, K0))).toBeLessThan(1e-6);
    expect(Math.max(...principalAngles(mean.mean, K0))).toBeGreaterThan(0.02);
    for (let i = 0; i < 16; i++) expect(med.distances[i]).toBeLessThan(1e-6);
  });

  it("with noisy inliers stays closer to the inlier flag mean than the contaminated flag mean", () => {
    const K0 = randomBasis(71, 30, 2);
    const inliers = cluster(K0, 16, 2, 0.02, 72);
    const outliers = Array.from({ length: 4 }, (_, i) => randomBasis(300 + i, 30, 2));
    const pts = [...inliers, ...outliers];
    const clean = flagMean(inliers, 2).mean;
    const med = flagMedian(pts, 2);
    const dMed = Math.max(...principalAngles(med.median, clean));
    const dMean = Math.max(...principalAngles(flagMean(pts, 2).mean, clean));
    expect(dMed).toBeLessThan(0.01);
    expect(dMean).toBeGreaterThan(3 * dMed);
    // it minimises the mean chordal distance better than the flag mean does
    const meanK = flagMean(pts, 2).mean;
    const objMean = pts.reduce((s, X) => s + distance(X, meanK, "chordal"), 0) / pts.length;
    expect(med.objective).toBeLessThanOrEqual(objMean);
  });

  it("of identical points is that point", () => {
    const X = randomBasis(81, 10, 3);
    const r = flagMedian([X, X, X, X], 3);
    expect(Math.max(...principalAngles(r.median, X))).toBeLessThan(1e-10);
  });
});
