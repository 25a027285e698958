/**
 * Streaming Nyström projection and extension: batches of queries in (an iterable or async
 * iterable, e.g. read from disk), batches of results out, in input order, with bounded memory.
 *
 * @module
 */
import type { CidmModel } from "../cidm/types.js";
import { ManifoldError } from "../errors/index.js";
import type { Matrix, MatrixInput } from "../matrix/index.js";
import { checkExtendOptions, checkProjectOptions, computeOptions } from "../parallel/nystrom.js";
import {
  callWorkers,
  checkControl,
  type ParallelOptions,
  throwIfAborted,
} from "../parallel/options.js";
import { openPool, type Pool } from "../parallel/pool.js";
import type { Task, TaskResult } from "../parallel/tasks.js";
import type { NystromExtendOptions } from "./extend.js";
import { queryMatrix } from "./model.js";
import type { NystromProjection, NystromProjectOptions } from "./project.js";

/** Options of {@link nystromProjectStream}: `nystromProject`'s plus `workers` and `signal`. */
export interface NystromProjectStreamOptions
  extends NystromProjectOptions,
    Omit<ParallelOptions, "onProgress"> {}

/** Options of {@link nystromExtendStream}: `nystromExtend`'s plus `workers` and `signal`. */
export interface NystromExtendStreamOptions
  extends NystromExtendOptions,
    Omit<ParallelOptions, "onProgress"> {}

/** Batches a stream accepts. */
export type BatchSource = AsyncIterable<MatrixInput> | Iterable<MatrixInput>;

/** Read-ahead: batches read from the source and not yet yielded, per worker. */
export const STREAM_BATCHES_PER_WORKER = 2;

type Pull = () => Promise<IteratorResult<MatrixInput>>;

function iterate(source: BatchSource): { pull: Pull; stop: () => Promise<void> } {
  const s = source as Partial<AsyncIterable<MatrixInput> & Iterable<MatrixInput>>;
  if (typeof s[Symbol.asyncIterator] === "function") {
    const it = (source as AsyncIterable<MatrixInput>)[Symbol.asyncIterator]();
    return {
      pull: () => it.next(),
      stop: async () => {
        await it.return?.();
      },
    };
  }
  if (typeof s[Symbol.iterator] === "function") {
    const it = (source as Iterable<MatrixInput>)[Symbol.iterator]();
    return {
      pull: async () => it.next(),
      stop: async () => {
        it.return?.();
      },
    };
  }
  throw new ManifoldError(
    "INVALID_PARAMETER",
    "batches must be an Iterable or AsyncIterable of query matrices (e.g. an array of matrices or an async generator).",
    { name: "batches" },
  );
}

/** The shared streaming loop: one task per batch, at most 2·workers batches read ahead. */
async function* stream(
  m: CidmModel,
  source: BatchSource,
  kind: "project" | "extend",
  opts: NystromProjectOptions | NystromExtendOptions,
  options: Omit<ParallelOptions, "onProgress">,
): AsyncGenerator<TaskResult> {
  const workers = await callWorkers(options);
  const { signal } = options;
  throwIfAborted(signal);
  const { pull, stop } = iterate(source);
  let pool: Pool | null = null;
  const pending: Promise<TaskResult>[] = [];
  let exhausted = false;
  let b = 0;
  try {
    for (;;) {
      const ahead = workers > 1 ? STREAM_BATCHES_PER_WORKER * workers : 1;
      while (!exhausted && pending.length < ahead) {
        throwIfAborted(signal);
        const r = await pull();
        if (r.done) {
          exhausted = true;
          break;
        }
        const Q = queryMatrix(m, r.value, `batches[${b++}]`);
        pool ??= await openPool(workers, { kind: "model", model: m }, signal, options.pool);
        const data = workers > 1 ? Q.data.slice() : Q.data;
        const queries = { rows: Q.rows, cols: Q.cols, data };
        const task = { kind, queries, options: opts } as Task;
        const p = pool.run(task, workers > 1 ? [data.buffer as ArrayBuffer] : []);
        p.catch(() => {}); // awaited in order below; avoid an unhandled rejection meanwhile
        pending.push(p);
      }
      const next = pending.shift();
      if (next === undefined) break;
      const result = await next;
      throwIfAborted(signal);
      yield result;
    }
  } finally {
    if (pool !== null) await pool.close();
    if (!exhausted) await stop();
  }
}

/**
 * Project a stream of query batches onto the learned manifold: for each batch, in input order,
 * exactly `nystromProject(model, batch, options)` (GUIDE §3, `ι(x) = Σ_j K̂_j(x) Y_j`).
 *
 * Memory bound: at most `2·workers` batches (1 with `workers: 1`) are read from the source ahead
 * of the consumer, plus the batch being consumed; the source is pulled only as results are
 * taken, so a slow consumer slows the reading. With `workers > 1` the batches run on worker
 * threads (each holding one copy of the model); leaving the loop early (`break`), an error or an
 * abort terminates every worker and calls the source's `return()`.
 *
 * Cost: per batch that of `nystromProject`, spread over the workers; per worker one model copy.
 *
 * @param batches - an Iterable or AsyncIterable of Q_b×n query matrices.
 * @returns an async generator of {@link NystromProjection}s, one per batch, in order.
 * @throws ManifoldError (from the generator) as `nystromProject`, with the batch number in the
 *   name of a bad batch (`batches[3]`); `INVALID_PARAMETER` for bad workers / signal; `ABORTED`
 *   when the signal fires.
 *
 * @example
 * ```ts
 * import { cidm, circle, nystromProject, nystromProjectStream } from "manifold-geom";
 *
 * const model = cidm(circle({ n: 200 }).points, { k: 8, nEigs: 4 });
 * const ring = (m: number, r: number) =>
 *   Array.from({ length: m }, (_, i) => [r * Math.cos(i + m), r * Math.sin(i + m)]);
 * const batches = [ring(1, 1.1), ring(2, 0.9), ring(3, 1.2)]; // sizes 1, 2, 3 show the order
 * let b = 0;
 * for await (const p of nystromProjectStream(model, batches, { workers: 1 })) {
 *   const serial = nystromProject(model, batches[b++]);
 *   console.log(p.points.rows, p.points.data.every((v, i) => Object.is(v, serial.points.data[i])));
 * } // 1 true, 2 true, 3 true
 * ```
 */
export async function* nystromProjectStream(
  model: CidmModel,
  batches: BatchSource,
  options: NystromProjectStreamOptions = {},
): AsyncGenerator<NystromProjection, void, undefined> {
  checkControl(options);
  const opts = computeOptions<NystromProjectOptions>(options);
  const m = checkProjectOptions(model, opts);
  for await (const r of stream(m, batches, "project", opts, options)) {
    yield r as NystromProjection;
  }
}

/**
 * Extend the eigenfunctions to a stream of query batches: for each batch, in input order,
 * exactly `nystromExtend(model, batch, options)` (Q_b×L, `φ_ℓ(x) = (1/λ_ℓ) Σ_j K̂_j(x) φ_ℓ(x_j)`).
 * Memory bound and worker behaviour as {@link nystromProjectStream}.
 *
 * Cost: per batch that of `nystromExtend` (one kernel row per query, O(|row|·(n + L)) after the
 * neighbour searches), spread over the workers; per worker one model copy (O(N·(n + M)) memory)
 * and its own neighbour index; at most `2·workers` batches held ahead of the consumer.
 *
 * @throws ManifoldError as `nystromExtend` (bad batches named `batches[i]`); `INVALID_PARAMETER`
 *   for bad workers / signal; `ABORTED` when the signal fires.
 *
 * @example
 * ```ts
 * import { cidm, circle, nystromExtend, nystromExtendStream } from "manifold-geom";
 *
 * const model = cidm(circle({ n: 200 }).points, { k: 8, nEigs: 4 });
 * const batch = (b: number) => [
 *   [Math.cos(b), Math.sin(b)],
 *   [1.1 * Math.cos(b), 1.1 * Math.sin(b)],
 * ];
 * let pulled = 0;
 * async function* batches() {
 *   for (let b = 0; b < 100; b++) {
 *     pulled++;
 *     yield batch(b);
 *   }
 * }
 * let b = 0;
 * for await (const phi of nystromExtendStream(model, batches(), { workers: 1 })) {
 *   const serial = nystromExtend(model, batch(b));
 *   console.log(b, phi.rows, phi.cols, phi.data.every((v, i) => Object.is(v, serial.data[i])));
 *   if (++b === 3) break; // 0 2 4 true, 1 2 4 true, 2 2 4 true
 * }
 * console.log(pulled); // 3 — the source is read only as results are taken
 * ```
 */
export async function* nystromExtendStream(
  model: CidmModel,
  batches: BatchSource,
  options: NystromExtendStreamOptions = {},
): AsyncGenerator<Matrix, void, undefined> {
  checkControl(options);
  const opts = computeOptions<NystromExtendOptions>(options);
  const m = checkExtendOptions(model, opts);
  for await (const r of stream(m, batches, "extend", opts, options)) {
    yield r as Matrix;
  }
}
