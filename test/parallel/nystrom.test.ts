/**
 * Parallel and streaming Nyström: nystromProjectAsync / nystromExtendAsync and the streams return
 * exactly (bit for bit) what nystromProject / nystromExtend return on the same queries, for 1 and
 * 2 workers and any chunking; streams read a bounded number of batches ahead; progress is monotone
 * and ends at 1; aborts reject with ABORTED and leave no worker.
 */
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { type CidmModel, cidm } from "../../src/cidm/index.js";
import { circle } from "../../src/datasets/index.js";
import type { Matrix } from "../../src/matrix/index.js";
import { type NystromProjection, nystromExtend, nystromProject } from "../../src/nystrom/index.js";
import { nystromExtendStream, nystromProjectStream } from "../../src/nystrom/stream.js";
import {
  createWorkerPool,
  liveWorkerCount,
  nystromExtendAsync,
  nystromProjectAsync,
} from "../../src/parallel/index.js";
import { createRng } from "../../src/random/index.js";

let model: CidmModel;

beforeAll(() => {
  const { points } = circle({ n: 300, warp: 0.5, sampling: "random", seed: 3 });
  model = cidm(points, { k: 8, nEigs: 6 });
});

/** Q queries in an annulus around the circle, some far away. */
function queries(seed: number, Q: number): Matrix {
  const rng = createRng(seed);
  const data = new Float64Array(2 * Q);
  for (let q = 0; q < Q; q++) {
    const r = q % 17 === 0 ? 4 + rng.uniform() : 0.6 + 0.8 * rng.uniform();
    const t = 2 * Math.PI * rng.uniform();
    data[2 * q] = r * Math.cos(t);
    data[2 * q + 1] = r * Math.sin(t);
  }
  return { rows: Q, cols: 2, data };
}

function rowsOf(X: Matrix, a: number, b: number): Matrix {
  return { rows: b - a, cols: X.cols, data: X.data.slice(a * X.cols, b * X.cols) };
}

function sameBits(a: ArrayLike<number>, b: ArrayLike<number>, what: string): void {
  expect(b.length, what).toBe(a.length);
  for (let i = 0; i < a.length; i++) {
    if (!Object.is(a[i], b[i])) throw new Error(`${what}[${i}]: ${a[i]} vs ${b[i]}`);
  }
}

function sameProjection(a: NystromProjection, b: NystromProjection): void {
  expect([b.points.rows, b.points.cols]).toEqual([a.points.rows, a.points.cols]);
  sameBits(a.points.data, b.points.data, "points");
  sameBits(a.steps, b.steps, "steps");
  sameBits(a.outsideSupport, b.outsideSupport, "outsideSupport");
  sameBits(a.iterations, b.iterations, "iterations");
}

/** Concatenate per-batch projections. */
function concat(parts: NystromProjection[]): NystromProjection {
  const n = parts[0].points.cols;
  const Q = parts.reduce((s, p) => s + p.points.rows, 0);
  const out: NystromProjection = {
    points: { rows: Q, cols: n, data: new Float64Array(Q * n) },
    steps: new Float64Array(Q),
    outsideSupport: new Uint8Array(Q),
    iterations: new Int32Array(Q),
  };
  let a = 0;
  for (const p of parts) {
    out.points.data.set(p.points.data, a * n);
    out.steps.set(p.steps, a);
    out.outsideSupport.set(p.outsideSupport, a);
    out.iterations.set(p.iterations, a);
    a += p.points.rows;
  }
  return out;
}

describe("nystromProjectAsync / nystromExtendAsync", () => {
  it("equal the single-threaded functions in-process for any chunking and options", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 1e6 }),
        fc.integer({ min: 1, max: 150 }),
        fc.integer({ min: 1, max: 40 }),
        fc.integer({ min: 1, max: 6 }),
        fc.integer({ min: 1, max: 4 }),
        fc.constantFrom(0, 1e-3),
        async (seed, Q, batchSize, nEigs, iterations, tol) => {
          const X = queries(seed, Q);
          const opts = { nEigs, iterations, tol };
          sameProjection(
            nystromProject(model, X, opts),
            await nystromProjectAsync(model, X, { ...opts, workers: 1, batchSize }),
          );
          const e = await nystromExtendAsync(model, X, { nEigs, workers: 1, batchSize });
          const want = nystromExtend(model, X, { nEigs });
          expect([e.rows, e.cols]).toEqual([want.rows, want.cols]);
          sameBits(want.data, e.data, "phi");
        },
      ),
      { seed: 77, numRuns: 25 },
    );
  });

  it("equal the single-threaded functions on 2 worker threads, leaving no worker", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 1e6 }),
        fc.integer({ min: 20, max: 400 }),
        fc.integer({ min: 5, max: 90 }),
        fc.integer({ min: 1, max: 3 }),
        async (seed, Q, batchSize, iterations) => {
          const X = queries(seed, Q);
          sameProjection(
            nystromProject(model, X, { nEigs: 5, iterations }),
            await nystromProjectAsync(model, X, { nEigs: 5, iterations, workers: 2, batchSize }),
          );
          expect(liveWorkerCount()).toBe(0);
          const e = await nystromExtendAsync(model, X, { workers: 2, batchSize });
          sameBits(nystromExtend(model, X).data, e.data, "phi");
          expect(liveWorkerCount()).toBe(0);
        },
      ),
      { seed: 78, numRuns: 4 },
    );
  });

  it("accepts the model's JSON form and array-of-rows queries", async () => {
    const json = JSON.parse(
      JSON.stringify(model, (_k, v) => (ArrayBuffer.isView(v) ? Array.from(v as Float64Array) : v)),
    );
    const X = queries(4, 60);
    const rows = Array.from({ length: 60 }, (_, q) => [X.data[2 * q], X.data[2 * q + 1]]);
    sameProjection(
      nystromProject(model, X),
      await nystromProjectAsync(json, rows, { workers: 2, batchSize: 16 }),
    );
  });

  it("run on a reused worker pool (one-shot and stream) with identical results", async () => {
    const pool = await createWorkerPool({ workers: 2 });
    const X = queries(10, 120);
    try {
      sameProjection(
        nystromProject(model, X, { nEigs: 4 }),
        await nystromProjectAsync(model, X, { nEigs: 4, pool, batchSize: 25 }),
      );
      const parts: NystromProjection[] = [];
      for await (const p of nystromProjectStream(model, [rowsOf(X, 0, 50), rowsOf(X, 50, 120)], {
        nEigs: 4,
        pool,
      })) {
        parts.push(p);
      }
      sameProjection(nystromProject(model, X, { nEigs: 4 }), concat(parts));
      expect(liveWorkerCount()).toBe(2);
    } finally {
      await pool.close();
    }
    expect(liveWorkerCount()).toBe(0);
  });

  it("reports monotone progress ending at exactly 1, with the stage name", async () => {
    const X = queries(5, 200);
    for (const workers of [1, 2]) {
      const seen: number[] = [];
      await nystromProjectAsync(model, X, {
        workers,
        batchSize: 20,
        onProgress: (f, stage) => {
          expect(stage).toBe("project");
          seen.push(f);
        },
      });
      expect(seen.length).toBe(10);
      for (let i = 1; i < seen.length; i++) expect(seen[i]).toBeGreaterThan(seen[i - 1]);
      expect(seen[seen.length - 1]).toBe(1);
    }
  });

  it("rejects bad options before starting workers, and propagates worker errors with their code", async () => {
    const X = queries(6, 30);
    for (const workers of [0, 2.5, -2]) {
      await expect(nystromProjectAsync(model, X, { workers })).rejects.toMatchObject({
        code: "INVALID_PARAMETER",
      });
    }
    for (const batchSize of [0, 1.5]) {
      await expect(nystromExtendAsync(model, X, { workers: 2, batchSize })).rejects.toMatchObject({
        code: "INVALID_PARAMETER",
      });
    }
    await expect(
      nystromProjectAsync(model, X, { workers: 2, onProgress: 3 as never }),
    ).rejects.toMatchObject({ code: "INVALID_PARAMETER" });
    await expect(nystromProjectAsync(model, X, { workers: 2, nEigs: 99 })).rejects.toMatchObject({
      code: "INVALID_PARAMETER",
    });
    await expect(nystromProjectAsync(model, X, { workers: 2, tol: -1 })).rejects.toMatchObject({
      code: "INVALID_PARAMETER",
    });
    await expect(nystromExtendAsync(model, [[0, 1, 2]], { workers: 2 })).rejects.toMatchObject({
      code: "DIMENSION_MISMATCH",
    });
    expect(liveWorkerCount()).toBe(0);
  });

  it("abort before the start and mid-run reject with ABORTED and leave no worker", async () => {
    const X = queries(7, 3000);
    const pre = new AbortController();
    pre.abort();
    await expect(
      nystromProjectAsync(model, X, { workers: 2, signal: pre.signal }),
    ).rejects.toMatchObject({ code: "ABORTED" });
    for (const workers of [1, 2]) {
      const ac = new AbortController();
      let calls = 0;
      const run = nystromExtendAsync(model, X, {
        workers,
        batchSize: 50,
        signal: ac.signal,
        onProgress: () => {
          if (++calls === 2) ac.abort();
        },
      });
      await expect(run).rejects.toMatchObject({ code: "ABORTED" });
      expect(calls).toBeLessThan(60);
      expect(liveWorkerCount()).toBe(0);
    }
  });
});

describe("streams", () => {
  it("yield, in order, exactly the one-shot results of the concatenated batches (sync and async sources)", async () => {
    const X = queries(8, 250);
    const cuts = [0, 1, 40, 41, 100, 180, 250];
    const batches = cuts.slice(1).map((b, i) => rowsOf(X, cuts[i], b));
    const want = nystromProject(model, X, { nEigs: 4, iterations: 2 });
    const wantPhi = nystromExtend(model, X, { nEigs: 3 });
    async function* slow() {
      for (const b of batches) {
        await new Promise((r) => setTimeout(r, 1));
        yield b;
      }
    }
    for (const workers of [1, 2]) {
      const parts: NystromProjection[] = [];
      for await (const p of nystromProjectStream(model, slow(), {
        nEigs: 4,
        iterations: 2,
        workers,
      })) {
        parts.push(p);
      }
      expect(parts.map((p) => p.points.rows)).toEqual(batches.map((b) => b.rows));
      sameProjection(want, concat(parts));
      const phis: number[] = [];
      for await (const e of nystromExtendStream(model, batches, { nEigs: 3, workers })) {
        expect(e.cols).toBe(3);
        phis.push(...e.data);
      }
      sameBits(wantPhi.data, phis, "phi");
      expect(liveWorkerCount()).toBe(0);
    }
  });

  it("read at most 2·workers batches ahead of the consumer", async () => {
    for (const workers of [1, 2]) {
      let pulled = 0;
      let consumed = 0;
      let maxAhead = 0;
      function* source() {
        for (let b = 0; b < 20; b++) {
          pulled++;
          maxAhead = Math.max(maxAhead, pulled - consumed);
          yield queries(100 + b, 15);
        }
      }
      for await (const _ of nystromProjectStream(model, source(), { workers })) {
        consumed++;
        await new Promise((r) => setTimeout(r, 2)); // a slow consumer
      }
      expect(consumed).toBe(20);
      expect(maxAhead).toBeLessThanOrEqual(workers > 1 ? 2 * workers : 1);
      expect(maxAhead).toBeGreaterThanOrEqual(1);
    }
  });

  it("breaking out early closes the source and terminates the workers", async () => {
    let closed = false;
    function* source() {
      try {
        for (let b = 0; b < 1000; b++) yield queries(b, 10);
      } finally {
        closed = true;
      }
    }
    let n = 0;
    for await (const _ of nystromProjectStream(model, source(), { workers: 2 })) {
      if (++n === 3) break;
    }
    expect(closed).toBe(true);
    expect(liveWorkerCount()).toBe(0);
  });

  it("a bad batch and an abort end the stream with their codes and no worker left", async () => {
    const good = queries(9, 10);
    const run = async (src: Iterable<Matrix | number[][]>, signal?: AbortSignal) => {
      for await (const _ of nystromExtendStream(model, src, { workers: 2, signal })) {
        // consume
      }
    };
    await expect(run([good, [[0, 1, 2]]])).rejects.toMatchObject({ code: "DIMENSION_MISMATCH" });
    const ac = new AbortController();
    function* endless() {
      for (let b = 0; ; b++) {
        if (b === 5) ac.abort();
        yield queries(b, 10);
      }
    }
    await expect(run(endless(), ac.signal)).rejects.toMatchObject({ code: "ABORTED" });
    await expect(run(42 as never)).rejects.toMatchObject({ code: "INVALID_PARAMETER" });
    expect(liveWorkerCount()).toBe(0);
  });
});
