/**
 * Ambient-space helpers: Gaussian noise, random isometric embeddings into R^dim and plain
 * Gaussian clouds.
 *
 * @module
 */
import { ManifoldError, requireInt, requirePositive } from "../errors/index.js";
import { type Matrix, type MatrixInput, toMatrix } from "../matrix/index.js";
import { createRng, type Rng } from "../random/index.js";
import { requireSeed } from "./options.js";

/** Options for {@link addNoise}. */
export interface AddNoiseOptions {
  /** Standard deviation σ ≥ 0 of the noise added to every coordinate. */
  sigma: number;
  /** Integer seed (required). */
  seed: number;
}

/**
 * Add isotropic Gaussian noise: Y_ij = X_ij + σ·N(0, 1), drawn row by row. Returns a new
 * Matrix; `points` is not modified. Cost O(rows·cols) time and memory.
 *
 * @throws ManifoldError from input validation (`EMPTY_INPUT`, `RAGGED_INPUT`, `NON_FINITE`),
 *   `INVALID_PARAMETER` for σ < 0 or non-finite, or a missing seed.
 * @example
 * ```ts
 * import { addNoise } from "manifold-geom";
 * const X = Array.from({ length: 5000 }, () => [0, 0]);
 * const Y = addNoise(X, { sigma: 0.1, seed: 7 });
 * // The noise has standard deviation σ = 0.1 in each coordinate.
 * let ss = 0;
 * for (const v of Y.data) ss += v * v;
 * console.log(Math.abs(Math.sqrt(ss / Y.data.length) - 0.1) < 0.005); // true
 * ```
 */
export function addNoise(points: MatrixInput, options: AddNoiseOptions): Matrix {
  const X = toMatrix(points, "addNoise: points");
  const sigma = requirePositive(options.sigma, "addNoise: sigma", true);
  const rng = createRng(requireSeed(options.seed, "addNoise"));
  const data = new Float64Array(X.data.length);
  for (let t = 0; t < data.length; t++) data[t] = X.data[t] + sigma * rng.normal();
  return { rows: X.rows, cols: X.cols, data };
}

/**
 * A d×dim matrix with orthonormal rows (B Bᵀ = I_d): Gaussian rows made orthonormal by
 * modified Gram–Schmidt, applied twice ("twice is enough") so that |B Bᵀ − I| is at the
 * rounding level. Cost O(d²·dim) flops, d·dim memory.
 */
function randomOrthonormalRows(rng: Rng, d: number, dim: number): Float64Array {
  const B = new Float64Array(d * dim);
  for (let t = 0; t < B.length; t++) B[t] = rng.normal();
  for (let i = 0; i < d; i++) {
    const row = i * dim;
    for (let pass = 0; pass < 2; pass++) {
      for (let j = 0; j < i; j++) {
        const other = j * dim;
        let dot = 0;
        for (let c = 0; c < dim; c++) dot += B[row + c] * B[other + c];
        for (let c = 0; c < dim; c++) B[row + c] -= dot * B[other + c];
      }
    }
    let norm = 0;
    for (let c = 0; c < dim; c++) norm += B[row + c] * B[row + c];
    norm = Math.sqrt(norm);
    // A Gaussian row lies in the span of the previous ones with probability 0; guard anyway.
    if (!(norm > 1e-8)) {
      throw new ManifoldError(
        "RANK_DEFICIENT",
        `embedInHighDim: random basis row ${i} became dependent (norm ${norm}); try another seed.`,
      );
    }
    for (let c = 0; c < dim; c++) B[row + c] /= norm;
  }
  return B;
}

/** Options for {@link embedInHighDim}. */
export interface EmbedOptions {
  /** Target ambient dimension (integer ≥ the number of columns of the points). */
  dim: number;
  /** Integer seed (required): picks the random orthonormal basis. */
  seed: number;
}

/** Result of {@link embedInHighDim}. */
export interface EmbeddedData {
  /** rows×dim matrix Y = X B. */
  points: Matrix;
  /** The d×dim basis B with orthonormal rows (B Bᵀ = I_d); X = Y Bᵀ recovers the input. */
  basis: Matrix;
}

/**
 * Embed points of R^d isometrically in R^dim: Y = X B with B a random d×dim matrix with
 * orthonormal rows (a random rotation of R^dim restricted to the first d coordinates). All
 * pairwise distances and inner products are preserved up to rounding (|B Bᵀ − I| ≈ 1e-16).
 * Cost O(d²·dim + rows·d·dim) flops, rows·dim memory.
 *
 * @throws ManifoldError from input validation, `INVALID_PARAMETER` for dim < d or a missing
 *   seed.
 * @example
 * ```ts
 * import { embedInHighDim } from "manifold-geom";
 * // Two points at distance 5 in R² stay at distance 5 in R¹⁰⁰.
 * const { points } = embedInHighDim([[0, 0], [3, 4]], { dim: 100, seed: 1 });
 * let d2 = 0;
 * for (let c = 0; c < 100; c++) d2 += (points.data[c] - points.data[100 + c]) ** 2;
 * console.log(points.cols, Math.sqrt(d2).toFixed(12)); // 100 5.000000000000
 * ```
 */
export function embedInHighDim(points: MatrixInput, options: EmbedOptions): EmbeddedData {
  const X = toMatrix(points, "embedInHighDim: points");
  const d = X.cols;
  const dim = requireInt(options.dim, "embedInHighDim: dim", d);
  const rng = createRng(requireSeed(options.seed, "embedInHighDim"));
  const B = randomOrthonormalRows(rng, d, dim);
  const data = new Float64Array(X.rows * dim);
  for (let i = 0; i < X.rows; i++) {
    const out = i * dim;
    for (let j = 0; j < d; j++) {
      const x = X.data[i * d + j];
      const row = j * dim;
      for (let c = 0; c < dim; c++) data[out + c] += x * B[row + c];
    }
  }
  return { points: { rows: X.rows, cols: dim, data }, basis: { rows: d, cols: dim, data: B } };
}

/** Options for {@link gaussianCloud}. */
export interface GaussianCloudOptions {
  /** Number of points (integer ≥ 1). */
  n: number;
  /** Dimension (integer ≥ 1). */
  dim: number;
  /** Integer seed (required). */
  seed: number;
}

/**
 * Standard Gaussian cloud: n points X_i ~ N(0, I_dim), filled row by row. No manifold
 * structure (intrinsic dimension = dim): a worst case for kd-trees in high dim.
 * Cost O(n·dim) time and memory.
 *
 * @throws ManifoldError `INVALID_PARAMETER` for bad n, dim or a missing seed.
 * @example
 * ```ts
 * import { gaussianCloud } from "manifold-geom";
 * // E|X|² = dim for X ~ N(0, I_dim).
 * const { points } = gaussianCloud({ n: 2000, dim: 10, seed: 3 });
 * let ss = 0;
 * for (const v of points.data) ss += v * v;
 * console.log(points.rows, points.cols, Math.abs(ss / 2000 - 10) < 0.5); // 2000 10 true
 * ```
 */
export function gaussianCloud(options: GaussianCloudOptions): {
  /** n×dim matrix, one N(0, I_dim) draw per row. */
  points: Matrix;
} {
  const n = requireInt(options.n, "gaussianCloud: n", 1);
  const dim = requireInt(options.dim, "gaussianCloud: dim", 1);
  const rng = createRng(requireSeed(options.seed, "gaussianCloud"));
  const data = new Float64Array(n * dim);
  for (let t = 0; t < data.length; t++) data[t] = rng.normal();
  return { points: { rows: n, cols: dim, data } };
}
