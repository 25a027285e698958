/**
 * Out-of-sample kernel rows of a CIDM model (GUIDE §2 step 2, §3): for a query x,
 * `row(x) = { j : |x − x_j| ≤ r_κ(x) } ∪ { j : |x − x_j| ≤ r_κ(x_j) }`, the bandwidth
 * `ρ(x) = (1/k) Σ_{j∈N_k(x)} |x − x_j|` and the normalised kernel weights
 * `K̂_j(x) = K_j(x) / Σ_i K_i(x)`, `K_j(x) = exp(−|x − x_j|² / (ε ρ(x) ρ_j))`, by log-sum-exp.
 *
 * Rows are built for a block of queries at a time (one combined kNN + reverse radius search,
 * `knnReverseRadiusQuery` of src/neighbors, and, where the κ-th distance is tied, one radius
 * search per block) into CSR arrays; the per-query loops of the callers then run on those
 * arrays with scratch buffers sized to the longest row, allocating nothing per query.
 *
 * @module
 */
import type { CidmModel } from "../cidm/types.js";
import { ManifoldError } from "../errors/index.js";
import type { Matrix } from "../matrix/index.js";
import { exactSqBatch } from "../neighbors/brute.js";
import {
  buildIndex,
  type DistanceBackend,
  knnReverseRadiusQuery,
  type NeighborIndex,
  radiusQuery,
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

const indexCache = new WeakMap<Matrix, NeighborIndex>();

/**
 * The neighbour index over the model's training points (kd-tree or brute force, chosen as by
 * `buildIndex`), built once per points object and kept in a module-level WeakMap (the model
 * itself stays plain data). Cost: the first call O(N n log N) (kd-tree) or O(N n) (brute);
 * later calls O(1).
 */
export function modelIndex(model: CidmModel): NeighborIndex {
  const hit = indexCache.get(model.points);
  if (hit !== undefined) return hit;
  const index = buildIndex(model.points);
  indexCache.set(model.points, index);
  return index;
}

/** Reusable per-call state: the search index and a stamp array for de-duplicating row unions. */
export interface RowContext {
  model: CidmModel;
  index: NeighborIndex;
  /** Distance backend for a brute-force index (candidate filter only; results unchanged). */
  backend: DistanceBackend | null;
  stamp: Int32Array;
  nextStamp: number;
}

/** A {@link RowContext} for one call (optional distance backend). Allocates O(N) once. */
export function rowContext(model: CidmModel, backend: DistanceBackend | null = null): RowContext {
  return {
    model,
    index: modelIndex(model),
    backend,
    stamp: new Int32Array(model.points.rows),
    nextStamp: 1,
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

/**
 * Neighbours of a block: the kq nearest and the reverse set in one search of the index, then,
 * for the queries whose κ-th distance is tied, the ball of radius r_κ(x).
 */
function blockNeighbors(ctx: RowContext, block: Matrix, kq: number, kappa: number): BlockNeighbors {
  const { index } = ctx;
  const n = block.cols;
  const count = block.rows;
  const opts = ctx.backend === null ? {} : { backend: ctx.backend };
  const { knn: nn, reverse: rev } = knnReverseRadiusQuery(index, block, kq, ctx.model.rKappa, opts);
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
    const balls = radiusQuery(index, { rows: ties.length, cols: n, data: tq }, tr, opts);
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

/**
 * Kernel rows of queries `[q0, q1)` of Q (a validated Matrix with the model's column count).
 * Cost: the kq = min(N, max(k, κ) + 1) nearest training points, the reverse set
 * { j : |x − x_j| ≤ r_κ(x_j) } and, where the κ-th distance is tied, the ball of radius r_κ(x):
 * by the kd-tree (≈ O((log N + κ)·n) per query at low intrinsic dimension) or, for a brute-force
 * index, by one pass of blocked distance products (2·N·n flops per query); then O(|row|·n) for
 * the exact squared distances.
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
  const nb = blockNeighbors(ctx, block, kq, kappa);

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
    const start = w;
    for (let p = a; p < b; p++) {
      const j = src[p];
      stamp[j] = mark;
      indices[w++] = j;
    }
    const r0 = nb.revOffsets[q];
    const r1 = nb.revOffsets[q + 1];
    if (r0 === r1) outside[q] = 1;
    for (let p = r0; p < r1; p++) {
      const j = nb.revIdx[p];
      if (stamp[j] === mark) continue;
      stamp[j] = mark;
      indices[w++] = j;
    }
    // |x − x_j|² = Σ_t (x_t − x_jt)², the training kernel's arithmetic (four rows at a time).
    exactSqBatch(qd, qo, X, n, indices, start, w, d2);
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
