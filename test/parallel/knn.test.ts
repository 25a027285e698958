/**
 * Parallel kNN: knnAsync / knnQueryAsync return exactly (bit for bit) what knn / knnQuery return,
 * which is the naive O(N²) ranking by (exact distance, index), for 1 and 2 workers, kd-tree and
 * brute force, any chunking; no worker outlives a call.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Matrix } from "../../src/matrix/index.js";
import { buildIndex, type KnnResult, knn, knnQuery } from "../../src/neighbors/index.js";
import {
  createWorkerPool,
  knnAsync,
  knnQueryAsync,
  liveWorkerCount,
} from "../../src/parallel/index.js";
import { createRng } from "../../src/random/index.js";

function cloud(seed: number, N: number, D: number, grid = false): Matrix {
  const rng = createRng(seed);
  const data = new Float64Array(N * D);
  // A coarse grid makes many exact distance ties, exercising the index tie-break.
  for (let i = 0; i < data.length; i++) data[i] = grid ? rng.int(4) : rng.normal();
  return { rows: N, cols: D, data };
}

function expectSame(a: KnnResult, b: KnnResult): void {
  expect(b.n).toBe(a.n);
  expect(b.k).toBe(a.k);
  expect(Array.from(b.indices)).toEqual(Array.from(a.indices));
  // Bit-for-bit: Object.is distinguishes -0 and compares exact doubles.
  for (let i = 0; i < a.distances.length; i++) {
    if (!Object.is(a.distances[i], b.distances[i])) {
      throw new Error(`distance ${i}: ${a.distances[i]} vs ${b.distances[i]}`);
    }
  }
}

/** Naive exact kNN: rank all j by (Σ_d (x_d − y_d)² left to right, j). */
function naiveKnn(X: Matrix, k: number): Int32Array {
  const { rows: N, cols: D, data } = X;
  const out = new Int32Array(N * k);
  for (let i = 0; i < N; i++) {
    const s: [number, number][] = [];
    for (let j = 0; j < N; j++) {
      let t = 0;
      for (let d = 0; d < D; d++) {
        const e = data[i * D + d] - data[j * D + d];
        t += e * e;
      }
      s.push([t, j]);
    }
    s.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    for (let r = 0; r < k; r++) out[i * k + r] = s[r][1];
  }
  return out;
}

describe("knnAsync", () => {
  it("equals knn and the naive ranking in-process (workers: 1), kd-tree and brute, any chunking", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 1e6 }),
        fc.integer({ min: 2, max: 60 }),
        fc.integer({ min: 1, max: 6 }),
        fc.integer({ min: 1, max: 12 }),
        fc.constantFrom("kdtree" as const, "brute" as const),
        fc.boolean(),
        fc.integer({ min: 1, max: 25 }),
        async (seed, N, D, kk, method, grid, batchSize) => {
          const X = cloud(seed, N, D, grid);
          const k = Math.min(kk, N);
          const want = knn(X, k, { method });
          const got = await knnAsync(X, k, { method, workers: 1, batchSize });
          expectSame(want, got);
          expect(Array.from(got.indices)).toEqual(Array.from(naiveKnn(X, k)));
        },
      ),
      { seed: 1234, numRuns: 40 },
    );
  });

  it("equals knn on 2 worker threads (kd-tree and brute force, R^3 and R^40), and leaves no worker", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 1e6 }),
        fc.integer({ min: 30, max: 400 }),
        fc.constantFrom(
          { method: "kdtree" as const, D: 3 },
          { method: "brute" as const, D: 40 },
          { method: "auto" as const, D: 2 },
        ),
        fc.integer({ min: 1, max: 20 }),
        fc.integer({ min: 7, max: 120 }),
        async (seed, N, { method, D }, k, batchSize) => {
          const X = cloud(seed, N, D, seed % 3 === 0);
          const want = knn(X, k, { method });
          const got = await knnAsync(X, k, { method, workers: 2, batchSize });
          expectSame(want, got);
          expect(liveWorkerCount()).toBe(0);
        },
      ),
      { seed: 99, numRuns: 5 },
    );
  });

  it("splits brute-force self-kNN by symmetric tile pairs (2 and 3 workers) with identical results", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 1e6 }),
        fc.integer({ min: 2, max: 700 }),
        fc.constantFrom(1, 5, 40, 300),
        fc.integer({ min: 1, max: 40 }),
        fc.constantFrom(2, 3),
        fc.boolean(),
        async (seed, N, D, kk, workers, grid) => {
          const X = cloud(seed, N, D, grid);
          const k = Math.min(kk, N);
          expectSame(
            knn(X, k, { method: "brute" }),
            await knnAsync(X, k, { method: "brute", workers }),
          );
          expect(liveWorkerCount()).toBe(0);
        },
      ),
      { seed: 2024, numRuns: 8 },
    );
  });

  it("knnQueryAsync equals knnQuery (2 workers, brute index)", async () => {
    const X = cloud(5, 300, 20);
    const Q = cloud(6, 123, 20);
    const index = buildIndex(X, { method: "brute" });
    expectSame(
      knnQuery(index, Q, 9),
      await knnQueryAsync(index, Q, 9, { workers: 2, batchSize: 17 }),
    );
    expect(liveWorkerCount()).toBe(0);
  });

  it("reports monotone progress that ends at exactly 1", async () => {
    const X = cloud(7, 500, 3);
    const seen: number[] = [];
    await knnAsync(X, 5, {
      workers: 1,
      batchSize: 50,
      onProgress: (f, stage) => {
        expect(stage).toBe("knn");
        seen.push(f);
      },
    });
    expect(seen.length).toBeGreaterThan(5);
    for (let i = 1; i < seen.length; i++) expect(seen[i]).toBeGreaterThanOrEqual(seen[i - 1]);
    expect(seen[seen.length - 1]).toBe(1);
    expect(seen.filter((f) => f === 1).length).toBe(1);
  });

  it("rejects bad options with INVALID_PARAMETER and errors of knn with their codes", async () => {
    const X = cloud(8, 20, 2);
    for (const workers of [0, -1, 1.5, Number.NaN, "2"]) {
      await expect(knnAsync(X, 3, { workers: workers as number })).rejects.toMatchObject({
        code: "INVALID_PARAMETER",
      });
    }
    for (const batchSize of [0, 2.5, -3]) {
      await expect(knnAsync(X, 3, { workers: 1, batchSize })).rejects.toMatchObject({
        code: "INVALID_PARAMETER",
      });
    }
    await expect(knnAsync(X, 3, { signal: {} as AbortSignal, workers: 1 })).rejects.toMatchObject({
      code: "INVALID_PARAMETER",
    });
    await expect(knnAsync(X, 21, { workers: 2 })).rejects.toMatchObject({
      code: "INVALID_PARAMETER",
    });
    await expect(knnAsync([[0, Number.NaN]], 1, { workers: 2 })).rejects.toMatchObject({
      code: "NON_FINITE",
    });
    expect(liveWorkerCount()).toBe(0);
  });
});

describe("cancellation", () => {
  it("an already-aborted signal rejects with ABORTED before any work", async () => {
    const X = cloud(9, 200, 3);
    const ac = new AbortController();
    ac.abort();
    for (const workers of [1, 2]) {
      await expect(knnAsync(X, 4, { workers, signal: ac.signal })).rejects.toMatchObject({
        code: "ABORTED",
      });
    }
    expect(liveWorkerCount()).toBe(0);
  });

  it("aborting mid-run rejects with ABORTED and terminates every worker", async () => {
    const X = cloud(10, 4000, 3);
    for (const workers of [1, 2]) {
      const ac = new AbortController();
      let calls = 0;
      const run = knnAsync(X, 8, {
        workers,
        batchSize: 100,
        signal: ac.signal,
        onProgress: () => {
          calls++;
          if (calls === 2) ac.abort();
        },
      });
      await expect(run).rejects.toMatchObject({ code: "ABORTED" });
      expect(calls).toBeGreaterThanOrEqual(2);
      expect(calls).toBeLessThan(40); // it stopped well before the 40 chunks
      expect(liveWorkerCount()).toBe(0);
    }
  });
});

describe("createWorkerPool", () => {
  it("reuses its threads across calls with identical results, until closed or aborted", async () => {
    const pool = await createWorkerPool({ workers: 2 });
    expect(liveWorkerCount()).toBe(0); // nothing starts before the first call
    const A = cloud(11, 600, 3);
    const B = cloud(12, 500, 30);
    expectSame(knn(A, 7), await knnAsync(A, 7, { pool, batchSize: 64 }));
    expect(liveWorkerCount()).toBe(2);
    expectSame(knn(B, 5, { method: "brute" }), await knnAsync(B, 5, { pool, method: "brute" }));
    expect(liveWorkerCount()).toBe(2);
    // Concurrent calls on one pool run one after the other and both stay exact.
    const [r1, r2] = await Promise.all([
      knnAsync(A, 4, { pool, batchSize: 50 }),
      knnAsync(B, 3, { pool, batchSize: 70 }),
    ]);
    expectSame(knn(A, 4), r1);
    expectSame(knn(B, 3), r2);
    // An abort terminates the pool's threads; the next call starts fresh ones.
    const ac = new AbortController();
    const aborted = knnAsync(cloud(13, 5000, 3), 8, {
      pool,
      batchSize: 100,
      signal: ac.signal,
      onProgress: () => ac.abort(),
    });
    await expect(aborted).rejects.toMatchObject({ code: "ABORTED" });
    expect(liveWorkerCount()).toBe(0);
    expectSame(knn(A, 6), await knnAsync(A, 6, { pool, batchSize: 64 }));
    expect(liveWorkerCount()).toBe(2);
    await pool.close();
    expect(liveWorkerCount()).toBe(0);
    await expect(knnAsync(A, 3, { pool: {} as never })).rejects.toMatchObject({
      code: "INVALID_PARAMETER",
    });
    await expect(createWorkerPool({ workers: 0 })).rejects.toMatchObject({
      code: "INVALID_PARAMETER",
    });
  });
});
