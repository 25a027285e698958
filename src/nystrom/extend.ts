/**
 * Nyström extension of CIDM eigenfunctions and of functions given on the training set
 * (GUIDE §3).
 *
 * @module
 */
import type { CidmModel } from "../cidm/types.js";
import { ManifoldError, requireInt } from "../errors/index.js";
import { isMatrix, type Matrix, type MatrixInput, toMatrix } from "../matrix/index.js";
import { requireBackend } from "../neighbors/backend.js";
import type { DistanceBackend } from "../neighbors/index.js";
import { reviveFloat64 } from "../serialize/index.js";
import {
  coefficients,
  extensionTable,
  liveModel,
  prepareQueries,
  queryMatrix,
  requireWellConditioned,
  resolveLambdaMin,
  resolveNEigs,
} from "./model.js";
import { forEachRowBlock, rowContext, rowWeights } from "./rows.js";

/** Options of {@link nystromExtend}. */
export interface NystromExtendOptions {
  /** L, the number of eigenfunctions φ_0 … φ_{L−1} to extend (default: all M of the model). */
  nEigs?: number;
  /**
   * λ_min (default 1e-3): refuse φ_ℓ with λ_ℓ < λ_min, whose extension divides by a tiny λ_ℓ.
   * Any number; `-Infinity` admits every λ_ℓ ≠ 0 (used to check the all-eigenpairs identity).
   */
  lambdaMin?: number;
  /**
   * Distance backend for the neighbour searches of a brute-force (high-dimensional) model index,
   * e.g. from `createBackend` of `manifold-geom/gpu` (default none). Candidate filter only: the
   * results are identical with or without it. Ignored when the model's index is a kd-tree.
   */
  backend?: DistanceBackend;
}

/** Options of {@link evaluate}. */
export interface EvaluateOptions {
  /** Distance backend, as {@link NystromExtendOptions.backend} (default none; same results). */
  backend?: DistanceBackend;
}

/** Options of {@link nystromFunction}. */
export interface NystromFunctionOptions {
  /** L_f, the number of eigenfunctions in the expansion (default: all M of the model). */
  nEigs?: number;
  /** λ_min as in {@link NystromExtendOptions} (default 1e-3); stored in the extender. */
  lambdaMin?: number;
}

/**
 * A function extended by Nyström: plain data (`JSON.stringify` keeps it; {@link evaluate}
 * accepts the parsed form). `f(x) = Σ_{ℓ<nEigs} f̂_ℓ φ_ℓ(x)`.
 */
export interface NystromExtender {
  /** f̂ (nEigs × outputDim, row-major): `f̂_ℓ = Σ_i w_i f(x_i) φ_ℓ(x_i)`. */
  coefficients: Float64Array;
  /** L_f. */
  nEigs: number;
  /** d, the number of output components (1 for a scalar function). */
  outputDim: number;
  /** λ_min the extender was built with (`null` after JSON stands for −Infinity). */
  lambdaMin: number | null;
  /** N of the model it was built on (a guard against evaluating with another model). */
  trainingPoints: number;
}

/**
 * out (Q×d) = Σ_j K̂_j(x_q) · T[j·stride .. j·stride + d) for every query: the one weighted sum
 * behind every extension. Scratch sized to the longest row; nothing allocated per query.
 */
export function weightedRowSums(
  model: CidmModel,
  Q: Matrix,
  T: Float64Array,
  stride: number,
  d: number,
  out: Float64Array,
  outside?: Uint8Array,
  backend: DistanceBackend | null = null,
): void {
  const ctx = rowContext(model, backend);
  let wbuf = new Float64Array(64);
  forEachRowBlock(ctx, Q, (rows, q0) => {
    if (rows.maxRow > wbuf.length) wbuf = new Float64Array(rows.maxRow);
    for (let q = 0; q < rows.count; q++) {
      const len = rowWeights(rows, q, model, wbuf);
      const a = rows.offsets[q];
      const oo = (q0 + q) * d;
      for (let p = 0; p < len; p++) {
        const w = wbuf[p];
        const to = rows.indices[a + p] * stride;
        for (let c = 0; c < d; c++) out[oo + c] += w * T[to + c];
      }
      if (outside) outside[q0 + q] = rows.outside[q];
    }
  });
}

/**
 * Nyström extension of the eigenfunctions (GUIDE §3):
 * `φ_ℓ(x) = (1/λ_ℓ) Σ_{j∈row(x)} K̂_j(x) φ_ℓ(x_j)`, with λ_ℓ the eigenvalue of P = D⁻¹K
 * (`model.lambda[ℓ]`), `K̂_j = K_j / Σ_i K_i` by log-sum-exp and row(x) the out-of-sample
 * kernel row (the κ nearest of x and every x_j that counts x among its κ nearest). At a
 * training point this reproduces the stored φ (to the eigensolver's residual / λ_ℓ), and
 * φ_0 ≡ 1 everywhere, far queries included.
 *
 * Cost: one kNN (κ+1) and one reverse radius search per query (kd-tree ≈ O(log N + κ) in low
 * dimension; O(N·n) brute force in high), then O(|row|·(n + L)). Memory O(Q·L) for the result
 * plus O(block·κ) scratch. The neighbour index is built on first use and cached per model.
 *
 * @param model - from `cidm` (or its JSON form).
 * @param queries - Q×n points.
 * @returns Q×L matrix, entry (q, ℓ) = φ_ℓ(x_q).
 * @throws ManifoldError `DIMENSION_MISMATCH` (queries' n ≠ the model's), `NON_FINITE` /
 *   `EMPTY_INPUT` / `RAGGED_INPUT` (queries), `INVALID_PARAMETER` (nEigs ∉ [1, M], lambdaMin NaN),
 *   `ILL_CONDITIONED_EXTENSION` (λ_ℓ < lambdaMin for some ℓ < L).
 * @example
 * ```ts
 * import { cidm, circle, nystromExtend } from "manifold-geom";
 *
 * const { points } = circle({ n: 100 });
 * const model = cidm(points, { k: 8, nEigs: 5 });
 * // At training point 7 the extension reproduces the stored φ_ℓ(x_7); far away φ_0 is still 1.
 * const x7 = [points.data[14], points.data[15]];
 * const phi = nystromExtend(model, [x7, [30, -40]], { nEigs: 3 }); // 2×3
 * console.log([0, 1, 2].every((l) => Math.abs(phi.data[l] - model.phi.data[7 * 5 + l]) < 1e-9)); // true
 * console.log(phi.data[3].toFixed(12)); // "1.000000000000" (φ_0 at (30, −40))
 * ```
 */
export function nystromExtend(
  model: CidmModel,
  queries: MatrixInput,
  options: NystromExtendOptions = {},
): Matrix {
  const { m, Q, L } = prepareQueries(model, queries, options);
  const backend = requireBackend(options.backend);
  const out = new Float64Array(Q.rows * L);
  weightedRowSums(m, Q, m.phi.data, m.phi.cols, L, out, undefined, backend);
  const inv = new Float64Array(L);
  for (let l = 0; l < L; l++) inv[l] = 1 / m.lambda[l];
  for (let q = 0; q < Q.rows; q++) for (let l = 0; l < L; l++) out[q * L + l] *= inv[l];
  return { rows: Q.rows, cols: L, data: out };
}

/** Values on the training set as N×d row-major data. */
function valuesMatrix(
  values: ArrayLike<number> | MatrixInput,
  N: number,
): { F: Float64Array; d: number } {
  const scalar =
    !isMatrix(values) &&
    (ArrayBuffer.isView(values) ||
      (Array.isArray(values) && (values.length === 0 || typeof values[0] === "number")));
  if (scalar) {
    const v = values as ArrayLike<number>;
    if (v.length !== N) {
      throw new ManifoldError(
        "DIMENSION_MISMATCH",
        `values has ${v.length} entries but the model has ${N} training points; pass one value per training point (or an N×d matrix).`,
        { got: v.length, expected: N },
      );
    }
    const F = new Float64Array(N);
    for (let i = 0; i < N; i++) {
      const x = v[i];
      if (typeof x !== "number" || !Number.isFinite(x)) {
        throw new ManifoldError(
          "NON_FINITE",
          `values[${i}] is ${String(x)}; every value must be a finite number.`,
          { index: i, value: x },
        );
      }
      F[i] = x;
    }
    return { F, d: 1 };
  }
  const V = toMatrix(values as MatrixInput, "values");
  if (V.rows !== N) {
    throw new ManifoldError(
      "DIMENSION_MISMATCH",
      `values has ${V.rows} rows but the model has ${N} training points; pass one row per training point.`,
      { got: V.rows, expected: N },
    );
  }
  return { F: V.data, d: V.cols };
}

/**
 * Build the Nyström extension of a function known at the training points (GUIDE §3):
 * coefficients `f̂_ℓ = Σ_i w_i f(x_i) φ_ℓ(x_i)` (w the model's sampling measure), so that
 * `f(x) ≈ Σ_{ℓ<L} f̂_ℓ φ_ℓ(x)`, evaluated anywhere by {@link evaluate}. With all M = N
 * eigenpairs the expansion interpolates f at the training points; with fewer it is the
 * w-orthogonal projection of f onto span{φ_0 … φ_{L−1}} (a smoothing).
 *
 * Cost O(N·L·d) flops, O(L·d) memory.
 *
 * @param values - one number per training point (length N), or an N×d matrix (vector-valued f).
 * @returns a plain serialisable {@link NystromExtender}.
 * @param model - from `cidm` (or its JSON form).
 * @param options - {@link NystromFunctionOptions}: nEigs (default all M), lambdaMin (default 1e-3).
 * @throws ManifoldError `DIMENSION_MISMATCH` (wrong number of values), `NON_FINITE`,
 *   `INVALID_PARAMETER` (nEigs, lambdaMin), `ILL_CONDITIONED_EXTENSION` (λ_ℓ < lambdaMin, ℓ < L).
 * @example
 * ```ts
 * import { cidm, circle, nystromFunction } from "manifold-geom";
 *
 * const { points, theta } = circle({ n: 100 });
 * const model = cidm(points, { k: 8, nEigs: 5 });
 * // f = cos θ lives in the first Fourier pair φ_1, φ_2: by Parseval in w (uniform on this grid),
 * // f̂_1² + f̂_2² = Σ_i w_i cos² θ_i = 1/2, and f̂_0 = Σ_i w_i cos θ_i ≈ 0.
 * const f = nystromFunction(model, Array.from(theta, Math.cos));
 * const c = f.coefficients;
 * console.log(f.nEigs, f.outputDim); // 5 1
 * console.log((c[1] ** 2 + c[2] ** 2).toFixed(5), Math.abs(c[0]) < 1e-5); // "0.50000" true
 * ```
 */
export function nystromFunction(
  model: CidmModel,
  values: ArrayLike<number> | MatrixInput,
  options: NystromFunctionOptions = {},
): NystromExtender {
  const m = liveModel(model);
  const L = resolveNEigs(m, options.nEigs);
  const lambdaMin = resolveLambdaMin(options.lambdaMin);
  requireWellConditioned(m, L, lambdaMin);
  const { F, d } = valuesMatrix(values, m.points.rows);
  return {
    coefficients: coefficients(m, F, L, d),
    nEigs: L,
    outputDim: d,
    lambdaMin,
    trainingPoints: m.points.rows,
  };
}

/**
 * Evaluate a {@link NystromExtender} at queries: `f(x) = Σ_{ℓ<L} f̂_ℓ φ_ℓ(x)`, computed as
 * `Σ_j K̂_j(x) G_j` with `G_j = Σ_ℓ f̂_ℓ φ_ℓ(x_j) / λ_ℓ` (one table per call, O(N·L·d)).
 *
 * Cost: the neighbour searches of {@link nystromExtend}, then O(|row|·(n + d)) per query.
 *
 * @param extender - from {@link nystromFunction} (or its JSON form), built on `model`.
 * @returns Q×d matrix (d = `outputDim`; a single column for a scalar f).
 * @param model - the model the extender was built on.
 * @param queries - Q×n points (not modified).
 * @param options - {@link EvaluateOptions}: backend (default none).
 * @throws ManifoldError `DIMENSION_MISMATCH` (queries, or an extender built on another model),
 *   `INVALID_PARAMETER` (malformed extender), `ILL_CONDITIONED_EXTENSION`, query input errors.
 * @example
 * ```ts
 * import { cidm, circle, evaluate, nystromFunction } from "manifold-geom";
 *
 * const { points, theta } = circle({ n: 100 });
 * const model = cidm(points, { k: 8, nEigs: 5 });
 * const f = nystromFunction(model, Array.from(theta, Math.cos)); // f = cos θ
 * // Between grid points (θ = 0.3) the extension follows cos θ; the JSON form works too.
 * const v = evaluate(JSON.parse(JSON.stringify(f)), model, [[Math.cos(0.3), Math.sin(0.3)]]);
 * console.log(v.data[0].toFixed(4), Math.cos(0.3).toFixed(4)); // "0.9553" "0.9553"
 * ```
 */
export function evaluate(
  extender: NystromExtender,
  model: CidmModel,
  queries: MatrixInput,
  options: EvaluateOptions = {},
): Matrix {
  const m = liveModel(model);
  const backend = requireBackend(options.backend);
  const ext = extender as Partial<NystromExtender> | null;
  if (typeof ext !== "object" || ext === null) {
    throw new ManifoldError(
      "INVALID_PARAMETER",
      "extender must be the object returned by nystromFunction.",
    );
  }
  const L = resolveNEigs(m, ext.nEigs);
  const d = requireInt(ext.outputDim, "extender.outputDim", 1);
  const coef = reviveFloat64(ext.coefficients, "extender.coefficients");
  if (coef.length !== L * d) {
    throw new ManifoldError(
      "INVALID_PARAMETER",
      `extender.coefficients has ${coef.length} entries; expected nEigs·outputDim = ${L * d}.`,
    );
  }
  if (ext.trainingPoints !== undefined && ext.trainingPoints !== m.points.rows) {
    throw new ManifoldError(
      "DIMENSION_MISMATCH",
      `the extender was built on a model with ${ext.trainingPoints} training points but this model has ${m.points.rows}; evaluate with the model passed to nystromFunction.`,
    );
  }
  const lambdaMin =
    ext.lambdaMin === null ? Number.NEGATIVE_INFINITY : resolveLambdaMin(ext.lambdaMin);
  requireWellConditioned(m, L, lambdaMin);
  const Q = queryMatrix(m, queries);
  const G = extensionTable(m, coef, L, d);
  const out = new Float64Array(Q.rows * d);
  weightedRowSums(m, Q, G, d, d, out, undefined, backend);
  return { rows: Q.rows, cols: d, data: out };
}
