/**
 * `cidm`: fit a conformally invariant diffusion map.
 *
 * @module
 */
import { ManifoldError, requireInt } from "../errors/index.js";
import { landmarkCidm } from "../landmarks/fit.js";
import { createReporter, type ProgressOptions, type Reporter } from "../landmarks/progress.js";
import type { LandmarkMethod } from "../landmarks/select.js";
import { type Matrix, type MatrixInput, toMatrix } from "../matrix/index.js";
import { reviveFloat64, reviveInt32, reviveMatrix } from "../serialize/index.js";
import { type LaplacianEigsOptions, laplacianEigs } from "./eigs.js";
import { kernelFromMatrix, resolveKernelOptions } from "./kernel.js";
import type { CidmKernelOptions, CidmLandmarks, CidmModel } from "./types.js";

/** Options of {@link cidm}. */
export interface CidmOptions extends CidmKernelOptions, LaplacianEigsOptions, ProgressOptions {
  /**
   * M, the number of eigenpairs (default 20: enough for a 10-term Fourier-like basis on
   * a 2-manifold and for SEC's default n1 = 6, cheap at 10⁵ points). 1 ≤ M ≤ N
   * (≤ m with landmarks).
   */
  nEigs?: number;
  /**
   * Fit on m landmarks instead of all N points (default: off): an integer m with
   * max(k + 1, κ, M, 3) ≤ m ≤ N, or `"auto"` for m = min(N, 5000) (`autoLandmarkCount`). The model is then
   * the landmark model, and `model.landmarks.phiAll` holds the eigenfunctions at all N points
   * (Nyström extension). See docs/scale.md for the error model.
   */
  landmarks?: number | "auto";
  /** Landmark rule (default `"poisson"`, the best spectra measured; see `selectLandmarks`). */
  landmarkMethod?: LandmarkMethod;
  /** Subsample size of the landmark rule (default: see `selectLandmarks`'s `sampleSize`). */
  landmarkSampleSize?: number;
}

/** Stages of a plain (all-points) fit and their rough share of the time (the eigensolver usually dominates). */
const FIT_STAGES = [
  ["kernel", 1],
  ["eigensolve", 2],
] as const;

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
 * With `landmarks: m` (or `"auto"`): choose m landmarks (`selectLandmarks`, rule
 * `landmarkMethod`, seed `seed`), fit the above on them, and extend φ to all N points by
 * Nyström: `φ_ℓ(x) = (1/λ_ℓ) Σ_j K̂_j(x) φ_ℓ(ℓ_j)` (GUIDE §3), stored as `model.landmarks.phiAll`
 * (N×M; at landmark rows the fitted φ exactly). The model itself is the landmark model. Cost:
 * the selection + the fit on m points + one out-of-sample kernel row per input point; memory
 * O(N·M) for phiAll, the input is not copied. Spectral error vs m: docs/scale.md.
 *
 * `onProgress(fraction, stage)` is called at every stage ("landmarks", "kernel", "eigensolve",
 * "extend") and loop checkpoint, monotone, exactly 1 once, in the last call; `signal` is
 * checked at the same points.
 *
 * @param points - N×n training points (rows), N ≥ 3.
 * @returns a plain model; `JSON.stringify` keeps everything, and {@link reviveCidmModel} restores typed arrays.
 * @throws ManifoldError `EMPTY_INPUT`, `RAGGED_INPUT`, `NON_FINITE`, `INVALID_PARAMETER`
 *   (including landmarks outside [max(3, k + 1, κ, M), N] or not an integer, an unknown
 *   landmarkMethod, a non-function onProgress),
 *   `DEGENERATE_BANDWIDTH`, `DISCONNECTED_GRAPH`, `EIGEN_NOT_CONVERGED`,
 *   `ILL_CONDITIONED_EXTENSION` (landmarks: some λ_ℓ < 1e-3), `ABORTED` (signal aborted).
 * @example
 * ```ts
 * import { cidm, circle } from "manifold-geom";
 *
 * const { points } = circle({ n: 500, warp: 0.5 });
 * const model = cidm(points, { k: 16, nEigs: 5 });
 * console.log(model.xi[0], (model.xi[3] / model.xi[1]).toFixed(1)); // 0 "4.0" (circle: 1, 1, 4, 4)
 * // On m landmarks, with the eigenfunctions extended to all points:
 * const big = cidm(points, { k: 16, nEigs: 5, landmarks: 100 });
 * console.log(big.landmarks?.phiAll.rows); // 500
 * ```
 */
export function cidm(points: MatrixInput, options: CidmOptions = {}): CidmModel {
  const X = toMatrix(points, "points");
  if (options.landmarks !== undefined) return landmarkCidm(X, options, fitMatrix);
  const rep = createReporter(FIT_STAGES, options, "cidm");
  const model = fitMatrix(X === points ? copyMatrix(X) : X, options, rep);
  rep.finish();
  return model;
}

function copyMatrix(X: Matrix): Matrix {
  return { rows: X.rows, cols: X.cols, data: Float64Array.from(X.data) };
}

/**
 * The CIDM fit on a validated matrix that the model may keep as `points` (internal; also the
 * landmark fit's core). Reports the stages "kernel" and "eigensolve" into `rep`.
 */
export function fitMatrix(X: Matrix, options: CidmOptions, rep: Reporter): CidmModel {
  const kopts = resolveKernelOptions(X.rows, options);
  const nEigs = requireInt(options.nEigs ?? Math.min(20, X.rows), "nEigs", 1, X.rows);
  rep.begin("kernel");
  const kernel = kernelFromMatrix(X, kopts);
  rep.begin("eigensolve");
  const eig = laplacianEigs(kernel, nEigs, options);
  rep.check();
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
    points: X,
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
 * from their JSON object form (`{"0": v0, "1": v1, …}`), bit-identical (JSON keeps every double
 * exactly); a missing `intrinsicDim` (JSON turns NaN into null) becomes NaN again. Fields that
 * are already typed arrays are kept as they are (not copied), so a live model passes through
 * with the same arrays. The result is a new object; the input is not modified.
 *
 * Cost O(N·(n + M)) time and memory (O(N·M) more for a landmark model's `phiAll`).
 *
 * @param json - the parsed JSON of a model from {@link cidm} (or a live model).
 * @returns the model with Float64Array / Int32Array fields.
 * @throws ManifoldError `INVALID_PARAMETER` when an array field (xi, lambda, weights, rho,
 *   rKappa, residuals, landmarks.indices) or a matrix field (phi, points, landmarks.phiAll) is
 *   missing or not numeric; `DIMENSION_MISMATCH` when a matrix's data length is not rows·cols.
 * @example
 * ```ts
 * import { cidm, circle, nystromExtend, reviveCidmModel } from "manifold-geom";
 *
 * const model = cidm(circle({ n: 100 }).points, { k: 8, nEigs: 3 });
 * const back = reviveCidmModel(JSON.parse(JSON.stringify(model)));
 * console.log(back.phi.data instanceof Float64Array, back.xi[1] === model.xi[1]); // true true
 * // The revived model extends φ like the original: at training point 5 it reproduces φ(x_5).
 * const at5 = nystromExtend(back, [[back.points.data[10], back.points.data[11]]]);
 * console.log(Math.abs(at5.data[1] - model.phi.data[5 * 3 + 1]) < 1e-9); // true
 * ```
 */
export function reviveCidmModel(json: unknown): CidmModel {
  if (json === null || typeof json !== "object") {
    throw new ManifoldError(
      "INVALID_PARAMETER",
      `reviveCidmModel expects the object JSON.parse returns for a model from cidm(); got ${json === null ? "null" : typeof json}.`,
      { name: "json" },
    );
  }
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
    ...(m.landmarks === undefined ? {} : { landmarks: reviveLandmarks(m.landmarks) }),
  };
}

function reviveLandmarks(l: CidmLandmarks): CidmLandmarks {
  return {
    ...l,
    indices:
      l.indices === null || l.indices === undefined
        ? null
        : reviveInt32(l.indices, "model.landmarks.indices"),
    phiAll: reviveMatrix(l.phiAll, "model.landmarks.phiAll"),
  };
}
