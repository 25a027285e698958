/**
 * Worker-thread speed-up (src/parallel): kNN (kd-tree on a 3-D torus, brute force in R^50) and
 * Nyström projection, with 2 workers against our own single-threaded function.
 *
 * The harness times a synchronous `run`, so the timed column ("ours") is the SINGLE-THREADED
 * function (the reference here; there is no Python side). The parallel call is asynchronous:
 * `setup` times it (warm-up, then the median of {@link PARALLEL_RUNS} runs) twice — "cold", each
 * call starting and terminating its own threads, and "warm", calls reusing one
 * `createWorkerPool` handle — times the single-threaded call the same way, checks that all
 * results are identical bit for bit, and reports the times and speed-ups in the label, with the
 * speed-up an ideal parallel loop gets at the same time (the ceiling on a shared machine).
 */
import { cidm } from "../../src/cidm/index.js";
import { addNoise, embeddedTorus, gaussianCloud } from "../../src/datasets/index.js";
import type { Matrix } from "../../src/matrix/index.js";
import { type KnnResult, knn } from "../../src/neighbors/index.js";
import { type NystromProjection, nystromProject } from "../../src/nystrom/index.js";
import {
  createWorkerPool,
  knnAsync,
  nystromProjectAsync,
  type WorkerPool,
} from "../../src/parallel/index.js";
import { type BenchCase, type CaseData, defineCase } from "../types.js";

const WORKERS = 2;
const PARALLEL_RUNS = 3;
const K = 32;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1];
}

async function timeMedian<T>(f: () => T | Promise<T>): Promise<{ ms: number; out: T }> {
  let out = await f(); // warm-up (JIT, worker script bundling from sources)
  const times: number[] = [];
  for (let r = 0; r < PARALLEL_RUNS; r++) {
    const t = performance.now();
    out = await f();
    times.push(performance.now() - t);
  }
  return { ms: median(times), out };
}

function identical(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return false;
  return true;
}

/**
 * "1 thread 1234 ms; 2 workers 800 ms (1.54×), warm pool 650 ms (1.90×); identical": `cold` starts
 * and terminates its threads inside the timed call, `warm` reuses a `createWorkerPool` handle.
 */
function speedLabel(
  single: number,
  cold: number,
  warm: number,
  same: boolean,
  ideal: number,
): string {
  const x = (t: number) => `${t.toFixed(0)} ms (${(single / t).toFixed(2)}×)`;
  return `1 thread ${single.toFixed(0)} ms; ${WORKERS} workers ${x(cold)}, warm pool ${x(warm)}; ${same ? "identical" : "RESULTS DIFFER"}; ideal loop ${ideal.toFixed(2)}×`;
}

/** Time `f` with fresh threads per call, then with one reused pool (closed afterwards). */
async function coldAndWarm<T>(
  f: (pool: WorkerPool | undefined) => Promise<T>,
): Promise<{ cold: { ms: number; out: T }; warm: { ms: number; out: T } }> {
  const cold = await timeMedian(() => f(undefined));
  const pool = await createWorkerPool({ workers: WORKERS });
  try {
    const warm = await timeMedian(() => f(pool));
    return { cold, warm };
  } finally {
    await pool.close();
  }
}

let calibration: Promise<number> | null = null;

/**
 * The speed-up an ideal, embarrassingly parallel loop gets right now on WORKERS threads (two
 * threads doing twice one thread's work): the ceiling for every case on a shared machine, where
 * other processes take cores. Measured once per run with plain worker threads.
 */
function idealSpeedup(): Promise<number> {
  calibration ??= (async () => {
    const { Worker } = await import("node:worker_threads");
    const code =
      "const { parentPort } = require('node:worker_threads'); let s = 0; for (let i = 0; i < 1e8; i++) s += Math.sqrt(i); parentPort.postMessage(s);";
    const run = async (n: number) => {
      const t = performance.now();
      await Promise.all(
        Array.from(
          { length: n },
          () =>
            new Promise<void>((resolve) => {
              const w = new Worker(code, { eval: true });
              w.once("message", () => {
                void w.terminate();
                resolve();
              });
            }),
        ),
      );
      return performance.now() - t;
    };
    const one = Math.min(await run(1), await run(1));
    const many = Math.min(await run(WORKERS), await run(WORKERS));
    return (WORKERS * one) / many;
  })();
  return calibration;
}

interface KnnData extends CaseData {
  readonly X: Matrix;
}

async function knnCase(X: Matrix, what: string): Promise<KnnData> {
  const single = await timeMedian(() => knn(X, K));
  const { cold, warm } = await coldAndWarm((pool) => knnAsync(X, K, { workers: WORKERS, pool }));
  const same = [cold.out, warm.out].every(
    (r) => identical(single.out.indices, r.indices) && identical(single.out.distances, r.distances),
  );
  return {
    X,
    matrices: {},
    label: `N=${X.rows} ${what} k=${K}; ${speedLabel(single.ms, cold.ms, warm.ms, same, await idealSpeedup())}`,
  };
}

interface ProjectData extends CaseData {
  readonly model: ReturnType<typeof cidm>;
  readonly Q: Matrix;
}

export const cases: BenchCase[] = [
  defineCase<KnnData, KnnResult>({
    name: "parallel-knn-kdtree-3d",
    setup: ({ quick }) =>
      knnCase(embeddedTorus({ n: quick ? 20_000 : 100_000, seed: 1 }).points, "R^3 torus kd-tree"),
    run: (d) => knn(d.X, K),
  }),
  defineCase<KnnData, KnnResult>({
    name: "parallel-knn-brute-50d",
    setup: ({ quick }) =>
      knnCase(gaussianCloud({ n: quick ? 5000 : 20_000, dim: 50, seed: 2 }).points, "R^50 brute"),
    run: (d) => knn(d.X, K),
  }),
  defineCase<ProjectData, NystromProjection>({
    name: "parallel-nystrom-project",
    setup: async ({ quick }) => {
      const n = quick ? 5000 : 20_000;
      const nq = quick ? 20_000 : 100_000;
      const model = cidm(embeddedTorus({ n, seed: 5 }).points, { k: 16, nEigs: 20 });
      const Q = addNoise(embeddedTorus({ n: nq, seed: 6 }).points, { sigma: 0.1, seed: 7 });
      const single = await timeMedian(() => nystromProject(model, Q));
      const { cold, warm } = await coldAndWarm((pool) =>
        nystromProjectAsync(model, Q, { workers: WORKERS, pool }),
      );
      const same = [cold.out, warm.out].every(
        (r) =>
          identical(single.out.points.data, r.points.data) &&
          identical(single.out.outsideSupport, r.outsideSupport),
      );
      return {
        model,
        Q,
        matrices: {},
        label: `${nq} queries onto N=${n} R^3 torus L=20; ${speedLabel(single.ms, cold.ms, warm.ms, same, await idealSpeedup())}; ${((nq / warm.ms) * 1e3).toFixed(0)} points/s`,
      };
    },
    run: (d) => nystromProject(d.model, d.Q),
  }),
];
