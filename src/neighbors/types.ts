/**
 * Plain-data result and index types shared by the neighbour routines.
 *
 * @module
 */

/**
 * k nearest neighbours of Q query rows, row-major Q×k: row q lists its k
 * nearest training points in ascending order of distance, ties by lower
 * training index.
 */
export interface KnnResult {
  /** Training indices, `indices[q·k + r]` = the (r+1)-th nearest training point of query q. */
  readonly indices: Int32Array;
  /** Euclidean distances (not squared), same layout as `indices`. */
  readonly distances: Float64Array;
  /** Neighbours per row. */
  readonly k: number;
  /** Number of rows (queries; the training points for {@link knn}). */
  readonly n: number;
}

/**
 * Variable-length neighbour lists in CSR layout: query q's neighbours are
 * `indices[offsets[q] .. offsets[q+1])`, ascending by distance, ties by
 * lower training index.
 */
export interface RadiusResult {
  /** Q+1 row offsets; `offsets[0] = 0`, `offsets[Q]` = total count. */
  readonly offsets: Int32Array;
  /** Training indices. */
  readonly indices: Int32Array;
  /** Euclidean distances (not squared). */
  readonly distances: Float64Array;
}

/**
 * A kd-tree over the training points (plain data; serialisable).
 *
 * Nodes are numbered in preorder (a node's left child is the next node).
 * Node `t` owns the stored rows `[nodeStart[t], nodeEnd[t])` of `points`;
 * `nodeLo/nodeHi[t·cols + d]` is the tight bounding box of those rows.
 * Leaves have `nodeRight[t] = -1`.
 */
export interface KdTreeIndex {
  /** Discriminant of {@link NeighborIndex}: always `"kdtree"`. */
  readonly kind: "kdtree";
  /** Number of training points N. */
  readonly rows: number;
  /** Dimension n. */
  readonly cols: number;
  /** Largest leaf size used at build time. */
  readonly leafSize: number;
  /** Training points in tree order (N×cols, row-major): row p is training point `perm[p]`. */
  readonly points: Float64Array;
  /** `perm[p]` = original index of stored row p. */
  readonly perm: Int32Array;
  /** First stored row of node t (preorder numbering); the node owns rows `[nodeStart[t], nodeEnd[t])`. */
  readonly nodeStart: Int32Array;
  /** One past the last stored row of node t. */
  readonly nodeEnd: Int32Array;
  /** Right child of an internal node; -1 marks a leaf (the left child is `t + 1`). */
  readonly nodeRight: Int32Array;
  /** Lower box corners: `nodeLo[t·cols + d]` = min of coordinate d over node t's rows (tight). */
  readonly nodeLo: Float64Array;
  /** Upper corners: `nodeHi[t·cols + d]` = max of coordinate d over node t's rows. */
  readonly nodeHi: Float64Array;
  /** Depth of the deepest node (root = 0); sizes the traversal stack. */
  readonly depth: number;
}

/**
 * Brute-force data (plain data; serialisable): the training points, a
 * centred copy packed for the blocked dot-product kernel, and its squared
 * norms.
 */
export interface BruteIndex {
  /** Discriminant of {@link NeighborIndex}: always `"brute"`. */
  readonly kind: "brute";
  /** Number of training points N. */
  readonly rows: number;
  /** Dimension n. */
  readonly cols: number;
  /** Training points (N×cols, row-major), a copy of the input. */
  readonly points: Float64Array;
  /** Column means μ subtracted before the dot products (reduces cancellation). */
  readonly mean: Float64Array;
  /**
   * Centred points `x_i − μ`, rows padded with zeros to a multiple of 4 and
   * stored in groups of 4 interleaved by coordinate:
   * `packed[(g·cols + d)·4 + t]` = coordinate d of row 4g + t.
   */
  readonly packed: Float64Array;
  /** `|x_i − μ|²` (computed from the packed centred rows). */
  readonly sqNorms: Float64Array;
  /** max_i `|x_i − μ|²` (sets the re-ranking margin). */
  readonly maxSqNorm: number;
}

/** What {@link buildIndex} returns. */
export type NeighborIndex = KdTreeIndex | BruteIndex;

/**
 * A source of approximate squared-distance blocks (e.g. a GPU backend from
 * `manifold-geom/gpu`), used by the brute-force searches ONLY as a candidate
 * filter: every candidate is re-ranked on the exact float64 sum
 * `s = Σ_d (x_d − y_d)²`, so results are identical with or without it.
 *
 * Contract: `sqDistTile(A, rowsA, B, rowsB, cols)` returns `out` with
 * `out[i·rowsB + j] ≈ Σ_d (A[i·cols + d] − B[j·cols + d])²` for every
 * i < rowsA, j < rowsB (either the difference form or
 * `|a|² + |b|² − 2a·b`), in any arithmetic whose every operation (including
 * the rounding of the inputs) has relative error at most `unitRoundoff`
 * (subnormals may be flushed to zero), so that
 * `|out − s| ≤ (4·cols + 32)·unitRoundoff·(|a|² + |b|²) + (16·cols + 64)·2⁻¹²⁶`.
 * Float32 backends should declare `unitRoundoff = 2⁻²²` (four float32 ulps:
 * GPU arithmetic need not be IEEE-exact). Non-finite entries are tolerated:
 * that tile is recomputed on the CPU.
 */
export interface DistanceBackend {
  /** What the backend is (for messages), e.g. "wasm", "webgl", "cpu". */
  readonly kind: string;
  /** Bound on the relative error of each of its floating-point operations. */
  readonly unitRoundoff: number;
  /** Approximate squared distances, row-major rowsA×rowsB (see the interface). */
  sqDistTile(
    A: Float64Array,
    rowsA: number,
    B: Float64Array,
    rowsB: number,
    cols: number,
  ): ArrayLike<number>;
}
