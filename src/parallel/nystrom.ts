/**
 * Asynchronous, parallel Nyström projection and extension (GUIDE §3): the results of
 * `nystromProject` / `nystromExtend`, bit for bit, computed in chunks of queries on worker threads
 * or on the calling thread, with progress and cancellation.
 *
 * @module
 */
import type { CidmModel } from "../cidm/types.js";
import { ManifoldError, requireInt } from "../errors/index.js";
import type { Matrix, MatrixInput } from "../matrix/index.js";
import type {
  NystromExtendOptions,
  NystromProjection,
  NystromProjectOptions,
} from "../nystrom/index.js";
import {
  liveModel,
  queryMatrix,
  requireWellConditioned,
  resolveLambdaMin,
  resolveNEigs,
} from "../nystrom/model.js";
import {
  callWorkers,
  checkControl,
  type ParallelOptions,
  progress,
  resolveBatchSize,
  throwIfAborted,
} from "./options.js";
import { openPool, runChunks } from "./pool.js";
import type { Task } from "./tasks.js";

/** Default queries per chunk (two of the 2048-query neighbour-search blocks of src/nystrom). */
export const NYSTROM_BATCH = 4096;

/** Options of {@link nystromProjectAsync}: those of `nystromProject` plus {@link ParallelOptions}. */
export interface NystromProjectAsyncOptions extends NystromProjectOptions, ParallelOptions {
  /**
   * Queries per chunk (default: at most {@link NYSTROM_BATCH}, and small enough that each worker
   * gets at least 4 chunks). Results do not depend on it.
   */
  batchSize?: number;
}

/** Options of {@link nystromExtendAsync}: those of `nystromExtend` plus {@link ParallelOptions}. */
export interface NystromExtendAsyncOptions extends NystromExtendOptions, ParallelOptions {
  /** Queries per chunk (default as in {@link NystromProjectAsyncOptions}). */
  batchSize?: number;
}

/** The options a worker needs: everything but the parallel controls (functions do not clone). */
export function computeOptions<T extends object>(options: T & ParallelOptions): T {
  const rest = { ...options } as Record<string, unknown>;
  for (const key of ["workers", "signal", "onProgress", "pool", "batchSize"]) delete rest[key];
  return rest as T;
}

/**
 * Validate what `nystromProject` validates (model, nEigs, λ_min, iterations, tol) up front, so a
 * bad option fails before any worker starts. Returns the live model.
 * @throws ManifoldError as `nystromProject`.
 */
export function checkProjectOptions(model: CidmModel, options: NystromProjectOptions): CidmModel {
  const m = liveModel(model);
  const L = resolveNEigs(m, options.nEigs);
  requireInt(options.iterations ?? 1, "iterations", 1);
  const tol = options.tol ?? 0;
  if (typeof tol !== "number" || !Number.isFinite(tol) || tol < 0) {
    throw new ManifoldError(
      "INVALID_PARAMETER",
      `tol must be a finite number ≥ 0; got ${String(tol)}.`,
      {
        name: "tol",
        value: tol,
      },
    );
  }
  requireWellConditioned(m, L, resolveLambdaMin(options.lambdaMin));
  return m;
}

/**
 * Validate what `nystromExtend` validates (model, nEigs, λ_min) up front. Returns the live model.
 * @throws ManifoldError as `nystromExtend`.
 */
export function checkExtendOptions(model: CidmModel, options: NystromExtendOptions): CidmModel {
  const m = liveModel(model);
  const L = resolveNEigs(m, options.nEigs);
  requireWellConditioned(m, L, resolveLambdaMin(options.lambdaMin));
  return m;
}

/** Default chunk: at most NYSTROM_BATCH, at least 4 chunks per worker. */
function nystromChunk(rows: number, workers: number): number {
  const chunks = Math.max(Math.ceil(rows / NYSTROM_BATCH), 4 * workers);
  return Math.max(1, Math.ceil(rows / chunks));
}

/** Shared driver: chunks of Q on the pool, results combined by `place`. */
async function chunked(
  m: CidmModel,
  Q: Matrix,
  kind: "project" | "extend",
  opts: NystromProjectOptions | NystromExtendOptions,
  options: ParallelOptions & { batchSize?: number },
  place: (a: number, r: unknown) => void,
): Promise<void> {
  const workers = await callWorkers(options);
  const batch = resolveBatchSize(options.batchSize, nystromChunk(Q.rows, workers));
  const chunks = Math.ceil(Q.rows / batch);
  const used = Math.min(workers, chunks);
  const n = Q.cols;
  const prog = progress(options.onProgress, kind);
  const pool = await openPool(used, { kind: "model", model: m }, options.signal, options.pool);
  let done = 0;
  try {
    await runChunks(
      pool,
      chunks,
      (i) => {
        const a = i * batch;
        const b = Math.min(Q.rows, a + batch);
        const view = Q.data.subarray(a * n, b * n);
        const data = used > 1 ? view.slice() : view;
        const queries = { rows: b - a, cols: n, data };
        const task = (
          kind === "project"
            ? { kind, queries, options: opts }
            : { kind, queries, options: opts as NystromExtendOptions }
        ) as Task;
        return { task, transfer: used > 1 ? [data.buffer as ArrayBuffer] : [] };
      },
      (i, r) => {
        const a = i * batch;
        place(a, r);
        done += Math.min(batch, Q.rows - a);
        prog.report(done, Q.rows);
      },
    );
  } finally {
    await pool.close();
  }
  throwIfAborted(options.signal);
  prog.finish();
}

/**
 * `nystromProject(model, queries, options)` — `ι(x) = Σ_{j∈row(x)} K̂_j(x) Y_j`, iterated as asked
 * (GUIDE §3) — computed asynchronously in chunks of queries, on `workers` threads, with progress
 * and cancellation. Queries are independent, so the result equals `nystromProject`'s bit for bit.
 *
 * Cost: that of `nystromProject` (per query one kernel row, O(|row|·n) after the neighbour
 * searches) divided over the workers, plus per worker one copy of the model (O(N·(n + M))
 * memory) and its own neighbour index and projection table (O(N·L·n) once).
 *
 * @throws ManifoldError as `nystromProject`; `INVALID_PARAMETER` for bad workers / batchSize /
 *   signal / onProgress; `ABORTED` (rejection) when `signal` fires.
 *
 * @example
 * ```ts
 * import { cidm, circle, nystromProject, nystromProjectAsync } from "manifold-geom";
 *
 * const model = cidm(circle({ n: 200 }).points, { k: 8, nEigs: 4 });
 * const queries = Array.from({ length: 40 }, (_, q) => {
 *   const t = (2 * Math.PI * q) / 40;
 *   return [1.2 * Math.cos(t), 1.2 * Math.sin(t)];
 * });
 * const fractions: number[] = [];
 * const result = await nystromProjectAsync(model, queries, {
 *   workers: 1, // e.g. 2 with the published build
 *   batchSize: 10,
 *   onProgress: (f) => fractions.push(f),
 * });
 * const serial = nystromProject(model, queries);
 * const same = result.points.data.every((v, i) => Object.is(v, serial.points.data[i]));
 * console.log(same, fractions); // true [ 0.25, 0.5, 0.75, 1 ]
 * ```
 */
export async function nystromProjectAsync(
  model: CidmModel,
  queries: MatrixInput,
  options: NystromProjectAsyncOptions = {},
): Promise<NystromProjection> {
  checkControl(options);
  const opts = computeOptions<NystromProjectOptions>(options);
  const m = checkProjectOptions(model, opts);
  const Q = queryMatrix(m, queries);
  const n = Q.cols;
  const nq = Q.rows;
  const out: NystromProjection = {
    points: { rows: nq, cols: n, data: new Float64Array(nq * n) },
    steps: new Float64Array(nq),
    outsideSupport: new Uint8Array(nq),
    iterations: new Int32Array(nq),
  };
  await chunked(m, Q, "project", opts, options, (a, r) => {
    const p = r as NystromProjection;
    out.points.data.set(p.points.data, a * n);
    out.steps.set(p.steps, a);
    out.outsideSupport.set(p.outsideSupport, a);
    out.iterations.set(p.iterations, a);
  });
  return out;
}

/**
 * `nystromExtend(model, queries, options)` — `φ_ℓ(x) = (1/λ_ℓ) Σ_{j∈row(x)} K̂_j(x) φ_ℓ(x_j)`,
 * ℓ < L (GUIDE §3) — computed asynchronously in chunks of queries on `workers` threads, with
 * progress and cancellation; equal to `nystromExtend`'s result bit for bit.
 *
 * Cost: that of `nystromExtend` divided over the workers, plus per worker one copy of the model
 * and its own neighbour index.
 *
 * @returns Q×L matrix, entry (q, ℓ) = φ_ℓ(x_q).
 * @throws ManifoldError as `nystromExtend`; `INVALID_PARAMETER` for bad workers / batchSize /
 *   signal / onProgress; `ABORTED` (rejection) when `signal` fires.
 *
 * @example
 * ```ts
 * import { cidm, circle, nystromExtend, nystromExtendAsync } from "manifold-geom";
 *
 * const model = cidm(circle({ n: 200 }).points, { k: 8, nEigs: 4 });
 * const queries = [[1.1, 0], [0, 0.9], [-1, 0.05]];
 * const phi = await nystromExtendAsync(model, queries, { workers: 1 });
 * const serial = nystromExtend(model, queries);
 * const same = phi.data.every((v, i) => Object.is(v, serial.data[i]));
 * console.log(phi.rows, phi.cols, same); // 3 4 true
 * ```
 */
export async function nystromExtendAsync(
  model: CidmModel,
  queries: MatrixInput,
  options: NystromExtendAsyncOptions = {},
): Promise<Matrix> {
  checkControl(options);
  const opts = computeOptions<NystromExtendOptions>(options);
  const m = checkExtendOptions(model, opts);
  const Q = queryMatrix(m, queries);
  const L = resolveNEigs(m, opts.nEigs);
  const data = new Float64Array(Q.rows * L);
  await chunked(m, Q, "extend", opts, options, (a, r) => {
    data.set((r as Matrix).data, a * L);
  });
  return { rows: Q.rows, cols: L, data };
}
