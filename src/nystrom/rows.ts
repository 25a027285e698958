/**
 * Out-of-sample kernel rows of a CIDM model (GUIDE §2 step 2, §3): for a query x,
 * `row(x) = { j : |x − x_j| ≤ r_κ(x) } ∪ { j : |x − x_j| ≤ r_κ(x_j) }`, the bandwidth
 * `ρ(x) = (1/k) Σ_{j∈N_k(x)} |x − x_j|` and the normalised kernel weights
 * `K̂_j(x) = K_j(x) / Σ_i K_i(x)`, `K_j(x) = exp(−|x − x_j|² / (ε ρ(x) ρ_j))`, by log-sum-exp.
 *
 * Rows are built for a block of queries at a time (one kNN search, one reverse radius search
 * and, where the κ-th distance is tied, one radius search per block) into CSR arrays; the
 * per-query loops of the callers then run on those arrays with scratch buffers sized to the
 * longest row, allocating nothing per query.
 *
 * @module
 */
import { sqDist } from "../cidm/distance.js";
import type { CidmModel } from "../cidm/types.js";
import { ManifoldError } from "../errors/index.js";
import { matmulTransB } from "../linalg/index.js";
import type { Matrix } from "../matrix/index.js";
import { sortPairs } from "../neighbors/heap.js";
import {
  buildIndex,
  knnQuery,
  type NeighborIndex,
  radiusQuery,
  reverseRadiusQuery,
} from "../neighbors/index.js";

/** Queries handled per neighbour-search block (bounds the CSR scratch to ~block·2κ entries). */
export const ROW_BLOCK = 2048;

/** Kernel rows of a block of queries (CSR; internal plain data). */
export interface QueryRows {
  /** Number of queries in the block. */
  count: number;
  /** count + 1 row offsets into `indices`/`d2`. */
  offsets: Int32Array;
  /** Training indices of each row: first the forward set (ascending distance), then the rest of the reverse set. */
  indices: Int32Array;
  /** Exact `|x − x_j|² = Σ_t (x_t − x_jt)²`, the arithmetic of the training kernel. */
  d2: Float64Array;
  /** ρ(x) of each query. */
  rho: Float64Array;
  /** 1 when no training point counts the query among its κ nearest (empty reverse set). */
  outside: Uint8Array;
  /** The kq nearest training points of each query (count × kq, ascending, ties by index); the first k define ρ. */
  knnIndices: Int32Array;
  /** Their distances (count × kq). */
  knnDistances: Float64Array;
  /** Columns of `knnIndices`. */
  kq: number;
  /** Longest row in the block. */
  maxRow: number;
}

/** The training index plus, for a brute-force index, centred rows for the blocked distance path. */
export interface ModelSearch {
  index: NeighborIndex;
  /** Centred training points x_j − μ (N×n), their squared norms and the largest one (brute only). */
  centred: Matrix | null;
  sqNorms: Float64Array | null;
  maxSqNorm: number;
  mean: Float64Array | null;
}

const searchCache = new WeakMap<Matrix, ModelSearch>();

/**
 * The neighbour index over the model's training points (kd-tree or brute force, chosen as by
 * `buildIndex`), built once per points object and kept in a module-level WeakMap (the model
 * itself stays plain data). Cost: the first call O(N n log N) (kd-tree) or O(N n) (brute);
 * later calls O(1).
 */
export function modelIndex(model: CidmModel): NeighborIndex {
  return modelSearch(model).index;
}

function modelSearch(model: CidmModel): ModelSearch {
  const hit = searchCache.get(model.points);
  if (hit !== undefined) return hit;
  const index = buildIndex(model.points);
  let entry: ModelSearch = { index, centred: null, sqNorms: null, maxSqNorm: 0, mean: null };
  if (index.kind === "brute") {
    const { rows: N, cols: n, data: X } = model.points;
    const mean = new Float64Array(n);
    for (let j = 0; j < N; j++) for (let t = 0; t < n; t++) mean[t] += X[j * n + t];
    for (let t = 0; t < n; t++) mean[t] /= N;
    const c = new Float64Array(N * n);
    const sqNorms = new Float64Array(N);
    let maxSqNorm = 0;
    for (let j = 0; j < N; j++) {
      let s = 0;
      for (let t = 0; t < n; t++) {
        const v = X[j * n + t] - mean[t];
        c[j * n + t] = v;
        s += v * v;
      }
      sqNorms[j] = s;
      if (s > maxSqNorm) maxSqNorm = s;
    }
    entry = { index, centred: { rows: N, cols: n, data: c }, sqNorms, maxSqNorm, mean };
  }
  searchCache.set(model.points, entry);
  return entry;
}

/** Reusable per-call state: the search structures and a stamp array for de-duplicating row unions. */
export interface RowContext {
  model: CidmModel;
  search: ModelSearch;
  stamp: Int32Array;
  nextStamp: number;
  /** Scratch of the blocked brute-force path (N values and candidate pairs), made on first use. */
  sel: Float64Array | null;
  candKeys: Float64Array | null;
  candIds: Int32Array | null;
}

/** A {@link RowContext} for one call. Allocates O(N) once. */
export function rowContext(model: CidmModel): RowContext {
  return {
    model,
    search: modelSearch(model),
    stamp: new Int32Array(model.points.rows),
    nextStamp: 1,
    sel: null,
    candKeys: null,
    candIds: null,
  };
}

/** Neighbour lists of a block: kq nearest (count×kq), forward sets and reverse sets (CSR). */
interface BlockNeighbors {
  knnIndices: Int32Array;
  knnDistances: Float64Array;
  /** Forward set of each query as a CSR over `fwdIdx` (null: the first κ of the kNN rows). */
  fwdOffsets: Int32Array | null;
  fwdIdx: Int32Array | null;
  revOffsets: Int32Array;
  revIdx: Int32Array;
}

/** Neighbours through the index's own searches (kd-tree path). */
function indexNeighbors(ctx: RowContext, block: Matrix, kq: number, kappa: number): BlockNeighbors {
  const { index } = ctx.search;
  const n = block.cols;
  const count = block.rows;
  const nn = knnQuery(index, block, kq);
  const rev = reverseRadiusQuery(index, block, ctx.model.rKappa);
  // Queries whose (κ+1)-th neighbour is as far as the κ-th: the forward set is the whole ball.
  const ties: number[] = [];
  if (kq > kappa) {
    for (let q = 0; q < count; q++) {
      if (nn.distances[q * kq + kappa] <= nn.distances[q * kq + kappa - 1]) ties.push(q);
    }
  }
  let fwdOffsets: Int32Array | null = null;
  let fwdIdx: Int32Array | null = null;
  if (ties.length > 0) {
    const tq = new Float64Array(ties.length * n);
    const tr = new Float64Array(ties.length);
    for (let t = 0; t < ties.length; t++) {
      const q = ties[t];
      tq.set(block.data.subarray(q * n, (q + 1) * n), t * n);
      tr[t] = nn.distances[q * kq + kappa - 1];
    }
    const balls = radiusQuery(index, { rows: ties.length, cols: n, data: tq }, tr);
    const tieOf = new Int32Array(count).fill(-1);
    for (let t = 0; t < ties.length; t++) tieOf[ties[t]] = t;
    fwdOffsets = new Int32Array(count + 1);
    for (let q = 0; q < count; q++) {
      const t = tieOf[q];
      fwdOffsets[q + 1] =
        fwdOffsets[q] + (t >= 0 ? balls.offsets[t + 1] - balls.offsets[t] : kappa);
    }
    fwdIdx = new Int32Array(fwdOffsets[count]);
    for (let q = 0; q < count; q++) {
      const t = tieOf[q];
      const src =
        t >= 0
          ? balls.indices.subarray(balls.offsets[t], balls.offsets[t + 1])
          : nn.indices.subarray(q * kq, q * kq + kappa);
      fwdIdx.set(src, fwdOffsets[q]);
    }
  }
  return {
    knnIndices: nn.indices,
    knnDistances: nn.distances,
    fwdOffsets,
    fwdIdx,
    revOffsets: rev.offsets,
    revIdx: rev.indices,
  };
}

/** Largest number of doubles in one block of approximate squared distances. */
const TILE_DOUBLES = 1 << 21;

/** θ = the r-th smallest (0-based) of a[0..len) (Hoare quickselect; reorders a). O(len) expected. */
function selectNth(a: Float64Array, len: number, r: number): number {
  let lo = 0;
  let hi = len - 1;
  while (lo < hi) {
    const pivot = a[(lo + hi) >> 1];
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i] < pivot) i++;
      while (a[j] > pivot) j--;
      if (i <= j) {
        const t = a[i];
        a[i] = a[j];
        a[j] = t;
        i++;
        j--;
      }
    }
    if (r <= j) hi = j;
    else if (r >= i) lo = i;
    else return a[r];
  }
  return a[r];
}

/**
 * Neighbours of a block from blocked approximate squared distances (brute-force index, high
 * dimension): `d̃ = |x'|² + |x'_j|² − 2 x'·x'_j` on centred rows by one matrix product per tile,
 * then exact decisions. With u = 2⁻⁵³ and c = 4n + 16, |d̃ − s| ≤ c·u·(|x'|² + max|x'_j|²) =: e/2
 * for the exact-difference sum s, so every pair that can pass a test on s passes the same test
 * on d̃ with margin e; candidates are then decided on s exactly as the index's searches do:
 * kNN ranked by (s, j), balls `sqrt(s) ≤ r`. Cost 2·count·N·n flops for the products (the
 * dominant term), O(count·N) for selection and filtering, O(candidates·n) exact sums.
 */
function tiledNeighbors(ctx: RowContext, block: Matrix, kq: number, kappa: number): BlockNeighbors {
  const { model, search } = ctx;
  const N = model.points.rows;
  const n = block.cols;
  const count = block.rows;
  const X = model.points.data;
  const rK = model.rKappa;
  const C = search.centred as Matrix;
  const sqN = search.sqNorms as Float64Array;
  const mean = search.mean as Float64Array;
  if (ctx.sel === null) {
    ctx.sel = new Float64Array(N);
    ctx.candKeys = new Float64Array(N);
    ctx.candIds = new Int32Array(N);
  }
  const sel = ctx.sel;
  const ck = ctx.candKeys as Float64Array;
  const ci = ctx.candIds as Int32Array;
  const knnIndices = new Int32Array(count * kq);
  const knnDistances = new Float64Array(count * kq);
  const fwdOffsets = new Int32Array(count + 1);
  const revOffsets = new Int32Array(count + 1);
  let fwd = new Int32Array(count * (kappa + 4));
  let rev = new Int32Array(count * 8 + 16);
  let nf = 0;
  let nr = 0;
  const fac = 2 * (4 * n + 16) * 2 ** -53;
  const floor = (8 * n + 32) * Number.MIN_VALUE;
  const tile = Math.max(4, Math.min(count, Math.floor(TILE_DOUBLES / Math.max(N, 1))));
  const qc = new Float64Array(tile * n);
  for (let b0 = 0; b0 < count; b0 += tile) {
    const bn = Math.min(tile, count - b0);
    const qsq = new Float64Array(bn);
    for (let q = 0; q < bn; q++) {
      let s = 0;
      for (let t = 0; t < n; t++) {
        const v = block.data[(b0 + q) * n + t] - mean[t];
        qc[q * n + t] = v;
        s += v * v;
      }
      qsq[q] = s;
    }
    const G = matmulTransB({ rows: bn, cols: n, data: qc.subarray(0, bn * n) }, C).data;
    for (let q = 0; q < bn; q++) {
      const qi = b0 + q;
      const qo = qi * n;
      const go = q * N;
      const margin = fac * (qsq[q] + search.maxSqNorm) + floor;
      for (let j = 0; j < N; j++) {
        const v = qsq[q] + sqN[j] - 2 * G[go + j];
        sel[j] = Math.max(v, 0);
      }
      // kq nearest: candidates within θ + margin of the kq-th smallest d̃, ranked by exact (s, j).
      for (let j = 0; j < N; j++) G[go + j] = sel[j];
      const theta = selectNth(sel, N, kq - 1) + margin;
      let nc = 0;
      for (let j = 0; j < N; j++) {
        if (G[go + j] <= theta) {
          ck[nc] = sqDist(block.data, qo, X, j * n, n);
          ci[nc++] = j;
        }
      }
      sortPairs(ck, ci, 0, nc);
      for (let c = 0; c < kq; c++) {
        knnIndices[qi * kq + c] = ci[c];
        knnDistances[qi * kq + c] = Math.sqrt(ck[c]);
      }
      // Forward set: the κ nearest, or the whole ball of radius r_κ(x) when the κ-th is tied.
      const rk = knnDistances[qi * kq + kappa - 1];
      if (fwd.length < nf + N) {
        const grown = new Int32Array(Math.max(2 * fwd.length, nf + N));
        grown.set(fwd.subarray(0, nf));
        fwd = grown;
      }
      if (kq > kappa && knnDistances[qi * kq + kappa] <= rk) {
        const lim = rk * rk + margin;
        for (let c = 0; c < nc; c++) if (Math.sqrt(ck[c]) <= rk) fwd[nf++] = ci[c];
        // Points beyond the kNN candidates but inside the ball (possible only with many ties).
        for (let j = 0; j < N; j++) {
          if (
            G[go + j] <= lim &&
            G[go + j] > theta &&
            Math.sqrt(sqDist(block.data, qo, X, j * n, n)) <= rk
          ) {
            fwd[nf++] = j;
          }
        }
      } else {
        for (let c = 0; c < kappa; c++) fwd[nf++] = ci[c];
      }
      fwdOffsets[qi + 1] = nf;
      // Reverse set: |x − x_j| ≤ r_κ(x_j).
      for (let j = 0; j < N; j++) {
        const r = rK[j];
        if (G[go + j] <= r * r + margin && Math.sqrt(sqDist(block.data, qo, X, j * n, n)) <= r) {
          if (nr === rev.length) {
            const grown = new Int32Array(2 * rev.length);
            grown.set(rev);
            rev = grown;
          }
          rev[nr++] = j;
        }
      }
      revOffsets[qi + 1] = nr;
    }
  }
  return {
    knnIndices,
    knnDistances,
    fwdOffsets,
    fwdIdx: fwd.subarray(0, nf),
    revOffsets,
    revIdx: rev.subarray(0, nr),
  };
}

/**
 * Kernel rows of queries `[q0, q1)` of Q (a validated Matrix with the model's column count).
 * Cost: the kq = min(N, max(k, κ) + 1) nearest training points, the reverse set
 * { j : |x − x_j| ≤ r_κ(x_j) } and, where the κ-th distance is tied, the ball of radius r_κ(x):
 * by the kd-tree (≈ O((log N + κ)·n) per query at low intrinsic dimension) or, for a brute-force
 * index, by blocked distance products (2·N·n flops per query); then O(|row|·n) for the exact
 * squared distances.
 *
 * @throws ManifoldError `DEGENERATE_BANDWIDTH` when ρ(x) = 0 (k training points coincide with x;
 *   impossible for a model that `cidm` accepted).
 */
export function queryRows(ctx: RowContext, Q: Matrix, q0: number, q1: number): QueryRows {
  const { model, stamp } = ctx;
  const n = Q.cols;
  const N = model.points.rows;
  const X = model.points.data;
  const k = model.k;
  const kappa = model.kernelNeighbors;
  const count = q1 - q0;
  const block: Matrix = { rows: count, cols: n, data: Q.data.subarray(q0 * n, q1 * n) };
  const qd = block.data;
  const kq = Math.min(N, Math.max(k, kappa) + 1);
  const nb =
    ctx.search.index.kind === "brute"
      ? tiledNeighbors(ctx, block, kq, kappa)
      : indexNeighbors(ctx, block, kq, kappa);

  const rho = new Float64Array(count);
  for (let q = 0; q < count; q++) {
    const off = q * kq;
    let s = 0;
    for (let c = 0; c < k; c++) s += nb.knnDistances[off + c];
    if (s === 0) {
      throw new ManifoldError(
        "DEGENERATE_BANDWIDTH",
        `query ${q0 + q} coincides with ${k} training points, so ρ there is 0; deduplicate the training points or raise k.`,
        { query: q0 + q, k },
      );
    }
    rho[q] = s / k;
  }

  const nFwd = nb.fwdOffsets === null ? count * kappa : nb.fwdOffsets[count];
  const total = nFwd + nb.revIdx.length;
  const offsets = new Int32Array(count + 1);
  const indices = new Int32Array(total);
  const d2 = new Float64Array(total);
  const outside = new Uint8Array(count);
  let w = 0;
  let maxRow = 0;
  for (let q = 0; q < count; q++) {
    const mark = ctx.nextStamp++;
    const qo = q * n;
    const src = nb.fwdIdx ?? nb.knnIndices;
    const a = nb.fwdOffsets === null ? q * kq : nb.fwdOffsets[q];
    const b = nb.fwdOffsets === null ? a + kappa : nb.fwdOffsets[q + 1];
    for (let p = a; p < b; p++) {
      const j = src[p];
      stamp[j] = mark;
      indices[w] = j;
      d2[w++] = sqDist(qd, qo, X, j * n, n);
    }
    const r0 = nb.revOffsets[q];
    const r1 = nb.revOffsets[q + 1];
    if (r0 === r1) outside[q] = 1;
    for (let p = r0; p < r1; p++) {
      const j = nb.revIdx[p];
      if (stamp[j] === mark) continue;
      stamp[j] = mark;
      indices[w] = j;
      d2[w++] = sqDist(qd, qo, X, j * n, n);
    }
    offsets[q + 1] = w;
    if (w - offsets[q] > maxRow) maxRow = w - offsets[q];
  }
  return {
    count,
    offsets,
    indices,
    d2,
    rho,
    outside,
    knnIndices: nb.knnIndices,
    knnDistances: nb.knnDistances,
    kq,
    maxRow,
  };
}

/**
 * Normalised kernel weights of row q: `K̂_j = exp(ℓ_j − m) / Σ_i exp(ℓ_i − m)` with
 * `ℓ_j = −d²_j / (ε ρ(x) ρ_j)` and `m = max_j ℓ_j` (log-sum-exp: a far query whose every K_j
 * underflows still gets weights summing to 1). Writes `out[0 .. len)` in row order and returns
 * len. At a training point m = 0 and the unnormalised values are exactly the training kernel's
 * (`kernelValue` of src/cidm computes the same exp(−d²/(ε·(ρ_x ρ_j)))).
 * Cost O(len) exponentials.
 */
export function rowWeights(
  rows: QueryRows,
  q: number,
  model: CidmModel,
  out: Float64Array,
): number {
  const a = rows.offsets[q];
  const len = rows.offsets[q + 1] - a;
  const rq = rows.rho[q];
  const eps = model.eps;
  const rhoT = model.rho;
  let m = Number.NEGATIVE_INFINITY;
  for (let p = 0; p < len; p++) {
    const v = -rows.d2[a + p] / (eps * (rq * rhoT[rows.indices[a + p]]));
    out[p] = v;
    if (v > m) m = v;
  }
  // exp(ℓ_j − 0) is bit-for-bit the training kernel value when m = 0 (a zero distance).
  let s = 0;
  for (let p = 0; p < len; p++) {
    const e = Math.exp(out[p] - m);
    out[p] = e;
    s += e;
  }
  const inv = 1 / s;
  for (let p = 0; p < len; p++) out[p] *= inv;
  return len;
}

/** Call `fn(rows, q0)` for each block of at most {@link ROW_BLOCK} queries of Q. */
export function forEachRowBlock(
  ctx: RowContext,
  Q: Matrix,
  fn: (rows: QueryRows, q0: number) => void,
): void {
  for (let q0 = 0; q0 < Q.rows; q0 += ROW_BLOCK) {
    const q1 = Math.min(Q.rows, q0 + ROW_BLOCK);
    fn(queryRows(ctx, Q, q0, q1), q0);
  }
}
