/**
 * Asynchronous, parallel k nearest neighbours: the results of `knn` / `knnQuery`
 * (src/neighbors), bit for bit, computed in chunks of query rows on worker threads or on the
 * calling thread, with progress and cancellation.
 *
 * @module
 */
import { ManifoldError, requireInt } from "../errors/index.js";
import { type Matrix, type MatrixInput, requireCols, toMatrix } from "../matrix/index.js";
import {
  type BruteIndex,
  buildIndex,
  KDTREE_MAX_COLS,
  type KnnOptions,
  type KnnResult,
  knn,
  type NeighborIndex,
} from "../neighbors/index.js";
import { mergeSelfParts, type SelfPart, symmetricSplitAvailable } from "./bruteSelf.js";
import {
  callWorkers,
  checkControl,
  type ParallelOptions,
  type Progress,
  progress,
  resolveBatchSize,
  throwIfAborted,
  yieldToEventLoop,
} from "./options.js";
import { openPool, type Pool, runChunks } from "./pool.js";

/** Options of {@link knnAsync}: those of `knn` plus {@link ParallelOptions}. */
export interface KnnAsyncOptions extends KnnOptions, ParallelOptions {
  /**
   * Query rows per chunk (default: ⌈rows / c⌉ with c = max(⌈rows / {@link KNN_MAX_CHUNK}⌉,
   * 4·workers), so every worker gets several chunks and no chunk is large). For brute force on
   * several workers, giving batchSize selects the split by query rows (finer progress, twice
   * the flops) over the default split of symmetric tile pairs.
   */
  batchSize?: number;
}

/** Largest default chunk of query rows (bounds the time between progress reports and abort checks). */
export const KNN_MAX_CHUNK = 8192;

function defaultChunk(rows: number, workers: number): number {
  const chunks = Math.max(Math.ceil(rows / KNN_MAX_CHUNK), 4 * workers);
  return Math.max(1, Math.ceil(rows / chunks));
}

/**
 * Answer `Q` query rows (`queryRows(a, b)` gives rows [a, b) row-major) in chunks on the pool
 * (whose setup holds the index); row p of the output goes to row `dest(p)` of the result.
 */
async function chunkedQuery(
  pool: Pool,
  D: number,
  Q: number,
  k: number,
  queryRows: (a: number, b: number) => Float64Array,
  dest: Int32Array | null,
  batch: number,
  prog: Progress,
): Promise<KnnResult> {
  const chunks = Math.ceil(Q / batch);
  const copy = pool.size > 1;
  // With worker threads and a permuted order, the workers write their rows straight into
  // shared output arrays (no scatter on the calling thread); the result is copied out of the
  // shared memory at the end so that callers get plain typed arrays.
  const share = copy && dest !== null;
  const indices = share
    ? new Int32Array(new SharedArrayBuffer(Q * k * Int32Array.BYTES_PER_ELEMENT))
    : new Int32Array(Q * k);
  const distances = share
    ? new Float64Array(new SharedArrayBuffer(Q * k * Float64Array.BYTES_PER_ELEMENT))
    : new Float64Array(Q * k);
  let done = 0;
  await runChunks(
    pool,
    chunks,
    (i) => {
      const a = i * batch;
      const b = Math.min(Q, a + batch);
      const rows = queryRows(a, b);
      const data = copy ? rows.slice() : rows;
      const shared =
        share && dest !== null ? { indices, distances, dest: dest.slice(a, b) } : undefined;
      return {
        task: { kind: "knn", queries: { rows: b - a, cols: D, data }, k, shared },
        transfer: copy ? [data.buffer as ArrayBuffer] : [],
      };
    },
    (i, r) => {
      const res = r as KnnResult;
      const a = i * batch;
      const n = res.n;
      if (share) {
        // The worker has written its rows into the shared arrays.
      } else if (dest === null) {
        indices.set(res.indices, a * k);
        distances.set(res.distances, a * k);
      } else {
        const ri = res.indices;
        const rd = res.distances;
        for (let p = 0; p < n; p++) {
          const o = dest[a + p] * k;
          const po = p * k;
          for (let c = 0; c < k; c++) {
            indices[o + c] = ri[po + c];
            distances[o + c] = rd[po + c];
          }
        }
      }
      done += n;
      prog.report(done, Q);
    },
  );
  if (share) return { indices: indices.slice(), distances: distances.slice(), k, n: Q };
  return { indices, distances, k, n: Q };
}

/**
 * Brute-force self-kNN by splitting the symmetric tile pairs over the pool's workers (each
 * pair's dot product computed once overall), then merging the parts (see bruteSelf.ts).
 */
async function symmetricKnn(
  pool: Pool,
  index: BruteIndex,
  k: number,
  prog: Progress,
): Promise<KnnResult> {
  // Phase 1: every point's k-th squared distance bounded from above (split by point ranges), so
  // that each part prunes from its first tile instead of filling its heaps from scratch.
  const N = index.rows;
  const W = pool.size;
  const prime = new Float64Array(N);
  let done = 0;
  await runChunks(
    pool,
    W,
    (w) => ({
      task: {
        kind: "knnSelfPrime",
        k,
        from: Math.floor((w * N) / W),
        to: Math.floor(((w + 1) * N) / W),
      },
    }),
    (w, r) => {
      prime.set((r as Matrix).data, Math.floor((w * N) / W));
      prog.report(++done, 2 * W + 1);
    },
  );
  // Phase 2: the symmetric tile pairs, dealt out.
  const parts: SelfPart[] = new Array(W);
  await runChunks(
    pool,
    W,
    (part) => ({ task: { kind: "knnSelfPart", k, part, parts: W, prime } }),
    (part, r) => {
      parts[part] = r as SelfPart;
      prog.report(++done, 2 * W + 1);
    },
  );
  return mergeSelfParts(parts, index.rows, k);
}

function checkMethodOptions(options: KnnOptions): void {
  const { method, leafSize } = options;
  if (method !== undefined && method !== "auto" && method !== "kdtree" && method !== "brute") {
    throw new ManifoldError(
      "INVALID_PARAMETER",
      `method must be "auto", "kdtree" or "brute"; got ${JSON.stringify(method)}.`,
      { name: "method", value: method },
    );
  }
  if (leafSize !== undefined) requireInt(leafSize, "leafSize", 1);
}

function checkK(k: unknown, n: number): number {
  requireInt(k, "k", 1);
  if ((k as number) > n) {
    throw new ManifoldError(
      "INVALID_PARAMETER",
      `k = ${k} exceeds the number of points ${n}; pass k ≤ ${n} (the count includes the point itself) or add points.`,
      { name: "k", value: k, max: n },
    );
  }
  return k as number;
}

/**
 * `knn(points, k, options)` — the exact, self-inclusive k nearest neighbours of every point,
 * ranked by `(|x_i − x_j|, j)` — computed asynchronously, in parallel, with progress and
 * cancellation. The result is identical, bit for bit, to `knn`'s (which is the naive ranking
 * whatever the method).
 *
 * How it splits. The index is built once, as `buildIndex(points, options)` builds it (for
 * `"auto"` its probe uses k = 32), on the calling thread while the workers start.
 * kd-tree: each worker answers chunks of the stored points in tree order (the same searches,
 * on W threads). Brute force: the single-threaded `knn` computes each pair's dot product once
 * (symmetric tiles, N²·n flops); here the tile pairs are dealt out to the W workers, each
 * returns every point's exact top k among the pairs it computed, and the lists are merged — the
 * same N²·n flops in all, so close to W× (progress then comes once per worker). When
 * `batchSize` is given, or WebAssembly SIMD is missing, brute force is split by query rows
 * instead (2·N²·n flops in all: about 0.7·W×). With `workers: 1` brute force runs `knn` itself
 * in one piece (it cannot be aborted mid-way); the kd-tree path runs in chunks.
 *
 * Cost: the method's cost (see `knn`) spread over the workers, plus one copy of the index per
 * worker (O(N·n) memory each), O(chunk·n) per message and O(N·k·W) for a brute-force merge.
 *
 * @param points - N×n training points (not modified).
 * @param k - neighbours per point, 1 ≤ k ≤ N.
 * @returns the N×k {@link KnnResult} of `knn`.
 * @throws ManifoldError as `knn` (input, k, method, leafSize); `INVALID_PARAMETER` for bad
 *   workers / batchSize / signal / onProgress; `ABORTED` (rejection) when `signal` fires.
 *
 * @example
 * ```ts
 * import { knn, knnAsync } from "manifold-geom";
 *
 * const points = Array.from({ length: 300 }, (_, i) => [Math.cos(i), Math.sin(i), (i % 5) / 5]);
 * const seen: string[] = [];
 * const result = await knnAsync(points, 6, {
 *   workers: 1, // e.g. 2 with the published build
 *   method: "kdtree",
 *   batchSize: 100,
 *   onProgress: (fraction, stage) => seen.push(`${stage} ${fraction.toFixed(2)}`),
 * });
 * const serial = knn(points, 6);
 * const same =
 *   result.indices.every((j, t) => j === serial.indices[t]) &&
 *   result.distances.every((d, t) => Object.is(d, serial.distances[t]));
 * console.log(same, seen); // true [ 'knn 0.33', 'knn 0.67', 'knn 1.00' ]
 * ```
 */
export async function knnAsync(
  points: MatrixInput,
  k: number,
  options: KnnAsyncOptions = {},
): Promise<KnnResult> {
  checkControl(options);
  const workers = await callWorkers(options);
  const m = toMatrix(points, "points");
  checkK(k, m.rows);
  const knnOpts: KnnOptions = { method: options.method, leafSize: options.leafSize };
  checkMethodOptions(knnOpts);
  const batch = resolveBatchSize(options.batchSize, defaultChunk(m.rows, workers));
  const { signal } = options;
  throwIfAborted(signal);
  const D = m.cols;
  const prog = progress(options.onProgress, "knn");
  const brute = knnOpts.method === "brute" || (knnOpts.method !== "kdtree" && D > KDTREE_MAX_COLS);
  const chunks = Math.ceil(m.rows / batch);
  const used = Math.min(workers, chunks);
  if (brute && used === 1) {
    await yieldToEventLoop();
    throwIfAborted(signal);
    const out = knn(m, k, knnOpts);
    throwIfAborted(signal);
    prog.finish();
    return out;
  }
  let index: NeighborIndex | null = null;
  const pool = await openPool(
    used,
    () => {
      index = buildIndex(m, knnOpts);
      return { kind: "index", index };
    },
    signal,
    options.pool,
  );
  let out: KnnResult;
  try {
    const idx = index as unknown as NeighborIndex;
    if (idx.kind === "brute") {
      out =
        pool.size > 1 && options.batchSize === undefined && symmetricSplitAvailable(idx)
          ? await symmetricKnn(pool, idx, k, prog)
          : await chunkedQuery(
              pool,
              D,
              m.rows,
              k,
              (a, b) => m.data.subarray(a * D, b * D),
              null,
              batch,
              prog,
            );
    } else {
      const tree = idx;
      out = await chunkedQuery(
        pool,
        D,
        m.rows,
        k,
        (a, b) => tree.points.subarray(a * D, b * D),
        tree.perm,
        batch,
        prog,
      );
    }
  } finally {
    await pool.close();
  }
  throwIfAborted(signal);
  prog.finish();
  return out;
}

/** Options of {@link knnQueryAsync}. */
export interface KnnQueryAsyncOptions extends ParallelOptions {
  /** Query rows per chunk (default as in {@link KnnAsyncOptions}). */
  batchSize?: number;
}

/**
 * `knnQuery(index, queries, k)` — the exact k nearest training points of each query row,
 * ranked by `(|x_q − x_j|, j)` — asynchronously, in chunks of query rows spread over the
 * workers. Identical, bit for bit, to `knnQuery`.
 *
 * Cost: that of `knnQuery` spread over the workers (queries are independent, so W workers give
 * close to W× on large Q), plus one copy of the index per worker.
 *
 * @param index - from `buildIndex`.
 * @param queries - Q×n query points (not modified).
 * @throws ManifoldError as `knnQuery`; `INVALID_PARAMETER` for bad workers / batchSize / signal /
 *   onProgress; `ABORTED` (rejection) when `signal` fires.
 *
 * @example
 * ```ts
 * import { buildIndex, knnQuery, knnQueryAsync } from "manifold-geom";
 *
 * const train = Array.from({ length: 200 }, (_, i) => [Math.cos(i), Math.sin(i)]);
 * const queries = Array.from({ length: 50 }, (_, q) => [Math.cos(q / 8), Math.sin(q / 8)]);
 * const index = buildIndex(train);
 * const result = await knnQueryAsync(index, queries, 3, { workers: 1, batchSize: 20 });
 * const serial = knnQuery(index, queries, 3);
 * const same =
 *   result.indices.every((j, t) => j === serial.indices[t]) &&
 *   result.distances.every((d, t) => Object.is(d, serial.distances[t]));
 * console.log(result.n, result.k, same); // 50 3 true
 * ```
 */
export async function knnQueryAsync(
  index: NeighborIndex,
  queries: MatrixInput,
  k: number,
  options: KnnQueryAsyncOptions = {},
): Promise<KnnResult> {
  checkControl(options);
  const workers = await callWorkers(options);
  const kind = (index as NeighborIndex | null)?.kind;
  if (kind !== "kdtree" && kind !== "brute") {
    throw new ManifoldError(
      "INVALID_PARAMETER",
      "index must be the object returned by buildIndex (kind 'kdtree' or 'brute').",
      { name: "index" },
    );
  }
  const q = toMatrix(queries, "queries");
  requireCols(q, index.cols, "queries", "the indexed training points");
  requireInt(k, "k", 1, index.rows);
  const batch = resolveBatchSize(options.batchSize, defaultChunk(q.rows, workers));
  const D = q.cols;
  const prog = progress(options.onProgress, "knn");
  const used = Math.min(workers, Math.ceil(q.rows / batch));
  const pool = await openPool(used, { kind: "index", index }, options.signal, options.pool);
  let out: KnnResult;
  try {
    out = await chunkedQuery(
      pool,
      D,
      q.rows,
      k,
      (a, b) => q.data.subarray(a * D, b * D),
      null,
      batch,
      prog,
    );
  } finally {
    await pool.close();
  }
  throwIfAborted(options.signal);
  prog.finish();
  return out;
}
