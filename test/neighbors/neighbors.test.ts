import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ManifoldError } from "../../src/errors/index.js";
import type { Matrix } from "../../src/matrix/index.js";
import {
  bruteKnn,
  bruteKnnSelf,
  bruteQuery,
  bruteRadius,
  buildBrute,
  exactSqBatch,
} from "../../src/neighbors/brute.js";
import {
  buildIndex,
  chooseMethod,
  KDTREE_MAX_COLS,
  knn,
  knnQuery,
  knnReverseRadiusQuery,
  radiusQuery,
  reverseRadiusQuery,
} from "../../src/neighbors/index.js";
import { createRng } from "../../src/random/index.js";
import { codeOf } from "../shared/errors.js";

const METHODS = ["kdtree", "brute"] as const;

/** Naive reference: squared distances Σ_d (x_d − y_d)² summed in order, ranked by (s, index). */
function naiveSorted(X: Matrix, q: Float64Array, qo: number): { ids: number[]; s: Float64Array } {
  const s = new Float64Array(X.rows);
  for (let j = 0; j < X.rows; j++) {
    let a = 0;
    for (let d = 0; d < X.cols; d++) {
      const e = q[qo + d] - X.data[j * X.cols + d];
      a += e * e;
    }
    s[j] = a;
  }
  const ids = Array.from({ length: X.rows }, (_, j) => j).sort((a, b) => s[a] - s[b] || a - b);
  return { ids, s };
}

function expectKnnMatchesNaive(
  X: Matrix,
  Qm: Matrix,
  k: number,
  got: { indices: Int32Array; distances: Float64Array; k: number; n: number },
): void {
  expect(got.k).toBe(k);
  expect(got.n).toBe(Qm.rows);
  for (let q = 0; q < Qm.rows; q++) {
    const { ids, s } = naiveSorted(X, Qm.data, q * Qm.cols);
    const gotIds = Array.from(got.indices.subarray(q * k, (q + 1) * k));
    expect(gotIds).toEqual(ids.slice(0, k));
    for (let r = 0; r < k; r++) {
      const want = Math.sqrt(s[ids[r]]);
      expect(Math.abs(got.distances[q * k + r] - want)).toBeLessThanOrEqual(1e-12 * want);
    }
  }
}

function expectRadiusMatchesNaive(
  X: Matrix,
  Qm: Matrix,
  keep: (q: number, j: number, dist: number) => boolean,
  got: { offsets: Int32Array; indices: Int32Array; distances: Float64Array },
): void {
  expect(got.offsets.length).toBe(Qm.rows + 1);
  expect(got.offsets[0]).toBe(0);
  for (let q = 0; q < Qm.rows; q++) {
    const { ids, s } = naiveSorted(X, Qm.data, q * Qm.cols);
    const want = ids.filter((j) => keep(q, j, Math.sqrt(s[j])));
    const a = got.offsets[q];
    const b = got.offsets[q + 1];
    expect(Array.from(got.indices.subarray(a, b))).toEqual(want);
    for (let t = a; t < b; t++) {
      const w = Math.sqrt(s[got.indices[t]]);
      expect(Math.abs(got.distances[t] - w)).toBeLessThanOrEqual(1e-12 * w);
    }
  }
}

/** Random matrix: Gaussian, small-integer grid (many exact ties) or with duplicated rows. */
function randomMatrix(seed: number, rows: number, cols: number, kind: number, offset = 0): Matrix {
  const rng = createRng(seed);
  const data = new Float64Array(rows * cols);
  for (let t = 0; t < data.length; t++) {
    data[t] = offset + (kind === 1 ? rng.int(3) : rng.normal());
  }
  if (kind === 2) {
    // copy some rows onto others (exact duplicates)
    for (let i = 1; i < rows; i += 3) {
      const src = rng.int(rows);
      data.copyWithin(i * cols, src * cols, (src + 1) * cols);
    }
  }
  return { rows, cols, data };
}

const caseArb = fc.record({
  seed: fc.integer({ min: 0, max: 1_000_000 }),
  rows: fc.integer({ min: 1, max: 90 }),
  cols: fc.integer({ min: 1, max: 40 }),
  kFrac: fc.double({ min: 0, max: 1, noNaN: true }),
  kind: fc.integer({ min: 0, max: 2 }),
  leafSize: fc.integer({ min: 1, max: 20 }),
  queries: fc.integer({ min: 1, max: 12 }),
});

describe("knn: equals a naive O(N²) search", () => {
  for (const method of [...METHODS, "auto"] as const) {
    it(`all-points kNN, method ${method}`, () => {
      fc.assert(
        fc.property(caseArb, ({ seed, rows, cols, kFrac, kind, leafSize }) => {
          const X = randomMatrix(seed, rows, cols, kind);
          const k = 1 + Math.min(rows - 1, Math.floor(kFrac * rows));
          expectKnnMatchesNaive(X, X, k, knn(X, k, { method, leafSize }));
        }),
        { seed: 20240611, numRuns: 60 },
      );
    });
  }

  for (const method of METHODS) {
    it(`knnQuery, radiusQuery and reverseRadiusQuery, method ${method}`, () => {
      fc.assert(
        fc.property(caseArb, ({ seed, rows, cols, kFrac, kind, leafSize, queries }) => {
          const X = randomMatrix(seed, rows, cols, kind);
          const Qm = randomMatrix(seed + 1, queries, cols, kind);
          const k = 1 + Math.min(rows - 1, Math.floor(kFrac * rows));
          const index = buildIndex(X, { method, leafSize });
          expect(index.kind).toBe(method);
          expectKnnMatchesNaive(X, Qm, k, knnQuery(index, Qm, k));
          // radius: a typical neighbour distance scale is sqrt(2·cols)
          const rng = createRng(seed + 2);
          const r = rng.uniform() * Math.sqrt(2 * cols);
          expectRadiusMatchesNaive(X, Qm, (_q, _j, d) => d <= r, radiusQuery(index, Qm, r));
          const rq = new Float64Array(queries).map(() => rng.uniform() * Math.sqrt(2 * cols));
          expectRadiusMatchesNaive(X, Qm, (q, _j, d) => d <= rq[q], radiusQuery(index, Qm, rq));
          const radii = new Float64Array(rows).map(() => rng.uniform() * Math.sqrt(2 * cols));
          expectRadiusMatchesNaive(
            X,
            Qm,
            (_q, j, d) => d <= radii[j],
            reverseRadiusQuery(index, Qm, radii),
          );
        }),
        { seed: 777, numRuns: 50 },
      );
    });
  }

  it("brute force without WebAssembly (JavaScript tile kernel) is exact too", () => {
    fc.assert(
      fc.property(caseArb, ({ seed, rows, cols, kFrac, kind, queries }) => {
        const X = randomMatrix(seed, rows, cols, kind);
        const Qm = randomMatrix(seed + 1, queries, cols, kind);
        const k = 1 + Math.min(rows - 1, Math.floor(kFrac * rows));
        const index = buildBrute(X.data, rows, cols);
        expectKnnMatchesNaive(X, X, k, bruteKnnSelf(index, k, false));
        expectKnnMatchesNaive(X, Qm, k, bruteKnn(index, Qm.data, queries, k, false));
      }),
      { seed: 4242, numRuns: 40 },
    );
  });

  it("larger sets (candidate-list compaction, deep trees), both methods", () => {
    for (const [rows, cols, k] of [
      [700, 3, 5],
      [500, 24, 1],
      [400, 9, 40],
    ] as const) {
      const X = randomMatrix(rows + cols, rows, cols, 0);
      for (const method of METHODS) expectKnnMatchesNaive(X, X, k, knn(X, k, { method }));
    }
  });

  it("data far from the origin (offset 1e8, spread 1): still exact", () => {
    const X = randomMatrix(5, 120, 30, 0, 1e8);
    for (const method of METHODS) expectKnnMatchesNaive(X, X, 7, knn(X, 7, { method }));
  });
});

/** Naive squared distances Σ_d (q_d − x_d)², left to right. */
function naiveSq(X: Matrix, q: Float64Array, qo: number, j: number): number {
  let a = 0;
  for (let d = 0; d < X.cols; d++) {
    const e = q[qo + d] - X.data[j * X.cols + d];
    a += e * e;
  }
  return a;
}

/** Bit-for-bit: the kNN rows are the naive (s, j) order with distances exactly sqrt(s). */
function expectKnnBitIdentical(
  X: Matrix,
  Qm: Matrix,
  k: number,
  got: { indices: Int32Array; distances: Float64Array },
): void {
  for (let q = 0; q < Qm.rows; q++) {
    const { ids, s } = naiveSorted(X, Qm.data, q * Qm.cols);
    expect(Array.from(got.indices.subarray(q * k, (q + 1) * k))).toEqual(ids.slice(0, k));
    const want = ids.slice(0, k).map((j) => Math.sqrt(s[j]));
    expect(Array.from(got.distances.subarray(q * k, (q + 1) * k))).toEqual(want);
  }
}

/** Bit-for-bit radius rows: naive members in (s, j) order, distances exactly sqrt(s). */
function expectRadiusBitIdentical(
  X: Matrix,
  Qm: Matrix,
  keep: (q: number, j: number, dist: number) => boolean,
  got: { offsets: Int32Array; indices: Int32Array; distances: Float64Array },
): void {
  expect(got.offsets.length).toBe(Qm.rows + 1);
  for (let q = 0; q < Qm.rows; q++) {
    const { ids, s } = naiveSorted(X, Qm.data, q * Qm.cols);
    const want = ids.filter((j) => keep(q, j, Math.sqrt(s[j])));
    const a = got.offsets[q];
    const b = got.offsets[q + 1];
    expect(Array.from(got.indices.subarray(a, b))).toEqual(want);
    expect(Array.from(got.distances.subarray(a, b))).toEqual(want.map((j) => Math.sqrt(s[j])));
  }
}

/** Radii drawn around the typical neighbour distance sqrt(2·cols) of the random matrices. */
function someRadii(seed: number, n: number, cols: number): Float64Array {
  const rng = createRng(seed);
  return new Float64Array(n).map(() => rng.uniform() * Math.sqrt(2 * cols));
}

describe("brute-force query paths: one blocked pass, bit-identical to the naive scan", () => {
  it("knnReverseRadiusQuery = knnQuery + reverseRadiusQuery = naive, both methods", () => {
    fc.assert(
      fc.property(caseArb, ({ seed, rows, cols, kFrac, kind, leafSize, queries }) => {
        const X = randomMatrix(seed, rows, cols, kind);
        const Qm = randomMatrix(seed + 1, queries, cols, kind);
        const k = 1 + Math.min(rows - 1, Math.floor(kFrac * rows));
        const radii = someRadii(seed + 3, rows, cols);
        for (const method of METHODS) {
          const index = buildIndex(X, { method, leafSize });
          const both = knnReverseRadiusQuery(index, Qm, k, radii);
          expectKnnBitIdentical(X, Qm, k, both.knn);
          expectRadiusBitIdentical(X, Qm, (_q, j, d) => d <= radii[j], both.reverse);
          expect(both.knn).toEqual(knnQuery(index, Qm, k));
          expect(both.reverse).toEqual(reverseRadiusQuery(index, Qm, radii));
        }
      }),
      { seed: 9090, numRuns: 40 },
    );
  });

  it("JavaScript and WebAssembly tile kernels give the same exact results (all three searches)", () => {
    fc.assert(
      fc.property(caseArb, ({ seed, rows, cols, kFrac, kind, queries }) => {
        const X = randomMatrix(seed, rows, cols, kind);
        const Qm = randomMatrix(seed + 1, queries, cols, kind);
        const k = 1 + Math.min(rows - 1, Math.floor(kFrac * rows));
        const radius = someRadii(seed + 2, queries, cols);
        const radii = someRadii(seed + 3, rows, cols);
        const index = buildBrute(X.data, rows, cols);
        const spec = { k, radius, radii };
        const js = bruteQuery(index, Qm.data, queries, spec, false);
        const wasm = bruteQuery(index, Qm.data, queries, spec, true);
        expect(js).toEqual(wasm);
        expectKnnBitIdentical(X, Qm, k, js.knn as NonNullable<typeof js.knn>);
        const fwd = js.radius as NonNullable<typeof js.radius>;
        expectRadiusBitIdentical(X, Qm, (q, _j, d) => d <= radius[q], fwd);
        const rev = js.reverse as NonNullable<typeof js.reverse>;
        expectRadiusBitIdentical(X, Qm, (_q, j, d) => d <= radii[j], rev);
        expect(bruteRadius(index, Qm.data, queries, radius, null, false)).toEqual(fwd);
        expect(bruteRadius(index, Qm.data, queries, null, radii, false)).toEqual(rev);
      }),
      { seed: 31337, numRuns: 40 },
    );
  });

  it("many query and training tiles, partial tiles, 400-D lattice ties", () => {
    // D = 400: tiles of 40 training points × 160 queries; 170 queries and 130 points
    // cover full and partial tiles of both; entries in {0, 1, 2} make exact ties common.
    const X = randomMatrix(71, 130, 400, 1);
    const Qm = randomMatrix(72, 170, 400, 1);
    const index = buildIndex(X, { method: "brute" });
    const nn = knn(X, 9, { method: "brute" });
    const radii = new Float64Array(130).map((_, j) => nn.distances[j * 9 + 8]);
    const both = knnReverseRadiusQuery(index, Qm, 12, radii);
    expectKnnBitIdentical(X, Qm, 12, both.knn);
    expectRadiusBitIdentical(X, Qm, (_q, j, d) => d <= radii[j], both.reverse);
    // a ball radius equal to an attained distance keeps every tied point
    const r = new Float64Array(170).map((_, q) => both.knn.distances[q * 12 + 5]);
    expectRadiusBitIdentical(X, Qm, (q, _j, d) => d <= r[q], radiusQuery(index, Qm, r));
  });

  it("norms beyond the tile bound fall back to exact scans (no overflow, nothing lost)", () => {
    // One training point at 1.2e154: |x'|² + |y'|² overflows for a query beside it, so d̃ would
    // be NaN, while every exact distance is finite (≤ 1.44e308). The query next to it must still
    // find it first, and the balls must still contain it.
    const X = randomMatrix(81, 40, 3, 0);
    X.data[0] = 1.2e154;
    const Qm = randomMatrix(82, 4, 3, 0);
    Qm.data[0] = 1.2e154 * (1 + 2 ** -50);
    // and an ordinary index with one far query (squared norm 2.5e301 > 2^1000)
    const small = randomMatrix(83, 40, 3, 0);
    const Qfar = randomMatrix(84, 3, 3, 0);
    Qfar.data[0] = 5e150;
    for (const [P, R] of [
      [X, Qm],
      [small, Qfar],
    ] as const) {
      const index = buildIndex(P, { method: "brute" });
      const radii = new Float64Array(P.rows).fill(3);
      radii[0] = 1e140;
      const both = knnReverseRadiusQuery(index, R, 5, radii);
      expectKnnBitIdentical(P, R, 5, both.knn);
      expectRadiusBitIdentical(P, R, (_q, j, d) => d <= radii[j], both.reverse);
      const r = new Float64Array(R.rows).fill(1e140);
      expectRadiusBitIdentical(P, R, (q, _j, d) => d <= r[q], radiusQuery(index, R, r));
    }
    expect(knnQuery(buildIndex(X, { method: "brute" }), Qm, 1).indices[0]).toBe(0);
    expectKnnBitIdentical(X, X, 4, knn(X, 4, { method: "brute" }));
  });

  it("exactSqBatch is the left-to-right sum, bit for bit, for any slice", () => {
    const X = randomMatrix(91, 23, 17, 0);
    const q = randomMatrix(92, 1, 17, 0).data;
    const ids = Int32Array.from({ length: 23 }, (_, t) => (t * 7) % 23);
    const out = new Float64Array(23).fill(-1);
    exactSqBatch(q, 0, X.data, 17, ids, 2, 21, out);
    for (let t = 0; t < 23; t++) {
      expect(out[t]).toBe(t < 2 || t >= 21 ? -1 : naiveSq(X, q, 0, ids[t]));
    }
  });

  it("validates like the separate searches", () => {
    const X = randomMatrix(93, 10, 3, 0);
    const index = buildIndex(X, { method: "brute" });
    const radii = new Float64Array(10).fill(1);
    expect(() => knnReverseRadiusQuery(index, X, 11, radii)).toThrow(/k = 11 exceeds/);
    expect(() => knnReverseRadiusQuery(index, X, 2, new Float64Array(9))).toThrow(
      /one entry per training point/,
    );
    expect(() => knnReverseRadiusQuery(index, [[1, 2]], 2, radii)).toThrow(ManifoldError);
  });
});

describe("knn: ties, duplicates and edge values of k", () => {
  it("an exact duplicate with lower index comes before the point itself", () => {
    const X = [
      [0, 0],
      [1, 1],
      [0, 0],
      [0, 0],
    ];
    for (const method of METHODS) {
      const r = knn(X, 3, { method });
      expect(Array.from(r.indices)).toEqual([0, 2, 3, 1, 0, 2, 0, 2, 3, 0, 2, 3]);
      expect(r.distances[3]).toBe(0);
      expect(r.distances[5]).toBeCloseTo(Math.SQRT2, 15);
    }
  });

  it("all points identical: neighbours are the k lowest indices at distance 0", () => {
    const X = Array.from({ length: 50 }, () => [3.5, -1, 2]);
    for (const method of METHODS) {
      const r = knn(X, 10, { method });
      for (let i = 0; i < 50; i++) {
        expect(Array.from(r.indices.subarray(i * 10, i * 10 + 10))).toEqual([
          0, 1, 2, 3, 4, 5, 6, 7, 8, 9,
        ]);
      }
      expect(r.distances.every((d) => d === 0)).toBe(true);
    }
  });

  it("grid ties are broken by lower index", () => {
    // 5×5 integer grid, index = 5a + b for point (a, b)
    const X: number[][] = [];
    for (let a = 0; a < 5; a++) for (let b = 0; b < 5; b++) X.push([a, b]);
    for (const method of METHODS) {
      const r = knn(X, 9, { method });
      // centre (2, 2) = 12: itself, 4 at distance 1 (7, 11, 13, 17), 4 at √2 (6, 8, 16, 18)
      expect(Array.from(r.indices.subarray(12 * 9, 13 * 9))).toEqual([
        12, 7, 11, 13, 17, 6, 8, 16, 18,
      ]);
      expect(Array.from(r.distances.subarray(12 * 9 + 1, 12 * 9 + 5))).toEqual([1, 1, 1, 1]);
    }
  });

  it("k = 1 returns each (distinct) point itself at distance 0", () => {
    const X = randomMatrix(11, 60, 5, 0);
    for (const method of METHODS) {
      const r = knn(X, 1, { method });
      expect(Array.from(r.indices)).toEqual(Array.from({ length: 60 }, (_, i) => i));
      expect(r.distances.every((d) => d === 0)).toBe(true);
    }
  });

  it("k = N returns every point once per row, ascending", () => {
    const X = randomMatrix(12, 40, 4, 0);
    for (const method of METHODS) {
      const r = knn(X, 40, { method });
      for (let i = 0; i < 40; i++) {
        const row = Array.from(r.indices.subarray(i * 40, (i + 1) * 40));
        expect([...row].sort((a, b) => a - b)).toEqual(Array.from({ length: 40 }, (_, j) => j));
        for (let t = 1; t < 40; t++) {
          expect(r.distances[i * 40 + t]).toBeGreaterThanOrEqual(r.distances[i * 40 + t - 1]);
        }
      }
    }
  });

  it("a query far from the data gets its true k nearest; small radii find nothing", () => {
    const X = randomMatrix(13, 80, 3, 0);
    const far: Matrix = { rows: 1, cols: 3, data: Float64Array.of(1e6, -2e6, 5e5) };
    for (const method of METHODS) {
      const index = buildIndex(X, { method });
      expectKnnMatchesNaive(X, far, 6, knnQuery(index, far, 6));
      const rr = radiusQuery(index, far, 10);
      expect(Array.from(rr.offsets)).toEqual([0, 0]);
      const rev = reverseRadiusQuery(index, far, new Float64Array(80).fill(3));
      expect(rev.indices.length).toBe(0);
    }
  });

  it("reverse radius with r_κ: a training point is in the rows of exactly its κ-neighbours' owners", () => {
    // x_i ∈ { j : |x_i − x_j| ≤ r_κ(x_j) } ⇔ x_i ∈ N_κ(x_j) (distinct distances a.s.)
    const X = randomMatrix(14, 150, 2, 0);
    const kappa = 6;
    const nn = knn(X, kappa);
    const rk = new Float64Array(150).map((_, j) => nn.distances[j * kappa + kappa - 1]);
    for (const method of METHODS) {
      const rev = reverseRadiusQuery(buildIndex(X, { method }), X, rk);
      for (let i = 0; i < 150; i++) {
        const got = Array.from(rev.indices.subarray(rev.offsets[i], rev.offsets[i + 1])).sort(
          (a, b) => a - b,
        );
        const want: number[] = [];
        for (let j = 0; j < 150; j++) {
          if (Array.from(nn.indices.subarray(j * kappa, (j + 1) * kappa)).includes(i)) want.push(j);
        }
        expect(got).toEqual(want);
      }
    }
  });
});

describe("knn: validation", () => {
  it("k > N, k < 1 and non-integer k are INVALID_PARAMETER", () => {
    const X = randomMatrix(1, 40, 3, 0);
    expect(() => knn(X, 50)).toThrow(/k = 50 exceeds the number of points 40/);
    expect(codeOf(() => knn(X, 50))).toBe("INVALID_PARAMETER");
    expect(codeOf(() => knn(X, 0))).toBe("INVALID_PARAMETER");
    expect(codeOf(() => knn(X, 2.5))).toBe("INVALID_PARAMETER");
    expect(codeOf(() => knnQuery(buildIndex(X), X, 41))).toBe("INVALID_PARAMETER");
    expect(knn(X, 40).k).toBe(40);
  });

  it("empty, ragged and non-finite inputs are rejected via toMatrix", () => {
    expect(codeOf(() => knn([], 1))).toBe("EMPTY_INPUT");
    expect(codeOf(() => knn([[1, 2], [3]], 1))).toBe("RAGGED_INPUT");
    expect(codeOf(() => knn([[1, Number.NaN]], 1))).toBe("NON_FINITE");
    const index = buildIndex([
      [0, 0],
      [1, 1],
    ]);
    expect(codeOf(() => knnQuery(index, [[0, Number.POSITIVE_INFINITY]], 1))).toBe("NON_FINITE");
    expect(codeOf(() => radiusQuery(index, [], 1))).toBe("EMPTY_INPUT");
  });

  it("queries with a different number of columns are DIMENSION_MISMATCH", () => {
    for (const method of METHODS) {
      const index = buildIndex(randomMatrix(2, 10, 3, 0), { method });
      const Q = [[1, 2]];
      expect(codeOf(() => knnQuery(index, Q, 1))).toBe("DIMENSION_MISMATCH");
      expect(codeOf(() => radiusQuery(index, Q, 1))).toBe("DIMENSION_MISMATCH");
      expect(codeOf(() => reverseRadiusQuery(index, Q, new Float64Array(10)))).toBe(
        "DIMENSION_MISMATCH",
      );
    }
  });

  it("bad radii, method, leafSize and index are INVALID_PARAMETER", () => {
    const X = randomMatrix(3, 10, 2, 0);
    const index = buildIndex(X);
    expect(codeOf(() => radiusQuery(index, X, -1))).toBe("INVALID_PARAMETER");
    expect(codeOf(() => radiusQuery(index, X, Number.NaN))).toBe("INVALID_PARAMETER");
    expect(codeOf(() => radiusQuery(index, X, new Float64Array(3)))).toBe("INVALID_PARAMETER");
    expect(codeOf(() => reverseRadiusQuery(index, X, new Float64Array(9)))).toBe(
      "INVALID_PARAMETER",
    );
    expect(codeOf(() => reverseRadiusQuery(index, X, new Float64Array(10).fill(-1)))).toBe(
      "INVALID_PARAMETER",
    );
    // biome-ignore lint/suspicious/noExplicitAny: deliberately wrong input
    expect(codeOf(() => knn(X, 2, { method: "ball" as any }))).toBe("INVALID_PARAMETER");
    expect(codeOf(() => knn(X, 2, { method: "kdtree", leafSize: 0 }))).toBe("INVALID_PARAMETER");
    // biome-ignore lint/suspicious/noExplicitAny: deliberately wrong input
    expect(codeOf(() => knnQuery({ kind: "nope" } as any, X, 1))).toBe("INVALID_PARAMETER");
  });

  it("auto: kd-tree for low intrinsic dimension, brute force for Gaussian clouds and wide data", () => {
    // a circle in R^3: a search examines a few leaves → kd-tree
    const circle = Array.from({ length: 2000 }, (_, i) => {
      const t = (2 * Math.PI * i) / 2000;
      return [Math.cos(t), Math.sin(t), 0.5];
    });
    expect(chooseMethod(circle, 16)).toBe("kdtree");
    expect(buildIndex(circle).kind).toBe("kdtree");
    // a Gaussian cloud in R^12: the tree examines most points → brute force
    expect(chooseMethod(randomMatrix(4, 1000, 12, 0), 16)).toBe("brute");
    // more than KDTREE_MAX_COLS columns: brute force without probing
    const wide = randomMatrix(5, 50, KDTREE_MAX_COLS + 1, 0);
    expect(chooseMethod(wide, 3)).toBe("brute");
    expect(buildIndex(wide).kind).toBe("brute");
    // explicit methods pass through
    expect(chooseMethod(wide, 3, { method: "kdtree" })).toBe("kdtree");
    expect(chooseMethod(circle, 3, { method: "brute" })).toBe("brute");
  });
});

describe("knn: purity", () => {
  it("inputs are not mutated (points, queries, radii; Matrix and nested arrays)", () => {
    const X = randomMatrix(21, 64, 6, 2);
    const Xcopy = X.data.slice();
    const nested = Array.from({ length: 30 }, (_, i) => [i % 7, (i * 3) % 5, 1]);
    const nestedCopy = JSON.stringify(nested);
    const Qm = randomMatrix(22, 9, 6, 0);
    const Qcopy = Qm.data.slice();
    const radii = new Float64Array(64).fill(1.5);
    const rq = new Float64Array(9).fill(2);
    for (const method of METHODS) {
      knn(X, 5, { method });
      knn(nested, 4, { method });
      const index = buildIndex(X, { method });
      knnQuery(index, Qm, 3);
      radiusQuery(index, Qm, rq);
      reverseRadiusQuery(index, Qm, radii);
    }
    expect(X.data).toEqual(Xcopy);
    expect(JSON.stringify(nested)).toBe(nestedCopy);
    expect(Qm.data).toEqual(Qcopy);
    expect(radii.every((r) => r === 1.5)).toBe(true);
    expect(rq.every((r) => r === 2)).toBe(true);
  });

  it("an index is plain data: a structured clone answers the same queries", () => {
    const X = randomMatrix(23, 100, 4, 0);
    const Qm = randomMatrix(24, 10, 4, 0);
    for (const method of METHODS) {
      const index = buildIndex(X, { method });
      const clone = structuredClone(index);
      expect(knnQuery(clone, Qm, 5)).toEqual(knnQuery(index, Qm, 5));
      expectKnnMatchesNaive(X, Qm, 5, knnQuery(clone, Qm, 5));
    }
  });
});
