/**
 * Brute-force all-points kNN split over workers without doubling the work: the symmetric tile
 * pairs (I ≤ J) of the N×N distance matrix are dealt out to `parts` workers; each computes its
 * tiles once, offers every entry to both its row and its column point, and returns, for every
 * point, the exact top k among the points it was offered. Every pair is offered by exactly one
 * part, so merging the parts' lists by (exact squared distance, index) gives the exact top k —
 * the same result, bit for bit, as `knn` (src/neighbors).
 *
 * Exactness within a part follows the argument of src/neighbors/brute.ts: the tile value
 * `d̃ = |x'|² + |y'|² − 2x'·y'` (centred coordinates) is within `e = c·u·(|x'|² + |y'|²)`,
 * `c = 4n + 16`, `u = 2⁻⁵³`, of the exact sum `s = Σ_d (x_d − y_d)²`; so with θ the part's
 * k-th smallest `d̃` for a point, every member of its exact top k among the offered points has
 * `d̃ ≤ θ + M`, `M = 2c·u·(|x'|² + max_j |y'_j|²)` (plus a subnormal floor); those candidates
 * are re-ranked on `s`.
 *
 * @module
 */

import { exactSqBatch, SAFE_SQ_NORM, tileRows } from "../neighbors/brute.js";
import { boundedMaxHeapInsert, sortPairs } from "../neighbors/heap.js";
import type { BruteIndex } from "../neighbors/index.js";
import { buildIndex, knnQuery } from "../neighbors/index.js";
import { type TileKernel, wasmTileKernel } from "../neighbors/wasm.js";
import { createRng } from "../random/index.js";

/** One part's answer: up to k (index, exact squared distance) pairs per point, ascending. */
export interface SelfPart {
  /** N×k training indices (row i: the first `counts[i]` are valid). */
  readonly ids: Int32Array;
  /** N×k exact squared distances `Σ_d (x_i,d − x_j,d)²`, same layout. */
  readonly sq: Float64Array;
  /** Valid entries per row (≤ k; fewer when the part offered the point fewer than k points). */
  readonly counts: Int32Array;
}

/**
 * Whether the split applies to this index: WebAssembly SIMD is available and no centred norm is
 * large enough to overflow the tile arithmetic (otherwise split by query rows instead).
 */
export function symmetricSplitAvailable(index: BruteIndex): boolean {
  if (index.maxSqNorm > SAFE_SQ_NORM) return false;
  const B = tileRows(index.cols);
  return wasmTileKernel(index.packed, index.packed, index.cols, B * B, B) !== null;
}

/**
 * The tile pairs of part `part` of `parts`: pairs (I, J), I ≤ J, over ⌈N/B⌉ tiles, dealt out
 * round-robin in row-major order (so consecutive pairs of a part share their row tile and each
 * part gets the same number of tiles, ±1).
 */
function* partPairs(nT: number, part: number, parts: number): Generator<[number, number]> {
  let p = 0;
  for (let I = 0; I < nT; I++) {
    for (let J = I; J < nT; J++) {
      if (p++ % parts === part) yield [I, J];
    }
  }
}

/**
 * Part `part` of `parts` of the symmetric brute-force self-kNN (see the module comment).
 * Cost: about N²·n/parts flops on tiles (WebAssembly SIMD), O(N²/parts) scans, O(c·n) per
 * re-ranked candidate; memory O(N·k) beyond the index.
 */
export function bruteSelfPart(
  index: BruteIndex,
  k: number,
  part: number,
  parts: number,
  prime?: Float64Array,
): SelfPart {
  const { rows: N, cols: D, points, packed, sqNorms, maxSqNorm } = index;
  const B = tileRows(D);
  const BG = B >> 2;
  const nGroups = (N + 3) >> 2;
  const nT = Math.ceil(nGroups / BG);
  const kernel = wasmTileKernel(packed, packed, D, B * B, B) as TileKernel;
  const G = kernel.G;
  const fac = 2 * (4 * D + 16) * 2 ** -53;
  const floor = (8 * D + 32) * Number.MIN_VALUE;

  // Per-point selection: max-heap of the k smallest d̃ (θ = top once full) and the candidates
  // offered with d̃ ≤ θ + M.
  const heap = new Float64Array(N * k);
  const hsize = new Int32Array(N);
  const limit = new Float64Array(N).fill(Number.POSITIVE_INFINITY);
  const margin = new Float64Array(N);
  for (let i = 0; i < N; i++) margin[i] = fac * (sqNorms[i] + maxSqNorm) + floor;
  // An upper bound on each point's k-th exact squared distance (see primeBounds) caps the
  // candidate limit from the start: a member of the global top k has s ≤ prime[i], so
  // d̃ ≤ prime[i] + margin[i].
  const cap = new Float64Array(N).fill(Number.POSITIVE_INFINITY);
  if (prime !== undefined) {
    for (let i = 0; i < N; i++) cap[i] = prime[i] * (1 + 2 ** -48) + margin[i];
    limit.set(cap);
  }
  const cap0 = 2 * k + 16;
  const cIdx: Int32Array[] = new Array(N);
  const cVal: Float64Array[] = new Array(N);
  const cLen = new Int32Array(N);

  const push = (i: number, v: number, j: number) => {
    let ci = cIdx[i];
    let cv = cVal[i];
    if (ci === undefined) {
      ci = cIdx[i] = new Int32Array(cap0);
      cv = cVal[i] = new Float64Array(cap0);
    }
    let len = cLen[i];
    if (len === ci.length) {
      // Drop candidates above the limit; grow when still more than half full.
      const lim = limit[i];
      let w = 0;
      for (let r = 0; r < len; r++) {
        if (cv[r] <= lim) {
          cv[w] = cv[r];
          ci[w] = ci[r];
          w++;
        }
      }
      if (2 * w > ci.length) {
        const ni = new Int32Array(ci.length * 2);
        ni.set(ci.subarray(0, w));
        const nv = new Float64Array(cv.length * 2);
        nv.set(cv.subarray(0, w));
        cIdx[i] = ci = ni;
        cVal[i] = cv = nv;
      }
      len = w;
    }
    ci[len] = j;
    cv[len] = v;
    cLen[i] = len + 1;
    // Heap of the k smallest values.
    const off = i * k;
    const hs = hsize[i];
    if (hs === k && !(v < heap[off])) return;
    const size = boundedMaxHeapInsert(heap, off, hs, k, v);
    hsize[i] = size;
    if (size === k) limit[i] = Math.min(heap[off] + margin[i], cap[i]);
  };

  for (const [I, J] of partPairs(nT, part, parts)) {
    const ig = I * BG;
    const jg = J * BG;
    const nig = Math.min(BG, nGroups - ig);
    const njg = Math.min(BG, nGroups - jg);
    kernel.run(ig, nig, jg, njg);
    const i0 = 4 * ig;
    const i1 = Math.min(N, i0 + 4 * nig);
    const j0 = 4 * jg;
    const j1 = Math.min(N, j0 + 4 * njg);
    const diagonal = I === J;
    for (let i = i0; i < i1; i++) {
      const qn = sqNorms[i];
      const go = (i - i0) * B - j0;
      for (let j = j0; j < j1; j++) {
        const v = qn + sqNorms[j] - 2 * G[go + j];
        if (v <= limit[i]) push(i, Math.max(v, 0), j);
        if (!diagonal && v <= limit[j]) push(j, Math.max(v, 0), i);
      }
    }
  }

  // Re-rank each point's surviving candidates on the exact sums.
  const ids = new Int32Array(N * k);
  const sq = new Float64Array(N * k);
  const counts = new Int32Array(N);
  let keys = new Float64Array(4 * k + 64);
  let sel = new Int32Array(4 * k + 64);
  for (let i = 0; i < N; i++) {
    const len = cLen[i];
    if (len === 0) continue;
    if (keys.length < len) {
      keys = new Float64Array(2 * len);
      sel = new Int32Array(2 * len);
    }
    const lim = limit[i];
    const ci = cIdx[i];
    const cv = cVal[i];
    let m = 0;
    for (let r = 0; r < len; r++) if (cv[r] <= lim) sel[m++] = ci[r];
    exactSqBatch(points, i * D, points, D, sel, 0, m, keys);
    sortPairs(keys, sel, 0, m);
    const c = Math.min(k, m);
    ids.set(sel.subarray(0, c), i * k);
    sq.set(keys.subarray(0, c), i * k);
    counts[i] = c;
  }
  return { ids, sq, counts };
}

/**
 * Merge the parts' lists into the exact top k of every point: row i takes the k smallest
 * (s, j) over the parts (each part's list is sorted and the parts' offered sets are disjoint),
 * distances `sqrt(s)`. Cost O(N·k·parts).
 */
export function mergeSelfParts(
  parts: readonly SelfPart[],
  N: number,
  k: number,
): { indices: Int32Array; distances: Float64Array; k: number; n: number } {
  const indices = new Int32Array(N * k);
  const distances = new Float64Array(N * k);
  const pos = new Int32Array(parts.length);
  for (let i = 0; i < N; i++) {
    pos.fill(0);
    const o = i * k;
    for (let r = 0; r < k; r++) {
      let best = -1;
      let bs = 0;
      let bj = 0;
      for (let p = 0; p < parts.length; p++) {
        const part = parts[p];
        if (pos[p] >= part.counts[i]) continue;
        const s = part.sq[o + pos[p]];
        const j = part.ids[o + pos[p]];
        if (best < 0 || s < bs || (s === bs && j < bj)) {
          best = p;
          bs = s;
          bj = j;
        }
      }
      pos[best]++;
      indices[o + r] = bj;
      distances[o + r] = Math.sqrt(bs);
    }
  }
  return { indices, distances, k, n: N };
}

/**
 * Upper bounds on the k-th exact squared neighbour distance (self-inclusive) of points
 * `[from, to)`, for {@link bruteSelfPart}'s `prime`: project all points to d = min(8, n)
 * dimensions by a fixed Gaussian map, take each point's k nearest in the projection (kd-tree),
 * and return the largest exact `s = Σ_d (x_d − y_d)²` to those k distinct points — a true upper
 * bound on the k-th smallest s whatever the projection's quality (which only decides how tight
 * it is). Workers compute disjoint ranges in parallel.
 * Cost O(N·n·d) for the projection, a kd-tree over N points in d dimensions and (to − from)
 * k-nearest searches in it, O((to − from)·k·n) exact sums.
 */
export function primeBounds(index: BruteIndex, k: number, from: number, to: number): Float64Array {
  const { rows: N, cols: D, points } = index;
  const d = Math.min(8, D);
  const rng = createRng(0x5eed);
  const R = new Float64Array(D * d);
  for (let t = 0; t < R.length; t++) R[t] = rng.normal();
  const P = new Float64Array(N * d);
  for (let i = 0; i < N; i++) {
    for (let c = 0; c < d; c++) {
      let s = 0;
      for (let t = 0; t < D; t++) s += points[i * D + t] * R[t * d + c];
      P[i * d + c] = s;
    }
  }
  const tree = buildIndex({ rows: N, cols: d, data: P }, { method: "kdtree" });
  const Q = { rows: to - from, cols: d, data: P.subarray(from * d, to * d) };
  const near = knnQuery(tree, Q, k);
  const out = new Float64Array(to - from);
  const sq = new Float64Array((to - from) * k);
  for (let q = 0; q < to - from; q++) {
    exactSqBatch(points, (from + q) * D, points, D, near.indices, q * k, (q + 1) * k, sq);
    let m = 0;
    for (let r = q * k; r < (q + 1) * k; r++) if (sq[r] > m) m = sq[r];
    out[q] = m;
  }
  return out;
}
