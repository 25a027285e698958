/**
 * Landmark selection: m representative points of an N-point cloud, for landmark CIDM.
 *
 * Four rules, all seeded:
 * - `"poisson"` (default): weighted sample elimination (Yuksel 2015) on a random subsample of
 *   5m points: the most crowded point is dropped until m remain, which leaves a Poisson-disk
 *   ("blue noise") set — uniform in the manifold's volume at every scale, with no clumps (unlike
 *   random) and no large-scale density seams (unlike farthest-point). Best spectra measured.
 * - `"farthest"`: farthest-point sampling (greedy maximin): each new landmark is the point
 *   farthest from those chosen so far, so the landmarks form a δ-net with packing radius ≥ δ/2 —
 *   quasi-uniform in the manifold's volume, like a lattice. This is what the truths of
 *   GUIDE §10 (Kronecker torus, Fibonacci sphere) assume.
 * - `"kmeans"`: k-means++ seeding (D² sampling) then Lloyd iterations (ml-kmeans); centroids of a
 *   centroidal Voronoi tessellation are also quasi-uniform, but they sit off a curved manifold
 *   (a centroid is an average of points on it: inside by O(h²) for cell size h), so by default
 *   each is snapped to the nearest data point.
 * - `"random"`: m points uniformly without replacement; unbiased but clumped (Poisson
 *   fluctuations), which costs spectral accuracy.
 *
 * @module
 */
import { kmeans } from "ml-kmeans";
import { ManifoldError, requireInt } from "../errors/index.js";
import { type Matrix, type MatrixInput, toArrays, toMatrix } from "../matrix/index.js";
import { buildIndex, knn, knnQuery } from "../neighbors/index.js";
import { createRng } from "../random/index.js";
import { createReporter, type ProgressOptions, type Reporter } from "./progress.js";

/** The landmark selection rules (see the module comment). */
export type LandmarkMethod = "poisson" | "farthest" | "kmeans" | "random";

/** The accepted values of {@link LandmarkMethod}. */
export const LANDMARK_METHODS: readonly LandmarkMethod[] = [
  "poisson",
  "farthest",
  "kmeans",
  "random",
];

/** Options of {@link selectLandmarks}. */
export interface SelectLandmarksOptions extends ProgressOptions {
  /** Selection rule (default `"poisson"`: the best spectra measured, see docs/scale.md). */
  method?: LandmarkMethod;
  /**
   * Integer seed of every random choice (default 0): same seed, same landmarks. ("poisson" uses
   * it for the subsample only; with S = N its result does not depend on the seed.)
   */
  seed?: number;
  /**
   * S, the size of the seeded random subsample the rule works on (default: min(N, 5m) for
   * "poisson", Yuksel's ratio; N for "farthest" up to 200 000 points, else max(200 000, 20 m)
   * capped at N; min(N, max(10 m, 20 000)) for "kmeans"; unused by "random"). Cost is
   * O(S·K log S) (K ≈ 9S/m) plus a kNN of S points for "poisson", O(m·S) for "farthest",
   * O(m·S·n) per Lloyd iteration for "kmeans". m ≤ S ≤ N.
   */
  sampleSize?: number;
  /** "kmeans" only: replace each centroid by its nearest (distinct) data point (default true). */
  snap?: boolean;
  /** "kmeans" only: Lloyd iterations after the seeding (default 10; each costs O(S·m·n)). */
  maxIterations?: number;
}

/** Result of {@link selectLandmarks}: plain data. */
export interface LandmarkSelection {
  /** The rule used. */
  method: LandmarkMethod;
  /** m, the number of landmarks. */
  m: number;
  /**
   * Row index of each landmark in the input points, sorted ascending (the order in which the
   * rule picked them is not kept), or `null` for unsnapped k-means centroids (not data points).
   */
  indices: Int32Array | null;
  /** The m×n landmark coordinates (copies; row j = points[indices[j]] when indices is set). */
  points: Matrix;
}

/** Resolve a method name (`INVALID_PARAMETER` listing the allowed ones). */
export function resolveLandmarkMethod(method: unknown): LandmarkMethod {
  const m = method ?? "poisson";
  if (!(LANDMARK_METHODS as readonly unknown[]).includes(m)) {
    throw new ManifoldError(
      "INVALID_PARAMETER",
      `landmarkMethod must be one of ${LANDMARK_METHODS.map((s) => `"${s}"`).join(", ")}; got ${JSON.stringify(m)}.`,
      { name: "method", value: m },
    );
  }
  return m as LandmarkMethod;
}

/** An integer seed (default 0). */
function resolveSeed(seed: unknown): number {
  if (seed === undefined) return 0;
  if (typeof seed !== "number" || !Number.isInteger(seed)) {
    throw new ManifoldError("INVALID_PARAMETER", `seed must be an integer; got ${String(seed)}.`, {
      name: "seed",
      value: seed,
    });
  }
  return seed;
}

/**
 * s distinct indices of [0, N), uniform without replacement (partial Fisher–Yates on a lazily
 * materialised permutation), sorted ascending. Cost O(s log s), memory O(s).
 */
export function sampleIndices(N: number, s: number, seed: number): Int32Array {
  const rng = createRng(seed);
  const out = new Int32Array(s);
  if (s === N) {
    for (let i = 0; i < N; i++) out[i] = i;
    return out;
  }
  // Sparse swap map: position → value, for positions touched by the shuffle.
  const swapped = new Map<number, number>();
  for (let t = 0; t < s; t++) {
    const r = t + rng.int(N - t);
    const vr = swapped.get(r) ?? r;
    const vt = swapped.get(t) ?? t;
    swapped.set(r, vt);
    out[t] = vr;
  }
  return out.sort();
}

/** Rows `idx` of X as a new matrix. Cost O(|idx|·n). */
export function gatherRows(X: Matrix, idx: ArrayLike<number>): Matrix {
  const n = X.cols;
  const data = new Float64Array(idx.length * n);
  for (let t = 0; t < idx.length; t++) {
    const i = idx[t];
    data.set(X.data.subarray(i * n, (i + 1) * n), t * n);
  }
  return { rows: idx.length, cols: n, data };
}

/**
 * Greedy selection over the rows of P (S×n), seeded by `first`: each next landmark is
 * `choose(minD2)` where minD2[i] is the squared distance from row i to the nearest chosen one.
 * `choose` returns the argmax (farthest point) or a D²-weighted draw (k-means++).
 *
 * Cost: one O(S) pass per landmark, but distances are computed only where they can shrink —
 * with a(i) the nearest chosen landmark of i and c the new one, |x_i − c| ≥ |c − a(i)| − |x_i − a(i)|,
 * so when |c − a(i)|² ≥ 4·minD2[i] the point is skipped. Late in the run almost every point is
 * skipped, so the total is ≈ O(m·S) comparisons + O(S·n·log m) distances + O(m²·n) between
 * landmarks. Memory O(S + m).
 */
function greedySelect(
  P: Matrix,
  m: number,
  first: number,
  choose: (minD2: Float64Array, argmax: number, sumD2: number) => number,
  rep: Reporter | null,
): Int32Array {
  const S = P.rows;
  const n = P.cols;
  const x = P.data;
  const chosen = new Int32Array(m);
  const minD2 = new Float64Array(S);
  const assign = new Int32Array(S);
  const cc = new Float64Array(m);
  chosen[0] = first;
  let maxD2 = 0;
  let argmax = 0;
  let sumD2 = 0;
  {
    const c = first * n;
    for (let i = 0; i < S; i++) {
      let s = 0;
      const o = i * n;
      for (let d = 0; d < n; d++) {
        const t = x[o + d] - x[c + d];
        s += t * t;
      }
      minD2[i] = s;
      sumD2 += s;
      if (s > maxD2) {
        maxD2 = s;
        argmax = i;
      }
    }
  }
  const every = Math.max(1, Math.floor(m / 100));
  for (let t = 1; t < m; t++) {
    if (!(maxD2 > 0)) {
      throw new ManifoldError(
        "INVALID_PARAMETER",
        `only ${t} distinct points among the ${S} candidates, fewer than the ${m} landmarks asked for; lower m (landmarks) or deduplicate the points.`,
        { distinct: t, m, candidates: S },
      );
    }
    const ci = choose(minD2, argmax, sumD2);
    chosen[t] = ci;
    const c = ci * n;
    for (let j = 0; j < t; j++) {
      let s = 0;
      const o = chosen[j] * n;
      for (let d = 0; d < n; d++) {
        const u = x[o + d] - x[c + d];
        s += u * u;
      }
      cc[j] = s;
    }
    maxD2 = 0;
    argmax = 0;
    sumD2 = 0;
    for (let i = 0; i < S; i++) {
      let r = minD2[i];
      if (cc[assign[i]] < 4 * r) {
        let s = 0;
        const o = i * n;
        for (let d = 0; d < n; d++) {
          const u = x[o + d] - x[c + d];
          s += u * u;
        }
        if (s < r) {
          r = s;
          minD2[i] = s;
          assign[i] = t;
        }
      }
      sumD2 += r;
      if (r > maxD2) {
        maxD2 = r;
        argmax = i;
      }
    }
    if (rep !== null && t % every === 0) rep.step(t / m);
  }
  return chosen;
}

/** Farthest-point sampling on P: indices into the rows of P. Cost as in {@link greedySelect}. */
function farthestPoints(P: Matrix, m: number, seed: number, rep: Reporter | null): Int32Array {
  const rng = createRng(seed);
  // greedySelect tracks the first index attaining the maximum (ties to the lower index).
  return greedySelect(P, m, rng.int(P.rows), (_minD2, argmax) => argmax, rep);
}

/**
 * k-means++ seeding (Arthur & Vassilvitskii, 2007) on P: each next centre is a row drawn with
 * probability ∝ minD2 (the squared distance to the nearest centre so far). Indices into P.
 */
function kmeansPlusPlus(P: Matrix, m: number, seed: number, rep: Reporter | null): Int32Array {
  const rng = createRng(seed);
  const draw = (minD2: Float64Array, _argmax: number, sumD2: number) => {
    const target = rng.uniform() * sumD2;
    let acc = 0;
    let last = 0;
    for (let i = 0; i < minD2.length; i++) {
      if (minD2[i] > 0) {
        acc += minD2[i];
        last = i;
        if (acc > target) return i;
      }
    }
    return last; // rounding: the last row with positive weight
  };
  return greedySelect(P, m, rng.int(P.rows), draw, rep);
}

/**
 * Weighted sample elimination (Yuksel 2015, "Sample elimination for generating Poisson disk
 * sample sets") on the rows of P: every row starts with weight
 * `W_i = Σ_{j: d_ij < 2r} (1 − d̂_ij/(2r))⁸`, `d̂ = max(d, r_min)`, over its neighbours within
 * 2r; the row of largest W (the most crowded) is removed and its neighbours' weights drop,
 * until m rows remain. 2r, the spacing m hexagonally packed points would have, is estimated
 * without knowing the area or dimension: a uniform sample of S points has (2π/√3)·S/m of them
 * within 2r of each, so 2r = median distance to that neighbour. r_min = r·(1 − (S/m)^1.5)·0.65
 * (Yuksel's default): closer pairs count as equally crowded. Returns indices into P.
 *
 * Cost: one kNN of the S rows (K ≈ 9·S/m), then O(S·K·log S) for the heap. Memory O(S·K).
 */
function eliminate(P: Matrix, m: number, rep: Reporter | null): Int32Array {
  const S = P.rows;
  if (S === m) return Int32Array.from({ length: m }, (_, i) => i);
  const ratio = S / m;
  const kr = Math.max(1, Math.round(((2 * Math.PI) / Math.sqrt(3)) * ratio));
  const K = Math.min(S, Math.ceil(2.5 * kr) + 1);
  const nn = knn(P, K);
  rep?.step(0.5);
  const kth = new Float64Array(S);
  for (let i = 0; i < S; i++) kth[i] = nn.distances[i * K + Math.min(kr, K - 1)];
  const sorted = Float64Array.from(kth).sort();
  // Heavily duplicated data can make the median 0: fall back to the largest such distance.
  const twoR = sorted[S >> 1] > 0 ? sorted[S >> 1] : sorted[S - 1];
  if (!(twoR > 0)) {
    throw new ManifoldError(
      "INVALID_PARAMETER",
      `the ${S} candidate points for the landmarks are (nearly) all identical; deduplicate the points or lower m (landmarks).`,
      { candidates: S, m },
    );
  }
  const rMin = 0.5 * twoR * (1 - ratio ** -1.5) * 0.65;
  // Symmetric neighbour lists within 2r (CSR), from the kNN rows (self excluded).
  const deg = new Int32Array(S + 1);
  for (let i = 0; i < S; i++) {
    for (let c = 0; c < K; c++) {
      const j = nn.indices[i * K + c];
      if (j !== i && nn.distances[i * K + c] < twoR) {
        deg[i + 1]++;
        deg[j + 1]++;
      }
    }
  }
  for (let i = 0; i < S; i++) deg[i + 1] += deg[i];
  const fill = deg.slice(0, S);
  const nbr = new Int32Array(deg[S]);
  const wgt = new Float64Array(deg[S]);
  for (let i = 0; i < S; i++) {
    for (let c = 0; c < K; c++) {
      const j = nn.indices[i * K + c];
      const d = nn.distances[i * K + c];
      if (j !== i && d < twoR) {
        const w = (1 - Math.max(d, rMin) / twoR) ** 8;
        nbr[fill[i]] = j;
        wgt[fill[i]++] = w;
        nbr[fill[j]] = i;
        wgt[fill[j]++] = w;
      }
    }
  }
  // A pair found from both sides is listed twice with the same weight on both ends: harmless
  // (each end sees the pair with the same multiplicity), so no de-duplication is needed.
  const W = new Float64Array(S);
  for (let i = 0; i < S; i++) {
    let s = 0;
    for (let p = deg[i]; p < deg[i + 1]; p++) s += wgt[p];
    W[i] = s;
  }
  // Max-heap of rows by W (ties: lower index first), with positions for updates.
  const heap = new Int32Array(S);
  const pos = new Int32Array(S);
  const above = (a: number, b: number) => W[a] > W[b] || (W[a] === W[b] && a < b);
  const swap = (x: number, y: number) => {
    const a = heap[x];
    heap[x] = heap[y];
    heap[y] = a;
    pos[heap[x]] = x;
    pos[heap[y]] = y;
  };
  const down = (start: number, size: number) => {
    let x = start;
    for (;;) {
      const l = 2 * x + 1;
      if (l >= size) return;
      let c = l;
      if (l + 1 < size && above(heap[l + 1], heap[l])) c = l + 1;
      if (!above(heap[c], heap[x])) return;
      swap(c, x);
      x = c;
    }
  };
  for (let i = 0; i < S; i++) {
    heap[i] = i;
    pos[i] = i;
  }
  for (let x = (S >> 1) - 1; x >= 0; x--) down(x, S);
  const removed = new Uint8Array(S);
  let size = S;
  const every = Math.max(1, Math.floor((S - m) / 50));
  while (size > m) {
    const i = heap[0];
    removed[i] = 1;
    swap(0, size - 1);
    size--;
    down(0, size);
    for (let p = deg[i]; p < deg[i + 1]; p++) {
      const j = nbr[p];
      if (removed[j]) continue;
      W[j] -= wgt[p];
      down(pos[j], size); // W only decreases: sift down
    }
    if (rep !== null && (S - size) % every === 0) rep.step(0.5 + (0.5 * (S - size)) / (S - m));
  }
  const out = new Int32Array(m);
  let t = 0;
  for (let i = 0; i < S; i++) if (!removed[i]) out[t++] = i;
  return out;
}

/** Default subsample size (see {@link SelectLandmarksOptions.sampleSize}). */
function defaultSampleSize(method: LandmarkMethod, N: number, m: number): number {
  if (method === "poisson") return Math.min(N, 5 * m);
  if (method === "kmeans") return Math.min(N, Math.max(10 * m, 20_000));
  if (method === "farthest") return N <= 200_000 ? N : Math.min(N, Math.max(200_000, 20 * m));
  return N;
}

/**
 * Choose m landmarks among the rows of `points` (see the module comment for the rules).
 *
 * - `"poisson"`: a seeded random subsample of S = min(N, 5m) rows, thinned to m by weighted
 *   sample elimination (the row with the largest crowding weight
 *   `W_i = Σ_{d_ij < 2r} (1 − d_ij/2r)⁸` goes first). Cost: one exact kNN of the S rows
 *   (K ≈ 9·S/m neighbours) + O(S·K·log S).
 * - `"farthest"`: on a seeded random subsample of S rows (all rows by default up to N = 200 000),
 *   start at a seeded random row, then repeatedly add `argmax_i min_j |x_i − ℓ_j|` (ties to
 *   the lower index). Cost ≈ O(m·S) comparisons + O(S·n·log m) + O(m²·n) flops (triangle-
 *   inequality pruning), memory O(S·n) for the subsample.
 * - `"kmeans"`: on a subsample of S = min(N, max(10 m, 20 000)) rows, k-means++ seeding by D²
 *   sampling (our flat-array code: O(m·S) like "farthest"), then `maxIterations` Lloyd
 *   iterations by ml-kmeans (`initialization` = our seeds; O(S·m·n) each), then, with `snap`,
 *   each centroid replaced by its nearest unused subsample row (kNN, O(m·(log S + n))).
 *   ml-kmeans does the Lloyd steps because they are plain and well tested there; its own
 *   k-means++ seeding (with local trials, on nested arrays) costs ~1 µs per point–centre pair
 *   (9.6 s for 10⁴ points × 10³ centres on this machine), too slow for thousands of landmarks.
 * - `"random"`: m distinct rows uniformly (O(m log m)).
 *
 * @param points - N×n data (not modified).
 * @param m - the number of landmarks, an integer in [1, N].
 * @returns indices (sorted ascending; `null` for unsnapped centroids) and the m×n landmark rows.
 * @throws ManifoldError input errors (`EMPTY_INPUT`, `RAGGED_INPUT`, `NON_FINITE`),
 *   `INVALID_PARAMETER` (m not an integer in [1, N], unknown method, non-integer seed, bad
 *   sampleSize or maxIterations, fewer than m distinct points), `ABORTED`.
 * @example
 * ```ts
 * import { selectLandmarks, sphere } from "manifold-geom";
 *
 * const { points } = sphere({ n: 4000 });
 * const sel = selectLandmarks(points, 400, { method: "poisson", seed: 1 });
 * console.log(sel.indices?.length, sel.points.rows, sel.points.cols); // 400 400 3
 * ```
 */
export function selectLandmarks(
  points: MatrixInput,
  m: number,
  options: SelectLandmarksOptions = {},
): LandmarkSelection {
  const X = toMatrix(points, "points");
  const rep = createReporter([["landmarks", 1]], options, "selectLandmarks");
  rep.begin("landmarks");
  const sel = selectFromMatrix(X, m, options, rep);
  rep.finish();
  return sel;
}

/** {@link selectLandmarks} on a validated matrix, reporting into `rep` (internal; used by cidm). */
export function selectFromMatrix(
  X: Matrix,
  mIn: number,
  options: SelectLandmarksOptions,
  rep: Reporter | null,
): LandmarkSelection {
  const N = X.rows;
  const m = requireInt(mIn, "m (landmarks)", 1, N);
  const method = resolveLandmarkMethod(options.method);
  const seed = resolveSeed(options.seed);
  if (method === "random") {
    const indices = sampleIndices(N, m, seed);
    return { method, m, indices, points: gatherRows(X, indices) };
  }
  const S = requireInt(options.sampleSize ?? defaultSampleSize(method, N, m), "sampleSize", m, N);
  // Subsample, from a stream independent of the selection's (seed XOR a fixed constant).
  const sub = S === N ? null : sampleIndices(N, S, seed ^ 0x5bd1e995);
  const P = sub === null ? X : gatherRows(X, sub);
  const toData = (local: ArrayLike<number>): Int32Array => {
    const out = new Int32Array(local.length);
    for (let t = 0; t < local.length; t++) out[t] = sub === null ? local[t] : sub[local[t]];
    return out.sort();
  };
  if (method === "poisson") {
    const indices = toData(eliminate(P, m, rep));
    return { method, m, indices, points: gatherRows(X, indices) };
  }
  if (method === "farthest") {
    const indices = toData(farthestPoints(P, m, seed, rep));
    return { method, m, indices, points: gatherRows(X, indices) };
  }
  // k-means: seeds (half of the stage), Lloyd (the other half), optional snapping.
  const maxIterations = requireInt(options.maxIterations ?? 10, "maxIterations", 0);
  const seedRep: Reporter | null =
    rep === null
      ? null
      : { ...rep, step: (f: number) => rep.step(maxIterations === 0 ? f : 0.5 * f) };
  const seeds = kmeansPlusPlus(P, m, seed, seedRep);
  let centroids: Matrix = gatherRows(P, seeds);
  if (maxIterations > 0) {
    rep?.check();
    const result = kmeans(toArrays(P), m, {
      initialization: toArrays(centroids),
      maxIterations,
      seed,
    });
    centroids = toMatrix(result.centroids, "k-means centroids");
    rep?.step(0.95);
  }
  if (options.snap === false) return { method, m, indices: null, points: centroids };
  const indices = toData(snapToRows(P, centroids));
  return { method, m, indices, points: gatherRows(X, indices) };
}

/**
 * For each centroid (in order), the nearest row of P not yet taken (k = 8 candidates, then a
 * linear scan if all 8 are taken). Cost O(m·(log S + 8·n)) with a kd-tree. Returns row indices.
 */
function snapToRows(P: Matrix, C: Matrix): Int32Array {
  const K = Math.min(8, P.rows);
  const nn = knnQuery(buildIndex(P), C, K);
  const taken = new Uint8Array(P.rows);
  const out = new Int32Array(C.rows);
  const n = P.cols;
  for (let j = 0; j < C.rows; j++) {
    let pick = -1;
    for (let c = 0; c < K; c++) {
      const i = nn.indices[j * K + c];
      if (!taken[i]) {
        pick = i;
        break;
      }
    }
    if (pick < 0) {
      let best = Number.POSITIVE_INFINITY;
      for (let i = 0; i < P.rows; i++) {
        if (taken[i]) continue;
        let s = 0;
        for (let d = 0; d < n; d++) {
          const u = P.data[i * n + d] - C.data[j * n + d];
          s += u * u;
        }
        if (s < best) {
          best = s;
          pick = i;
        }
      }
    }
    taken[pick] = 1;
    out[j] = pick;
  }
  return out;
}
