/**
 * `cidm`: fit a conformally invariant diffusion map.
 *
 * @module
 */
import { requireInt } from "../errors/index.js";
import { type MatrixInput, toMatrix } from "../matrix/index.js";
import { reviveFloat64, reviveMatrix } from "../serialize/index.js";
import { type LaplacianEigsOptions, laplacianEigs } from "./eigs.js";
import { kernelFromMatrix, resolveKernelOptions } from "./kernel.js";
import type { CidmKernelOptions, CidmModel } from "./types.js";

/** Options of {@link cidm}. */
export interface CidmOptions extends CidmKernelOptions, LaplacianEigsOptions {
  /**
   * M, the number of eigenpairs (default 20: enough for a 10-term Fourier-like basis on
   * a 2-manifold and for SEC's default n1 = 6, cheap at 10⁵ points). 1 ≤ M ≤ N.
   */
  nEigs?: number;
}

/**
 * Fit CIDM (GUIDE §2): self-inclusive kNN bandwidth ρ, kernel
 * `K_ij = exp(−|x_i − x_j|² / (ε ρ_i ρ_j))` on the symmetric κ-NN support, automatic ε by the
 * slope rule, and the top-M eigenpairs of `P = D⁻¹K` normalised so that φ is orthonormal in
 * `w = D/ΣD` with φ_0 ≡ 1.
 *
 * The eigenvalues ξ_ℓ = 1 − λ_ℓ of the graph Laplacian approximate those of the Laplace–Beltrami
 * operator of the manifold in a conformally changed metric; for a circle, ξ_j/ξ_1 → 1, 1, 4, 4, 9, …
 * whatever the sampling density.
 *
 * Cost: kNN (O(N log N · κ) in low dimension, O(N² n) in high) + kernel O(nnz · n) + eigensolver
 * (Lanczos, O(nnz) per product). Memory O(N(n + κ + M)).
 *
 * @param points - N×n training points (rows), N ≥ 3.
 * @returns a plain model; `JSON.stringify` keeps everything, and {@link reviveCidmModel} restores typed arrays.
 * @throws ManifoldError `EMPTY_INPUT`, `RAGGED_INPUT`, `NON_FINITE`, `INVALID_PARAMETER`,
 *   `DEGENERATE_BANDWIDTH`, `DISCONNECTED_GRAPH`, `EIGEN_NOT_CONVERGED`.
 * @example
 * ```ts
 * const model = cidm(points, { k: 16, nEigs: 10 });
 * model.xi; // ascending Laplacian eigenvalues, xi[0] = 0
 * ```
 */
export function cidm(points: MatrixInput, options: CidmOptions = {}): CidmModel {
  const X = toMatrix(points, "points");
  const kopts = resolveKernelOptions(X.rows, options);
  const nEigs = requireInt(options.nEigs ?? Math.min(20, X.rows), "nEigs", 1, X.rows);
  const kernel = kernelFromMatrix(X, kopts);
  const eig = laplacianEigs(kernel, nEigs, options);
  return {
    xi: eig.xi,
    lambda: eig.lambda,
    phi: eig.phi,
    weights: eig.weights,
    rho: kernel.rho,
    rKappa: kernel.rKappa,
    eps: kernel.eps,
    k: kernel.k,
    kernelNeighbors: kernel.kernelNeighbors,
    intrinsicDim: kernel.intrinsicDim,
    points: X === points ? { rows: X.rows, cols: X.cols, data: Float64Array.from(X.data) } : X,
    kernelStats: {
      nnz: kernel.stats.nnz,
      meanDegree: kernel.stats.meanDegree,
      minDegree: kernel.stats.minDegree,
    },
    residuals: eig.residuals,
  };
}

/**
 * Restore a {@link CidmModel} after `JSON.parse(JSON.stringify(model))`: typed arrays come back
 * from their JSON object form. A model that is already live is returned unchanged. Cost O(size).
 */
export function reviveCidmModel(json: unknown): CidmModel {
  const m = json as CidmModel;
  return {
    ...m,
    xi: reviveFloat64(m.xi, "model.xi"),
    lambda: reviveFloat64(m.lambda, "model.lambda"),
    phi: reviveMatrix(m.phi, "model.phi"),
    weights: reviveFloat64(m.weights, "model.weights"),
    rho: reviveFloat64(m.rho, "model.rho"),
    rKappa: reviveFloat64(m.rKappa, "model.rKappa"),
    points: reviveMatrix(m.points, "model.points"),
    residuals: reviveFloat64(m.residuals, "model.residuals"),
    intrinsicDim: m.intrinsicDim ?? Number.NaN,
  };
}
