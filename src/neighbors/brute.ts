/**
 * Exact brute-force neighbours with a cache-blocked dot-product kernel.
 *
 * Squared distances are first approximated on tiles of (queries × training
 * points) as `d̃ = |x'|² + |y'|² − 2 x'·y'` (clamped at 0) on centred
 * coordinates `x' = x − μ`, with a register-blocked 4×4 dot-product
 * micro-kernel over packed rows; the N×N (or Q×N) matrix is never formed.
 * Each query keeps a bounded max-heap of its k smallest `d̃` (threshold θ)
 * and a candidate list of every point that arrived with `d̃ ≤ θ + M`.
 *
 * Exactness. With unit roundoff u = 2⁻⁵³, the error of `d̃` against the
 * exact-difference sum `s = Σ_d (x_d − y_d)²` (left-to-right in double) is at
 * most `e(x, y) = c·u·(|x'|² + |y'|²)` with `c = 4n + 16` (dot product γ_n,
 * norms γ_n, three additions, centring and the rounding of s itself). If θ is
 * the final k-th smallest `d̃`, every member of the exact top k has
 * `d̃ ≤ θ + 2·max e`, so taking `M = 2c·u·(|x'|² + max_j |y'_j|²)` (plus a
 * subnormal guard) the candidate list contains the exact top k. Candidates
 * are then re-ranked on `s` (computed from the original coordinates) by
 * (s, index), which is exactly what a naive O(N²) search returns.
 *
 * Balls. `sqrt(s) ≤ r` (the test every search applies, r a double) implies
 * `s ≤ r²(1 + 3u)` for the rounded square, so a point can be in the ball
 * only if `d̃ ≤ r·r·(1 + 2⁻⁴⁸) + M`; exactly those candidates are decided
 * on s. Forward balls (one radius per query), reverse balls (one radius per
 * training point) and the kNN share one pass over the tiles
 * ({@link bruteQuery}). Rows whose centred squared norm exceeds 2¹⁰⁰⁰, where
 * the tile arithmetic could overflow, are scanned exhaustively on s instead.
 *
 * @module
 */
import { type Collector, collectPush, finishRadius, newCollector } from "./collect.js";
import { boundedMaxHeapInsert, sortPairs } from "./heap.js";
import type { BruteIndex, DistanceBackend, KnnResult, RadiusResult } from "./types.js";
import { type TileKernel, wasmTileKernel } from "./wasm.js";

const UNIT_ROUNDOFF = 2 ** -53;

/** Rows padded up to a multiple of 4. */
function padded4(n: number): number {
  return (n + 3) & ~3;
}

/**
 * Centre rows by `mean` and pack them 4-interleaved:
 * `packed[(g·D + d)·4 + t] = X[(4g+t)·D + d] − mean[d]` (zero for padding),
 * with `sqNorms[i] = Σ_d (x_id − μ_d)²` summed from the packed values.
 * Cost O(N·D).
 */
export function packCentred(
  X: Float64Array,
  N: number,
  D: number,
  mean: Float64Array,
): { packed: Float64Array; sqNorms: Float64Array; maxSqNorm: number } {
  const packed = new Float64Array(padded4(N) * D);
  const sqNorms = new Float64Array(N);
  let maxSqNorm = 0;
  for (let i = 0; i < N; i++) {
    const base = (i >> 2) * D * 4 + (i & 3);
    const ro = i * D;
    let s = 0;
    for (let d = 0; d < D; d++) {
      const v = X[ro + d] - mean[d];
      packed[base + d * 4] = v;
      s += v * v;
    }
    sqNorms[i] = s;
    if (s > maxSqNorm) maxSqNorm = s;
  }
  return { packed, sqNorms, maxSqNorm };
}

/**
 * Brute-force data for X (N×D, not modified): a copy of the points, the
 * column mean, the centred packed rows and their squared norms.
 * Cost O(N·D) time and memory.
 */
export function buildBrute(X: Float64Array, N: number, D: number): BruteIndex {
  const mean = new Float64Array(D);
  for (let i = 0; i < N; i++) for (let d = 0; d < D; d++) mean[d] += X[i * D + d];
  for (let d = 0; d < D; d++) mean[d] /= N;
  const { packed, sqNorms, maxSqNorm } = packCentred(X, N, D, mean);
  return { kind: "brute", rows: N, cols: D, points: X.slice(), mean, packed, sqNorms, maxSqNorm };
}

/**
 * Dot products of 4-row groups `[ga0, ga0+nga)` of `A` with 4-row groups
 * `[gb0, gb0+ngb)` of `B` (both packed as in {@link packCentred}) into
 * `G[(4·a + r)·ld + 4·b + c]`. Register-blocked 4×4; 2·16·D flops per group
 * pair, no allocation.
 */
function dotTile(
  A: Float64Array,
  ga0: number,
  nga: number,
  B: Float64Array,
  gb0: number,
  ngb: number,
  D: number,
  G: Float64Array,
  ld: number,
): void {
  const stride = 4 * D;
  for (let a = 0; a < nga; a++) {
    const ao = (ga0 + a) * stride;
    for (let b = 0; b < ngb; b++) {
      let pa = ao;
      let pb = (gb0 + b) * stride;
      let c00 = 0;
      let c01 = 0;
      let c02 = 0;
      let c03 = 0;
      let c10 = 0;
      let c11 = 0;
      let c12 = 0;
      let c13 = 0;
      let c20 = 0;
      let c21 = 0;
      let c22 = 0;
      let c23 = 0;
      let c30 = 0;
      let c31 = 0;
      let c32 = 0;
      let c33 = 0;
      const endA = ao + stride;
      for (; pa < endA; pa += 4, pb += 4) {
        const a0 = A[pa];
        const a1 = A[pa + 1];
        const a2 = A[pa + 2];
        const a3 = A[pa + 3];
        const b0 = B[pb];
        const b1 = B[pb + 1];
        const b2 = B[pb + 2];
        const b3 = B[pb + 3];
        c00 += a0 * b0;
        c01 += a0 * b1;
        c02 += a0 * b2;
        c03 += a0 * b3;
        c10 += a1 * b0;
        c11 += a1 * b1;
        c12 += a1 * b2;
        c13 += a1 * b3;
        c20 += a2 * b0;
        c21 += a2 * b1;
        c22 += a2 * b2;
        c23 += a2 * b3;
        c30 += a3 * b0;
        c31 += a3 * b1;
        c32 += a3 * b2;
        c33 += a3 * b3;
      }
      let o = 4 * a * ld + 4 * b;
      G[o] = c00;
      G[o + 1] = c01;
      G[o + 2] = c02;
      G[o + 3] = c03;
      o += ld;
      G[o] = c10;
      G[o + 1] = c11;
      G[o + 2] = c12;
      G[o + 3] = c13;
      o += ld;
      G[o] = c20;
      G[o + 1] = c21;
      G[o + 2] = c22;
      G[o + 3] = c23;
      o += ld;
      G[o] = c30;
      G[o + 1] = c31;
      G[o + 2] = c32;
      G[o + 3] = c33;
    }
  }
}

/**
 * The tile kernel for operands A and B with tiles of at most `rowsA` rows of A
 * by `rowsB` rows of B (row stride `rowsB` in G): WebAssembly SIMD when
 * available and `useWasm`, else {@link dotTile}. Both give identical results.
 */
function tileKernel(
  A: Float64Array,
  B: Float64Array,
  D: number,
  rowsA: number,
  rowsB: number,
  useWasm: boolean,
): TileKernel {
  const wasm = useWasm ? wasmTileKernel(A, B, D, rowsA * rowsB, rowsB) : null;
  if (wasm !== null) return wasm;
  const G = new Float64Array(rowsA * rowsB);
  return { G, run: (ga0, nga, gb0, ngb) => dotTile(A, ga0, nga, B, gb0, ngb, D, G, rowsB) };
}

/**
 * Per-query selection state: a max-heap of the k smallest `d̃` seen
 * (threshold θ, +∞ until k have arrived) and a candidate list of every point
 * offered with `d̃ ≤ θ + M`.
 */
interface Selection {
  k: number;
  heap: Float64Array;
  hsize: Int32Array;
  theta: Float64Array;
  margin: Float64Array;
  /** θ + M: offers above it are dropped. */
  limit: Float64Array;
  cIdx: Int32Array[];
  cVal: Float64Array[];
  cLen: Int32Array;
}

function newSelection(nq: number, k: number): Selection {
  const cap = 2 * k + 16;
  const cIdx: Int32Array[] = new Array(nq);
  const cVal: Float64Array[] = new Array(nq);
  for (let q = 0; q < nq; q++) {
    cIdx[q] = new Int32Array(cap);
    cVal[q] = new Float64Array(cap);
  }
  return {
    k,
    heap: new Float64Array(nq * k),
    hsize: new Int32Array(nq),
    theta: new Float64Array(nq),
    margin: new Float64Array(nq),
    limit: new Float64Array(nq),
    cIdx,
    cVal,
    cLen: new Int32Array(nq),
  };
}

/** Reset slot q for a query with margin M. */
function resetSlot(sel: Selection, q: number, M: number): void {
  sel.hsize[q] = 0;
  sel.cLen[q] = 0;
  sel.theta[q] = Infinity;
  sel.limit[q] = Infinity;
  sel.margin[q] = M;
}

/** Drop candidates above the current limit; grow the list when it stays more than half full. */
function compact(sel: Selection, q: number): number {
  const lim = sel.limit[q];
  let ci = sel.cIdx[q];
  let cv = sel.cVal[q];
  let w = 0;
  const len = sel.cLen[q];
  for (let r = 0; r < len; r++) {
    const v = cv[r];
    if (v <= lim) {
      cv[w] = v;
      ci[w] = ci[r];
      w++;
    }
  }
  if (2 * w > ci.length) {
    const ni = new Int32Array(ci.length * 2);
    ni.set(ci.subarray(0, w));
    const nv = new Float64Array(cv.length * 2);
    nv.set(cv.subarray(0, w));
    sel.cIdx[q] = ci = ni;
    sel.cVal[q] = cv = nv;
  }
  sel.cLen[q] = w;
  return w;
}

/** Offer training point j with approximate squared distance v to query slot q. */
function offer(sel: Selection, q: number, v: number, j: number): void {
  if (v > sel.limit[q]) return;
  let len = sel.cLen[q];
  if (len === sel.cIdx[q].length) len = compact(sel, q);
  sel.cIdx[q][len] = j;
  sel.cVal[q][len] = v;
  sel.cLen[q] = len + 1;
  if (!(v < sel.theta[q])) return;
  const k = sel.k;
  const heap = sel.heap;
  const off = q * k;
  const hs = boundedMaxHeapInsert(heap, off, sel.hsize[q], k, v);
  sel.hsize[q] = hs;
  if (hs < k) return;
  const th = heap[off];
  sel.theta[q] = th;
  sel.limit[q] = th + sel.margin[q];
}

/** Scratch for the exact re-ranking. */
interface Rerank {
  keys: Float64Array;
  ids: Int32Array;
}

/**
 * Exact top k of slot q: candidates with `d̃ ≤ θ + M` re-ranked by the exact
 * sum `Σ_d (x_d − y_d)²` over the original coordinates, ties by index;
 * written to row `row` of the outputs.
 */
function finish(
  sel: Selection,
  q: number,
  query: Float64Array,
  qo: number,
  points: Float64Array,
  D: number,
  scratch: Rerank,
  indices: Int32Array,
  distances: Float64Array,
  row: number,
): void {
  const k = sel.k;
  const lim = sel.limit[q];
  const ci = sel.cIdx[q];
  const cv = sel.cVal[q];
  const len = sel.cLen[q];
  if (scratch.keys.length < len) {
    scratch.keys = new Float64Array(2 * len);
    scratch.ids = new Int32Array(2 * len);
  }
  const { keys, ids } = scratch;
  let m = 0;
  for (let r = 0; r < len; r++) if (cv[r] <= lim) ids[m++] = ci[r];
  exactSqBatch(query, qo, points, D, ids, 0, m, keys);
  if (m < k) {
    // Only reachable for norms above SAFE_SQ_NORM, whose tiles are skipped (nothing was
    // offered): an exact scan of every training point instead.
    const N = points.length / D;
    if (scratch.keys.length < N) {
      scratch.keys = new Float64Array(N);
      scratch.ids = new Int32Array(N);
    }
    for (let j = 0; j < N; j++) scratch.ids[j] = j;
    m = N;
    exactSqBatch(query, qo, points, D, scratch.ids, 0, m, scratch.keys);
  }
  sortPairs(scratch.keys, scratch.ids, 0, m);
  const ro = row * k;
  for (let r = 0; r < k; r++) {
    indices[ro + r] = scratch.ids[r];
    distances[ro + r] = Math.sqrt(scratch.keys[r]);
  }
}

/** Points per training tile: keep a tile's packed rows near 128 KiB (multiple of 4, 16..256). */
export function tileRows(D: number): number {
  return Math.max(16, Math.min(256, Math.floor(16384 / D) & ~3));
}

/**
 * Queries per query tile of {@link bruteQuery}: four training tiles' worth, at
 * most 256 and no more than the (padded) query count. Each pass over the
 * training points then serves that many queries, so the packed training data
 * are streamed from memory Q/BQ times. (Measured at 1 000 queries: 20–200
 * queries × 8–32 points at D = 784 and 128–512 × 128–256 at D = 50 are all
 * within noise of each other once BQ ≥ 40; the dot products dominate.)
 */
function queryTileRows(D: number, Q: number): number {
  return Math.min(Math.min(256, 4 * tileRows(D)), padded4(Q));
}

function marginFactor(D: number): number {
  return 2 * (4 * D + 16) * UNIT_ROUNDOFF;
}

function marginFloor(D: number): number {
  return (8 * D + 32) * Number.MIN_VALUE;
}

/**
 * Largest centred squared norm (of a query or a training point) for which the
 * tile arithmetic provably cannot overflow: then `|x'|² + |y'|²` and
 * `2|x'·y'|` stay below 2¹⁰⁰¹. Larger ones take the exhaustive exact path.
 */
export const SAFE_SQ_NORM = 2 ** 1000;

/**
 * Relative slack on a squared radius: `Math.sqrt(s) ≤ r` implies
 * `s ≤ fl(r·r)·(1 + 2u)(1 + u)/(1 − u)`; `1 + 2⁻⁴⁸` (= 1 + 32u) covers that and
 * the roundings of `fl(r·r)·slack + M` with room to spare.
 */
const RADIUS_SLACK = 1 + 2 ** -48;

/** Exact-difference squared distance `Σ_d (a_d − b_d)²`, left to right (the arithmetic every exact re-rank and the float64 GPU kind share). Cost 3·D flops. */
export function exactSq(
  a: Float64Array,
  ao: number,
  b: Float64Array,
  bo: number,
  D: number,
): number {
  let s = 0;
  for (let d = 0; d < D; d++) {
    const e = a[ao + d] - b[bo + d];
    s += e * e;
  }
  return s;
}

/**
 * Exact squared distances from one row `a[ao .. ao+D)` to rows of `points`
 * (N×D): `out[t] = Σ_d (a_d − y_d)²` with `y = points[ids[t]·D ..]` for t in
 * [from, to), each sum taken left to right (bit-identical to the one-row loop and to the
 * naive definition), four rows at a time so that their independent sums
 * overlap in the pipeline. Internal to the library (src/nystrom uses it for
 * kernel rows). Cost 3·(to − from)·D flops, no allocation.
 */
export function exactSqBatch(
  a: Float64Array,
  ao: number,
  points: Float64Array,
  D: number,
  ids: Int32Array,
  from: number,
  to: number,
  out: Float64Array,
): void {
  let t = from;
  for (; t + 4 <= to; t += 4) {
    const p0 = ids[t] * D;
    const p1 = ids[t + 1] * D;
    const p2 = ids[t + 2] * D;
    const p3 = ids[t + 3] * D;
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    for (let d = 0; d < D; d++) {
      const x = a[ao + d];
      const e0 = x - points[p0 + d];
      const e1 = x - points[p1 + d];
      const e2 = x - points[p2 + d];
      const e3 = x - points[p3 + d];
      s0 += e0 * e0;
      s1 += e1 * e1;
      s2 += e2 * e2;
      s3 += e3 * e3;
    }
    out[t] = s0;
    out[t + 1] = s1;
    out[t + 2] = s2;
    out[t + 3] = s3;
  }
  for (; t < to; t++) out[t] = exactSq(a, ao, points, ids[t] * D, D);
}

/** What one pass of {@link bruteQuery} collects for every query (internal). */
export interface QuerySpec {
  /** Nearest neighbours per query, 1 ≤ k ≤ N; 0 for none. */
  readonly k: number;
  /** Per-query radius r_q of the ball `{ j : |x_q − x_j| ≤ r_q }`, or null for none. */
  readonly radius: Float64Array | null;
  /** Per-training-point radius of the reverse ball `{ j : |x_q − x_j| ≤ radii[j] }`, or null. */
  readonly radii: Float64Array | null;
}

/** The results of {@link bruteQuery}; each is null when its part of the spec was off. */
export interface QueryOutput {
  readonly knn: KnnResult | null;
  readonly radius: RadiusResult | null;
  readonly reverse: RadiusResult | null;
}

/** Offer row `slot` of the tile (training points [j0, j1)) to the kNN selection. */
function scanKnnRow(
  sel: Selection,
  slot: number,
  G: Float64Array,
  go: number,
  sqNorms: Float64Array,
  qn: number,
  j0: number,
  j1: number,
): void {
  let lim = sel.limit[slot];
  for (let j = j0; j < j1; j++) {
    let v = qn + sqNorms[j] - 2 * G[go + j];
    if (v > lim) continue;
    if (v < 0) v = 0;
    offer(sel, slot, v, j);
    lim = sel.limit[slot];
  }
}

/**
 * Ball candidates of one query: training points j in [j0, j1) of the tile
 * with `d̃ ≤ lim` (= r²·slack + M), appended to `cand` for the exact decision
 * in {@link settleBall}.
 */
function scanBallRow(
  cand: Collector,
  G: Float64Array,
  go: number,
  sqNorms: Float64Array,
  qn: number,
  lim: number,
  j0: number,
  j1: number,
): void {
  for (let j = j0; j < j1; j++) {
    if (qn + sqNorms[j] - 2 * G[go + j] <= lim) collectPush(cand, 0, j);
  }
}

/**
 * Reverse-ball candidates of one query: training points j in [j0, j1) with
 * `d̃ ≤ revLim[j] + M` (revLim = radii²·slack), appended to `cand`.
 */
function scanReverseRow(
  cand: Collector,
  G: Float64Array,
  go: number,
  sqNorms: Float64Array,
  qn: number,
  M: number,
  revLim: Float64Array,
  j0: number,
  j1: number,
): void {
  for (let j = j0; j < j1; j++) {
    if (qn + sqNorms[j] - 2 * G[go + j] <= revLim[j] + M) collectPush(cand, 0, j);
  }
}

/**
 * Decide one query's ball candidates on the exact sums s (computed four at a
 * time into `cand.keys`): keep j when `sqrt(s) ≤ r`, or `sqrt(s) ≤ radii[j]`
 * when `radii` is given, appending (s, j) to `out`; empties `cand` and
 * returns the new output length. Cost 3·D flops per candidate.
 */
function settleBall(
  out: Collector,
  cand: Collector,
  r: number,
  radii: Float64Array | null,
  queries: Float64Array,
  qo: number,
  points: Float64Array,
  D: number,
): number {
  const { ids, keys, len } = cand;
  exactSqBatch(queries, qo, points, D, ids, 0, len, keys);
  for (let t = 0; t < len; t++) {
    const j = ids[t];
    if (Math.sqrt(keys[t]) <= (radii === null ? r : radii[j])) collectPush(out, keys[t], j);
  }
  cand.len = 0;
  return out.len;
}

/** Make every training point a candidate (a query too large for the tile bound). */
function allCandidates(cand: Collector, N: number): void {
  cand.len = 0;
  for (let j = 0; j < N; j++) collectPush(cand, 0, j);
}

/**
 * One blocked pass over the training points answering, for each of Q query
 * rows (original coordinates in `queries`, Q×D, not modified), any of: its k
 * nearest training points, the ball `{ j : |x_q − x_j| ≤ radius[q] }` and the
 * reverse ball `{ j : |x_q − x_j| ≤ radii[j] }`.
 *
 * Queries are centred by the index mean and packed; tiles of BQ queries × BT
 * training points get `d̃ = |x'|² + |y'|² − 2x'·y'` from the tile kernel
 * (WebAssembly SIMD when available and `useWasm`). With the per-query margin
 * `M = 2c·u·(|x'|² + max_j |y'_j|²) + floor` (c = 4D + 16, u = 2⁻⁵³), which is
 * at least twice the error of `d̃` against the exact sum s: the kNN keeps every
 * point with `d̃ ≤ θ + M` and re-ranks on s by (s, j); a ball test
 * `sqrt(s) ≤ r` can only hold when `d̃ ≤ r²(1 + 2⁻⁴⁸) + M`, so exactly those
 * points are decided on s. Every result equals the naive O(Q·N·D) scan.
 * Queries (or an index) with a centred squared norm above 2¹⁰⁰⁰ are scanned
 * exhaustively on exact sums instead.
 *
 * Cost: 2·Q·N·D flops for the tiles (the training data streamed Q/BQ times),
 * O(Q·N) for the scans, O(D) per candidate for the exact sums; memory
 * O(Q·D + BQ·(BT + k) + output).
 */
export function bruteQuery(
  index: BruteIndex,
  queries: Float64Array,
  Q: number,
  spec: QuerySpec,
  useWasm = true,
  backend: DistanceBackend | null = null,
): QueryOutput {
  if (backend !== null && index.maxSqNorm <= BACKEND_SAFE_SQ_NORM) {
    return backendQuery(index, queries, Q, spec, backend);
  }
  const { rows: N, cols: D, points, packed, sqNorms, maxSqNorm, mean } = index;
  const { k, radius, radii } = spec;
  const { packed: qPacked, sqNorms: qNorms } = packCentred(queries, Q, D, mean);
  const BT = tileRows(D);
  const BQ = queryTileRows(D, Q);
  const kernel = tileKernel(qPacked, packed, D, BQ, BT, useWasm);
  const G = kernel.G;
  const fac = marginFactor(D);
  const floor = marginFloor(D);
  const indexSafe = maxSqNorm <= SAFE_SQ_NORM;
  const margin = new Float64Array(BQ);
  const safe = new Uint8Array(BQ);

  const sel = k > 0 ? newSelection(BQ, k) : null;
  const indices = new Int32Array(Q * k);
  const distances = new Float64Array(Q * k);
  const scratch: Rerank = { keys: new Float64Array(4 * k + 64), ids: new Int32Array(4 * k + 64) };

  const slots = (on: boolean): Collector[] | null =>
    on ? Array.from({ length: BQ }, () => newCollector(16)) : null;
  const fwdSlots = slots(radius !== null);
  const revSlots = slots(radii !== null);
  const fwdOut = newCollector(radius === null ? 0 : Q * 8);
  const revOut = newCollector(radii === null ? 0 : Q * 8);
  const fwdOffsets = new Int32Array(radius === null ? 1 : Q + 1);
  const revOffsets = new Int32Array(radii === null ? 1 : Q + 1);
  const revLim = radii === null ? null : new Float64Array(N);
  if (radii !== null && revLim !== null) {
    for (let j = 0; j < N; j++) revLim[j] = radii[j] * radii[j] * RADIUS_SLACK;
  }

  const BQG = BQ >> 2;
  const BTG = BT >> 2;
  const qGroups = padded4(Q) >> 2;
  // An index too large for the tile bound: no tiles, every query scanned exhaustively.
  const nGroups = indexSafe ? padded4(N) >> 2 : 0;
  for (let qg = 0; qg < qGroups; qg += BQG) {
    const nqg = Math.min(BQG, qGroups - qg);
    const q0 = 4 * qg;
    const q1 = Math.min(Q, q0 + 4 * nqg);
    for (let i = q0; i < q1; i++) {
      const slot = i - q0;
      const qn = qNorms[i];
      safe[slot] = indexSafe && qn <= SAFE_SQ_NORM ? 1 : 0;
      margin[slot] = fac * (qn + maxSqNorm) + floor;
      if (sel !== null) resetSlot(sel, slot, margin[slot]);
    }
    for (let tg = 0; tg < nGroups; tg += BTG) {
      const ntg = Math.min(BTG, nGroups - tg);
      kernel.run(qg, nqg, tg, ntg);
      const j0 = 4 * tg;
      const j1 = Math.min(N, j0 + 4 * ntg);
      for (let i = q0; i < q1; i++) {
        const slot = i - q0;
        if (safe[slot] === 0) continue;
        const qn = qNorms[i];
        const go = slot * BT - j0;
        if (sel !== null) scanKnnRow(sel, slot, G, go, sqNorms, qn, j0, j1);
        if (fwdSlots !== null && radius !== null) {
          const r = radius[i];
          const lim = r * r * RADIUS_SLACK + margin[slot];
          scanBallRow(fwdSlots[slot], G, go, sqNorms, qn, lim, j0, j1);
        }
        if (revSlots !== null && revLim !== null) {
          scanReverseRow(revSlots[slot], G, go, sqNorms, qn, margin[slot], revLim, j0, j1);
        }
      }
    }
    for (let i = q0; i < q1; i++) {
      const slot = i - q0;
      const exhaustive = safe[slot] === 0;
      // An unsafe slot offered nothing, so finish() takes its exhaustive branch.
      if (sel !== null)
        finish(sel, slot, queries, i * D, points, D, scratch, indices, distances, i);
      if (fwdSlots !== null && radius !== null) {
        const c = fwdSlots[slot];
        if (exhaustive) allCandidates(c, N);
        fwdOffsets[i + 1] = settleBall(fwdOut, c, radius[i], null, queries, i * D, points, D);
      }
      if (revSlots !== null && radii !== null) {
        const c = revSlots[slot];
        if (exhaustive) allCandidates(c, N);
        revOffsets[i + 1] = settleBall(revOut, c, 0, radii, queries, i * D, points, D);
      }
    }
  }
  return {
    knn: k > 0 ? { indices, distances, k, n: Q } : null,
    radius: radius === null ? null : finishRadius(fwdOut, fwdOffsets),
    reverse: radii === null ? null : finishRadius(revOut, revOffsets),
  };
}

/**
 * Exact k nearest training points of Q query rows (original coordinates in
 * `queries`, Q×D): {@link bruteQuery} with only the kNN part.
 * Cost 2·Q·N·D flops for the tiles plus O(Q·c·D) for the re-ranking of
 * c ≈ k candidates per query; memory O(BQ·(k + BT)) beyond the output.
 */
export function bruteKnn(
  index: BruteIndex,
  queries: Float64Array,
  Q: number,
  k: number,
  useWasm = true,
  backend: DistanceBackend | null = null,
): KnnResult {
  const spec = { k, radius: null, radii: null };
  return bruteQuery(index, queries, Q, spec, useWasm, backend).knn as KnnResult;
}
/**
 * Offer the tile `G` (dot products of rows [i0, i1) × [j0, j1)) to the rows
 * and, off the diagonal, to the columns; `d̃` is clamped at 0 when offered.
 */
function scanSymmetricTile(
  sel: Selection,
  G: Float64Array,
  ld: number,
  sqNorms: Float64Array,
  i0: number,
  i1: number,
  j0: number,
  j1: number,
  diagonal: boolean,
): void {
  const limit = sel.limit;
  for (let i = i0; i < i1; i++) {
    const qn = sqNorms[i];
    const go = (i - i0) * ld - j0;
    let limI = limit[i];
    for (let j = j0; j < j1; j++) {
      const v = qn + sqNorms[j] - 2 * G[go + j];
      if (v <= limI) {
        offer(sel, i, Math.max(v, 0), j);
        limI = limit[i];
      }
      if (v <= limit[j] && !diagonal) offer(sel, j, Math.max(v, 0), i);
    }
  }
}

/**
 * Exact all-points kNN of the index's own points (self-inclusive), using the
 * symmetry `d̃(i, j) = d̃(j, i)`: each off-diagonal tile is computed once and
 * offered to both its rows and its columns, so the tiles cost N²·D flops
 * (half of {@link bruteKnn}). Memory O(N·k) for the selection state.
 */
export function bruteKnnSelf(index: BruteIndex, k: number, useWasm = true): KnnResult {
  const { rows: N, cols: D, points, packed, sqNorms, maxSqNorm } = index;
  const indices = new Int32Array(N * k);
  const distances = new Float64Array(N * k);
  const B = tileRows(D);
  const BG = B >> 2;
  const kernel = tileKernel(packed, packed, D, B, B, useWasm);
  const G = kernel.G;
  const sel = newSelection(N, k);
  const scratch: Rerank = { keys: new Float64Array(4 * k + 64), ids: new Int32Array(4 * k + 64) };
  const fac = marginFactor(D);
  const floor = marginFloor(D);
  for (let i = 0; i < N; i++) resetSlot(sel, i, fac * (sqNorms[i] + maxSqNorm) + floor);
  // Norms too large for the tile bound: skip the tiles, so finish() scans exhaustively.
  const nGroups = maxSqNorm <= SAFE_SQ_NORM ? padded4(N) >> 2 : 0;
  for (let ig = 0; ig < nGroups; ig += BG) {
    const nig = Math.min(BG, nGroups - ig);
    const i0 = 4 * ig;
    const i1 = Math.min(N, i0 + 4 * nig);
    for (let jg = ig; jg < nGroups; jg += BG) {
      const njg = Math.min(BG, nGroups - jg);
      kernel.run(ig, nig, jg, njg);
      const j0 = 4 * jg;
      const j1 = Math.min(N, j0 + 4 * njg);
      scanSymmetricTile(sel, G, B, sqNorms, i0, i1, j0, j1, jg === ig);
    }
  }
  for (let i = 0; i < N; i++)
    finish(sel, i, points, i * D, points, D, scratch, indices, distances, i);
  return { indices, distances, k, n: N };
}

/**
 * Exact radius search by {@link bruteQuery}: for each query x keep training
 * point j when `sqrt(Σ_d (x_d − y_jd)²) ≤ r`, with `r = radius[q]` (per query)
 * or `r = radii[j]` (per training point, the reverse search) — exactly one of
 * the two is given. Cost 2·Q·N·D flops on tiles plus O(D) per point near or
 * inside a ball; output-sized memory.
 */
export function bruteRadius(
  index: BruteIndex,
  queries: Float64Array,
  Q: number,
  radius: Float64Array | null,
  radii: Float64Array | null,
  useWasm = true,
  backend: DistanceBackend | null = null,
): RadiusResult {
  const out = bruteQuery(index, queries, Q, { k: 0, radius, radii }, useWasm, backend);
  return (radius !== null ? out.radius : out.reverse) as RadiusResult;
}

/**
 * Largest centred squared norm handed to a {@link DistanceBackend}: with
 * `|a|², |b|² ≤ 2¹⁰⁰` every intermediate of a float32 difference or norm
 * form stays below 2¹⁰⁵, far from float32 overflow (2¹²⁸). Larger query rows
 * are scanned exhaustively on exact sums; a larger index skips the backend.
 */
const BACKEND_SAFE_SQ_NORM = 2 ** 100;

/** Entries of one backend block (queries × training points) aimed at: about 16 MiB of float32. */
const BACKEND_BLOCK_ENTRIES = 2 ** 22;

/**
 * Per-query candidate margin for backend blocks: `M = 2·E + floor`, where
 * `E = (4D + 32)·(u_b + 2⁻⁵²)·(|x'|² + max_j |y'_j|²)·(1 + 2⁻²⁰) + (16D + 64)·2⁻¹²⁶`
 * bounds both the backend's error (its contract, unit roundoff u_b, inputs
 * rounded to its precision, subnormals possibly flushed) and the float64
 * rounding of the centring and of the exact sums s (the `2⁻⁵²` term covers
 * the CPU bound `(4D + 16)·2⁻⁵³` with the centring error). As in the CPU
 * path, every member of the exact top k then has `s̃ ≤ θ + 2E`.
 */
function backendMargin(D: number, ub: number, qn: number, maxSqNorm: number): number {
  const rel = (4 * D + 32) * (Math.max(ub, 0) + 2 ** -52) * (1 + 2 ** -20);
  return 2 * (rel * (qn + maxSqNorm) + (16 * D + 64) * 2 ** -126) + marginFloor(D);
}

/** Rows of X (R×D) minus `mean`, and their squared norms (float64). Cost O(R·D). */
function centredRows(
  X: Float64Array,
  R: number,
  D: number,
  mean: Float64Array,
): { C: Float64Array; norms: Float64Array } {
  const C = new Float64Array(R * D);
  const norms = new Float64Array(R);
  for (let i = 0; i < R; i++) {
    let s = 0;
    for (let d = 0; d < D; d++) {
      const v = X[i * D + d] - mean[d];
      C[i * D + d] = v;
      s += v * v;
    }
    norms[i] = s;
  }
  return { C, norms };
}

/**
 * A backend block, checked: the backend's values when it returned at least
 * `rows·N` entries, all finite; otherwise the same block in float64 on the
 * CPU (difference form on the centred rows), so a failing device can cost
 * time but never correctness.
 */
function backendBlock(
  backend: DistanceBackend,
  qc: Float64Array,
  rows: number,
  tc: Float64Array,
  N: number,
  D: number,
): ArrayLike<number> {
  const S = backend.sqDistTile(qc, rows, tc, N, D);
  let ok = S !== null && typeof S === "object" && S.length >= rows * N;
  for (let t = 0; ok && t < rows * N; t++) if (!Number.isFinite(S[t])) ok = false;
  if (ok) return S;
  const out = new Float64Array(rows * N);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < N; j++) out[i * N + j] = exactSq(qc, i * D, tc, j * D, D);
  }
  return out;
}

/**
 * {@link bruteQuery} with the approximate squared distances taken from a
 * {@link DistanceBackend} (blocks of ≈ 2²² query × training entries of
 * centred coordinates) instead of the CPU tiles; the selection, margins and
 * exact re-ranking are those of the CPU path with the backend's margin
 * ({@link backendMargin}), so the results are identical to it. Queries with a
 * centred squared norm above 2¹⁰⁰ are scanned exhaustively on exact sums.
 * Cost: the backend's Q·N·(3D) flops, O(Q·N) scans, O(D) per candidate;
 * memory O((Q + N)·D + block).
 */
function backendQuery(
  index: BruteIndex,
  queries: Float64Array,
  Q: number,
  spec: QuerySpec,
  backend: DistanceBackend,
): QueryOutput {
  const { rows: N, cols: D, points, maxSqNorm, mean } = index;
  const { k, radius, radii } = spec;
  const ub = backend.unitRoundoff;
  const { C: tc } = centredRows(points, N, D, mean);
  const { C: qc, norms: qNorms } = centredRows(queries, Q, D, mean);
  const BQ = Math.max(1, Math.min(Q, Math.floor(BACKEND_BLOCK_ENTRIES / N)));
  const sel = k > 0 ? newSelection(BQ, k) : null;
  const indices = new Int32Array(Q * k);
  const distances = new Float64Array(Q * k);
  const scratch: Rerank = { keys: new Float64Array(4 * k + 64), ids: new Int32Array(4 * k + 64) };
  const fwdCand = newCollector(16);
  const revCand = newCollector(16);
  const fwdOut = newCollector(radius === null ? 0 : Q * 8);
  const revOut = newCollector(radii === null ? 0 : Q * 8);
  const fwdOffsets = new Int32Array(radius === null ? 1 : Q + 1);
  const revOffsets = new Int32Array(radii === null ? 1 : Q + 1);
  const revLim = radii === null ? null : new Float64Array(N);
  if (radii !== null && revLim !== null) {
    for (let j = 0; j < N; j++) revLim[j] = radii[j] * radii[j] * RADIUS_SLACK;
  }
  for (let q0 = 0; q0 < Q; q0 += BQ) {
    const q1 = Math.min(Q, q0 + BQ);
    const S = backendBlock(backend, qc.subarray(q0 * D, q1 * D), q1 - q0, tc, N, D);
    for (let i = q0; i < q1; i++) {
      const slot = i - q0;
      const M = backendMargin(D, ub, qNorms[i], maxSqNorm);
      const safe = qNorms[i] <= BACKEND_SAFE_SQ_NORM;
      const so = slot * N;
      if (sel !== null) {
        resetSlot(sel, slot, M);
        if (safe) {
          let lim = sel.limit[slot];
          for (let j = 0; j < N; j++) {
            let v = S[so + j];
            if (v > lim) continue;
            if (v < 0) v = 0;
            offer(sel, slot, v, j);
            lim = sel.limit[slot];
          }
        }
        finish(sel, slot, queries, i * D, points, D, scratch, indices, distances, i);
      }
      if (radius !== null) {
        if (safe) {
          const lim = radius[i] * radius[i] * RADIUS_SLACK + M;
          for (let j = 0; j < N; j++) if (S[so + j] <= lim) collectPush(fwdCand, 0, j);
        } else allCandidates(fwdCand, N);
        fwdOffsets[i + 1] = settleBall(fwdOut, fwdCand, radius[i], null, queries, i * D, points, D);
      }
      if (radii !== null && revLim !== null) {
        if (safe) {
          for (let j = 0; j < N; j++) if (S[so + j] <= revLim[j] + M) collectPush(revCand, 0, j);
        } else allCandidates(revCand, N);
        revOffsets[i + 1] = settleBall(revOut, revCand, 0, radii, queries, i * D, points, D);
      }
    }
  }
  return {
    knn: k > 0 ? { indices, distances, k, n: Q } : null,
    radius: radius === null ? null : finishRadius(fwdOut, fwdOffsets),
    reverse: radii === null ? null : finishRadius(revOut, revOffsets),
  };
}
