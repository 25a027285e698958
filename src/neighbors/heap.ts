/**
 * Bounded max-heaps and in-place sorting of (key, index) pairs on flat typed
 * arrays, ordered lexicographically: `(a, i) < (b, j)` ⇔ `a < b` or
 * (`a = b` and `i < j`). This is the one order every neighbour routine ranks
 * by (squared distance, then lower training index).
 *
 * A heap lives in `keys[off .. off+size)` / `ids[off .. off+size)`, so one
 * pair of arrays holds the heaps of many queries without allocation.
 *
 * @module
 */

/**
 * Insert `v` into a keys-only bounded max-heap `keys[off .. off+size)` of capacity k: sift up
 * while it has room, otherwise replace the top (the caller has checked that v < top) and sift
 * down. Returns the new size. Cost O(log k), no allocation. The k smallest values seen so far
 * stay in the heap, their largest at `keys[off]`.
 */
export function boundedMaxHeapInsert(
  keys: Float64Array,
  off: number,
  size: number,
  k: number,
  v: number,
): number {
  if (size < k) {
    let c = size;
    while (c > 0) {
      const p = (c - 1) >> 1;
      if (keys[off + p] >= v) break;
      keys[off + c] = keys[off + p];
      c = p;
    }
    keys[off + c] = v;
    return size + 1;
  }
  let p = 0;
  for (;;) {
    let c = 2 * p + 1;
    if (c >= k) break;
    if (c + 1 < k && keys[off + c + 1] > keys[off + c]) c++;
    if (keys[off + c] <= v) break;
    keys[off + p] = keys[off + c];
    p = c;
  }
  keys[off + p] = v;
  return k;
}

/** True when the pair (a, i) ranks strictly after (b, j). */
function after(a: number, i: number, b: number, j: number): boolean {
  return a > b || (a === b && i > j);
}

/**
 * Push (key, id) onto a max-heap of current size `size` (capacity must allow
 * `size + 1`). Cost O(log size), no allocation.
 */
export function heapPush(
  keys: Float64Array,
  ids: Int32Array,
  off: number,
  size: number,
  key: number,
  id: number,
): void {
  let c = size;
  while (c > 0) {
    const p = (c - 1) >> 1;
    const pk = keys[off + p];
    const pi = ids[off + p];
    if (!after(key, id, pk, pi)) break;
    keys[off + c] = pk;
    ids[off + c] = pi;
    c = p;
  }
  keys[off + c] = key;
  ids[off + c] = id;
}

/**
 * Replace the top (largest pair) of a max-heap of size `size` by (key, id)
 * and restore the heap order. Cost O(log size), no allocation.
 */
export function heapReplaceTop(
  keys: Float64Array,
  ids: Int32Array,
  off: number,
  size: number,
  key: number,
  id: number,
): void {
  let p = 0;
  for (;;) {
    let c = 2 * p + 1;
    if (c >= size) break;
    let ck = keys[off + c];
    let ci = ids[off + c];
    if (c + 1 < size) {
      const rk = keys[off + c + 1];
      const ri = ids[off + c + 1];
      if (after(rk, ri, ck, ci)) {
        c++;
        ck = rk;
        ci = ri;
      }
    }
    if (!after(ck, ci, key, id)) break;
    keys[off + p] = ck;
    ids[off + p] = ci;
    p = c;
  }
  keys[off + p] = key;
  ids[off + p] = id;
}

/**
 * Sort a max-heap of size `size` in place into ascending pair order (heap
 * sort's extraction phase). Cost O(size log size), no allocation.
 */
export function heapToSorted(keys: Float64Array, ids: Int32Array, off: number, size: number): void {
  for (let n = size - 1; n > 0; n--) {
    const k = keys[off + n];
    const i = ids[off + n];
    keys[off + n] = keys[off];
    ids[off + n] = ids[off];
    heapReplaceTop(keys, ids, off, n, k, i);
  }
}

/**
 * Sort the pairs in `[off, off+size)` ascending by (key, id), in place.
 * Heap sort: O(size log size) worst case, no allocation, no recursion.
 */
export function sortPairs(keys: Float64Array, ids: Int32Array, off: number, size: number): void {
  if (size < 2) return;
  if (size <= 24) {
    for (let a = 1; a < size; a++) {
      const k = keys[off + a];
      const i = ids[off + a];
      let b = a - 1;
      while (b >= 0 && after(keys[off + b], ids[off + b], k, i)) {
        keys[off + b + 1] = keys[off + b];
        ids[off + b + 1] = ids[off + b];
        b--;
      }
      keys[off + b + 1] = k;
      ids[off + b + 1] = i;
    }
    return;
  }
  // Heapify by sifting each prefix element up, then extract.
  for (let n = 1; n < size; n++) heapPush(keys, ids, off, n, keys[off + n], ids[off + n]);
  heapToSorted(keys, ids, off, size);
}
