/**
 * Exact kd-tree: build, k-nearest, radius and reverse-radius search.
 *
 * Build: median splits on the coordinate of largest spread of the node's
 * tight bounding box, until a node holds ≤ `leafSize` points (or all its
 * points coincide). The points are stored in tree order so a leaf is one
 * contiguous block of memory.
 *
 * Search: depth-first with an explicit stack, nearer child first, pruning a
 * node whose box lower bound exceeds the current k-th squared distance. The
 * box bound `Σ_d max(0, lo_d − x_d, x_d − hi_d)²` is summed in the same
 * coordinate order as the point distances `Σ_d (x_d − y_d)²`; since every
 * rounding step is monotone, the computed bound never exceeds the computed
 * distance of any point in the box, so pruning is exact (a node is pruned
 * only when it is strictly worse, so index ties are still resolved).
 *
 * @module
 */
import { type Collector, collectPush, finishRadius, newCollector } from "./collect.js";
import { heapPush, heapReplaceTop, heapToSorted } from "./heap.js";
import type { KdTreeIndex, KnnResult, RadiusResult } from "./types.js";

/** Reorder `perm[lo..hi)` so that position `kth` holds its order statistic on coordinate `dim`. */
function selectOnDim(
  perm: Int32Array,
  X: Float64Array,
  D: number,
  dim: number,
  lo: number,
  hi: number,
  kth: number,
): void {
  let l = lo;
  let r = hi - 1;
  while (r > l) {
    const a = X[perm[l] * D + dim];
    const b = X[perm[(l + r) >>> 1] * D + dim];
    const c = X[perm[r] * D + dim];
    const pivot = Math.max(Math.min(a, b), Math.min(Math.max(a, b), c)); // median of three
    let i = l;
    let j = r;
    while (i <= j) {
      while (X[perm[i] * D + dim] < pivot) i++;
      while (X[perm[j] * D + dim] > pivot) j--;
      if (i <= j) {
        const t = perm[i];
        perm[i] = perm[j];
        perm[j] = t;
        i++;
        j--;
      }
    }
    if (kth <= j) r = j;
    else if (kth >= i) l = i;
    else return;
  }
}

/**
 * Build a kd-tree over the rows of `X` (N×D, row-major; not modified).
 * Cost O(N·D·log N) time, O(N·D) memory (a reordered copy of the points plus
 * ≤ 4N/leafSize node boxes).
 */
export function buildKdTree(X: Float64Array, N: number, D: number, leafSize: number): KdTreeIndex {
  const perm = new Int32Array(N);
  for (let i = 0; i < N; i++) perm[i] = i;
  const minLeaf = Math.max(1, (leafSize + 1) >> 1);
  const maxNodes = Math.max(1, 2 * Math.ceil(N / minLeaf));
  const nodeStart = new Int32Array(maxNodes);
  const nodeEnd = new Int32Array(maxNodes);
  const nodeRight = new Int32Array(maxNodes);
  const nodeLo = new Float64Array(maxNodes * D);
  const nodeHi = new Float64Array(maxNodes * D);
  let count = 0;
  let maxDepth = 0;
  const build = (lo: number, hi: number, depth: number): number => {
    const t = count++;
    if (depth > maxDepth) maxDepth = depth;
    nodeStart[t] = lo;
    nodeEnd[t] = hi;
    nodeRight[t] = -1;
    const bo = t * D;
    for (let d = 0; d < D; d++) {
      nodeLo[bo + d] = Infinity;
      nodeHi[bo + d] = -Infinity;
    }
    for (let p = lo; p < hi; p++) {
      const o = perm[p] * D;
      for (let d = 0; d < D; d++) {
        const v = X[o + d];
        if (v < nodeLo[bo + d]) nodeLo[bo + d] = v;
        if (v > nodeHi[bo + d]) nodeHi[bo + d] = v;
      }
    }
    if (hi - lo <= leafSize) return t;
    let dim = 0;
    let spread = -1;
    for (let d = 0; d < D; d++) {
      const s = nodeHi[bo + d] - nodeLo[bo + d];
      if (s > spread) {
        spread = s;
        dim = d;
      }
    }
    if (spread <= 0) return t; // all points coincide: one (large) leaf
    const mid = (lo + hi) >>> 1;
    selectOnDim(perm, X, D, dim, lo, hi, mid);
    build(lo, mid, depth + 1);
    nodeRight[t] = build(mid, hi, depth + 1);
    return t;
  };
  build(0, N, 0);
  const points = new Float64Array(N * D);
  for (let p = 0; p < N; p++) {
    const src = perm[p] * D;
    const dst = p * D;
    for (let d = 0; d < D; d++) points[dst + d] = X[src + d];
  }
  return {
    kind: "kdtree",
    rows: N,
    cols: D,
    leafSize,
    points,
    perm,
    nodeStart: nodeStart.slice(0, count),
    nodeEnd: nodeEnd.slice(0, count),
    nodeRight: nodeRight.slice(0, count),
    nodeLo: nodeLo.slice(0, count * D),
    nodeHi: nodeHi.slice(0, count * D),
    depth: maxDepth,
  };
}

/** Squared distance lower bound from q to box `t`, summed in coordinate order. */
function boxDist(
  lo: Float64Array,
  hi: Float64Array,
  t: number,
  D: number,
  q: Float64Array,
  qo: number,
): number {
  const bo = t * D;
  let s = 0;
  for (let d = 0; d < D; d++) {
    const x = q[qo + d];
    const l = lo[bo + d];
    if (x < l) {
      const e = l - x;
      s += e * e;
    } else {
      const h = hi[bo + d];
      if (x > h) {
        const e = x - h;
        s += e * e;
      }
    }
  }
  return s;
}

/**
 * k nearest stored points of q (row at `q[qo..]`) into the max-heap
 * `hk/hid[0..k)` (unsorted); returns the number of points whose distance was
 * computed (the search's cost). No allocation.
 */
function searchKnn(
  tree: KdTreeIndex,
  q: Float64Array,
  qo: number,
  k: number,
  hk: Float64Array,
  hid: Int32Array,
  stackN: Int32Array,
  stackB: Float64Array,
): number {
  const { points, perm, nodeStart, nodeEnd, nodeRight, nodeLo, nodeHi, cols: D } = tree;
  let size = 0;
  let visited = 0;
  let sp = 1;
  stackN[0] = 0;
  stackB[0] = boxDist(nodeLo, nodeHi, 0, D, q, qo);
  while (sp > 0) {
    sp--;
    const t = stackN[sp];
    if (size === k && stackB[sp] > hk[0]) continue;
    const right = nodeRight[t];
    if (right < 0) {
      const end = nodeEnd[t];
      visited += end - nodeStart[t];
      for (let p = nodeStart[t]; p < end; p++) {
        const po = p * D;
        let s = 0;
        for (let d = 0; d < D; d++) {
          const e = q[qo + d] - points[po + d];
          s += e * e;
        }
        if (size < k) {
          heapPush(hk, hid, 0, size, s, perm[p]);
          size++;
        } else if (s <= hk[0]) {
          const j = perm[p];
          if (s < hk[0] || j < hid[0]) heapReplaceTop(hk, hid, 0, k, s, j);
        }
      }
    } else {
      const left = t + 1;
      const bl = boxDist(nodeLo, nodeHi, left, D, q, qo);
      const br = boxDist(nodeLo, nodeHi, right, D, q, qo);
      const full = size === k;
      const worst = hk[0];
      // push the farther child first so the nearer one is searched first
      if (bl <= br) {
        if (!full || br <= worst) {
          stackN[sp] = right;
          stackB[sp++] = br;
        }
        if (!full || bl <= worst) {
          stackN[sp] = left;
          stackB[sp++] = bl;
        }
      } else {
        if (!full || bl <= worst) {
          stackN[sp] = left;
          stackB[sp++] = bl;
        }
        if (!full || br <= worst) {
          stackN[sp] = right;
          stackB[sp++] = br;
        }
      }
    }
  }
  return visited;
}

/**
 * k nearest training points of each query row (Q×D) using the tree; with
 * `self` the queries are the tree's own points (all-points kNN, processed in
 * tree order for locality). Cost ≈ O(Q·(log N + k)·leafSize·D) for low
 * intrinsic dimension, O(k) scratch.
 */
export function kdKnn(
  tree: KdTreeIndex,
  queries: Float64Array | null,
  Q: number,
  k: number,
): KnnResult {
  const D = tree.cols;
  const indices = new Int32Array(Q * k);
  const distances = new Float64Array(Q * k);
  const hk = new Float64Array(k);
  const hid = new Int32Array(k);
  const stackN = new Int32Array(2 * tree.depth + 4);
  const stackB = new Float64Array(2 * tree.depth + 4);
  const self = queries === null;
  const qd = self ? tree.points : queries;
  for (let p = 0; p < Q; p++) {
    searchKnn(tree, qd, p * D, k, hk, hid, stackN, stackB);
    heapToSorted(hk, hid, 0, k);
    const row = (self ? tree.perm[p] : p) * k;
    for (let r = 0; r < k; r++) {
      indices[row + r] = hid[r];
      distances[row + r] = Math.sqrt(hk[r]);
    }
  }
  return { indices, distances, k, n: Q };
}

/**
 * Mean number of points a kNN search examines, estimated from `probes`
 * stored points spread evenly over the tree order (self queries). Cost
 * O(probes · visited · D).
 */
export function kdProbeVisits(tree: KdTreeIndex, k: number, probes: number): number {
  const N = tree.rows;
  const P = Math.min(N, probes);
  const hk = new Float64Array(k);
  const hid = new Int32Array(k);
  const stackN = new Int32Array(2 * tree.depth + 4);
  const stackB = new Float64Array(2 * tree.depth + 4);
  let total = 0;
  for (let t = 0; t < P; t++) {
    const p = Math.floor(((t + 0.5) * N) / P);
    total += searchKnn(tree, tree.points, p * tree.cols, k, hk, hid, stackN, stackB);
  }
  return total / P;
}

/**
 * Shared traversal for radius queries: visits stored points whose box bound
 * passes `sqrt(bound) ≤ nodeLimit(t)` and keeps a point p when
 * `sqrt(s) ≤ pointLimit(p)`.
 */
function radiusWalk(
  tree: KdTreeIndex,
  q: Float64Array,
  qo: number,
  nodeLimit: Float64Array | number,
  pointLimit: Float64Array | number,
  out: Collector,
  stack: Int32Array,
): void {
  const { points, perm, nodeStart, nodeEnd, nodeRight, nodeLo, nodeHi, cols: D } = tree;
  const nodeScalar = typeof nodeLimit === "number";
  const pointScalar = typeof pointLimit === "number";
  let sp = 1;
  stack[0] = 0;
  while (sp > 0) {
    const t = stack[--sp];
    const lim = nodeScalar ? nodeLimit : nodeLimit[t];
    if (Math.sqrt(boxDist(nodeLo, nodeHi, t, D, q, qo)) > lim) continue;
    const right = nodeRight[t];
    if (right >= 0) {
      stack[sp++] = right;
      stack[sp++] = t + 1;
      continue;
    }
    const end = nodeEnd[t];
    for (let p = nodeStart[t]; p < end; p++) {
      const po = p * D;
      let s = 0;
      for (let d = 0; d < D; d++) {
        const e = q[qo + d] - points[po + d];
        s += e * e;
      }
      const j = perm[p];
      if (Math.sqrt(s) <= (pointScalar ? pointLimit : pointLimit[j])) collectPush(out, s, j);
    }
  }
}

/**
 * Training points within `radius[q]` of each query (inclusive: `|x − x_j| ≤ r`).
 * Cost ≈ O(Q·(log N + m)·D) for m results per query.
 */
export function kdRadius(
  tree: KdTreeIndex,
  queries: Float64Array,
  Q: number,
  radius: Float64Array,
): RadiusResult {
  const D = tree.cols;
  const offsets = new Int32Array(Q + 1);
  const out = newCollector(Q * 8);
  const stack = new Int32Array(2 * tree.depth + 4);
  for (let q = 0; q < Q; q++) {
    radiusWalk(tree, queries, q * D, radius[q], radius[q], out, stack);
    offsets[q + 1] = out.len;
  }
  return finishRadius(out, offsets);
}

/**
 * For each query x, the training points j with `|x − x_j| ≤ radii[j]`; a
 * subtree is pruned when its box is farther than the largest radius in it.
 * Cost O(N) to gather the per-node maxima, then ≈ O(Q·(log N + m)·D).
 */
export function kdReverseRadius(
  tree: KdTreeIndex,
  queries: Float64Array,
  Q: number,
  radii: Float64Array,
): RadiusResult {
  const D = tree.cols;
  const nNodes = tree.nodeStart.length;
  const nodeMax = new Float64Array(nNodes);
  // preorder numbering: children have larger ids than their parent
  for (let t = nNodes - 1; t >= 0; t--) {
    const right = tree.nodeRight[t];
    if (right >= 0) {
      nodeMax[t] = Math.max(nodeMax[t + 1], nodeMax[right]);
    } else {
      let m = 0;
      for (let p = tree.nodeStart[t]; p < tree.nodeEnd[t]; p++) {
        const r = radii[tree.perm[p]];
        if (r > m) m = r;
      }
      nodeMax[t] = m;
    }
  }
  const offsets = new Int32Array(Q + 1);
  const out = newCollector(Q * 8);
  const stack = new Int32Array(2 * tree.depth + 4);
  for (let q = 0; q < Q; q++) {
    radiusWalk(tree, queries, q * D, nodeMax, radii, out, stack);
    offsets[q + 1] = out.len;
  }
  return finishRadius(out, offsets);
}
