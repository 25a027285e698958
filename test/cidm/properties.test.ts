/**
 * CIDM invariances (property tests), the φ normalisation, dense vs Lanczos agreement,
 * serialisation, and errors.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { cidm, cidmKernel, laplacianEigs, reviveCidmModel } from "../../src/cidm/index.js";
import { circle, flatTorus } from "../../src/datasets/index.js";
import type { ManifoldError } from "../../src/errors/index.js";
import type { Matrix } from "../../src/matrix/index.js";
import { createRng } from "../../src/random/index.js";
import { randomOrthogonal } from "../shared/dense.js";
import { codeOf } from "../shared/errors.js";
import { orthonormalityDefect } from "./helpers.js";

/** x ↦ scale·Qx + shift for every row. */
function transform(X: Matrix, Q: Float64Array, scale: number, shift: number[]): Matrix {
  const { rows, cols } = X;
  const out = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) {
    for (let a = 0; a < cols; a++) {
      let s = 0;
      for (let b = 0; b < cols; b++) s += Q[a * cols + b] * X.data[i * cols + b];
      out[i * cols + a] = scale * s + shift[a];
    }
  }
  return { rows, cols, data: out };
}

/** Points on a random closed curve in R^3 (random Fourier coefficients), random sampling. */
function randomCurve(n: number, seed: number): Matrix {
  const rng = createRng(seed);
  const coef = Array.from({ length: 3 * 4 }, () => rng.normal());
  const data = new Float64Array(n * 3);
  for (let i = 0; i < n; i++) {
    const t = 2 * Math.PI * rng.uniform();
    for (let a = 0; a < 3; a++) {
      data[i * 3 + a] =
        coef[a * 4] * Math.cos(t) +
        coef[a * 4 + 1] * Math.sin(t) +
        0.3 * (coef[a * 4 + 2] * Math.cos(2 * t) + coef[a * 4 + 3] * Math.sin(2 * t));
    }
  }
  return { rows: n, cols: 3, data };
}

describe("CIDM invariances (property tests)", () => {
  it("rotation, translation, uniform scaling and permutation leave ξ unchanged (1e-8) and |φ| unchanged", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1_000_000 }),
        fc.double({ min: 0.01, max: 100, noNaN: true }),
        fc.array(fc.double({ min: -50, max: 50, noNaN: true }), { minLength: 3, maxLength: 3 }),
        (seed, scale, shift) => {
          const N = 300;
          const X = randomCurve(N, seed);
          const Q = randomOrthogonal(3, seed + 1);
          const perm = Array.from({ length: N }, (_, i) => i);
          const rng = createRng(seed + 2);
          for (let i = N - 1; i > 0; i--) {
            const j = rng.int(i + 1);
            [perm[i], perm[j]] = [perm[j], perm[i]];
          }
          const Y0 = transform(X, Q, scale, shift);
          const Y = { rows: N, cols: 3, data: new Float64Array(N * 3) };
          for (let i = 0; i < N; i++)
            Y.data.set(Y0.data.subarray(perm[i] * 3, perm[i] * 3 + 3), i * 3);
          const opts = { k: 12, nEigs: 6 };
          const a = cidm(X, opts);
          const b = cidm(Y, opts);
          expect(b.eps).toBe(a.eps);
          for (let l = 0; l < 6; l++) expect(Math.abs(a.xi[l] - b.xi[l])).toBeLessThan(1e-8);
          // φ_1 is simple on a generic curve: equal up to sign after undoing the permutation.
          const M = 6;
          let same = 0;
          let flip = 0;
          for (let i = 0; i < N; i++) {
            const pa = a.phi.data[perm[i] * M + 1];
            const pb = b.phi.data[i * M + 1];
            same = Math.max(same, Math.abs(pa - pb));
            flip = Math.max(flip, Math.abs(pa + pb));
          }
          expect(Math.min(same, flip)).toBeLessThan(1e-6);
        },
      ),
      { seed: 4242, numRuns: 8 },
    );
  });
});

describe("CIDM normalisation and solvers", () => {
  it("φ is orthonormal in w, φ_0 ≡ 1, weights sum to 1, every residual ≤ tol", () => {
    const { points } = flatTorus({ n: 1500, sampling: "kronecker" });
    const model = cidm(points, { k: 16, nEigs: 12, tol: 1e-9 });
    expect(orthonormalityDefect(model)).toBeLessThan(1e-10);
    for (let i = 0; i < points.rows; i++) expect(model.phi.data[i * 12]).toBe(1);
    expect(Math.abs(model.weights.reduce((s, w) => s + w, 0) - 1)).toBeLessThan(1e-12);
    for (const r of model.residuals) expect(r).toBeLessThanOrEqual(1e-9);
    for (let l = 1; l < 12; l++) expect(model.xi[l]).toBeGreaterThanOrEqual(model.xi[l - 1]);
    // sign convention: the entry of largest |φ_ℓ| is positive
    for (let l = 1; l < 12; l++) {
      let big = 0;
      for (let i = 0; i < points.rows; i++) {
        const v = model.phi.data[i * 12 + l];
        if (Math.abs(v) > Math.abs(big)) big = v;
      }
      expect(big).toBeGreaterThan(0);
    }
  });

  it("the dense path (all eigenpairs) and the Lanczos path agree", () => {
    const { points } = circle({ n: 600, warp: 0.5, sampling: "random", seed: 3 });
    const kernel = cidmKernel(points, { k: 16 });
    const lanczos = laplacianEigs(kernel, 8, { denseBelow: 0 });
    const dense = laplacianEigs(kernel, 600);
    for (let l = 0; l < 8; l++) expect(Math.abs(lanczos.xi[l] - dense.xi[l])).toBeLessThan(1e-9);
    // the dense path returns all pairs, orthonormal in w
    expect(orthonormalityDefect(dense)).toBeLessThan(1e-9);
    // φ_1, φ_2 span the same space in both (a 2-D eigenspace up to a small splitting)
    const N = 600;
    for (const l of [3, 5]) {
      let dot = 0;
      for (let i = 0; i < N; i++)
        dot += dense.weights[i] * dense.phi.data[i * 600 + l] * lanczos.phi.data[i * 8 + l];
      expect(Math.abs(Math.abs(dot) - 1)).toBeLessThan(1e-6);
    }
  });

  it("a given ε is used as is; the kernel is symmetric with unit diagonal", () => {
    const { points } = circle({ n: 300, warp: 0.3 });
    const kernel = cidmKernel(points, { k: 10, eps: 0.5 });
    expect(kernel.eps).toBe(0.5);
    expect(Number.isNaN(kernel.intrinsicDim)).toBe(true);
    const { K } = kernel;
    const dense = new Float64Array(300 * 300);
    for (let i = 0; i < 300; i++) {
      for (let p = K.indptr[i]; p < K.indptr[i + 1]; p++) dense[i * 300 + K.indices[p]] = K.data[p];
    }
    for (let i = 0; i < 300; i++) {
      expect(dense[i * 300 + i]).toBe(1);
      for (let j = 0; j < 300; j++) expect(dense[i * 300 + j]).toBe(dense[j * 300 + i]);
    }
    // support: each point sees at least its κ = 20 nearest
    expect(kernel.stats.minDegree).toBeGreaterThanOrEqual(20);
  });

  it("round-trips through JSON", () => {
    const { points } = circle({ n: 200, warp: 0.3 });
    const model = cidm(points, { k: 10, nEigs: 5 });
    const again = reviveCidmModel(JSON.parse(JSON.stringify(model)));
    expect(again.xi).toEqual(model.xi);
    expect(again.phi.data).toEqual(model.phi.data);
    expect(again.points.data).toEqual(model.points.data);
    expect(again.intrinsicDim).toBe(model.intrinsicDim);
    expect(again.eps).toBe(model.eps);
  });

  it("does not mutate its input", () => {
    const { points } = circle({ n: 200, warp: 0.3 });
    const copy = Float64Array.from(points.data);
    const model = cidm(points, { k: 10, nEigs: 4 });
    expect(points.data).toEqual(copy);
    model.points.data[0] = 99;
    expect(points.data[0]).toBe(copy[0]);
  });
});

describe("CIDM errors", () => {
  const { points } = circle({ n: 100 });
  it("rejects bad parameters", () => {
    expect(codeOf(() => cidm(points, { k: 1 }))).toBe("INVALID_PARAMETER");
    expect(codeOf(() => cidm(points, { k: 100 }))).toBe("INVALID_PARAMETER");
    expect(codeOf(() => cidm(points, { k: 10, kernelNeighbors: 5 }))).toBe("INVALID_PARAMETER");
    expect(codeOf(() => cidm(points, { nEigs: 101 }))).toBe("INVALID_PARAMETER");
    expect(codeOf(() => cidm(points, { nEigs: 0 }))).toBe("INVALID_PARAMETER");
    expect(codeOf(() => cidm(points, { eps: 0 }))).toBe("INVALID_PARAMETER");
    expect(codeOf(() => cidm(points, { eps: -1 }))).toBe("INVALID_PARAMETER");
    expect(
      codeOf(() =>
        cidm([
          [0, 0],
          [1, 1],
        ]),
      ),
    ).toBe("INVALID_PARAMETER");
  });

  it("rejects bad input", () => {
    expect(codeOf(() => cidm([]))).toBe("EMPTY_INPUT");
    expect(codeOf(() => cidm([[0, 1], [1]]))).toBe("RAGGED_INPUT");
    expect(
      codeOf(() =>
        cidm([
          [0, 1],
          [1, Number.NaN],
          [2, 2],
        ]),
      ),
    ).toBe("NON_FINITE");
  });

  it("k coincident points: DEGENERATE_BANDWIDTH naming the index", () => {
    const X = Array.from({ length: 40 }, (_, i) => [Math.cos(i), Math.sin(i)]);
    for (let c = 0; c < 5; c++) X.push([5, 5]);
    let err: unknown;
    try {
      cidm(X, { k: 4 });
    } catch (e) {
      err = e;
    }
    expect((err as ManifoldError).code).toBe("DEGENERATE_BANDWIDTH");
    expect((err as ManifoldError).message).toMatch(/index 4[0-4]/);
  });

  it("two far-apart clusters: DISCONNECTED_GRAPH with the component count", () => {
    const a = circle({ n: 100 }).points;
    const X: number[][] = [];
    for (let i = 0; i < 100; i++) X.push([a.data[2 * i], a.data[2 * i + 1]]);
    for (let i = 0; i < 100; i++) X.push([a.data[2 * i] + 100, a.data[2 * i + 1]]);
    for (let i = 0; i < 100; i++) X.push([a.data[2 * i], a.data[2 * i + 1] + 100]);
    let err: unknown;
    try {
      cidm(X, { k: 8 });
    } catch (e) {
      err = e;
    }
    expect((err as ManifoldError).code).toBe("DISCONNECTED_GRAPH");
    expect((err as ManifoldError).message).toContain("3 connected components");
  });
});
