/**
 * GPU kernel blocks (src/gpu) and the `backend` option of the core: blocks against a naive
 * float64 reference (bit-identical for "cpu", within the stated float32 bound for "wasm"), and
 * neighbour searches / Nyström results with a backend bit-identical to the CPU path, including
 * an adversarial backend whose every value is off by the full contract bound.
 */
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cidm } from "../../src/cidm/index.js";
import { circle, embedInHighDim } from "../../src/datasets/index.js";
import { ManifoldError } from "../../src/errors/index.js";
import {
  createBackend,
  type GpuBackend,
  kernelErrorBound,
  sqDistErrorBound,
} from "../../src/gpu/index.js";
import type { Matrix } from "../../src/matrix/index.js";
import {
  buildIndex,
  type DistanceBackend,
  type KnnResult,
  knn,
  knnQuery,
  knnReverseRadiusQuery,
  type RadiusResult,
  radiusQuery,
  reverseRadiusQuery,
} from "../../src/neighbors/index.js";
import {
  evaluate,
  nystromExtend,
  nystromFunction,
  nystromProject,
} from "../../src/nystrom/index.js";
import { createRng } from "../../src/random/index.js";
import { codeOf } from "../shared/errors.js";

let wasm: GpuBackend;
let cpu: GpuBackend;

beforeAll(async () => {
  wasm = await createBackend({ prefer: ["wasm"] });
  cpu = await createBackend({ prefer: ["cpu"] });
});

afterAll(() => {
  wasm?.dispose();
  cpu?.dispose();
});

/** Naive `Σ_d (x_d − y_d)²`, left to right. */
function naiveSq(X: Matrix, i: number, Y: Matrix, j: number): number {
  let s = 0;
  for (let d = 0; d < X.cols; d++) {
    const e = X.data[i * X.cols + d] - Y.data[j * Y.cols + d];
    s += e * e;
  }
  return s;
}

function randomMatrix(rows: number, cols: number, seed: number, scale = 1, offset = 0): Matrix {
  const rng = createRng(seed);
  const data = new Float64Array(rows * cols);
  for (let t = 0; t < data.length; t++) data[t] = offset + scale * rng.normal();
  return { rows, cols, data };
}

/** Rows with many exact duplicates and ties: small integer coordinates. */
function gridMatrix(rows: number, cols: number, seed: number, levels = 3): Matrix {
  const rng = createRng(seed);
  const data = new Float64Array(rows * cols);
  for (let t = 0; t < data.length; t++) data[t] = rng.int(levels);
  return { rows, cols, data };
}

function colMean(Y: Matrix): Float64Array {
  const mu = new Float64Array(Y.cols);
  for (let j = 0; j < Y.rows; j++) for (let d = 0; d < Y.cols; d++) mu[d] += Y.data[j * Y.cols + d];
  for (let d = 0; d < Y.cols; d++) mu[d] /= Y.rows;
  return mu;
}

function centredSqNorm(X: Matrix, i: number, mu: Float64Array): number {
  let s = 0;
  for (let d = 0; d < X.cols; d++) {
    const v = X.data[i * X.cols + d] - mu[d];
    s += v * v;
  }
  return s;
}

function expectSameKnn(a: KnnResult, b: KnnResult): void {
  expect(a.k).toBe(b.k);
  expect(a.n).toBe(b.n);
  expect(Array.from(a.indices)).toEqual(Array.from(b.indices));
  expect(Array.from(a.distances)).toEqual(Array.from(b.distances));
}

function expectSameRadius(a: RadiusResult, b: RadiusResult): void {
  expect(Array.from(a.offsets)).toEqual(Array.from(b.offsets));
  expect(Array.from(a.indices)).toEqual(Array.from(b.indices));
  expect(Array.from(a.distances)).toEqual(Array.from(b.distances));
}

/**
 * A worst-case backend: exact float64 sums pushed by the full contract bound
 * `(4D + 32)·u·(|a|² + |b|²)` up or down (pseudo-randomly per entry), with u = 2⁻²².
 * If the core's margin were too small, some neighbour would be lost.
 */
function adversarialBackend(seed: number): DistanceBackend {
  const u = 2 ** -22;
  let state = seed >>> 0;
  return {
    kind: "adversarial",
    unitRoundoff: u,
    sqDistTile(A, rowsA, B, rowsB, D) {
      const out = new Float64Array(rowsA * rowsB);
      for (let i = 0; i < rowsA; i++) {
        let na = 0;
        for (let d = 0; d < D; d++) na += A[i * D + d] ** 2;
        for (let j = 0; j < rowsB; j++) {
          let nb = 0;
          let s = 0;
          for (let d = 0; d < D; d++) {
            nb += B[j * D + d] ** 2;
            s += (A[i * D + d] - B[j * D + d]) ** 2;
          }
          state = (Math.imul(state, 1103515245) + 12345) >>> 0;
          const sign = state & 0x10000 ? 1 : -1;
          out[i * rowsB + j] = s + sign * 0.999 * (4 * D + 32) * u * (na + nb);
        }
      }
      return out;
    },
  };
}

describe("kernel blocks against a naive float64 reference", () => {
  it("cpu: sqDistBlock and kernelBlock are bit-identical to the naive sums and exp(−s/(ε·(ρ_x·ρ_y)))", () => {
    const X = randomMatrix(13, 7, 1, 3, 10);
    const Y = randomMatrix(29, 7, 2, 3, 10);
    const rq = Array.from({ length: 13 }, (_, i) => 0.5 + 0.1 * i);
    const rt = Array.from({ length: 29 }, (_, j) => 0.7 + 0.05 * j);
    const eps = 1.7;
    const S = cpu.sqDistBlock(X, Y);
    const K = cpu.kernelBlock(X, Y, { eps, rhoQueries: rq, rhoTraining: rt });
    expect([S.rows, S.cols, K.rows, K.cols]).toEqual([13, 29, 13, 29]);
    for (let i = 0; i < 13; i++) {
      for (let j = 0; j < 29; j++) {
        const s = naiveSq(X, i, Y, j);
        expect(S.data[i * 29 + j]).toBe(s);
        expect(K.data[i * 29 + j]).toBe(Math.exp(-s / (eps * (rq[i] * rt[j]))));
      }
    }
    expect(cpu.precision).toBe("float64");
    expect(cpu.kind).toBe("cpu");
  });

  it("wasm (gpu.js webasm, float32): every entry within the stated bound, which is itself small", () => {
    expect(wasm.kind).toBe("wasm");
    expect(wasm.engine).toBe("webasm");
    expect(wasm.precision).toBe("float32");
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 40 }),
        fc.integer({ min: 1, max: 9 }),
        fc.integer({ min: 1, max: 70 }),
        fc.double({ min: -6, max: 6, noNaN: true }),
        fc.double({ min: -1e4, max: 1e4, noNaN: true }),
        fc.integer({ min: 0, max: 1e6 }),
        (D, Q, N, logScale, offset, seed) => {
          const scale = 10 ** logScale;
          const X = randomMatrix(Q, D, seed, scale, offset);
          const Y = randomMatrix(N, D, seed + 1, scale, offset);
          const S = wasm.sqDistBlock(X, Y);
          const mu = colMean(Y);
          let worstRel = 0;
          for (let i = 0; i < Q; i++) {
            const nx = centredSqNorm(X, i, mu);
            for (let j = 0; j < N; j++) {
              const ny = centredSqNorm(Y, j, mu);
              const s = naiveSq(X, i, Y, j);
              const err = Math.abs(S.data[i * N + j] - s);
              expect(err).toBeLessThanOrEqual(sqDistErrorBound(D, wasm.unitRoundoff, nx, ny));
              worstRel = Math.max(worstRel, err / (nx + ny));
            }
          }
          // The error actually seen, relative to |x'|² + |y'|²: float32 level (≤ 1e-6 here).
          expect(worstRel).toBeLessThan(1e-6 * Math.max(1, D / 8));
        },
      ),
      { seed: 90_001, numRuns: 40 },
    );
  });

  it("wasm kernelBlock: within K·(e^Δ − 1) + 2⁻¹²⁰ of the float64 kernel, on δ² from 0 to ≈ 40", () => {
    const D = 6;
    const X = randomMatrix(40, D, 7, 1, 3);
    const Y = randomMatrix(90, D, 8, 1, 3);
    const rq = Float64Array.from({ length: 40 }, (_, i) => 0.4 + 0.02 * i);
    const rt = Float64Array.from({ length: 90 }, (_, j) => 0.5 + 0.01 * j);
    const eps = 0.8;
    const K = wasm.kernelBlock(X, Y, { eps, rhoQueries: rq, rhoTraining: rt });
    const mu = colMean(Y);
    let maxDelta = 0;
    let worstRel = 0;
    for (let i = 0; i < 40; i++) {
      for (let j = 0; j < 90; j++) {
        const s = naiveSq(X, i, Y, j);
        const scale = eps * (rq[i] * rt[j]);
        const k = Math.exp(-s / scale);
        const E = sqDistErrorBound(
          D,
          wasm.unitRoundoff,
          centredSqNorm(X, i, mu),
          centredSqNorm(Y, j, mu),
        );
        const err = Math.abs(K.data[i * 90 + j] - k);
        expect(err).toBeLessThanOrEqual(
          kernelErrorBound(k, E, s / scale, scale, wasm.unitRoundoff),
        );
        maxDelta = Math.max(maxDelta, s / scale);
        if (s / scale < 10) worstRel = Math.max(worstRel, err / k);
      }
    }
    expect(maxDelta).toBeGreaterThan(20);
    expect(worstRel).toBeLessThan(1e-5);
  });

  it("wasm blocks larger than one kernel call (chunks of 1024 × 4096) are assembled in place", () => {
    const X = randomMatrix(1030, 2, 11);
    const Y = randomMatrix(4100, 2, 12);
    const S = wasm.sqDistBlock(X, Y);
    const mu = colMean(Y);
    for (const [i, j] of [
      [0, 0],
      [1023, 4095],
      [1024, 4096],
      [1029, 4099],
      [517, 4097],
      [1025, 3],
    ]) {
      const s = naiveSq(X, i, Y, j);
      const E = sqDistErrorBound(
        2,
        wasm.unitRoundoff,
        centredSqNorm(X, i, mu),
        centredSqNorm(Y, j, mu),
      );
      expect(Math.abs(S.data[i * 4100 + j] - s)).toBeLessThanOrEqual(E);
    }
  });
});

describe("core searches with a backend are bit-identical to the CPU path", () => {
  it("knn, knnQuery, radiusQuery, reverseRadiusQuery, knnReverseRadiusQuery (property, with duplicates and ties)", () => {
    const backends = [wasm, cpu, adversarialBackend(5)];
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 60 }),
        fc.integer({ min: 1, max: 40 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 8 }),
        fc.boolean(),
        fc.integer({ min: 0, max: 1e6 }),
        (N, D, Q, kRaw, grid, seed) => {
          const k = Math.min(N, kRaw);
          const X = grid ? gridMatrix(N, D, seed) : randomMatrix(N, D, seed, 2, 5);
          const Y = grid ? gridMatrix(Q, D, seed + 1) : randomMatrix(Q, D, seed + 1, 2, 5);
          const index = buildIndex(X, { method: "brute" });
          const base = knn(X, k, { method: "brute" });
          const baseQ = knnQuery(index, Y, k);
          const radii = new Float64Array(N);
          for (let j = 0; j < N; j++) radii[j] = base.distances[j * k + k - 1];
          const r = Float64Array.from({ length: Q }, (_, q) => baseQ.distances[q * k + k - 1]);
          const baseR = radiusQuery(index, Y, r);
          const baseRev = reverseRadiusQuery(index, Y, radii);
          const baseBoth = knnReverseRadiusQuery(index, Y, k, radii);
          for (const backend of backends) {
            expectSameKnn(knn(X, k, { method: "brute", backend }), base);
            expectSameKnn(knnQuery(index, Y, k, { backend }), baseQ);
            expectSameRadius(radiusQuery(index, Y, r, { backend }), baseR);
            expectSameRadius(reverseRadiusQuery(index, Y, radii, { backend }), baseRev);
            const both = knnReverseRadiusQuery(index, Y, k, radii, { backend });
            expectSameKnn(both.knn, baseBoth.knn);
            expectSameRadius(both.reverse, baseBoth.reverse);
          }
        },
      ),
      { seed: 90_002, numRuns: 30 },
    );
  });

  it("ties at the k-th distance resolve by lower index exactly as without a backend", () => {
    // 3 exact copies of each of 40 points in R^48 (auto picks brute force above 32 columns).
    const base = randomMatrix(40, 48, 21);
    const data = new Float64Array(120 * 48);
    for (let c = 0; c < 3; c++) data.set(base.data, c * 40 * 48);
    const X: Matrix = { rows: 120, cols: 48, data };
    const plain = knn(X, 5);
    for (const backend of [wasm, adversarialBackend(9)]) {
      const got = knn(X, 5, { backend });
      expectSameKnn(got, plain);
    }
    // Point i has copies i, i+40, i+80 at distance 0: the first three neighbours of 50 are 10, 50, 90.
    expect(Array.from(plain.indices.subarray(50 * 5, 50 * 5 + 3))).toEqual([10, 50, 90]);
  });

  it("a backend that returns NaN or too few values costs time, never correctness", () => {
    const X = randomMatrix(50, 36, 31);
    const Y = randomMatrix(9, 36, 32);
    const index = buildIndex(X);
    const nanBackend: DistanceBackend = {
      kind: "nan",
      unitRoundoff: 2 ** -22,
      sqDistTile: (_A, rowsA, _B, rowsB) => new Float32Array(rowsA * rowsB).fill(Number.NaN),
    };
    const shortBackend: DistanceBackend = {
      kind: "short",
      unitRoundoff: 2 ** -22,
      sqDistTile: () => new Float32Array(3),
    };
    const base = knnQuery(index, Y, 7);
    expectSameKnn(knnQuery(index, Y, 7, { backend: nanBackend }), base);
    expectSameKnn(knnQuery(index, Y, 7, { backend: shortBackend }), base);
  });

  it("queries with huge norms (beyond the float32-safe 2¹⁰⁰) take the exact scan", () => {
    const X = randomMatrix(30, 40, 41);
    const Y = randomMatrix(3, 40, 42);
    Y.data[0] = 1e40;
    const index = buildIndex(X);
    expectSameKnn(knnQuery(index, Y, 4, { backend: wasm }), knnQuery(index, Y, 4));
  });
});

describe("Nyström with a backend is bit-identical to the CPU path", () => {
  // A warped circle isometrically embedded in R^40: the model's index is brute force.
  const C = circle({ n: 300, warp: 0.3 }).points;
  const X = embedInHighDim(C, { dim: 40, seed: 3 }).points;
  const model = cidm(X, { k: 12, nEigs: 6, seed: 1 });
  const rng = createRng(4);
  const Qd = new Float64Array(25 * 40);
  for (let t = 0; t < Qd.length; t++)
    Qd[t] = X.data[(t % 40) + 40 * ((t * 7) % 300)] + 0.05 * rng.normal();
  const queries: Matrix = { rows: 25, cols: 40, data: Qd };

  it("nystromProject, nystromExtend and evaluate", () => {
    expect(buildIndex(X).kind).toBe("brute");
    const p0 = nystromProject(model, queries, { nEigs: 5, iterations: 2 });
    const e0 = nystromExtend(model, queries, { nEigs: 4 });
    const f = nystromFunction(
      model,
      Array.from({ length: 300 }, (_, i) => Math.cos(i / 10)),
      { nEigs: 4 },
    );
    const v0 = evaluate(f, model, queries);
    for (const backend of [wasm, cpu, adversarialBackend(3)]) {
      const p = nystromProject(model, queries, { nEigs: 5, iterations: 2, backend });
      expect(Array.from(p.points.data)).toEqual(Array.from(p0.points.data));
      expect(Array.from(p.steps)).toEqual(Array.from(p0.steps));
      expect(Array.from(p.outsideSupport)).toEqual(Array.from(p0.outsideSupport));
      expect(Array.from(nystromExtend(model, queries, { nEigs: 4, backend }).data)).toEqual(
        Array.from(e0.data),
      );
      expect(Array.from(evaluate(f, model, queries, { backend }).data)).toEqual(
        Array.from(v0.data),
      );
    }
    // φ_0 ≡ 1 (a truth, not only a comparison).
    for (let q = 0; q < 25; q++) expect(e0.data[q * 4]).toBeCloseTo(1, 10);
  });
});

describe("errors", () => {
  it("createBackend: unknown kind, empty or non-array prefer → INVALID_PARAMETER", async () => {
    for (const prefer of [["metal"], [], "cpu", ["cpu", "cuda"]]) {
      await expect(createBackend({ prefer: prefer as never })).rejects.toMatchObject({
        code: "INVALID_PARAMETER",
      });
    }
  });

  it("createBackend: gpu.js missing → BACKEND_UNAVAILABLE naming npm install gpu.js; listed in tried before cpu", async () => {
    const loadGpuJs = () => Promise.reject(new Error("Cannot find package 'gpu.js'"));
    const err = await createBackend({ prefer: ["webgl", "wasm"], loadGpuJs }).catch((e) => e);
    expect(err).toBeInstanceOf(ManifoldError);
    expect(err.code).toBe("BACKEND_UNAVAILABLE");
    expect(err.message).toContain("npm install gpu.js");
    const b = await createBackend({ prefer: ["webgpu", "wasm", "cpu"], loadGpuJs });
    expect(b.kind).toBe("cpu");
    expect(b.tried.map((t) => t.kind)).toEqual(["webgpu", "wasm"]);
    expect(b.tried[1].reason).toContain("npm install gpu.js");
    expect(b.tried[0].reason).toContain("WebGPU");
  });

  it("createBackend in Node: webgl (no headless-gl) is skipped with its reason; webgpu alone fails", async () => {
    const b = await createBackend({ prefer: ["webgl", "cpu"] });
    expect(b.kind).toBe("cpu");
    expect(b.tried[0]).toMatchObject({ kind: "webgl" });
    expect(b.tried[0].reason).toMatch(/headless-gl|WebGL/);
    await expect(createBackend({ prefer: ["webgpu"] })).rejects.toMatchObject({
      code: "BACKEND_UNAVAILABLE",
    });
  });

  it("blocks: dimension mismatch, NaN, empty input, bad ε or ρ", () => {
    for (const b of [wasm, cpu]) {
      expect(codeOf(() => b.sqDistBlock([[1, 2]], [[1, 2, 3]]))).toBe("DIMENSION_MISMATCH");
      expect(codeOf(() => b.sqDistBlock([[1, Number.NaN]], [[1, 2]]))).toBe("NON_FINITE");
      expect(codeOf(() => b.sqDistBlock([], [[1, 2]]))).toBe("EMPTY_INPUT");
      const ok = { eps: 1, rhoQueries: [1], rhoTraining: [1] };
      expect(codeOf(() => b.kernelBlock([[1]], [[2]], { ...ok, eps: 0 }))).toBe(
        "INVALID_PARAMETER",
      );
      expect(codeOf(() => b.kernelBlock([[1]], [[2]], { ...ok, rhoQueries: [0] }))).toBe(
        "INVALID_PARAMETER",
      );
      expect(codeOf(() => b.kernelBlock([[1]], [[2]], { ...ok, rhoTraining: [1, 2] }))).toBe(
        "INVALID_PARAMETER",
      );
      expect(codeOf(() => b.kernelBlock([[1]], [[2]], ok))).toBeUndefined();
    }
  });

  it("dispose, then use → BACKEND_UNAVAILABLE (also through the core); dispose twice is fine", async () => {
    const b = await createBackend({ prefer: ["wasm"] });
    b.dispose();
    b.dispose();
    expect(codeOf(() => b.sqDistBlock([[1]], [[2]]))).toBe("BACKEND_UNAVAILABLE");
    const X = randomMatrix(20, 40, 1);
    expect(codeOf(() => knn(X, 3, { backend: b }))).toBe("BACKEND_UNAVAILABLE");
  });

  it("core: a malformed backend → INVALID_PARAMETER", () => {
    const X = randomMatrix(20, 40, 1);
    const bad = [
      {},
      { sqDistTile: () => [], unitRoundoff: 0 },
      { sqDistTile: 1, unitRoundoff: 1e-7 },
    ];
    for (const backend of bad) {
      expect(codeOf(() => knn(X, 3, { backend: backend as never }))).toBe("INVALID_PARAMETER");
    }
  });
});

describe("packaging", () => {
  const src = join(dirname(fileURLToPath(import.meta.url)), "../../src");
  const bundle = async (entry: string) =>
    (
      await build({
        entryPoints: [entry],
        bundle: true,
        write: false,
        format: "esm",
        platform: "browser",
        external: ["gpu.js"],
        logLevel: "silent",
      })
    ).outputFiles[0].text;

  it("the core bundle never references gpu.js or src/gpu; src/gpu loads gpu.js only by dynamic import", async () => {
    const core = await bundle(join(src, "index.ts"));
    expect(core).toContain("function knnQuery");
    for (const absent of [
      'import("gpu.js")',
      "function createBackend",
      "sqDistKernel",
      "createKernel",
    ])
      expect(core).not.toContain(absent);
    const gpu = await bundle(join(src, "gpu", "index.ts"));
    expect(gpu).toContain('import("gpu.js")');
    expect(gpu).not.toMatch(/^import[^(]*from\s*["']gpu\.js["']/m);
  });
});
