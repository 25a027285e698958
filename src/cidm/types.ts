/**
 * Plain-data types of the CIDM module.
 *
 * @module
 */
import type { Matrix } from "../matrix/index.js";
import type { SparseMatrix } from "../sparse/index.js";

/** Options shared by {@link cidm} and {@link cidmKernel}. */
export interface CidmKernelOptions {
  /**
   * Neighbours in the bandwidth ρ(x) = (1/k) Σ_{j∈N_k(x)} |x − x_j| (self-inclusive).
   * Default 16: large enough that ρ is a smooth density proxy on 1- and 2-manifolds,
   * small enough that ρ stays local. Must satisfy 2 ≤ k < N.
   */
  k?: number;
  /**
   * κ, the neighbour count that defines the kernel's support (the symmetric κ-NN
   * relation). Default 2k: the kernel exp(−δ²/ε) is negligible (≈ e^-4 at the
   * usual ε) beyond the 2k-th neighbour, so a larger support only costs memory.
   * Must satisfy k ≤ κ ≤ N.
   */
  kernelNeighbors?: number;
  /**
   * Kernel bandwidth ε in exp(−δ²/ε), or "auto" (default) for the Berry–Harlim
   * slope rule ({@link tuneBandwidth}). δ² is scale-free, so ε is too.
   */
  eps?: number | "auto";
  /** Force the neighbour search method (default "auto": kd-tree in low dimension, brute force in high). */
  neighborMethod?: "auto" | "kdtree" | "brute";
}

/** The result of {@link tuneBandwidth}. */
export interface BandwidthTuning {
  /** The chosen ε (the grid midpoint where d log S / d log ε is largest). */
  eps: number;
  /** 2 · max slope: an estimate of the intrinsic dimension. */
  intrinsicDim: number;
  /** The ε grid (2^(a), a = minLog2 … maxLog2 step). */
  grid: Float64Array;
  /** log S(ε) on the grid. */
  logS: Float64Array;
  /** Slopes d log S / d log ε between consecutive grid points (length grid.length − 1), at ε = geometric midpoints. */
  slopes: Float64Array;
}

/** The sparse CIDM kernel with everything needed to extend it to new points. */
export interface CidmKernel {
  /** K_ij = exp(−|x_i − x_j|² / (ε ρ_i ρ_j)) on the symmetric κ-NN support, diagonal 1. */
  K: SparseMatrix;
  /** ρ_i, the bandwidth function at the training points. */
  rho: Float64Array;
  /** r_κ(x_i): distance from x_i to its κ-th nearest training point (self-inclusive). */
  rKappa: Float64Array;
  /** The bandwidth used. */
  eps: number;
  /** Intrinsic dimension estimate from the slope rule (NaN when ε was given). */
  intrinsicDim: number;
  /** k, the neighbour count of the bandwidth ρ (the resolved {@link CidmKernelOptions.k}). */
  k: number;
  /** κ, the neighbour count of the kernel support (the resolved {@link CidmKernelOptions.kernelNeighbors}). */
  kernelNeighbors: number;
  /** Support statistics: stored entries and row degrees (diagonal included). */
  stats: {
    /** Stored entries of K (diagonal included). */
    nnz: number;
    /** nnz / N, the mean row degree. */
    meanDegree: number;
    /** Fewest entries in a row (≥ κ: a row holds at least the κ nearest). */
    minDegree: number;
    /** Most entries in a row (hubs that many points count among their κ nearest). */
    maxDegree: number;
  };
}

/** Laplacian eigenpairs in the CIDM normalisation (GUIDE §2, steps 3–4). */
export interface LaplacianEigs {
  /** Eigenvalues of P = D⁻¹K, descending (λ_0 = 1). */
  lambda: Float64Array;
  /** ξ = 1 − λ, eigenvalues of the Laplacian L = I − P, ascending (ξ_0 = 0). */
  xi: Float64Array;
  /** φ (N×M, row-major; column ℓ = φ_ℓ at the training points), Σ_i w_i φ_a(x_i) φ_b(x_i) = δ_ab, φ_0 ≡ 1. */
  phi: Matrix;
  /** Sampling measure w_i = D_ii / Σ_j D_jj. */
  weights: Float64Array;
  /** Residuals |S v − λ v| of the symmetric problem, one per pair. */
  residuals: Float64Array;
}

/** A fitted CIDM model: plain data (see {@link reviveCidmModel} after JSON). */
export interface CidmModel {
  /** ξ_ℓ = 1 − λ_ℓ (length M), the Laplacian eigenvalues, ascending; ξ_0 = 0. */
  xi: Float64Array;
  /** λ_ℓ (length M), the eigenvalues of P = D⁻¹K, descending; λ_0 = 1. */
  lambda: Float64Array;
  /**
   * φ (N×M, row-major; column ℓ = φ_ℓ at the training points), orthonormal in the sampling
   * measure: Σ_i w_i φ_a(x_i) φ_b(x_i) = δ_ab, φ_0 ≡ 1.
   */
  phi: Matrix;
  /** w_i = D_ii / Σ_j D_jj (length N), the sampling measure; Σ_i w_i = 1. */
  weights: Float64Array;
  /** ρ_i = (1/k) Σ_{j∈N_k(x_i)} |x_i − x_j| (length N, self-inclusive), the bandwidth function. */
  rho: Float64Array;
  /** r_κ(x_i) (length N): distance from x_i to its κ-th nearest training point (self-inclusive). */
  rKappa: Float64Array;
  /** ε, the kernel bandwidth used (given, or chosen by the slope rule). */
  eps: number;
  /** k, the neighbour count of the bandwidth ρ. */
  k: number;
  /** κ, the neighbour count of the kernel support (the symmetric κ-NN relation). */
  kernelNeighbors: number;
  /** 2 · max slope of log S(ε) (the slope rule's dimension estimate); NaN when ε was given. */
  intrinsicDim: number;
  /** The training points (N×n). */
  points: Matrix;
  /** Support statistics of K: stored entries, mean and smallest row degree (diagonal included). */
  kernelStats: {
    /** Stored entries of K (diagonal included). */
    nnz: number;
    /** nnz / N, the mean row degree. */
    meanDegree: number;
    /** Fewest entries in a row. */
    minDegree: number;
  };
  /** |S v_ℓ − λ_ℓ v_ℓ| of each returned pair (S the symmetric normalisation, |v_ℓ| = 1). */
  residuals: Float64Array;
  /**
   * Present when the model was fitted on landmarks (`cidm(points, { landmarks })`): then
   * `points`, `phi`, `weights`, … above describe the m landmarks (so every Nyström function
   * works on the model unchanged) and this field carries the link to the N input points.
   */
  landmarks?: CidmLandmarks;
}

/** The landmark part of a {@link CidmModel} (plain data; survives JSON via `reviveCidmModel`). */
export interface CidmLandmarks {
  /** The selection rule used ("poisson", "farthest", "kmeans" or "random"). */
  method: "poisson" | "farthest" | "kmeans" | "random";
  /** m, the number of landmarks (= model.points.rows). */
  m: number;
  /** N, the number of input points. */
  N: number;
  /**
   * Row of each landmark in the input points (ascending; landmark j = input row indices[j]), or
   * `null` when the landmarks are unsnapped k-means centroids.
   */
  indices: Int32Array | null;
  /**
   * N×M: φ_ℓ at every input point, by Nyström extension from the landmarks
   * (`φ_ℓ(x) = (1/λ_ℓ) Σ_j K̂_j(x) φ_ℓ(ℓ_j)`, GUIDE §3); at the landmarks' own rows it is the
   * fitted φ, copied exactly.
   */
  phiAll: Matrix;
}
