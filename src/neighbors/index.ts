/**
 * Exact k nearest neighbours, radius and reverse-radius search (GUIDE §1).
 *
 * Conventions: distances are Euclidean, `|x − y| = sqrt(s)` with
 * `s = Σ_d (x_d − y_d)²` summed left to right in double precision; rows are
 * ranked by (s, training index), so ties go to the lower index, always; a
 * training point is its own nearest neighbour (distance 0) unless an exact
 * duplicate with a lower index ties it. Results are exact: identical to a
 * naive O(N²) scan with the same summation.
 *
 * Methods: a kd-tree (low dimension) or cache-blocked brute force (high
 * dimension). `"auto"` uses brute force above {@link KDTREE_MAX_COLS}
 * columns; at or below it, it builds the kd-tree, measures how many points a
 * search examines on 64 probe queries, and keeps the tree only when that
 * predicts it beats brute force (see {@link chooseMethod}).
 *
 * @module
 */
import { ManifoldError, requireInt, requirePositive } from "../errors/index.js";
import { type Matrix, type MatrixInput, requireCols, toMatrix } from "../matrix/index.js";
import { requireBackend } from "./backend.js";
import { bruteKnn, bruteKnnSelf, bruteQuery, bruteRadius, buildBrute } from "./brute.js";
import { buildKdTree, kdKnn, kdProbeVisits, kdRadius, kdReverseRadius } from "./kdtree.js";
import type {
  BruteIndex,
  DistanceBackend,
  KdTreeIndex,
  KnnResult,
  NeighborIndex,
  RadiusResult,
} from "./types.js";

export type {
  BruteIndex,
  DistanceBackend,
  KdTreeIndex,
  KnnResult,
  NeighborIndex,
  RadiusResult,
} from "./types.js";

/** Options of the queries ({@link knnQuery}, {@link radiusQuery}, ...). */
export interface QueryOptions {
  /**
   * Approximate squared-distance blocks for the brute-force path (e.g. a GPU backend from
   * `createBackend` of `manifold-geom/gpu`; default none: the CPU tiles). Used only to select
   * candidates within a proven error margin, which are re-ranked on exact float64 sums, so the
   * results are identical with or without it. Ignored by a kd-tree index.
   */
  backend?: DistanceBackend;
}

/** Search method: `"auto"` chooses by dimension and a cost probe (see {@link chooseMethod}). */
export type KnnMethod = "auto" | "kdtree" | "brute";

/** Options for {@link knn} and {@link buildIndex}. */
export interface KnnOptions {
  /** `"auto"` (default: probe-based choice, see {@link chooseMethod}), `"kdtree"` or `"brute"`. */
  method?: KnnMethod;
  /** Largest kd-tree leaf (default {@link DEFAULT_LEAF_SIZE}); ignored by brute force. */
  leafSize?: number;
  /**
   * Distance backend for the brute-force path of {@link knn} (see {@link QueryOptions}; the
   * results are identical with or without it). Ignored by the kd-tree and by {@link buildIndex}.
   * Default none: the CPU tiles.
   */
  backend?: DistanceBackend;
}

/**
 * `"auto"` never uses the kd-tree above this many columns (brute force is
 * cheaper there for any data this library targets; pass `method: "kdtree"`
 * to force it).
 */
export const KDTREE_MAX_COLS = 32;

/** Default kd-tree leaf size (12–32 within 5% on 3-D data, k = 33; 16 as in SciPy). */
export const DEFAULT_LEAF_SIZE = 16;

/** k used by the `"auto"` probe of {@link buildIndex} (the query k is not known yet). */
const AUTO_PROBE_K = 32;

/** Number of self-queries the `"auto"` rule runs on the kd-tree to estimate its cost. */
const AUTO_PROBES = 64;

/**
 * The `"auto"` rule, given the tree: with V = mean number of points a kNN
 * search examines (measured on {@link AUTO_PROBES} training points spread
 * over the tree), the kd-tree costs ≈ 5·(n+2) ns per examined point and the
 * symmetric brute force ≈ (10 + 0.2·n)/2 ns per point pair, so the tree is
 * kept when `V/N < (1 + 0.02·n)/(n + 2)`. Measured on this machine
 * (N = 20 000, k = 33, all-points): Gaussian data in R^n gives V/N = 0.009
 * (n = 3), 0.06 (6), 0.14 (8), 0.46 (12), 0.82 (16) and the crossover is at
 * n ≈ 7 (n = 8: kd-tree 2.9 s, brute 2.1 s; n = 12: 12.3 s vs 2.7 s); a 3-D
 * torus gives V/N = 0.005 (kd-tree 0.11 s, brute ≈ 2 s). Data of low
 * intrinsic dimension keep the tree up to {@link KDTREE_MAX_COLS} columns.
 */
function kdTreeWorthIt(tree: KdTreeIndex, k: number): boolean {
  const n = tree.cols;
  const V = kdProbeVisits(tree, k, AUTO_PROBES);
  return V / tree.rows < (1 + 0.02 * n) / (n + 2);
}

function checkMethod(method: unknown): KnnMethod {
  if (method === undefined) return "auto";
  if (method !== "auto" && method !== "kdtree" && method !== "brute") {
    throw new ManifoldError(
      "INVALID_PARAMETER",
      `method must be "auto", "kdtree" or "brute"; got ${JSON.stringify(method)}.`,
      { name: "method", value: method },
    );
  }
  return method;
}

function requireK(k: unknown, n: number): number {
  requireInt(k, "k", 1);
  if ((k as number) > n) {
    throw new ManifoldError(
      "INVALID_PARAMETER",
      `k = ${k} exceeds the number of points ${n}; pass k ≤ ${n} (the count includes the point itself) or add points.`,
      { name: "k", value: k, max: n },
    );
  }
  return k as number;
}

function indexFromMatrix(m: Matrix, options: KnnOptions, k: number): NeighborIndex {
  const method = checkMethod(options.method);
  const leafSize = requireInt(options.leafSize ?? DEFAULT_LEAF_SIZE, "leafSize", 1);
  if (method === "brute" || (method === "auto" && m.cols > KDTREE_MAX_COLS)) {
    return buildBrute(m.data, m.rows, m.cols);
  }
  const tree = buildKdTree(m.data, m.rows, m.cols, leafSize);
  if (method === "kdtree" || kdTreeWorthIt(tree, k)) return tree;
  return buildBrute(m.data, m.rows, m.cols);
}

/**
 * The method `"auto"` resolves to for these points and k: brute force above
 * {@link KDTREE_MAX_COLS} columns; otherwise a kd-tree is built and kept when
 * a probe of 64 self-queries shows it examines few enough points (see the
 * rule on {@link knn}). `"kdtree"` / `"brute"` pass through.
 * Cost: a kd-tree build, O(N·D·log N), plus 64 searches.
 * @throws ManifoldError as {@link knn}.
 * @example
 * ```ts
 * import { chooseMethod } from "manifold-geom";
 *
 * // 2000 points on a line in R²: the tree examines a handful of points per search.
 * const line = Array.from({ length: 2000 }, (_, i) => [i, 0.5 * i]);
 * // 40 columns is above KDTREE_MAX_COLS = 32: brute force without building a tree.
 * const wide = Array.from({ length: 50 }, (_, i) =>
 *   Array.from({ length: 40 }, (_, d) => Math.sin(i * 40 + d)),
 * );
 * console.log(chooseMethod(line, 8), chooseMethod(wide, 8)); // kdtree brute
 * ```
 */
export function chooseMethod(
  points: MatrixInput,
  k: number,
  options: KnnOptions = {},
): "kdtree" | "brute" {
  const m = toMatrix(points, "points");
  requireK(k, m.rows);
  return indexFromMatrix(m, options, k).kind;
}

/**
 * Exact k nearest neighbours of every training point among the training
 * points, self-inclusive: row i lists the k points j minimising
 * `(|x_i − x_j|, j)` in ascending order, so `indices[i·k] = i` with distance 0
 * unless a duplicate with lower index ties it.
 *
 * Cost: kd-tree ≈ O(N·log N·D) build plus O(N·(log N + k)·leafSize·D) search
 * for low intrinsic dimension; brute force N²·D flops (each pair's dot product
 * computed once, symmetric tiles) plus O(N·k·D) re-ranking, O(N·k) memory —
 * never an N×N matrix.
 *
 * @param points - N×n training points (not modified).
 * @param k - neighbours per point, 1 ≤ k ≤ N.
 * @param options - {@link KnnOptions}.
 * @returns N×k {@link KnnResult} (Euclidean distances).
 * With `options.backend` (brute force only) the tiles come from the backend
 * as a candidate filter and the result is identical.
 * @throws ManifoldError `EMPTY_INPUT` / `RAGGED_INPUT` / `NON_FINITE` for bad
 *   points, `INVALID_PARAMETER` for k < 1, k > N, a non-integer k, an unknown
 *   method, a bad leafSize or a malformed backend.
 * @example
 * ```ts
 * import { knn } from "manifold-geom";
 *
 * // Points 0, 1, 2, 4 on a line. Each point is its own nearest (distance 0); point 1 has 0 and
 * // 2 both at distance 1, and the tie goes to the lower index, 0.
 * const { indices, distances } = knn([[0], [1], [2], [4]], 2);
 * console.log(Array.from(indices)); // [ 0, 1, 1, 0, 2, 1, 3, 2 ]
 * console.log(Array.from(distances)); // [ 0, 1, 0, 1, 0, 1, 0, 2 ]
 * ```
 */
export function knn(points: MatrixInput, k: number, options: KnnOptions = {}): KnnResult {
  const m = toMatrix(points, "points");
  requireK(k, m.rows);
  const backend = requireBackend(options.backend);
  const index = indexFromMatrix(m, options, k);
  if (index.kind !== "brute") return kdKnn(index, null, m.rows, k);
  return backend === null
    ? bruteKnnSelf(index, k)
    : bruteKnn(index, m.data, m.rows, k, true, backend);
}

/**
 * Build a reusable search structure over the training points: a kd-tree
 * ({@link KdTreeIndex}) or the brute-force data with precomputed squared
 * norms ({@link BruteIndex}), chosen as in {@link chooseMethod}. The result is
 * plain data (typed arrays and numbers) and holds its own copy of the points.
 *
 * Cost: kd-tree O(N·D·log N) time, brute force O(N·D); memory O(N·D).
 * @throws ManifoldError as {@link knn} for bad points or options.
 * @example
 * ```ts
 * import { buildIndex, knnQuery } from "manifold-geom";
 *
 * const points = [[0, 0], [1, 0], [0, 1], [1, 1]]; // the unit square's corners
 * const index = buildIndex(points, { method: "kdtree" });
 * points[0][0] = 99; // the index holds its own copy: this changes nothing
 * console.log(index.kind, index.rows, index.cols); // kdtree 4 2
 * // Build once, query many times: the corner nearest (0.9, 0.2) is (1, 0), index 1.
 * console.log(knnQuery(index, [[0.9, 0.2]], 1).indices[0]); // 1
 * ```
 */
export function buildIndex(points: MatrixInput, options: KnnOptions = {}): NeighborIndex {
  const m = toMatrix(points, "points");
  return indexFromMatrix(m, options, Math.min(m.rows, AUTO_PROBE_K));
}

function requireIndex(index: unknown): NeighborIndex {
  const kind = (index as NeighborIndex | null)?.kind;
  if (kind !== "kdtree" && kind !== "brute") {
    throw new ManifoldError(
      "INVALID_PARAMETER",
      "index must be the object returned by buildIndex (kind 'kdtree' or 'brute').",
      { name: "index" },
    );
  }
  return index as NeighborIndex;
}

function queryMatrix(index: NeighborIndex, queries: MatrixInput): Matrix {
  const q = toMatrix(queries, "queries");
  requireCols(q, index.cols, "queries", "the indexed training points");
  return q;
}

/**
 * Exact k nearest training points of each query row: row q lists the k
 * training indices j minimising `(|x_q − x_j|, j)`, ascending. Same output
 * shape as {@link knn} (Q×k).
 *
 * Cost: kd-tree ≈ O(Q·(log N + k)·leafSize·D) at low intrinsic dimension;
 * brute force 2·Q·N·D flops on cache-sized tiles (WebAssembly SIMD where
 * available) plus O(D) per re-ranked candidate, O(B·(B + k)) scratch.
 * @param options - {@link QueryOptions}: an optional distance `backend`
 *   (brute-force index only; identical results).
 * @throws ManifoldError `DIMENSION_MISMATCH` when queries have a different
 *   number of columns; `INVALID_PARAMETER` for k outside [1, N], a bad
 *   index or a malformed backend; `BACKEND_UNAVAILABLE` for a disposed
 *   backend; input errors as {@link knn}.
 * @example
 * ```ts
 * import { buildIndex, knnQuery } from "manifold-geom";
 *
 * const index = buildIndex([[0], [1], [3], [7]]);
 * // x = 2.6: training points 2 (at 3, distance 0.4) and 1 (at 1, distance 1.6);
 * // x = 6: training points 3 (distance 1) and 2 (distance 3).
 * const { indices, distances } = knnQuery(index, [[2.6], [6]], 2);
 * console.log(Array.from(indices)); // [ 2, 1, 3, 2 ]
 * console.log(Array.from(distances, (d) => +d.toFixed(12))); // [ 0.4, 1.6, 1, 3 ]
 * ```
 */
export function knnQuery(
  index: NeighborIndex,
  queries: MatrixInput,
  k: number,
  options: QueryOptions = {},
): KnnResult {
  const idx = requireIndex(index);
  const q = queryMatrix(idx, queries);
  requireK(k, idx.rows);
  const backend = requireBackend(options.backend);
  return idx.kind === "brute"
    ? bruteKnn(idx as BruteIndex, q.data, q.rows, k, true, backend)
    : kdKnn(idx as KdTreeIndex, q.data, q.rows, k);
}

/**
 * Training points within a radius of each query, inclusive:
 * `{ j : |x_q − x_j| ≤ r_q }`, each row ascending by distance, ties by index.
 *
 * Cost: kd-tree ≈ O(Q·(log N + m)·D) for m results per query; brute force
 * 2·Q·N·D flops on tiles of `|x|² + |y|² − 2x·y` plus an exact O(D) check of
 * each point within a proven rounding margin of the ball. Memory O(total
 * results).
 * @param radius - one radius for all queries, or a Float64Array with one per query.
 * @returns CSR {@link RadiusResult} with Q+1 offsets.
 * @throws ManifoldError `INVALID_PARAMETER` for a negative or non-finite
 *   radius or a radius array of the wrong length; `DIMENSION_MISMATCH` as
 *   {@link knnQuery}.
 * @example
 * ```ts
 * import { buildIndex, radiusQuery } from "manifold-geom";
 *
 * const index = buildIndex([[0], [1], [3], [7]]);
 * // Within 1 of x = 2 (inclusive): the points at 1 and 3, both at distance 1 (tie: index order);
 * // within 0.5 of x = 5: nothing.
 * const { offsets, indices, distances } = radiusQuery(index, [[2], [5]], Float64Array.of(1, 0.5));
 * console.log(Array.from(offsets), Array.from(indices), Array.from(distances)); // [ 0, 2, 2 ] [ 1, 2 ] [ 1, 1 ]
 * ```
 */
export function radiusQuery(
  index: NeighborIndex,
  queries: MatrixInput,
  radius: number | Float64Array,
  options: QueryOptions = {},
): RadiusResult {
  const idx = requireIndex(index);
  const q = queryMatrix(idx, queries);
  const r = radiusArray(radius, q.rows);
  const backend = requireBackend(options.backend);
  return idx.kind === "brute"
    ? bruteRadius(idx, q.data, q.rows, r, null, true, backend)
    : kdRadius(idx, q.data, q.rows, r);
}

/**
 * Reverse radius search: for each query x, the training points j with
 * `|x − x_j| ≤ radii[j]` (one radius per TRAINING point), ascending by
 * distance, ties by index. With `radii[j] = r_κ(x_j)` (the distance to x_j's
 * κ-th neighbour) this is `{ j : x ∈ N_κ(x_j) }`, the out-of-sample half of a
 * CIDM kernel row (GUIDE §2).
 *
 * Cost: kd-tree O(N) to gather each subtree's largest radius (the prune
 * bound), then ≈ O(Q·(log N + m)·D); brute force as {@link radiusQuery}
 * (2·Q·N·D flops on tiles plus exact checks near the radii).
 * @throws ManifoldError `INVALID_PARAMETER` when radii is not a Float64Array
 *   of length N with finite entries ≥ 0; `DIMENSION_MISMATCH` as {@link knnQuery}.
 * @example
 * ```ts
 * import { buildIndex, knn, reverseRadiusQuery } from "manifold-geom";
 *
 * const points = [[0], [1], [3], [7]];
 * // r_κ(x_j) with κ = 2 (self-inclusive): the distance to the 2nd nearest, [1, 1, 2, 4].
 * const nn = knn(points, 2);
 * const rKappa = Float64Array.from({ length: 4 }, (_, j) => nn.distances[2 * j + 1]);
 * // Which training points count x = 5 among their 2 nearest? |5 − 3| = 2 ≤ 2 and |5 − 7| = 2 ≤ 4.
 * const { indices } = reverseRadiusQuery(buildIndex(points), [[5]], rKappa);
 * console.log(Array.from(rKappa), Array.from(indices)); // [ 1, 1, 2, 4 ] [ 2, 3 ]
 * ```
 */
export function reverseRadiusQuery(
  index: NeighborIndex,
  queries: MatrixInput,
  radii: Float64Array,
  options: QueryOptions = {},
): RadiusResult {
  const idx = requireIndex(index);
  const q = queryMatrix(idx, queries);
  checkRadii(radii, idx.rows, "radii", "training point");
  const backend = requireBackend(options.backend);
  return idx.kind === "brute"
    ? bruteRadius(idx, q.data, q.rows, null, radii, true, backend)
    : kdReverseRadius(idx, q.data, q.rows, radii);
}

/** What {@link knnReverseRadiusQuery} returns: both searches for the same queries. */
export interface KnnReverseRadiusResult {
  /** Q×k nearest training points, as {@link knnQuery}. */
  readonly knn: KnnResult;
  /** Reverse radius sets (CSR), as {@link reverseRadiusQuery}. */
  readonly reverse: RadiusResult;
}

/**
 * {@link knnQuery} and {@link reverseRadiusQuery} of the same queries at once:
 * row q gets the k training indices j minimising `(|x_q − x_j|, j)`,
 * ascending, and the set `{ j : |x_q − x_j| ≤ radii[j] }`, ascending by
 * distance, ties by index — exactly what the two calls return. With
 * `radii[j] = r_κ(x_j)` and k ≥ κ this is what an out-of-sample CIDM kernel
 * row needs (GUIDE §2).
 *
 * Cost: for a brute-force index one pass over the training data instead of
 * two: 2·Q·N·D flops on cache-sized tiles plus O(D) per kNN candidate and per
 * point near its reverse radius; for a kd-tree the two searches (see
 * {@link knnQuery}, {@link reverseRadiusQuery}). Memory O(Q·k + output).
 * @throws ManifoldError as {@link knnQuery} and {@link reverseRadiusQuery}.
 * @example
 * ```ts
 * import { buildIndex, knnReverseRadiusQuery } from "manifold-geom";
 *
 * // The out-of-sample CIDM row of x = 5 with κ = 2: its 2 nearest ∪ the points that count it
 * // among their 2 nearest (radii r_κ = [1, 1, 2, 4], see reverseRadiusQuery).
 * const index = buildIndex([[0], [1], [3], [7]], { method: "brute" });
 * const { knn, reverse } = knnReverseRadiusQuery(index, [[5]], 2, Float64Array.of(1, 1, 2, 4));
 * console.log(Array.from(knn.indices), Array.from(reverse.indices)); // [ 2, 3 ] [ 2, 3 ]
 * ```
 */
export function knnReverseRadiusQuery(
  index: NeighborIndex,
  queries: MatrixInput,
  k: number,
  radii: Float64Array,
  options: QueryOptions = {},
): KnnReverseRadiusResult {
  const idx = requireIndex(index);
  const q = queryMatrix(idx, queries);
  requireK(k, idx.rows);
  checkRadii(radii, idx.rows, "radii", "training point");
  const backend = requireBackend(options.backend);
  if (idx.kind === "kdtree") {
    return {
      knn: kdKnn(idx, q.data, q.rows, k),
      reverse: kdReverseRadius(idx, q.data, q.rows, radii),
    };
  }
  const out = bruteQuery(idx, q.data, q.rows, { k, radius: null, radii }, true, backend);
  return { knn: out.knn as KnnResult, reverse: out.reverse as RadiusResult };
}

function checkRadii(r: unknown, n: number, name: string, what: string): void {
  if (!(r instanceof Float64Array) || r.length !== n) {
    const got = r instanceof Float64Array ? `length ${r.length}` : typeof r;
    throw new ManifoldError(
      "INVALID_PARAMETER",
      `${name} must be a Float64Array with one entry per ${what} (${n}); got ${got}.`,
      { name, expected: n },
    );
  }
  for (let i = 0; i < n; i++) {
    const v = r[i];
    if (!Number.isFinite(v) || v < 0) {
      throw new ManifoldError(
        "INVALID_PARAMETER",
        `${name}[${i}] = ${v}; every radius must be a finite number ≥ 0.`,
        { name, index: i, value: v },
      );
    }
  }
}

function radiusArray(radius: number | Float64Array, Q: number): Float64Array {
  if (typeof radius === "number") {
    requirePositive(radius, "radius", true);
    return new Float64Array(Q).fill(radius);
  }
  checkRadii(radius, Q, "radius", "query");
  return radius;
}
