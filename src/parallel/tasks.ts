/**
 * The units of work the parallel entry points hand out: plain-data messages, executed by the
 * same function in a worker thread and in the calling thread, so both give identical results.
 *
 * A call first sends one {@link Setup} (the shared, read-only data: a neighbour index or a CIDM
 * model) to each worker, then {@link Task}s that reference it (chunks of queries).
 *
 * @module
 */
import type { CidmModel } from "../cidm/types.js";
import { ManifoldError } from "../errors/index.js";
import type { Matrix } from "../matrix/index.js";
import {
  type BruteIndex,
  type KnnResult,
  knnQuery,
  type NeighborIndex,
} from "../neighbors/index.js";
import {
  type NystromExtendOptions,
  type NystromProjection,
  type NystromProjectOptions,
  nystromExtend,
  nystromProject,
} from "../nystrom/index.js";
import { bruteSelfPart, primeBounds, type SelfPart } from "./bruteSelf.js";

/** The shared data of one call. */
export type Setup =
  | { readonly kind: "index"; readonly index: NeighborIndex }
  | { readonly kind: "model"; readonly model: CidmModel };

/** One chunk of work (queries row-major, `rows × cols`). */
export type Task =
  | {
      readonly kind: "knn";
      readonly queries: Matrix;
      readonly k: number;
      /**
       * When set, the worker writes row p of its answer into row `dest[p]` of these shared
       * arrays (SharedArrayBuffer-backed) and returns an empty result: the scatter back to input
       * order runs in the workers, not on the calling thread.
       */
      readonly shared?: {
        readonly indices: Int32Array;
        readonly distances: Float64Array;
        readonly dest: Int32Array;
      };
    }
  | {
      readonly kind: "knnSelfPart";
      readonly k: number;
      readonly part: number;
      readonly parts: number;
      /** Upper bounds on every point's k-th squared distance (from "knnSelfPrime" tasks). */
      readonly prime?: Float64Array;
    }
  | {
      readonly kind: "knnSelfPrime";
      readonly k: number;
      readonly from: number;
      readonly to: number;
    }
  | {
      readonly kind: "project";
      readonly queries: Matrix;
      readonly options: NystromProjectOptions;
    }
  | { readonly kind: "extend"; readonly queries: Matrix; readonly options: NystromExtendOptions };

/** What a task returns. */
export type TaskResult = KnnResult | NystromProjection | Matrix | SelfPart;

function needs<K extends Setup["kind"]>(setup: Setup | undefined, kind: K): Setup & { kind: K } {
  if (setup === undefined || setup.kind !== kind) {
    throw new ManifoldError("INVALID_PARAMETER", `internal: task needs a '${kind}' setup.`);
  }
  return setup as Setup & { kind: K };
}

/**
 * Run one task against the call's setup: `knnQuery`, `nystromProject` or `nystromExtend` of the
 * chunk. Per-query results do not depend on the chunking, so concatenating the chunks' results
 * reproduces the one-shot call bit for bit.
 * @throws ManifoldError whatever the underlying function throws.
 */
export function runTask(setup: Setup | undefined, task: Task): TaskResult {
  switch (task.kind) {
    case "knn": {
      const r = knnQuery(needs(setup, "index").index, task.queries, task.k);
      if (task.shared === undefined) return r;
      const { indices, distances, dest } = task.shared;
      const k = task.k;
      for (let p = 0; p < r.n; p++) {
        const o = dest[p] * k;
        const po = p * k;
        for (let c = 0; c < k; c++) {
          indices[o + c] = r.indices[po + c];
          distances[o + c] = r.distances[po + c];
        }
      }
      return { indices: new Int32Array(0), distances: new Float64Array(0), k, n: r.n };
    }
    case "knnSelfPart": {
      const index = needs(setup, "index").index;
      if (index.kind !== "brute") {
        throw new ManifoldError("INVALID_PARAMETER", "internal: knnSelfPart needs a brute index.");
      }
      return bruteSelfPart(index as BruteIndex, task.k, task.part, task.parts, task.prime);
    }
    case "knnSelfPrime": {
      const index = needs(setup, "index").index;
      if (index.kind !== "brute") {
        throw new ManifoldError("INVALID_PARAMETER", "internal: knnSelfPrime needs a brute index.");
      }
      const data = primeBounds(index as BruteIndex, task.k, task.from, task.to);
      return { rows: data.length, cols: 1, data };
    }
    case "project":
      return nystromProject(needs(setup, "model").model, task.queries, task.options);
    case "extend":
      return nystromExtend(needs(setup, "model").model, task.queries, task.options);
  }
}

/** The typed-array buffers of a result, to transfer (not copy) across threads. */
export function resultBuffers(r: TaskResult): ArrayBuffer[] {
  const out: ArrayBuffer[] = [];
  const add = (a: { buffer: ArrayBufferLike }) => {
    if (a.buffer instanceof ArrayBuffer && !out.includes(a.buffer)) out.push(a.buffer);
  };
  if ("counts" in r) {
    add(r.ids);
    add(r.sq);
    add(r.counts);
  } else if ("indices" in r) {
    add(r.indices);
    add(r.distances);
  } else if ("steps" in r) {
    add(r.points.data);
    add(r.steps);
    add(r.outsideSupport);
    add(r.iterations);
  } else {
    add(r.data);
  }
  return out;
}

/** A serialisable form of an error thrown by a task. */
export interface ErrorMessage {
  readonly name: string;
  readonly code?: string;
  readonly message: string;
  readonly details?: unknown;
}

/** Flatten an error for postMessage. */
export function errorToMessage(e: unknown): ErrorMessage {
  if (e instanceof ManifoldError) {
    // The message carries the "[CODE] " prefix; strip it so the revived error does not repeat it.
    const prefix = `[${e.code}] `;
    const msg = e.message.startsWith(prefix) ? e.message.slice(prefix.length) : e.message;
    let details: unknown;
    try {
      details = structuredClone(e.details);
    } catch {
      details = undefined;
    }
    return { name: e.name, code: e.code, message: msg, details };
  }
  const err = e as { name?: unknown; message?: unknown };
  return { name: String(err?.name ?? "Error"), message: String(err?.message ?? e) };
}

/** Rebuild the error a task threw in a worker. */
export function messageToError(m: ErrorMessage): Error {
  if (m.name === "ManifoldError" && m.code !== undefined) {
    return new ManifoldError(
      m.code as ManifoldError["code"],
      m.message,
      m.details as ManifoldError["details"],
    );
  }
  const e = new Error(m.message);
  e.name = m.name;
  return e;
}
