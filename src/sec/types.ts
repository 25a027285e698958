/**
 * Plain-data types of the SEC (spectral exterior calculus) module.
 *
 * @module
 */
import type { Matrix } from "../matrix/index.js";

/**
 * What {@link secFields} needs from a diffusion model: a CIDM model has these fields, and any
 * other orthonormal basis (e.g. an exact Fourier basis) can be passed in the same shape.
 */
export interface SecBasis {
  /** φ (N×M, row-major; column ℓ = φ_ℓ at the points), orthonormal in `weights`, φ_0 ≡ 1. */
  phi: Matrix;
  /** Laplacian eigenvalues ξ_0 = 0 ≤ ξ_1 ≤ … (length M, ascending); ξ_1 > 0 sets the scale. */
  xi: ArrayLike<number>;
  /** Quadrature weights w_i (the sampling measure), length N. */
  weights: ArrayLike<number>;
  /** The points x_i (N×n). */
  points: Matrix;
}

/** Options of {@link secFields}. */
export interface SecOptions {
  /**
   * n1: eigenfunctions in the frame `b_(i,j) = φ_i ∇φ_j`, i ∈ [0, n1), j ∈ [1, n1) (default 6).
   * On sampled data the eigenvalue errors feed the carré du champ Γ, so accuracy falls off as
   * n1 grows; 6 resolves the first energies of a 1- or 2-manifold. 2 ≤ n1 ≤ n2.
   */
  n1?: number;
  /**
   * n2: eigenfunctions in the expansions of products (the index m, p in c_{ijm}, Γ) (default:
   * all M of the basis). n1 ≤ n2 ≤ M.
   */
  n2?: number;
  /** Number of fields returned, lowest energy first (default 6, at most the rank kept of G). */
  nFields?: number;
  /**
   * Relative cut on the Gram matrix (default 1e-2): the eigen-problem is solved on the span of
   * the G-eigenvectors with eigenvalue > gramTol·max. On sampled data 1e-3 lets spurious
   * near-zero-energy, non-tangent modes in. 0 < gramTol < 1.
   */
  gramTol?: number;
  /**
   * Compute the fields' ambient values at the training points (default true). They take
   * nFields·N·n doubles; pass false for large n and use {@link evaluateFields} where needed.
   */
  computeValues?: boolean;
}

/**
 * The result of {@link secFields}: plain data (typed arrays and {@link Matrix} objects).
 *
 * Frame index: the frame element `b_(i,j) = φ_i ∇φ_j` (i ∈ [0, n1), j ∈ [1, n1)) has index
 * `f(i, j) = i·(n1 − 1) + (j − 1)`, F = n1(n1 − 1) elements in all.
 */
export interface SecFields {
  /** n1 (frame size parameter). */
  n1: number;
  /** n2 (expansion length). */
  n2: number;
  /** Number of fields returned. */
  nFields: number;
  /** F = n1(n1 − 1), the number of frame elements. */
  frameSize: number;
  /** N, the number of points of the basis. */
  numPoints: number;
  /** n, the ambient dimension. */
  ambientDim: number;
  /** ξ_1 of the basis: eigenvalues are used as λ_i = ξ_i / ξ_1, and μ is in the same unit. */
  scale: number;
  /** λ_i = ξ_i / ξ_1 for i < n2. */
  laplacian: Float64Array;
  /** Dirichlet energies μ_0 ≤ μ_1 ≤ … of the returned fields (length nFields), in units of ξ_1. */
  mu: Float64Array;
  /**
   * Frame coefficients (F × nFields): column k holds u_(ij) of field k, `v_k = Σ u_(ij) φ_i ∇φ_j`,
   * normalised in the L² metric (uᵀ G u = 1). Sign: the entry of largest |u| is positive.
   */
  u: Matrix;
  /**
   * Ambient values at the training points, `values[(k·N + s)·n + t]` = component t of field k at
   * point s, `v_k(x_s)_t = Σ_(ij) u_(ij),k φ_i(x_s) Γ(φ_j, X_t)(x_s)`; null when computeValues
   * was false.
   */
  values: Float64Array | null;
  /**
   * Coefficients of the carré du champ of φ_j with the coordinate functions, an n2 × ((n1 − 1)·n)
   * row-major matrix: `Γ(φ_j, X_t) = Σ_{p<n2} gammaX[(p·(n1 − 1) + (j − 1))·n + t] φ_p` for
   * j ∈ [1, n1), with `Γ(φ_j, X_t) = Σ_{m,p<n2} x̂_{m,t} ½(λ_j + λ_m − λ_p) c_{jmp} φ_p`.
   */
  gammaX: Float64Array;
  /** The Gram matrix G (F×F): `G_(ij),(kl) = Σ_{m<n2} c_{ikm} g_{jlm}`. */
  gram: Matrix;
  /** The codifferential part of the energy (F×F): `(E_δ)_(ij),(kl) = Σ_{m<n2} a_{ijm} a_{klm}`. */
  energyCodifferential: Matrix;
  /**
   * The exterior-derivative part of the energy (F×F):
   * `(E_d)_(ij),(kl) = Σ_{m<n2} (g_{ikm} g_{jlm} − g_{ilm} g_{jkm})`.
   */
  energyExterior: Matrix;
  /** Eigenvalues of G, ascending (length F). */
  gramEigenvalues: Float64Array;
  /** Number of G-eigendirections kept (eigenvalue > gramTol·max). */
  gramRank: number;
  /** The gramTol used. */
  gramTol: number;
}
