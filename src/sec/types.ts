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
  /**
   * Optional Markov eigenvalues λ_ℓ = 1 − ξ_ℓ of a diffusion operator P (a CIDM model has them).
   * When present, SEC uses the Laplacian eigenvalues −log λ_ℓ (P ≈ e^{−tΔ}) instead of ξ_ℓ,
   * which saturate for the higher modes; leave it out when ξ are exact Laplacian eigenvalues.
   */
  lambda?: ArrayLike<number>;
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
   * all M of the basis; with Markov eigenvalues λ, the leading modes with λ_ℓ > 1e-3, which
   * `evaluateFields` can extend). n1 ≤ n2 ≤ M, and every λ_ℓ, ℓ < n2, must be > 0.
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
   * Smallest fraction of the L²(w) norm of every product φ_i φ_j (i, j < n1) that its expansion
   * in φ_0 … φ_{n2−1} must capture (default 0.9): below it the products in Γ, the Gram matrix
   * and the energy are badly truncated and the fields come out wrong (on a circle, capture 0.67
   * gave a harmonic field of length 0.64 instead of 1), so secFields throws instead. Fields are
   * reliable near 1 (circle: ≥ 0.98 exact, 0.93 already wrong); on high-dimensional data
   * (e.g. images) 30–100 eigenfunctions capture only 0.9–0.97, so check `productCapture` and
   * compare n2 values there. 0 ≤ minProductCapture ≤ 1 (0 disables the check).
   */
  minProductCapture?: number;
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
  /**
   * ℓ_1, the unit of the eigenvalues: they are used as λ_i = ℓ_i / ℓ_1, and μ is in the same
   * unit. ℓ = ξ for a basis without Markov eigenvalues, ℓ = −log λ (Markov) for a CIDM model.
   */
  scale: number;
  /** Where ℓ came from: "xi" (ξ as given) or "log-markov" (−log of the Markov eigenvalues λ). */
  spectrum: "xi" | "log-markov";
  /** λ_i = ℓ_i / ℓ_1 for i < n2. */
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
  /**
   * min over i ≤ j < n1 of `Σ_{m<n2} c_{ijm}² / ‖φ_i φ_j‖²_w`: how much of the products the n2
   * eigenfunctions capture (1 = fully; secFields refuses less than `minProductCapture`).
   */
  productCapture: number;
}
