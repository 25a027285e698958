/**
 * Growable (squared distance, index) buffers for variable-length neighbour
 * lists, finished into a CSR {@link RadiusResult}.
 *
 * @module
 */
import { sortPairs } from "./heap.js";
import type { RadiusResult } from "./types.js";

/** Growable pair buffer (internal scratch). */
export interface Collector {
  keys: Float64Array;
  ids: Int32Array;
  len: number;
}

/** A new empty collector with room for `capacity` pairs. */
export function newCollector(capacity: number): Collector {
  const cap = Math.max(16, capacity);
  return { keys: new Float64Array(cap), ids: new Int32Array(cap), len: 0 };
}

/** Append (key, id), doubling the buffers when full. Amortised O(1). */
export function collectPush(c: Collector, key: number, id: number): void {
  if (c.len === c.keys.length) {
    const keys = new Float64Array(c.len * 2);
    keys.set(c.keys);
    const ids = new Int32Array(c.len * 2);
    ids.set(c.ids);
    c.keys = keys;
    c.ids = ids;
  }
  c.keys[c.len] = key;
  c.ids[c.len] = id;
  c.len++;
}

/**
 * Sort each row segment `[offsets[q], offsets[q+1])` by (squared distance,
 * index) and return the CSR result with distances square-rooted.
 * Cost O(total·log(row length)).
 */
export function finishRadius(c: Collector, offsets: Int32Array): RadiusResult {
  const Q = offsets.length - 1;
  for (let q = 0; q < Q; q++) sortPairs(c.keys, c.ids, offsets[q], offsets[q + 1] - offsets[q]);
  const distances = new Float64Array(c.len);
  for (let t = 0; t < c.len; t++) distances[t] = Math.sqrt(c.keys[t]);
  return { offsets, indices: c.ids.slice(0, c.len), distances };
}
