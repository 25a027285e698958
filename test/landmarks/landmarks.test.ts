/**
 * Landmark CIDM: spectra against the Laplace–Beltrami truths of GUIDE §10, the Nyström link
 * between the landmark model and all points, invariance, input errors, serialisation.
 */
import { describe, expect, it } from "vitest";
import { cidm, reviveCidmModel } from "../../src/cidm/index.js";
import { flatTorus, sphere } from "../../src/datasets/index.js";
import { ManifoldError } from "../../src/errors/index.js";
import { selectLandmarks } from "../../src/landmarks/index.js";
import type { Matrix } from "../../src/matrix/index.js";
import { nystromExtend } from "../../src/nystrom/index.js";
import { createRng } from "../../src/random/index.js";

const TORUS20 = [
  ...Array(4).fill(1),
  ...Array(4).fill(2),
  ...Array(4).fill(4),
  ...Array(8).fill(5),
];
const SPHERE15 = [...Array(3).fill(1), ...Array(5).fill(3), ...Array(7).fill(6)];

/** Relative errors of ξ_j/ξ_1 against the truth, j = 1..truth.length. */
function ratioErrors(xi: Float64Array, truth: number[]): number[] {
  return truth.map((t, j) => Math.abs(xi[j + 1] / xi[1] - t) / t);
}

const max = (a: number[]) => Math.max(...a);
const mean = (a: number[]) => a.reduce((s, x) => s + x, 0) / a.length;

function expectCode(fn: () => unknown, code: string, pattern?: RegExp): void {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(ManifoldError);
    expect((e as ManifoldError).code).toBe(code);
    if (pattern) expect((e as Error).message).toMatch(pattern);
    return;
  }
  throw new Error(`expected ManifoldError ${code}`);
}

/** A random orthogonal n×n matrix (Gram–Schmidt of a Gaussian matrix), row-major. */
function randomRotation(n: number, seed: number): Float64Array {
  const rng = createRng(seed);
  const Q = new Float64Array(n * n);
  for (let i = 0; i < n * n; i++) Q[i] = rng.normal();
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < i; j++) {
      let d = 0;
      for (let c = 0; c < n; c++) d += Q[i * n + c] * Q[j * n + c];
      for (let c = 0; c < n; c++) Q[i * n + c] -= d * Q[j * n + c];
    }
    let s = 0;
    for (let c = 0; c < n; c++) s += Q[i * n + c] ** 2;
    for (let c = 0; c < n; c++) Q[i * n + c] /= Math.sqrt(s);
  }
  return Q;
}

function rotate(X: Matrix, Q: Float64Array): Matrix {
  const n = X.cols;
  const data = new Float64Array(X.data.length);
  for (let i = 0; i < X.rows; i++) {
    for (let r = 0; r < n; r++) {
      let s = 0;
      for (let c = 0; c < n; c++) s += Q[r * n + c] * X.data[i * n + c];
      data[i * n + r] = s;
    }
  }
  return { rows: X.rows, cols: n, data };
}

describe("landmark CIDM spectra (GUIDE §10 truths)", () => {
  // Tolerances: a CIDM fit on m = 3000 random points misses these ratios by 8–14% (measured:
  // torus 13.6%, sphere 7.9%), a fit on 3000 quasi-uniform points by ≤ 4% (the Kronecker prefix
  // itself 2.3%, Poisson-disk landmarks 3.7% max / 1.1–1.7% mean). 5% max and 2.5% mean pass
  // quasi-uniform landmarks and fail a random subsample.
  const { points: torus } = flatTorus({ n: 30_000, sampling: "kronecker" });
  const torusModel = cidm(torus, { k: 32, nEigs: 21, landmarks: 3000 });

  it("Kronecker torus N = 30 000, m = 3000: 20 ratios 1×4, 2×4, 4×4, 5×8 within 5% (mean 2.5%)", () => {
    const err = ratioErrors(torusModel.xi, TORUS20);
    expect(max(err), err.map((e) => e.toFixed(3)).join(" ")).toBeLessThan(0.05);
    expect(mean(err)).toBeLessThan(0.025);
    expect(torusModel.points.rows).toBe(3000);
    expect(torusModel.landmarks?.method).toBe("poisson");
    expect(torusModel.landmarks?.N).toBe(30_000);
  });

  it("phiAll: the fitted φ at landmark rows (bit-identical), the Nyström value there to 1e-9, φ_0 ≡ 1", () => {
    const lm = torusModel.landmarks;
    if (!lm?.indices) throw new Error("landmarks missing");
    const M = torusModel.phi.cols;
    expect(lm.phiAll.rows).toBe(30_000);
    expect(lm.phiAll.cols).toBe(M);
    for (let j = 0; j < lm.m; j++) {
      const i = lm.indices[j];
      for (let l = 0; l < M; l++) {
        expect(lm.phiAll.data[i * M + l]).toBe(torusModel.phi.data[j * M + l]);
      }
    }
    // GUIDE §3: the Nyström extension at a training point reproduces φ.
    const sample = Array.from({ length: 200 }, (_, t) => lm.indices?.[t * 15] ?? 0);
    const Q: Matrix = {
      rows: sample.length,
      cols: 4,
      data: Float64Array.from(
        sample.flatMap((i) => Array.from(torus.data.subarray(4 * i, 4 * i + 4))),
      ),
    };
    const ext = nystromExtend(torusModel, Q);
    let worst = 0;
    sample.forEach((i, t) => {
      for (let l = 0; l < M; l++) {
        worst = Math.max(worst, Math.abs(ext.data[t * M + l] - lm.phiAll.data[i * M + l]));
      }
    });
    expect(worst).toBeLessThan(1e-9);
    let d0 = 0;
    for (let i = 0; i < lm.N; i++) d0 = Math.max(d0, Math.abs(lm.phiAll.data[i * M] - 1));
    expect(d0).toBeLessThan(1e-12);
  });

  it("phiAll is orthonormal in the data measure and spans cos a, sin a, cos b, sin b with φ_1..φ_4", () => {
    const lm = torusModel.landmarks;
    if (!lm) throw new Error("landmarks missing");
    const { a, b } = flatTorus({ n: 30_000, sampling: "kronecker" });
    const N = lm.N;
    const M = lm.phiAll.cols;
    const P = lm.phiAll.data;
    // Uniform data: (1/N) Σ_i φ_a(x_i) φ_b(x_i) ≈ δ_ab (the landmark weights are ≈ uniform too).
    let worst = 0;
    for (let p = 0; p < 5; p++) {
      for (let q = 0; q < 5; q++) {
        let s = 0;
        for (let i = 0; i < N; i++) s += P[i * M + p] * P[i * M + q];
        worst = Math.max(worst, Math.abs(s / N - (p === q ? 1 : 0)));
      }
    }
    expect(worst).toBeLessThan(0.02);
    // The truth eigenfunctions of ξ ratio 1: √2 cos a, √2 sin a, √2 cos b, √2 sin b (unit norm);
    // each must lie in span{φ_1..φ_4}: residual of its least-squares fit < 3% of its norm.
    for (const f of [
      (i: number) => Math.SQRT2 * Math.cos(a[i]),
      (i: number) => Math.SQRT2 * Math.sin(a[i]),
      (i: number) => Math.SQRT2 * Math.cos(b[i]),
      (i: number) => Math.SQRT2 * Math.sin(b[i]),
    ]) {
      // φ_1..φ_4 are nearly orthonormal: coefficients by inner products, then the residual.
      const c = [1, 2, 3, 4].map((l) => {
        let s = 0;
        for (let i = 0; i < N; i++) s += f(i) * P[i * M + l];
        return s / N;
      });
      let res = 0;
      for (let i = 0; i < N; i++) {
        let g = f(i);
        for (let l = 1; l <= 4; l++) g -= c[l - 1] * P[i * M + l];
        res += g * g;
      }
      expect(Math.sqrt(res / N)).toBeLessThan(0.03);
    }
  });

  it("Fibonacci sphere N = 30 000, m = 3000: 15 ratios 1×3, 3×5, 6×7 within 5% (mean 2.5%)", () => {
    const { points } = sphere({ n: 30_000 });
    const model = cidm(points, { k: 32, nEigs: 16, landmarks: 3000 });
    const err = ratioErrors(model.xi, SPHERE15);
    expect(max(err), err.map((e) => e.toFixed(3)).join(" ")).toBeLessThan(0.05);
    expect(mean(err)).toBeLessThan(0.025);
  });
});

describe("landmark CIDM: invariance, serialisation, input errors", () => {
  const { points } = sphere({ n: 6000 });

  it("rotating the data leaves the landmarks, the spectrum and the eigenspaces unchanged", () => {
    const { points: P } = sphere({ n: 3000 });
    const Q = randomRotation(3, 5);
    for (const method of ["poisson", "farthest", "random"] as const) {
      const opts = { k: 16, nEigs: 4, landmarks: 800, landmarkMethod: method };
      const a = cidm(P, opts);
      const b = cidm(rotate(P, Q), opts);
      expect(Array.from(b.landmarks?.indices ?? [])).toEqual(
        Array.from(a.landmarks?.indices ?? [1]),
      );
      for (let l = 0; l < 4; l++) expect(Math.abs(a.xi[l] - b.xi[l])).toBeLessThan(1e-8);
      // φ_1..φ_3 span the degenerate first eigenspace (ξ ratio 1 ×3); its basis may rotate, but
      // the projector's diagonal Σ_{ℓ=1..3} φ_ℓ(x)² at every point may not.
      const pa = a.landmarks?.phiAll.data ?? new Float64Array();
      const pb = b.landmarks?.phiAll.data ?? new Float64Array(4);
      let worst = 0;
      for (let i = 0; i < pa.length / 4; i++) {
        let sa = 0;
        let sb = 0;
        for (let l = 1; l < 4; l++) {
          sa += pa[4 * i + l] ** 2;
          sb += pb[4 * i + l] ** 2;
        }
        worst = Math.max(worst, Math.abs(sa - sb));
      }
      expect(worst).toBeLessThan(1e-6);
    }
  });

  it("survives JSON: reviveCidmModel restores indices and phiAll; Nyström works on the revived model", () => {
    const model = cidm(points, { k: 16, nEigs: 6, landmarks: 800 });
    const back = reviveCidmModel(JSON.parse(JSON.stringify(model)));
    expect(back.landmarks?.indices).toBeInstanceOf(Int32Array);
    expect(back.landmarks?.phiAll.data).toBeInstanceOf(Float64Array);
    expect(Array.from(back.landmarks?.phiAll.data ?? [])).toEqual(
      Array.from(model.landmarks?.phiAll.data ?? [1]),
    );
    const q = [[0, 0.6, 0.8]];
    expect(Array.from(nystromExtend(back, q).data)).toEqual(
      Array.from(nystromExtend(model, q).data),
    );
  });

  it('"auto" uses all points below 5000 (phiAll = φ) and min(N, 5000) above', () => {
    const small = sphere({ n: 1500 }).points;
    const model = cidm(small, { k: 16, nEigs: 4, landmarks: "auto" });
    expect(model.landmarks?.m).toBe(1500);
    expect(Array.from(model.landmarks?.phiAll.data ?? [])).toEqual(Array.from(model.phi.data));
    const plain = cidm(small, { k: 16, nEigs: 4 });
    expect(Array.from(model.xi)).toEqual(Array.from(plain.xi));
    const big = cidm(points, { k: 16, nEigs: 4, landmarks: "auto" });
    expect(big.landmarks?.m).toBe(5000);
  });

  it("rejects bad landmark counts and methods with INVALID_PARAMETER", () => {
    expectCode(() => cidm(points, { k: 16, landmarks: 16 }), "INVALID_PARAMETER", /landmarks = 16/);
    expectCode(
      () => cidm(points, { k: 16, kernelNeighbors: 40, landmarks: 39 }),
      "INVALID_PARAMETER",
    );
    expectCode(() => cidm(points, { k: 8, nEigs: 30, landmarks: 20 }), "INVALID_PARAMETER");
    expectCode(() => cidm(points, { landmarks: 6001 }), "INVALID_PARAMETER", /6000/);
    expectCode(() => cidm(points, { landmarks: 100.5 }), "INVALID_PARAMETER", /integer/);
    expectCode(() => cidm(points, { landmarks: "many" as unknown as number }), "INVALID_PARAMETER");
    expectCode(
      () => cidm(points, { landmarks: 100, landmarkMethod: "grid" as unknown as "random" }),
      "INVALID_PARAMETER",
      /poisson/,
    );
    expectCode(() => selectLandmarks(points, 0), "INVALID_PARAMETER");
    expectCode(() => selectLandmarks(points, 10, { seed: 0.5 }), "INVALID_PARAMETER");
    expectCode(() => selectLandmarks(points, 10, { sampleSize: 5 }), "INVALID_PARAMETER");
    expectCode(
      () =>
        selectLandmarks(
          [
            [0, 0],
            [0, Number.NaN],
          ],
          1,
        ),
      "NON_FINITE",
    );
    const same = Array.from({ length: 50 }, () => [1, 2]);
    expectCode(() => selectLandmarks(same, 5), "INVALID_PARAMETER", /identical/);
    // Fewer distinct points than landmarks.
    const dup = Array.from({ length: 50 }, (_, i) => [i % 5, 0]);
    expectCode(
      () => selectLandmarks(dup, 10, { method: "farthest" }),
      "INVALID_PARAMETER",
      /distinct/,
    );
  });
});

describe("selectLandmarks", () => {
  const { points } = flatTorus({ n: 20_000, sampling: "kronecker" });
  const m = 500;

  /** Squared distance between rows i of A and j of B. */
  const d2 = (A: Matrix, i: number, B: Matrix, j: number) => {
    let s = 0;
    for (let c = 0; c < A.cols; c++) s += (A.data[i * A.cols + c] - B.data[j * B.cols + c]) ** 2;
    return s;
  };
  /** min pairwise distance of the landmarks, and max distance from a data point to its nearest landmark. */
  function packingCovering(L: Matrix): { packing: number; covering: number } {
    let packing = Number.POSITIVE_INFINITY;
    for (let i = 0; i < L.rows; i++)
      for (let j = 0; j < i; j++) packing = Math.min(packing, d2(L, i, L, j));
    let covering = 0;
    for (let i = 0; i < points.rows; i += 7) {
      let best = Number.POSITIVE_INFINITY;
      for (let j = 0; j < L.rows; j++) best = Math.min(best, d2(points, i, L, j));
      covering = Math.max(covering, best);
    }
    return { packing: Math.sqrt(packing), covering: Math.sqrt(covering) };
  }

  for (const method of ["poisson", "farthest", "kmeans", "random"] as const) {
    it(`${method}: m distinct sorted data rows, reproducible by seed`, () => {
      const a = selectLandmarks(points, m, { method, seed: 3, sampleSize: 5000 });
      const b = selectLandmarks(points, m, { method, seed: 3, sampleSize: 5000 });
      const idx = a.indices;
      if (!idx) throw new Error("indices missing");
      expect(idx.length).toBe(m);
      for (let t = 1; t < m; t++) expect(idx[t]).toBeGreaterThan(idx[t - 1]);
      expect(Array.from(b.indices ?? [])).toEqual(Array.from(idx));
      for (let t = 0; t < m; t += 50) expect(d2(a.points, t, points, idx[t])).toBe(0);
    });
  }

  it("farthest is an r-net: packing distance ≥ covering radius of the data (greedy maximin)", () => {
    const sel = selectLandmarks(points, m, { method: "farthest", seed: 1 });
    const { packing, covering } = packingCovering(sel.points);
    expect(packing).toBeGreaterThanOrEqual(covering * (1 - 1e-12));
  });

  it("poisson is evenly spaced: packing ≥ 0.6 × the hexagonal spacing, random far below", () => {
    // Flat torus of area (2π)², chordal ≈ geodesic at this scale: hexagonal spacing √(2A/(√3 m)).
    const hex = Math.sqrt((2 * (2 * Math.PI) ** 2) / (Math.sqrt(3) * m));
    const poisson = packingCovering(selectLandmarks(points, m, { seed: 1 }).points);
    const random = packingCovering(
      selectLandmarks(points, m, { method: "random", seed: 1 }).points,
    );
    expect(poisson.packing).toBeGreaterThan(0.6 * hex);
    expect(poisson.covering).toBeLessThan(1.2 * hex);
    expect(random.packing).toBeLessThan(0.3 * hex);
  });

  it("kmeans without snapping returns centroids (indices null) near the manifold", () => {
    const sel = selectLandmarks(points, 200, {
      method: "kmeans",
      snap: false,
      seed: 2,
      sampleSize: 4000,
    });
    expect(sel.indices).toBeNull();
    expect(sel.points.rows).toBe(200);
    // Flat torus: each (x1, x2) and (x3, x4) pair lies on the unit circle; a centroid of a small
    // cell is inside by O(h²), h ≈ 2π/√200 ≈ 0.44 → at most ≈ h²/8 ≈ 0.03.
    for (let j = 0; j < 200; j++) {
      const r1 = Math.hypot(sel.points.data[4 * j], sel.points.data[4 * j + 1]);
      const r2 = Math.hypot(sel.points.data[4 * j + 2], sel.points.data[4 * j + 3]);
      expect(Math.abs(r1 - 1)).toBeLessThan(0.06);
      expect(Math.abs(r2 - 1)).toBeLessThan(0.06);
    }
  });
});
