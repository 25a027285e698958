/**
 * Options shared by the asynchronous, parallel entry points: the worker count, batch size,
 * progress callback and cancellation signal, with their validation.
 *
 * @module
 */
import { ManifoldError, requireInt } from "../errors/index.js";
import type { WorkerPool } from "./pool.js";

/**
 * Progress callback: `fraction` in [0, 1], non-decreasing over one call and exactly 1 once at the
 * end of a successful call; `stage` names the work being done (`"knn"`, `"project"`, `"extend"`).
 */
export type ProgressCallback = (fraction: number, stage: string) => void;

/** Options every asynchronous parallel call accepts. */
export interface ParallelOptions {
  /**
   * Threads to use (default {@link defaultWorkers}: the machine's available parallelism, at most
   * {@link MAX_DEFAULT_WORKERS}). `1` runs in the calling thread, in chunks, yielding to the event
   * loop between chunks; `> 1` runs chunks on that many Node `worker_threads` (browsers: use 1).
   * Fewer workers are started when there are fewer chunks than workers, and none when there is
   * only one chunk.
   */
  workers?: number;
  /**
   * Cancels the call: it rejects with `ManifoldError("ABORTED")` and every worker is terminated
   * (default: none — the call runs to completion).
   */
  signal?: AbortSignal;
  /**
   * Called with (fraction done, stage); see {@link ProgressCallback} (default: none — no progress
   * is reported). Not accepted by the streaming calls, whose progress is the batches they yield.
   */
  onProgress?: ProgressCallback;
  /**
   * Reuse these worker threads (from `createWorkerPool`) instead of starting and terminating
   * threads for this call; `workers` is then the pool's size. The threads stay alive after the
   * call (close the pool to end them), except after an abort or a worker failure (default:
   * none — the call starts its own threads and terminates them before it settles).
   */
  pool?: WorkerPool;
}

/** Ceiling on the default worker count (more threads rarely help these memory-bound loops). */
export const MAX_DEFAULT_WORKERS = 8;

/** True when running under Node.js (where `worker_threads` exists). */
export function isNode(): boolean {
  const p = (globalThis as { process?: { versions?: { node?: string } } }).process;
  return typeof p?.versions?.node === "string";
}

/** Load a Node built-in without a literal specifier, so browser bundlers do not try to resolve it. */
export function nodeBuiltin<T>(name: string): Promise<T> {
  const spec = `node:${name}`;
  return import(/* @vite-ignore */ spec) as Promise<T>;
}

/**
 * The default worker count: `min(os.availableParallelism(), 8)` under Node (8 is
 * {@link MAX_DEFAULT_WORKERS}; at least 1), and 1 outside Node. Cost O(1) (one dynamic import
 * of `node:os`, cached by the runtime). Never throws.
 *
 * @example
 * ```ts
 * import { defaultWorkers, MAX_DEFAULT_WORKERS } from "manifold-geom";
 *
 * const w = await defaultWorkers();
 * console.log(Number.isInteger(w) && w >= 1 && w <= MAX_DEFAULT_WORKERS); // true (2 on 2 cores)
 * ```
 */
export async function defaultWorkers(): Promise<number> {
  if (!isNode()) return 1;
  const os = await nodeBuiltin<{ availableParallelism?: () => number; cpus: () => unknown[] }>(
    "os",
  );
  const n = os.availableParallelism ? os.availableParallelism() : os.cpus().length;
  return Math.max(1, Math.min(MAX_DEFAULT_WORKERS, n));
}

/**
 * Validate `workers` (an integer ≥ 1; default {@link defaultWorkers}).
 * @throws ManifoldError `INVALID_PARAMETER` for 0, negatives, non-integers, or `workers > 1`
 *   outside Node (no `worker_threads`).
 */
export async function resolveWorkers(workers: unknown): Promise<number> {
  if (workers === undefined) return defaultWorkers();
  const w = requireInt(workers, "workers", 1);
  if (w > 1 && !isNode()) {
    throw new ManifoldError(
      "INVALID_PARAMETER",
      `workers = ${w} needs Node's worker_threads, which this runtime lacks; in a browser pass workers: 1 (the call then runs in chunks on the calling thread).`,
      { name: "workers", value: w },
    );
  }
  return w;
}

/**
 * The worker count of a call: the pool's size when `options.pool` is given, else
 * {@link resolveWorkers} of `options.workers`.
 * @throws ManifoldError `INVALID_PARAMETER` for a bad count or a pool that is not from
 *   `createWorkerPool`.
 */
export async function callWorkers(options: ParallelOptions): Promise<number> {
  const pool = options.pool as unknown;
  if (pool === undefined) return resolveWorkers(options.workers);
  const w = (pool as WorkerPool | null)?.workers;
  if (typeof w !== "number" || typeof (pool as WorkerPool).close !== "function") {
    throw new ManifoldError("INVALID_PARAMETER", "pool must come from createWorkerPool.", {
      name: "pool",
    });
  }
  return w;
}

/**
 * Validate a batch (chunk) size: an integer ≥ 1 (default `fallback`).
 * @throws ManifoldError `INVALID_PARAMETER` otherwise.
 */
export function resolveBatchSize(batchSize: unknown, fallback: number): number {
  return requireInt(batchSize ?? fallback, "batchSize", 1);
}

/**
 * Validate `signal` and `onProgress`.
 * @throws ManifoldError `INVALID_PARAMETER` when signal is not an AbortSignal-like object or
 *   onProgress is not a function.
 */
export function checkControl(options: ParallelOptions): void {
  const s = options.signal as unknown;
  if (
    s !== undefined &&
    (typeof s !== "object" || s === null || typeof (s as AbortSignal).aborted !== "boolean")
  ) {
    throw new ManifoldError("INVALID_PARAMETER", "signal must be an AbortSignal (or undefined).", {
      name: "signal",
    });
  }
  if (options.onProgress !== undefined && typeof options.onProgress !== "function") {
    throw new ManifoldError(
      "INVALID_PARAMETER",
      "onProgress must be a function (fraction, stage) => void.",
      { name: "onProgress" },
    );
  }
}

/** The error an aborted call rejects with. */
export function abortError(signal?: AbortSignal): ManifoldError {
  const reason = signal?.reason;
  const why = reason instanceof Error ? `: ${reason.message}` : "";
  return new ManifoldError("ABORTED", `the operation was aborted by its AbortSignal${why}.`, {
    reason,
  });
}

/** @throws ManifoldError `ABORTED` when the signal has fired. Cost O(1). */
export function throwIfAborted(signal?: AbortSignal): void {
  if (signal?.aborted) throw abortError(signal);
}

/** Let the event loop run (timers, I/O, abort listeners) before continuing. */
export function yieldToEventLoop(): Promise<void> {
  const si = (globalThis as { setImmediate?: (f: () => void) => unknown }).setImmediate;
  return new Promise((resolve) => (si ? si(resolve) : setTimeout(resolve, 0)));
}

/** A monotone progress reporter: never goes backwards, reports 1 at most once. */
export interface Progress {
  /** Report `done / total` of `stage` (clamped to [last, 1]). */
  report(done: number, total: number): void;
  /** Report exactly 1. */
  finish(): void;
}

/** A {@link Progress} for `stage` that forwards to `cb` (a no-op when cb is undefined). */
export function progress(cb: ProgressCallback | undefined, stage: string): Progress {
  let last = 0;
  let finished = false;
  return {
    report(done, total) {
      if (cb === undefined || finished) return;
      const f = total > 0 ? Math.min(1, done / total) : 1;
      if (f < last || f >= 1) return;
      last = f;
      cb(f, stage);
    },
    finish() {
      if (cb === undefined || finished) return;
      finished = true;
      cb(1, stage);
    },
  };
}
