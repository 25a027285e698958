/**
 * The CIDM kernel: self-inclusive kNN bandwidth, symmetric κ-NN support, sparse values.
 *
 * @module
 */
import { ManifoldError, requireInt } from "../errors/index.js";
import { type Matrix, type MatrixInput, toMatrix } from "../matrix/index.js";
import { buildIndex, knn, radiusQuery } from "../neighbors/index.js";
import type { SparseMatrix } from "../sparse/index.js";
import { sqDist } from "./distance.js";
import { tuneBandwidth } from "./tune.js";
import type { CidmKernel, CidmKernelOptions } from "./types.js";

/**
 * exp(−d² / (ε ρ_x ρ_y)): the kernel value for squared distance d² (internal; the one formula used
 * for training and out-of-sample rows).
 */
export function kernelValue(d2: number, rhoX: number, rhoY: number, eps: number): number {
  return Math.exp(-d2 / (eps * (rhoX * rhoY)));
}

/** Resolved and validated kernel options. */
export interface ResolvedKernelOptions {
  k: number;
  kappa: number;
  eps: number | "auto";
  neighborMethod: "auto" | "kdtree" | "brute";
}

/** Validate {@link CidmKernelOptions} against N points (internal). */
export function resolveKernelOptions(N: number, options: CidmKernelOptions): ResolvedKernelOptions {
  if (N < 3) {
    throw new ManifoldError("INVALID_PARAMETER", `CIDM needs at least 3 points; got ${N}.`, { N });
  }
  const k = requireInt(options.k ?? 16, "k", 2, N - 1);
  const kappa = requireInt(options.kernelNeighbors ?? Math.min(2 * k, N), "kernelNeighbors", k, N);
  const eps = options.eps ?? "auto";
  if (eps !== "auto" && !(typeof eps === "number" && Number.isFinite(eps) && eps > 0)) {
    throw new ManifoldError(
      "INVALID_PARAMETER",
      `eps must be a finite number > 0 or "auto"; got ${String(eps)}.`,
    );
  }
  const neighborMethod = options.neighborMethod ?? "auto";
  return { k, kappa, eps, neighborMethod };
}

/**
 * Bandwidth ρ_i = (1/k) Σ_{j∈N_k(x_i)} |x_i − x_j| (own 0 included) and r_κ(x_i), the distance
 * to the κ-th nearest (self-inclusive), from neighbour lists with K ≥ max(k, κ) columns
 * (GUIDE §2 step 1). The inputs are not validated beyond the zero-bandwidth check: pass
 * the `distances` of a self-inclusive {@link knn} with K columns and 1 ≤ k, κ ≤ K.
 *
 * Cost O(N·k) time, O(N) memory.
 *
 * @param distances - N×K row-major neighbour distances, each row ascending (as `knn(points, K).distances`).
 * @param K - columns per row.
 * @param k - neighbours averaged into ρ.
 * @param kappa - κ: r_κ(x_i) = distances[i·K + κ − 1].
 * @throws ManifoldError `DEGENERATE_BANDWIDTH` when ρ_i = 0 (k points coincide at i), with
 *   `details.index` = i.
 * @example
 * ```ts
 * import { bandwidthFromNeighbors, knn } from "manifold-geom";
 *
 * // Points 0, 1, 2, 3, 4 on a line; the 3 nearest of x = 0 are 0, 1, 2 (distances 0, 1, 2),
 * // those of x = 2 are 2, 1, 3 (distances 0, 1, 1).
 * const nn = knn([[0], [1], [2], [3], [4]], 3);
 * const { rho, rKappa } = bandwidthFromNeighbors(nn.distances, 3, 3, 3);
 * console.log(rho[0], rho[2].toFixed(4)); // 1 "0.6667" ((0 + 1 + 2)/3 and (0 + 1 + 1)/3)
 * console.log(rKappa[0], rKappa[2]); // 2 1 (distance to the 3rd nearest)
 * ```
 */
export function bandwidthFromNeighbors(
  distances: Float64Array,
  K: number,
  k: number,
  kappa: number,
): {
  /** ρ_i, length N. */
  rho: Float64Array;
  /** r_κ(x_i), length N. */
  rKappa: Float64Array;
} {
  requireInt(K, "K", 1);
  requireInt(k, "k", 1, K);
  requireInt(kappa, "kappa", 1, K);
  if (
    !(distances instanceof Float64Array) ||
    distances.length === 0 ||
    distances.length % K !== 0
  ) {
    throw new ManifoldError(
      "DIMENSION_MISMATCH",
      `distances must be a non-empty Float64Array of N×K = N×${K} entries (row-major kNN distances); got ${distances instanceof Float64Array ? `length ${distances.length}` : typeof distances}.`,
      { K },
    );
  }
  for (let t = 0; t < distances.length; t++) {
    const v = distances[t];
    if (!(v >= 0) || v === Number.POSITIVE_INFINITY) {
      throw new ManifoldError(
        "NON_FINITE",
        `distances[${t}] = ${v}; kNN distances must be finite and ≥ 0.`,
        { index: t, value: v },
      );
    }
  }
  const N = distances.length / K;
  const rho = new Float64Array(N);
  const rKappa = new Float64Array(N);
  for (let i = 0; i < N; i++) {
    let s = 0;
    const off = i * K;
    for (let j = 0; j < k; j++) s += distances[off + j];
    if (s === 0) {
      throw new ManifoldError(
        "DEGENERATE_BANDWIDTH",
        `${k} points coincide at index ${i}, so the bandwidth ρ there is 0; deduplicate the points or raise k.`,
        { index: i, k },
      );
    }
    rho[i] = s / k;
    rKappa[i] = distances[off + kappa - 1];
  }
  return { rho, rKappa };
}

/**
 * Symmetric support from per-row lists L_i = { j : |x_i − x_j| ≤ r_κ(x_i) }: the pattern of L ∪ Lᵀ
 * as CSR (sorted, deduplicated columns). Cost O(nnz log(row length)).
 */
function symmetricPattern(
  N: number,
  listPtr: Int32Array,
  listIdx: Int32Array,
): { indptr: Int32Array; indices: Int32Array } {
  const deg = new Int32Array(N + 1);
  for (let i = 0; i < N; i++) {
    for (let p = listPtr[i]; p < listPtr[i + 1]; p++) {
      deg[i + 1]++;
      deg[listIdx[p] + 1]++;
    }
  }
  for (let i = 0; i < N; i++) deg[i + 1] += deg[i];
  const fill = deg.slice(0, N);
  const raw = new Int32Array(deg[N]);
  for (let i = 0; i < N; i++) {
    for (let p = listPtr[i]; p < listPtr[i + 1]; p++) {
      const j = listIdx[p];
      raw[fill[i]++] = j;
      raw[fill[j]++] = i;
    }
  }
  const indptr = new Int32Array(N + 1);
  let w = 0;
  for (let i = 0; i < N; i++) {
    const row = raw.subarray(deg[i], deg[i + 1]);
    row.sort();
    let last = -1;
    for (let p = 0; p < row.length; p++) {
      if (row[p] !== last) raw[w++] = last = row[p];
    }
    indptr[i + 1] = w;
  }
  return { indptr, indices: raw.slice(0, w) };
}

/**
 * Build the CIDM kernel (GUIDE §2, steps 1–3 and 5).
 *
 * - ρ(x) = (1/k) Σ_{j∈N_k(x)} |x − x_j|, self-inclusive;
 * - support: (i, j) with |x_i − x_j| ≤ r_κ(x_i) or |x_i − x_j| ≤ r_κ(x_j), the symmetric κ-NN relation
 *   with ties included, the same rule that gives out-of-sample rows;
 * - K_ij = exp(−|x_i − x_j|² / (ε ρ_i ρ_j)), diagonal 1;
 * - ε from {@link tuneBandwidth} over the pairs (i, j ∈ N_κ(x_i)) unless given.
 *
 * Cost: one exact kNN search with max(k, κ) + 1 neighbours (kd-tree O(N log N · κ) in low
 * dimension, O(N² n) brute force in high), O(nnz · n) for exact support distances, and
 * O(N κ · 65) exponentials for automatic ε. Memory O(nnz) with nnz ≈ 1.2–2 · N κ.
 *
 * @param points - N×n training points (rows, not modified), N ≥ 3.
 * @param options - {@link CidmKernelOptions}: k (default 16), kernelNeighbors (default 2k,
 *   capped at N), eps (default "auto"), neighborMethod (default "auto").
 * @throws ManifoldError input errors (`EMPTY_INPUT`, `RAGGED_INPUT`, `NON_FINITE`),
 *   `INVALID_PARAMETER` (N < 3, k < 2, k ≥ N, κ < k, κ > N, eps ≤ 0 or not finite),
 *   `DEGENERATE_BANDWIDTH` (k points coincide).
 * @example
 * ```ts
 * import { cidmKernel, circle } from "manifold-geom";
 *
 * const X = circle({ n: 100 }).points; // 100 equally spaced points on the unit circle
 * const { K, rho, eps, intrinsicDim } = cidmKernel(X, { k: 8 });
 * // On an even grid every ρ_i is the same, and the slope rule sees a 1-manifold.
 * console.log(rho[0].toFixed(4) === rho[50].toFixed(4), intrinsicDim.toFixed(1)); // true "1.0"
 * // The stored K_01 is exp(−|x_0 − x_1|²/(ε ρ_0 ρ_1)):
 * const p = K.indptr[0] + Array.from(K.indices.subarray(K.indptr[0], K.indptr[1])).indexOf(1);
 * const d2 = (X.data[0] - X.data[2]) ** 2 + (X.data[1] - X.data[3]) ** 2;
 * console.log(Math.abs(K.data[p] - Math.exp(-d2 / (eps * rho[0] * rho[1]))) < 1e-15); // true
 * ```
 */
export function cidmKernel(points: MatrixInput, options: CidmKernelOptions = {}): CidmKernel {
  const X = toMatrix(points, "points");
  const opts = resolveKernelOptions(X.rows, options);
  return kernelFromMatrix(X, opts);
}

/** {@link cidmKernel} on a validated matrix (internal; also used by {@link cidm}). */
export function kernelFromMatrix(X: Matrix, opts: ResolvedKernelOptions): CidmKernel {
  const { k, kappa } = opts;
  const N = X.rows;
  const n = X.cols;
  const K = Math.min(N, Math.max(k, kappa) + 1);
  const nn = knn(X, K, { method: opts.neighborMethod });
  const { rho, rKappa } = bandwidthFromNeighbors(nn.distances, K, k, kappa);

  // Rows L_i = { j : |x_i − x_j| ≤ r_κ(x_i) }: the first κ neighbours, plus ties at r_κ when the
  // (κ+1)-th neighbour is as far as the κ-th (then ask the index for the whole ball).
  const tieRows: number[] = [];
  if (K > kappa) {
    for (let i = 0; i < N; i++) if (nn.distances[i * K + kappa] <= rKappa[i]) tieRows.push(i);
  }
  let extra: { offsets: Int32Array; indices: Int32Array } | null = null;
  const isTie = new Int32Array(N).fill(-1);
  if (tieRows.length > 0) {
    const q = new Float64Array(tieRows.length * n);
    const radii = new Float64Array(tieRows.length);
    tieRows.forEach((i, t) => {
      q.set(X.data.subarray(i * n, (i + 1) * n), t * n);
      radii[t] = rKappa[i];
      isTie[i] = t;
    });
    extra = radiusQuery(
      buildIndex(X, { method: opts.neighborMethod }),
      { rows: tieRows.length, cols: n, data: q },
      radii,
    );
  }
  const listPtr = new Int32Array(N + 1);
  for (let i = 0; i < N; i++) {
    const t = isTie[i];
    listPtr[i + 1] =
      listPtr[i] + (t >= 0 && extra ? extra.offsets[t + 1] - extra.offsets[t] : kappa);
  }
  const listIdx = new Int32Array(listPtr[N]);
  for (let i = 0; i < N; i++) {
    const t = isTie[i];
    if (t >= 0 && extra)
      listIdx.set(extra.indices.subarray(extra.offsets[t], extra.offsets[t + 1]), listPtr[i]);
    else listIdx.set(nn.indices.subarray(i * K, i * K + kappa), listPtr[i]);
  }
  const { indptr, indices } = symmetricPattern(N, listPtr, listIdx);

  // ε by the slope rule over each point with its κ nearest (self included).
  let eps: number;
  let intrinsicDim = Number.NaN;
  if (opts.eps === "auto") {
    const delta2 = new Float64Array(N * kappa);
    for (let i = 0; i < N; i++) {
      for (let c = 0; c < kappa; c++) {
        const j = nn.indices[i * K + c];
        const d = nn.distances[i * K + c];
        delta2[i * kappa + c] = (d * d) / (rho[i] * rho[j]);
      }
    }
    const tuned = tuneBandwidth(delta2);
    eps = tuned.eps;
    intrinsicDim = tuned.intrinsicDim;
  } else {
    eps = opts.eps;
  }

  const nnz = indices.length;
  const data = new Float64Array(nnz);
  const x = X.data;
  let minDegree = Number.POSITIVE_INFINITY;
  let maxDegree = 0;
  for (let i = 0; i < N; i++) {
    const ri = rho[i];
    for (let p = indptr[i]; p < indptr[i + 1]; p++) {
      const j = indices[p];
      // ρ_i·ρ_j commutes exactly in floating point, so K is exactly symmetric.
      data[p] = j === i ? 1 : kernelValue(sqDist(x, i * n, x, j * n, n), ri, rho[j], eps);
    }
    const deg = indptr[i + 1] - indptr[i];
    if (deg < minDegree) minDegree = deg;
    if (deg > maxDegree) maxDegree = deg;
  }
  const Kmat: SparseMatrix = { rows: N, cols: N, indptr, indices, data };
  return {
    K: Kmat,
    rho,
    rKappa,
    eps,
    intrinsicDim,
    k,
    kernelNeighbors: kappa,
    stats: { nnz, meanDegree: nnz / N, minDegree, maxDegree },
  };
}
