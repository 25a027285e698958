/**
 * A per-call pool of executors for {@link Task}s: Node `worker_threads` when more than one worker
 * is asked for, otherwise the calling thread (one chunk at a time, yielding to the event loop in
 * between). Nothing happens at import time; a pool is opened by a call and closed (every worker
 * terminated and exited) before that call settles, whether it returns, throws or is aborted.
 *
 * Locating the worker script: from the build it starts `worker.js` (ESM) or `worker.cjs` (CJS)
 * next to the module that holds this code (tsup entry `worker`); from TypeScript sources
 * (vitest, tsx) it bundles `worker.ts` once per process with esbuild and starts that.
 *
 * @module
 */
import { ManifoldError } from "../errors/index.js";
import {
  abortError,
  nodeBuiltin,
  resolveWorkers,
  throwIfAborted,
  yieldToEventLoop,
} from "./options.js";
import {
  type ErrorMessage,
  messageToError,
  runTask,
  type Setup,
  type Task,
  type TaskResult,
} from "./tasks.js";
import type { ToWorker } from "./worker.js";

/** Executes tasks of one call. */
export interface Pool {
  /** Number of tasks that can run at once (workers; 1 in-process). */
  readonly size: number;
  /** Run one task; rejects with the task's error, or `ABORTED` once the signal fires. */
  run(task: Task, transfer?: ArrayBuffer[]): Promise<TaskResult>;
  /** Terminate every worker and wait until each has exited. Idempotent. */
  close(): Promise<void>;
}

let liveWorkers = 0;

/**
 * Worker threads started by this module that have not exited yet (a diagnostic: after any call
 * without a `pool` has settled, and after `pool.close()`, it is 0 again). Cost O(1).
 * Never throws.
 *
 * @example
 * ```ts
 * import { knnAsync, liveWorkerCount } from "manifold-geom";
 *
 * const points = Array.from({ length: 200 }, (_, i) => [Math.cos(i), Math.sin(i)]);
 * const { indices } = await knnAsync(points, 4, { workers: 1 });
 * console.log(indices.length, liveWorkerCount()); // 800 0 — no thread outlives the call
 * ```
 */
export function liveWorkerCount(): number {
  return liveWorkers;
}

/** The in-process pool: runs each task on the calling thread after yielding to the event loop. */
export function localPool(setup: Setup, signal?: AbortSignal): Pool {
  return {
    size: 1,
    async run(task) {
      await yieldToEventLoop();
      throwIfAborted(signal);
      return runTask(setup, task);
    },
    async close() {},
  };
}

type WorkerThreads = typeof import("node:worker_threads");
type NodeWorker = import("node:worker_threads").Worker;

/**
 * This module's URL. In the CJS build tsup's `shims: true` supplies `import.meta.url` (from
 * `__filename`); in ESM and in the sources it is native.
 */
function selfLocation(): string {
  const url = import.meta.url;
  if (typeof url === "string" && url.length > 0) return url;
  throw new ManifoldError(
    "INVALID_PARAMETER",
    "cannot locate the worker script (import.meta.url is not set in this build); pass workers: 1.",
  );
}

let devScript: Promise<string> | null = null;

/**
 * From TypeScript sources (tests, tsx scripts) the worker is `worker.ts`, which Node cannot load
 * by itself: bundle it once per process with esbuild (a dev dependency) into an `.mjs` file in
 * the OS temporary directory, named by a hash of its content, so each worker starts as fast as
 * the built one. Never used by the published build.
 */
function devWorkerScript(poolFile: string): Promise<string> {
  devScript ??= (async () => {
    const { createRequire } = await nodeBuiltin<typeof import("node:module")>("module");
    const { pathToFileURL, fileURLToPath } = await nodeBuiltin<typeof import("node:url")>("url");
    const os = await nodeBuiltin<typeof import("node:os")>("os");
    const fs = await nodeBuiltin<typeof import("node:fs")>("fs");
    const path = await nodeBuiltin<typeof import("node:path")>("path");
    let esbuildPath: string;
    try {
      esbuildPath = createRequire(poolFile).resolve("esbuild");
    } catch {
      throw new ManifoldError(
        "INVALID_PARAMETER",
        "workers > 1 from TypeScript sources needs the dev dependency esbuild to bundle the worker; use the built package or pass workers: 1.",
      );
    }
    const mod = (await import(/* @vite-ignore */ pathToFileURL(esbuildPath).href)) as {
      build?: (o: object) => Promise<unknown>;
      default?: { build: (o: object) => Promise<unknown> };
    };
    const build = mod.build ?? mod.default?.build;
    if (build === undefined)
      throw new ManifoldError("INVALID_PARAMETER", "esbuild has no build().");
    const out = (await build({
      entryPoints: [fileURLToPath(new URL("./worker.ts", poolFile))],
      bundle: true,
      platform: "node",
      format: "esm",
      target: "node20",
      write: false,
      logLevel: "silent",
    })) as { outputFiles: { text: string }[] };
    const text = out.outputFiles[0].text;
    // Named by a hash of its content: processes share one file per version of the sources.
    let h = 0x811c9dc5;
    for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
    const outfile = path.join(
      os.tmpdir(),
      `manifold-geom-worker-${(h >>> 0).toString(16)}-${text.length}.mjs`,
    );
    if (!fs.existsSync(outfile)) {
      const tmp = `${outfile}.${process.pid}.tmp`;
      fs.writeFileSync(tmp, text);
      fs.renameSync(tmp, outfile);
    }
    return outfile;
  })();
  return devScript;
}

/** Start one worker running worker.{ts,js,cjs}. */
async function spawn(wt: WorkerThreads): Promise<NodeWorker> {
  const here = selfLocation();
  const clean = here.replace(/[?#].*$/, "");
  if (clean.endsWith(".ts")) return new wt.Worker(await devWorkerScript(clean));
  const script = new URL(clean.endsWith(".cjs") ? "./worker.cjs" : "./worker.js", clean);
  const { existsSync } = await nodeBuiltin<typeof import("node:fs")>("fs");
  if (script.protocol === "file:" && !existsSync(script)) {
    throw new ManifoldError(
      "INVALID_PARAMETER",
      `workers > 1 needs the worker script ${script.href}, which is missing (the library was probably bundled into another file). Copy manifold-geom's dist/worker.js (worker.cjs for CommonJS) next to the bundle, or pass workers: 1.`,
      { name: "workers", script: script.href },
    );
  }
  return new wt.Worker(script);
}

interface Job {
  id: number;
  task: Task;
  transfer: ArrayBuffer[];
  resolve: (r: TaskResult) => void;
  reject: (e: unknown) => void;
}

/** Running worker threads with a task queue (internal). */
interface Core {
  readonly size: number;
  /** Non-null once the core failed or was terminated: every later run rejects with it. */
  readonly failure: () => unknown;
  /** Send the call's shared data to every worker (ordered before the call's tasks). */
  setup(s: Setup): void;
  run(task: Task, transfer: ArrayBuffer[]): Promise<TaskResult>;
  /** Reject queued and running tasks with `e` and terminate every worker. */
  fail(e: unknown): void;
  /** Terminate every worker and wait until each has exited. Idempotent. */
  terminate(): Promise<void>;
}

/**
 * Start `size` worker threads. Tasks queue until a worker is free; a worker error or an early
 * exit fails the core (every task rejects, every worker is terminated).
 */
async function startCore(size: number): Promise<Core> {
  const wt = await nodeBuiltin<WorkerThreads>("worker_threads");
  const workers: NodeWorker[] = [];
  const exits: Promise<void>[] = [];
  const running = new Map<NodeWorker, Job>();
  const idle: NodeWorker[] = [];
  const queue: Job[] = [];
  let failure: unknown = null;
  let closed: Promise<void> | null = null;
  let nextId = 0;

  const terminate = (): Promise<void> => {
    if (closed === null) {
      if (failure === null) failure = new ManifoldError("ABORTED", "the worker pool was closed.");
      for (const job of running.values()) job.reject(failure);
      running.clear();
      for (const job of queue.splice(0)) job.reject(failure);
      for (const w of workers) void w.terminate();
      closed = Promise.all(exits).then(() => undefined);
    }
    return closed;
  };
  const fail = (e: unknown) => {
    if (failure !== null) return;
    failure = e;
    void terminate();
  };
  const dispatch = () => {
    while (failure === null && idle.length > 0 && queue.length > 0) {
      const w = idle.pop() as NodeWorker;
      const job = queue.shift() as Job;
      running.set(w, job);
      const msg: ToWorker = { type: "task", id: job.id, task: job.task };
      w.postMessage(msg, job.transfer);
    }
  };

  try {
    for (let i = 0; i < size; i++) {
      const w = await spawn(wt);
      liveWorkers++;
      workers.push(w);
      exits.push(
        new Promise<void>((resolve) =>
          w.once("exit", () => {
            liveWorkers--;
            resolve();
          }),
        ),
      );
      w.on(
        "message",
        (msg: { id?: number; ok?: boolean; result?: TaskResult; error?: ErrorMessage }) => {
          if (msg.id === undefined) return; // the ready signal
          const job = running.get(w);
          if (job === undefined || job.id !== msg.id) return;
          running.delete(w);
          idle.push(w);
          if (msg.ok) job.resolve(msg.result as TaskResult);
          else job.reject(messageToError(msg.error as ErrorMessage));
          dispatch();
        },
      );
      w.on("error", (e) => fail(e));
      w.on("exit", (code) => {
        if (closed === null) {
          fail(
            new ManifoldError("INVALID_PARAMETER", `a worker thread exited early (code ${code}).`),
          );
        }
      });
      idle.push(w);
    }
  } catch (e) {
    // A worker failed to start: stop the ones already running.
    fail(e);
    await terminate();
    throw e;
  }
  return {
    size,
    failure: () => failure,
    setup(setup) {
      for (const w of workers) w.postMessage({ type: "setup", setup } satisfies ToWorker);
    },
    run(task, transfer) {
      return new Promise<TaskResult>((resolve, reject) => {
        if (failure !== null) {
          reject(failure);
          return;
        }
        queue.push({ id: nextId++, task, transfer, resolve, reject });
        dispatch();
      });
    },
    fail,
    terminate,
  };
}

/**
 * A reusable set of worker threads for many calls (pass it as `options.pool`): threads start on
 * its first use and stay until {@link WorkerPool.close} (or until a call using it is aborted or
 * a worker fails; the next call then starts fresh ones). Calls sharing a pool run one after the
 * other. Without a pool, every call starts and terminates its own threads.
 */
export interface WorkerPool {
  /** Number of worker threads. */
  readonly workers: number;
  /** Terminate the threads (a later call through this pool starts new ones). */
  close(): Promise<void>;
}

interface PoolState extends WorkerPool {
  core: Core | null;
  lock: Promise<void>;
  /** The setup the core's workers hold (to skip re-sending an identical model). */
  held: Setup | null;
}

/**
 * Whether two setups carry the same model (the same arrays, by identity; models are immutable
 * plain data): the workers then keep theirs, with the neighbour index and projection tables
 * they built for it.
 */
function sameSetup(a: Setup | null, b: Setup): boolean {
  if (a === null || a.kind !== "model" || b.kind !== "model") return false;
  const x = a.model;
  const y = b.model;
  return (
    x.points === y.points &&
    x.phi === y.phi &&
    x.lambda === y.lambda &&
    x.weights === y.weights &&
    x.rho === y.rho &&
    x.rKappa === y.rKappa &&
    x.eps === y.eps &&
    x.k === y.k &&
    x.kernelNeighbors === y.kernelNeighbors
  );
}

/**
 * Create a {@link WorkerPool} handle of `workers` threads (default: as `workers` of
 * {@link ParallelOptions}). Starts nothing until a call uses it; reusing it saves each call the
 * start-up of its threads (about 0.1 s each) and their just-in-time compilation.
 *
 * Cost: O(1) to create (no thread starts here); the first call through it starts `workers`
 * threads, and each thread keeps its copy of the last call's shared data (an index or a model,
 * O(N·n) or O(N·(n + M)) memory) until the next call or `close()`.
 *
 * @throws ManifoldError `INVALID_PARAMETER` for a bad worker count (see `workers`).
 *
 * @example
 * ```ts
 * import { createWorkerPool, knn, knnAsync, liveWorkerCount } from "manifold-geom";
 *
 * const pool = await createWorkerPool({ workers: 1 }); // e.g. 2 with the published build
 * const points = Array.from({ length: 300 }, (_, i) => [Math.cos(i), Math.sin(i), (i % 7) / 7]);
 * for (const k of [2, 5]) {
 *   const { indices } = await knnAsync(points, k, { pool });
 *   const serial = knn(points, k).indices;
 *   console.log(k, pool.workers, indices.every((j, t) => j === serial[t])); // k 1 true
 * }
 * await pool.close();
 * console.log(liveWorkerCount()); // 0
 * ```
 */
export async function createWorkerPool(options: { workers?: number } = {}): Promise<WorkerPool> {
  const workers = await resolveWorkers(options.workers);
  const state: PoolState = {
    workers,
    core: null,
    lock: Promise.resolve(),
    held: null,
    async close() {
      const core = state.core;
      state.core = null;
      state.held = null;
      if (core !== null) await core.terminate();
    },
  };
  return state;
}

/** The per-call view of a core: abort fails it; close terminates it unless `keep`. */
function callPool(
  core: Core,
  signal: AbortSignal | undefined,
  keep: boolean,
  after: () => void,
): Pool {
  const onAbort = () => core.fail(abortError(signal));
  signal?.addEventListener("abort", onAbort, { once: true });
  if (signal?.aborted) onAbort();
  let closed: Promise<void> | null = null;
  return {
    size: core.size,
    run: (task, transfer = []) => core.run(task, transfer),
    close() {
      closed ??= (async () => {
        signal?.removeEventListener("abort", onAbort);
        if (!keep || core.failure() !== null) await core.terminate();
        after();
      })();
      return closed;
    },
  };
}

/**
 * Open the pool for a call: the caller's {@link WorkerPool} when given (waiting for earlier calls
 * on it), else worker threads when `workers > 1`, else the calling thread. `setup` is sent to
 * every worker once; when a function, it runs after the threads are started, so its work (e.g.
 * an index build) overlaps their start-up.
 * @throws ManifoldError `ABORTED` when the signal has already fired (or fires during start-up);
 *   whatever `setup` throws. On a throw no thread started here is left running.
 */
export async function openPool(
  workers: number,
  setup: Setup | (() => Setup),
  signal?: AbortSignal,
  handle?: WorkerPool,
): Promise<Pool> {
  throwIfAborted(signal);
  const make = () => (typeof setup === "function" ? setup() : setup);
  if (handle !== undefined && handle.workers > 1) {
    const state = handle as PoolState;
    let release = () => {};
    const previous = state.lock;
    state.lock = new Promise<void>((r) => {
      release = r;
    });
    await previous;
    try {
      throwIfAborted(signal);
      if (state.core === null || state.core.failure() !== null) {
        state.core = await startCore(state.workers);
        state.held = null;
      }
      const core = state.core;
      const s = make();
      if (!sameSetup(state.held, s)) {
        core.setup(s);
        state.held = s;
      }
      return callPool(core, signal, true, () => {
        if (state.core === core && core.failure() !== null) state.core = null;
        release();
      });
    } catch (e) {
      release();
      throw e;
    }
  }
  if (workers <= 1 || (handle !== undefined && handle.workers <= 1)) {
    return localPool(make(), signal);
  }
  const core = await startCore(workers);
  try {
    throwIfAborted(signal);
    core.setup(make());
  } catch (e) {
    await core.terminate();
    throw e;
  }
  return callPool(core, signal, false, () => {});
}

/**
 * Run `count` tasks on the pool, keeping at most 2·size of them submitted at once (each worker
 * has its next task queued), and call `done(i, result)` as each finishes (any order). Rejects
 * with the first error; then the remaining tasks are not started.
 */
export async function runChunks(
  pool: Pool,
  count: number,
  make: (i: number) => { task: Task; transfer?: ArrayBuffer[] },
  done: (i: number, result: TaskResult) => void,
): Promise<void> {
  let next = 0;
  let error: unknown = null;
  const lane = async () => {
    while (error === null && next < count) {
      const i = next++;
      const { task, transfer } = make(i);
      try {
        done(i, await pool.run(task, transfer));
      } catch (e) {
        if (error === null) error = e;
      }
    }
  };
  const lanes = Math.min(count, pool.size === 1 ? 1 : 2 * pool.size);
  await Promise.all(Array.from({ length: lanes }, lane));
  if (error !== null) throw error;
}
