/**
 * Shared validation for the Nyström functions: the model, the queries, nEigs and λ_min, and the
 * per-training-point tables `G_j = Σ_ℓ c_ℓ φ_ℓ(x_j) / λ_ℓ` that turn every extension into one
 * weighted sum over a kernel row.
 *
 * @module
 */
import { reviveCidmModel } from "../cidm/fit.js";
import type { CidmModel } from "../cidm/types.js";
import { ManifoldError, requireInt } from "../errors/index.js";
import { type Matrix, type MatrixInput, requireCols, toMatrix } from "../matrix/index.js";

/** Default λ_min: 1/λ_ℓ amplifies the kernel's averaging error by up to 1000×. */
export const DEFAULT_LAMBDA_MIN = 1e-3;

/** A live model (revived from JSON when needed) with consistent shapes. */
export function liveModel(model: unknown): CidmModel {
  if (typeof model !== "object" || model === null) {
    throw new ManifoldError(
      "INVALID_PARAMETER",
      "model must be the object returned by cidm (or its JSON form).",
    );
  }
  const m = reviveCidmModel(model);
  const N = m.points.rows;
  const M = m.phi.cols;
  if (
    m.phi.rows !== N ||
    m.lambda.length !== M ||
    m.weights.length !== N ||
    m.rho.length !== N ||
    m.rKappa.length !== N
  ) {
    throw new ManifoldError(
      "DIMENSION_MISMATCH",
      `model is inconsistent: ${N} points but phi is ${m.phi.rows}×${M}, ${m.lambda.length} eigenvalues, ${m.weights.length} weights, ${m.rho.length} bandwidths, ${m.rKappa.length} radii. Pass a model from cidm unchanged.`,
    );
  }
  return m;
}

/** Validated queries: a finite Matrix with the model's column count. */
export function queryMatrix(model: CidmModel, queries: MatrixInput, name = "queries"): Matrix {
  const Q = toMatrix(queries, name);
  requireCols(Q, model.points.cols, name, "the model's training points");
  return Q;
}

/** nEigs in [1, M] (default M). */
export function resolveNEigs(model: CidmModel, nEigs: unknown): number {
  const M = model.phi.cols;
  return requireInt(nEigs ?? M, "nEigs", 1, M);
}

/** λ_min: any number that is not NaN (−Infinity turns the check off, except for λ = 0). */
export function resolveLambdaMin(lambdaMin: unknown): number {
  const v = lambdaMin ?? DEFAULT_LAMBDA_MIN;
  if (typeof v !== "number" || Number.isNaN(v)) {
    throw new ManifoldError(
      "INVALID_PARAMETER",
      `lambdaMin must be a number (default ${DEFAULT_LAMBDA_MIN}); got ${String(v)}.`,
      { name: "lambdaMin", value: v },
    );
  }
  return v;
}

/**
 * The common prologue of every per-query Nyström map: the live model, the validated queries
 * and L = nEigs, refusing ℓ < L with λ_ℓ < lambdaMin. Cost O(Q·n + L).
 * @throws ManifoldError query input errors, `DIMENSION_MISMATCH`, `INVALID_PARAMETER`,
 *   `ILL_CONDITIONED_EXTENSION`.
 */
export function prepareQueries(
  model: unknown,
  queries: MatrixInput,
  options: { nEigs?: number; lambdaMin?: number },
  name = "queries",
): { m: CidmModel; Q: Matrix; L: number } {
  const m = liveModel(model);
  const Q = queryMatrix(m, queries, name);
  const L = resolveNEigs(m, options.nEigs);
  requireWellConditioned(m, L, resolveLambdaMin(options.lambdaMin));
  return { m, Q, L };
}

/**
 * Refuse an extension through φ_ℓ with λ_ℓ < λ_min (or λ_ℓ = 0) for ℓ < L.
 * @throws ManifoldError `ILL_CONDITIONED_EXTENSION` naming the first such ℓ.
 */
export function requireWellConditioned(model: CidmModel, L: number, lambdaMin: number): void {
  for (let l = 0; l < L; l++) {
    const lam = model.lambda[l];
    if (!(lam >= lambdaMin) || lam === 0) {
      throw new ManifoldError(
        "ILL_CONDITIONED_EXTENSION",
        `eigenvalue λ_${l} = ${lam.toPrecision(4)} of P is below lambdaMin = ${lambdaMin}: extending φ_${l} divides by λ_${l} and amplifies the kernel's averaging error by 1/|λ|. Use nEigs ≤ ${l} (the eigenpairs before it), or lower lambdaMin below ${lam.toPrecision(4)} if you accept the amplification.`,
        { ell: l, lambda: lam, lambdaMin, maxNEigs: l },
      );
    }
  }
}

/**
 * `G_j = Σ_{ℓ<L} c_ℓ φ_ℓ(x_j) / λ_ℓ` for every training point (N×d), with coefficients
 * `coef` (L×d, row ℓ = c_ℓ). Then `Σ_ℓ c_ℓ φ_ℓ(x) = Σ_j K̂_j(x) G_j` for any query x.
 * Cost O(N·L·d) flops, O(N·d) memory.
 */
export function extensionTable(
  model: CidmModel,
  coef: Float64Array,
  L: number,
  d: number,
): Float64Array {
  const N = model.points.rows;
  const M = model.phi.cols;
  const phi = model.phi.data;
  const scaled = new Float64Array(L * d);
  for (let l = 0; l < L; l++) {
    const inv = 1 / model.lambda[l];
    for (let c = 0; c < d; c++) scaled[l * d + c] = coef[l * d + c] * inv;
  }
  const G = new Float64Array(N * d);
  for (let j = 0; j < N; j++) {
    const go = j * d;
    for (let l = 0; l < L; l++) {
      const f = phi[j * M + l];
      const so = l * d;
      for (let c = 0; c < d; c++) G[go + c] += f * scaled[so + c];
    }
  }
  return G;
}

/**
 * Coefficients `f̂_ℓ = Σ_i w_i f(x_i) φ_ℓ(x_i)` (L×d) of values F (N×d, row-major).
 * Cost O(N·L·d).
 */
export function coefficients(
  model: CidmModel,
  F: Float64Array,
  L: number,
  d: number,
): Float64Array {
  const N = model.points.rows;
  const M = model.phi.cols;
  const phi = model.phi.data;
  const w = model.weights;
  const out = new Float64Array(L * d);
  for (let i = 0; i < N; i++) {
    const fo = i * d;
    for (let l = 0; l < L; l++) {
      const a = w[i] * phi[i * M + l];
      const oo = l * d;
      for (let c = 0; c < d; c++) out[oo + c] += a * F[fo + c];
    }
  }
  return out;
}
