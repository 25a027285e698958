/**
 * Validation of the diffusion basis and of the SEC options (internal).
 *
 * @module
 * @internal
 */
import { ManifoldError, requireInt } from "../errors/index.js";
import { isMatrix, type Matrix, toMatrix } from "../matrix/index.js";
import { reviveFloat64, reviveMatrix } from "../serialize/index.js";
import type { SecBasis, SecOptions } from "./types.js";

/** A validated basis: finite arrays with consistent shapes. */
export interface CheckedBasis {
  phi: Matrix;
  xi: Float64Array;
  /** Markov eigenvalues λ_ℓ = 1 − ξ_ℓ of a diffusion model (a CIDM model), or null. */
  lambda: Float64Array | null;
  weights: Float64Array;
  points: Matrix;
}

/**
 * Smallest Markov eigenvalue λ_ℓ of the default expansion length n2 (the default `lambdaMin`
 * of the Nyström extension, so that `evaluateFields` can extend every φ_ℓ, ℓ < n2).
 */
export const MARKOV_FLOOR = 1e-3;

function matrixField(x: unknown, name: string): Matrix {
  if (isMatrix(x)) return toMatrix(x, name);
  if (Array.isArray(x)) return toMatrix(x as number[][], name);
  return toMatrix(reviveMatrix(x, name), name);
}

function finiteArray(x: unknown, name: string): Float64Array {
  const a = reviveFloat64(x, name);
  for (let i = 0; i < a.length; i++) {
    if (!Number.isFinite(a[i])) {
      throw new ManifoldError(
        "NON_FINITE",
        `${name}[${i}] is ${a[i]}; every entry must be a finite number.`,
        { name, index: i, value: a[i] },
      );
    }
  }
  return a;
}

/**
 * Check `{ phi, xi, weights, points, lambda? }` (a CIDM model or an exact basis, possibly from
 * JSON). `lambda`, when present, must be the Markov eigenvalues with `λ_ℓ + ξ_ℓ = 1` (1e-12).
 * @throws ManifoldError `INVALID_PARAMETER` (not an object, ξ_1 ≤ 0, M < 2, λ + ξ ≠ 1),
 *   `DIMENSION_MISMATCH` (inconsistent lengths), `NON_FINITE`, `EMPTY_INPUT`.
 */
export function checkBasis(basis: unknown): CheckedBasis {
  if (typeof basis !== "object" || basis === null) {
    throw new ManifoldError(
      "INVALID_PARAMETER",
      "model must be a CIDM model or an object { phi, xi, weights, points } (φ orthonormal in weights).",
    );
  }
  const b = basis as Partial<SecBasis>;
  const phi = matrixField(b.phi, "model.phi");
  const points = matrixField(b.points, "model.points");
  const xi = finiteArray(b.xi, "model.xi");
  const weights = finiteArray(b.weights, "model.weights");
  const N = points.rows;
  const M = phi.cols;
  if (phi.rows !== N || weights.length !== N || xi.length !== M) {
    throw new ManifoldError(
      "DIMENSION_MISMATCH",
      `model is inconsistent: ${N} points but phi is ${phi.rows}×${M}, ${weights.length} weights and ${xi.length} eigenvalues; phi needs one row per point and one column per eigenvalue.`,
      { points: N, phiRows: phi.rows, phiCols: M, weights: weights.length, xi: xi.length },
    );
  }
  if (M < 2) {
    throw new ManifoldError(
      "INVALID_PARAMETER",
      `model has ${M} eigenfunction; SEC needs φ_0 and at least φ_1 (fit with nEigs ≥ 2, usually ≥ 20).`,
      { M },
    );
  }
  if (!(xi[1] > 0)) {
    throw new ManifoldError(
      "INVALID_PARAMETER",
      `model.xi[1] = ${xi[1]} must be > 0: eigenvalues are normalised by ξ_1. Pass ξ ascending with ξ_0 = 0 < ξ_1.`,
      { xi1: xi[1] },
    );
  }
  const lambda = b.lambda == null ? null : finiteArray(b.lambda, "model.lambda");
  if (lambda !== null) {
    if (lambda.length !== M) {
      throw new ManifoldError(
        "DIMENSION_MISMATCH",
        `model.lambda has ${lambda.length} entries but phi has ${M} columns; pass the CIDM model unchanged (λ_ℓ = 1 − ξ_ℓ, one per eigenfunction).`,
        { lambda: lambda.length, phiCols: M },
      );
    }
    for (let l = 0; l < M; l++) {
      if (!(Math.abs(lambda[l] + xi[l] - 1) <= 1e-12)) {
        throw new ManifoldError(
          "INVALID_PARAMETER",
          `model.lambda[${l}] + model.xi[${l}] = ${lambda[l] + xi[l]}, not 1: λ (Markov) and ξ = 1 − λ (Laplacian) disagree. Pass a CIDM model unchanged, or drop lambda to use xi as the Laplacian eigenvalues.`,
          { index: l, lambda: lambda[l], xi: xi[l] },
        );
      }
    }
  }
  return { phi, xi, lambda, weights, points };
}

/** The Laplacian eigenvalues SEC works with (see {@link laplacianSpectrum}). */
export interface LaplacianSpectrum {
  /** λ_i = ℓ_i / ℓ_1 for i < n2 (scale-free). */
  lap: Float64Array;
  /** ℓ_1, the unit of `lap` and of the energies μ. */
  scale: number;
  /** Where ℓ came from: ξ as given, or −log λ of the Markov eigenvalues. */
  spectrum: "xi" | "log-markov";
}

/**
 * Laplacian eigenvalues ℓ_i, i < n2, normalised by ℓ_1. Without `lambda` (an exact basis) ℓ = ξ.
 * With the Markov eigenvalues λ of a diffusion model, `ℓ_i = −log λ_i`: P ≈ e^{−tΔ} (the kernel
 * is a heat kernel at scale ε), so −log λ_i ∝ the eigenvalue of Δ for every resolved mode, while
 * ξ_i = 1 − λ_i = 1 − e^{−tΔ_i} saturates towards 1 for the higher modes (on a circle at N = 60,
 * k = 8: ξ_{11}/ξ_1 = 25.7 instead of 36; −log λ_{11}/−log λ_1 = 35.9). Underestimated high
 * eigenvalues corrupt Γ through the product rule and let zero fields of the overcomplete frame in
 * with zero energy and a non-tangent ambient value. Cost O(n2).
 * @throws ManifoldError `INVALID_PARAMETER` when some λ_i ≤ 0, i < n2 (the mode is below the
 *   kernel's resolution: −log λ is undefined).
 */
export function laplacianSpectrum(basis: CheckedBasis, n2: number): LaplacianSpectrum {
  const lap = new Float64Array(n2);
  const { lambda, xi } = basis;
  if (lambda === null) {
    const scale = xi[1];
    for (let i = 0; i < n2; i++) lap[i] = xi[i] / scale;
    return { lap, scale, spectrum: "xi" };
  }
  for (let i = 0; i < n2; i++) {
    if (!(lambda[i] > 0)) {
      throw new ManifoldError(
        "INVALID_PARAMETER",
        `n2 = ${n2} includes φ_${i}, whose Markov eigenvalue λ_${i} = ${lambda[i]} is ≤ 0: that mode is below the kernel's resolution and its Laplacian eigenvalue −log λ is undefined. Use n2 ≤ ${i} (or leave n2 unset: the default keeps the modes with λ > ${MARKOV_FLOOR}).`,
        { name: "n2", value: n2, index: i, lambda: lambda[i] },
      );
    }
  }
  const scale = -Math.log(lambda[1]);
  for (let i = 0; i < n2; i++) lap[i] = -Math.log(lambda[i]) / scale;
  return { lap, scale, spectrum: "log-markov" };
}

/** Resolved SEC options. */
export interface ResolvedSecOptions {
  n1: number;
  n2: number;
  nFields: number;
  gramTol: number;
  minProductCapture: number;
  computeValues: boolean;
}

/**
 * Defaults and ranges: 2 ≤ n1 ≤ n2 ≤ M, nFields ≥ 1, 0 < gramTol < 1. The default n2 is M, or,
 * with Markov eigenvalues λ, the number of leading modes with λ_ℓ > {@link MARKOV_FLOOR}.
 * @throws ManifoldError `INVALID_PARAMETER` naming the option and its valid range.
 */
export function resolveSecOptions(
  M: number,
  options: SecOptions,
  lambda: Float64Array | null = null,
): ResolvedSecOptions {
  let resolved = M;
  if (lambda !== null) {
    resolved = 1;
    while (resolved < M && lambda[resolved] > MARKOV_FLOOR) resolved++;
  }
  const n2 = options.n2 ?? resolved;
  if (options.n2 === undefined && n2 < 2) {
    throw new ManifoldError(
      "INVALID_PARAMETER",
      `the model resolves no non-constant eigenfunction: λ_1 = ${lambda?.[1]} ≤ ${MARKOV_FLOOR}. Refit with a smaller ε (or more points).`,
      { name: "n2", lambda1: lambda?.[1] },
    );
  }
  requireInt(n2, "n2", 2);
  if (n2 > M) {
    throw new ManifoldError(
      "INVALID_PARAMETER",
      `n2 = ${n2} exceeds the model's ${M} eigenfunctions; use n2 ≤ ${M} or fit with nEigs ≥ ${n2}.`,
      { name: "n2", value: n2, max: M },
    );
  }
  const n1 = options.n1 ?? Math.min(6, n2);
  requireInt(n1, "n1", 2);
  if (n1 > n2 && options.n2 === undefined && resolved < M) {
    throw new ManifoldError(
      "INVALID_PARAMETER",
      `n1 = ${n1} exceeds the ${n2} modes the model resolves (Markov eigenvalue λ > ${MARKOV_FLOOR}); lower n1, or refit with a smaller ε or more points.`,
      { name: "n1", value: n1, n2 },
    );
  }
  if (n1 > n2) {
    throw new ManifoldError(
      "INVALID_PARAMETER",
      `n1 = ${n1} exceeds n2 = ${n2}; the frame φ_i ∇φ_j (i, j < n1) must be expanded in at least as many eigenfunctions (n1 ≤ n2 ≤ M).`,
      { name: "n1", value: n1, n2 },
    );
  }
  const nFields = requireInt(options.nFields ?? 6, "nFields", 1, n1 * (n1 - 1));
  const gramTol = options.gramTol ?? 1e-2;
  if (typeof gramTol !== "number" || !(gramTol > 0 && gramTol < 1)) {
    throw new ManifoldError(
      "INVALID_PARAMETER",
      `gramTol must be a number in (0, 1) (default 1e-2); got ${String(gramTol)}.`,
      { name: "gramTol", value: gramTol },
    );
  }
  const minProductCapture = options.minProductCapture ?? 0.9;
  if (
    typeof minProductCapture !== "number" ||
    !(minProductCapture >= 0 && minProductCapture <= 1)
  ) {
    throw new ManifoldError(
      "INVALID_PARAMETER",
      `minProductCapture must be a number in [0, 1] (default 0.9); got ${String(minProductCapture)}.`,
      { name: "minProductCapture", value: minProductCapture },
    );
  }
  const computeValues = options.computeValues ?? true;
  if (typeof computeValues !== "boolean") {
    throw new ManifoldError(
      "INVALID_PARAMETER",
      `computeValues must be a boolean; got ${String(computeValues)}.`,
    );
  }
  return { n1, n2, nFields, gramTol, minProductCapture, computeValues };
}
