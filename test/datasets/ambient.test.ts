import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  addNoise,
  circle,
  embeddedTorus,
  embedInHighDim,
  gaussianCloud,
} from "../../src/datasets/index.js";
import { ManifoldError } from "../../src/errors/index.js";
import type { Matrix } from "../../src/matrix/index.js";

function dist(m: Matrix, i: number, j: number): number {
  let s = 0;
  for (let c = 0; c < m.cols; c++) {
    const d = m.data[i * m.cols + c] - m.data[j * m.cols + c];
    s += d * d;
  }
  return Math.sqrt(s);
}

describe("embedInHighDim", () => {
  it("preserves every pairwise distance to 1e-12 (any seed, dim ≥ d)", () => {
    fc.assert(
      fc.property(fc.integer(), fc.integer({ min: 3, max: 120 }), (seed, dim) => {
        const X = embeddedTorus({ n: 40, seed: 1 }).points;
        const { points: Y } = embedInHighDim(X, { dim, seed });
        expect(Y.rows).toBe(40);
        expect(Y.cols).toBe(dim);
        for (let i = 0; i < 40; i++) {
          for (let j = i + 1; j < 40; j++) {
            expect(Math.abs(dist(Y, i, j) - dist(X, i, j))).toBeLessThan(1e-12);
          }
        }
      }),
      { seed: 21, numRuns: 40 },
    );
  });

  it("has an orthonormal basis B Bᵀ = I and recovers X = Y Bᵀ; does not mutate X", () => {
    const X = circle({ n: 30, warp: 0.5 }).points;
    const before = Float64Array.from(X.data);
    const { points: Y, basis: B } = embedInHighDim(X, { dim: 50, seed: 4 });
    expect(X.data).toEqual(before);
    expect(B.rows).toBe(2);
    expect(B.cols).toBe(50);
    for (let i = 0; i < 2; i++) {
      for (let j = 0; j < 2; j++) {
        let dot = 0;
        for (let c = 0; c < 50; c++) dot += B.data[i * 50 + c] * B.data[j * 50 + c];
        expect(Math.abs(dot - (i === j ? 1 : 0))).toBeLessThan(1e-15);
      }
    }
    for (let r = 0; r < 30; r++) {
      for (let i = 0; i < 2; i++) {
        let x = 0;
        for (let c = 0; c < 50; c++) x += Y.data[r * 50 + c] * B.data[i * 50 + c];
        expect(Math.abs(x - X.data[r * 2 + i])).toBeLessThan(1e-15);
      }
    }
    // The embedding really leaves the first coordinates: Y is not X padded with zeros.
    expect(Math.abs(Y.data[5])).toBeGreaterThan(0);
    expect(embedInHighDim(X, { dim: 50, seed: 5 }).points.data).not.toEqual(Y.data);
    expect(embedInHighDim(X, { dim: 50, seed: 4 }).points.data).toEqual(Y.data);
  });

  it("rejects dim < d and a missing seed", () => {
    const X = embeddedTorus({ n: 5, seed: 1 }).points;
    expect(() => embedInHighDim(X, { dim: 2, seed: 1 })).toThrow(/dim must be an integer >= 3/);
    expect(() => embedInHighDim(X, { dim: 5 } as { dim: number; seed: number })).toThrow(
      ManifoldError,
    );
  });
});

describe("addNoise", () => {
  it("adds N(0, σ²) per coordinate: mean 0, standard deviation σ; input untouched", () => {
    const X = embeddedTorus({ n: 10_000, seed: 3 }).points;
    const before = Float64Array.from(X.data);
    const sigma = 0.05;
    const Y = addNoise(X, { sigma, seed: 8 });
    expect(X.data).toEqual(before);
    expect(Y.rows).toBe(X.rows);
    expect(Y.cols).toBe(3);
    let s = 0;
    let s2 = 0;
    const m = X.data.length;
    for (let t = 0; t < m; t++) {
      const e = Y.data[t] - X.data[t];
      s += e;
      s2 += e * e;
    }
    expect(Math.abs(s / m)).toBeLessThan((5 * sigma) / Math.sqrt(m));
    expect(Math.abs(Math.sqrt(s2 / m) / sigma - 1)).toBeLessThan(5 / Math.sqrt(2 * m));
    expect(addNoise(X, { sigma: 0, seed: 8 }).data).toEqual(X.data);
    expect(addNoise([[1, 2]], { sigma: 1, seed: 8 }).data).toEqual(
      addNoise([[1, 2]], { sigma: 1, seed: 8 }).data,
    );
  });

  it("validates the points and σ", () => {
    expect(() => addNoise([[1, Number.NaN]], { sigma: 1, seed: 1 })).toThrow(/NON_FINITE/);
    expect(() => addNoise([[1, 2]], { sigma: -1, seed: 1 })).toThrow(/sigma/);
  });
});

describe("gaussianCloud", () => {
  it("has mean 0 and identity covariance (to sampling error), seeded", () => {
    const n = 20_000;
    const dim = 5;
    const { points } = gaussianCloud({ n, dim, seed: 12 });
    expect(points.rows).toBe(n);
    expect(points.cols).toBe(dim);
    const mean = new Float64Array(dim);
    const cov = new Float64Array(dim * dim);
    for (let i = 0; i < n; i++) {
      for (let a = 0; a < dim; a++) {
        const xa = points.data[i * dim + a];
        mean[a] += xa / n;
        for (let b = 0; b < dim; b++) cov[a * dim + b] += (xa * points.data[i * dim + b]) / n;
      }
    }
    const se = 1 / Math.sqrt(n);
    for (let a = 0; a < dim; a++) {
      expect(Math.abs(mean[a])).toBeLessThan(5 * se);
      for (let b = 0; b < dim; b++) {
        // Var of x_a x_b is 1 (a ≠ b) or 2 (a = b).
        expect(Math.abs(cov[a * dim + b] - (a === b ? 1 : 0))).toBeLessThan(5 * Math.SQRT2 * se);
      }
    }
    expect(gaussianCloud({ n: 3, dim, seed: 12 }).points.data).toEqual(points.data.subarray(0, 15));
    expect(gaussianCloud({ n: 3, dim, seed: 13 }).points.data).not.toEqual(
      points.data.subarray(0, 15),
    );
  });
});
