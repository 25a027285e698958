/**
 * A VI-Net-style classifier: per-class vanishing generators, pruning, and a linear softmax
 * layer on the features |p(z)|, trained by full-batch gradient descent.
 *
 * @module
 */
import { ManifoldError, requireInt, requirePositive } from "../errors/index.js";
import { type Matrix, type MatrixInput, toMatrix } from "../matrix/index.js";
import { createRng } from "../random/index.js";
import type { VanishingModel } from "./abm.js";
import { evaluateGenerators, type FitVanishingOptions, fitVanishingIdeal } from "./abm.js";
import { pruneGenerators } from "./prune.js";

/** Options of {@link fitSoftmax}. */
export interface SoftmaxOptions {
  /** Gradient-descent steps (default 300). */
  epochs?: number;
  /** Heavy-ball momentum β ∈ [0, 1): step Δ ← β·Δ − lr·∇ (default 0.9; 0 is plain descent). */
  momentum?: number;
  /** Step size (default 0.1; features are standardised first). */
  learningRate?: number;
  /** L2 penalty λ on the weights (default 1e-4). */
  l2?: number;
  /** Seed of the N(0, 0.01²) initial weights (default 0). */
  seed?: number;
}

/** A linear softmax layer on standardised features. */
export interface SoftmaxModel {
  /** F×C weights, row-major. */
  readonly weights: Float64Array;
  /** C biases. */
  readonly bias: Float64Array;
  /** Per-feature mean of the training features, subtracted before the layer (length F). */
  readonly mean: Float64Array;
  /** Per-feature standard deviation of the training features, divided by (length F). */
  readonly std: Float64Array;
  /** Number of input features F. */
  readonly numFeatures: number;
  /** Number of classes C. */
  readonly numClasses: number;
}

/**
 * Multinomial logistic regression: minimise (1/N)·Σ_i −log softmax(W̃ᵀf̃_i + b)_{y_i} + (λ/2)|W|²
 * over W, b by full-batch gradient descent with heavy-ball momentum, with f̃ the features standardised by their
 * training mean and standard deviation. Cost O(epochs·N·F·C) flops, memory O(N·C + F·C).
 *
 * @param features - N×F features.
 * @param labels - N labels in [0, C).
 * @param numClasses - C.
 * @param options - see {@link SoftmaxOptions}; every field has a default.
 * @throws ManifoldError `DIMENSION_MISMATCH` when labels and features differ in length;
 *   `INVALID_PARAMETER` for labels outside [0, numClasses) or bad options.
 * @example
 * ```ts
 * import { argmaxRows, fitSoftmax, softmaxProba } from "manifold-geom";
 * // One feature; class 1 exactly when it is positive: a linearly separable problem.
 * const features = [[-2], [-1], [-0.5], [0.5], [1], [2]];
 * const model = fitSoftmax(features, [0, 0, 0, 1, 1, 1], 2, { epochs: 200 });
 * console.log(argmaxRows(softmaxProba(model, [[-3], [3]]))); // Int32Array(2) [ 0, 1 ]
 * ```
 */
export function fitSoftmax(
  features: MatrixInput,
  labels: ArrayLike<number>,
  numClasses: number,
  options: SoftmaxOptions = {},
): SoftmaxModel {
  const Fm = toMatrix(features, "features");
  const C = requireInt(numClasses, "numClasses", 2);
  const epochs = requireInt(options.epochs ?? 300, "epochs", 1);
  const beta = requirePositive(options.momentum ?? 0.9, "momentum", true);
  if (beta >= 1)
    throw new ManifoldError("INVALID_PARAMETER", `momentum must be in [0, 1); got ${beta}.`);
  const lr = requirePositive(options.learningRate ?? 0.1, "learningRate");
  const l2 = requirePositive(options.l2 ?? 1e-4, "l2", true);
  const N = Fm.rows;
  const F = Fm.cols;
  if (labels.length !== N) {
    throw new ManifoldError(
      "DIMENSION_MISMATCH",
      `labels has length ${labels.length} but features has ${N} rows; pass one label per row.`,
    );
  }
  for (let i = 0; i < N; i++) {
    const y = labels[i];
    if (!Number.isInteger(y) || y < 0 || y >= C)
      throw new ManifoldError(
        "INVALID_PARAMETER",
        `labels[${i}] = ${y} is not an integer in [0, ${C}).`,
      );
  }
  const mean = new Float64Array(F);
  const std = new Float64Array(F);
  for (let i = 0; i < N; i++) for (let f = 0; f < F; f++) mean[f] += Fm.data[i * F + f] / N;
  for (let i = 0; i < N; i++)
    for (let f = 0; f < F; f++) std[f] += (Fm.data[i * F + f] - mean[f]) ** 2 / N;
  for (let f = 0; f < F; f++) std[f] = std[f] > 0 ? Math.sqrt(std[f]) : 1;
  const Z = new Float64Array(N * F);
  for (let i = 0; i < N; i++)
    for (let f = 0; f < F; f++) Z[i * F + f] = (Fm.data[i * F + f] - mean[f]) / std[f];

  const rng = createRng(options.seed ?? 0);
  const W = new Float64Array(F * C);
  for (let a = 0; a < W.length; a++) W[a] = 0.01 * rng.normal();
  const b = new Float64Array(C);
  const P = new Float64Array(N * C);
  const gW = new Float64Array(F * C);
  const gb = new Float64Array(C);
  const dW = new Float64Array(F * C);
  const db = new Float64Array(C);
  for (let ep = 0; ep < epochs; ep++) {
    logits(Z, N, F, W, b, C, P);
    for (let i = 0; i < N; i++) {
      softmaxRow(P, i * C, C);
      P[i * C + labels[i]] -= 1;
    }
    gW.fill(0);
    gb.fill(0);
    for (let i = 0; i < N; i++) {
      for (let f = 0; f < F; f++) {
        const z = Z[i * F + f] / N;
        if (z === 0) continue;
        for (let c = 0; c < C; c++) gW[f * C + c] += z * P[i * C + c];
      }
      for (let c = 0; c < C; c++) gb[c] += P[i * C + c] / N;
    }
    for (let a = 0; a < W.length; a++) {
      dW[a] = beta * dW[a] - lr * (gW[a] + l2 * W[a]);
      W[a] += dW[a];
    }
    for (let c = 0; c < C; c++) {
      db[c] = beta * db[c] - lr * gb[c];
      b[c] += db[c];
    }
  }
  return { weights: W, bias: b, mean, std, numFeatures: F, numClasses: C };
}

function logits(
  Z: Float64Array,
  N: number,
  F: number,
  W: Float64Array,
  b: Float64Array,
  C: number,
  out: Float64Array,
): void {
  for (let i = 0; i < N; i++) {
    for (let c = 0; c < C; c++) out[i * C + c] = b[c];
    for (let f = 0; f < F; f++) {
      const z = Z[i * F + f];
      for (let c = 0; c < C; c++) out[i * C + c] += z * W[f * C + c];
    }
  }
}

function softmaxRow(P: Float64Array, off: number, C: number): void {
  let mx = Number.NEGATIVE_INFINITY;
  for (let c = 0; c < C; c++) mx = Math.max(mx, P[off + c]);
  let s = 0;
  for (let c = 0; c < C; c++) {
    P[off + c] = Math.exp(P[off + c] - mx);
    s += P[off + c];
  }
  for (let c = 0; c < C; c++) P[off + c] /= s;
}

/**
 * Class probabilities softmax(Wᵀ·(f − mean)/std + b) for each row of `features`.
 * Cost O(N·F·C) flops, N·(F + C) memory.
 *
 * @returns N×C matrix; each row is a probability vector (non-negative, sums to 1).
 * @throws ManifoldError `DIMENSION_MISMATCH` when the feature count differs from training;
 *   `EMPTY_INPUT`, `RAGGED_INPUT`, `NON_FINITE` for bad features.
 * @example
 * ```ts
 * import { softmaxProba } from "manifold-geom";
 * // A hand-made layer: one feature, weights (−1, 1), no bias, identity standardisation.
 * const model = {
 *   weights: Float64Array.of(-1, 1),
 *   bias: Float64Array.of(0, 0),
 *   mean: Float64Array.of(0),
 *   std: Float64Array.of(1),
 *   numFeatures: 1,
 *   numClasses: 2,
 * };
 * // softmax(−f, f) at f = ln(3)/2 is (1/4, 3/4).
 * console.log(softmaxProba(model, [[Math.log(3) / 2]]).data); // Float64Array(2) [ 0.25, 0.75 ] (to rounding)
 * ```
 */
export function softmaxProba(model: SoftmaxModel, features: MatrixInput): Matrix {
  const Fm = toMatrix(features, "features");
  const F = model.numFeatures;
  const C = model.numClasses;
  if (Fm.cols !== F) {
    throw new ManifoldError(
      "DIMENSION_MISMATCH",
      `features have ${Fm.cols} columns; the model was trained on ${F}.`,
    );
  }
  const N = Fm.rows;
  const Z = new Float64Array(N * F);
  for (let i = 0; i < N; i++)
    for (let f = 0; f < F; f++) Z[i * F + f] = (Fm.data[i * F + f] - model.mean[f]) / model.std[f];
  const P = new Float64Array(N * C);
  logits(Z, N, F, model.weights, model.bias, C, P);
  for (let i = 0; i < N; i++) softmaxRow(P, i * C, C);
  return { rows: N, cols: C, data: P };
}

/**
 * Arg-max class of each row of an N×C probability (or score) matrix (ties keep the lower
 * class). Cost O(N·C) time, O(N) memory. Never throws (P is not validated; a NaN entry never
 * wins).
 *
 * @example
 * ```ts
 * import { argmaxRows, fromArrays } from "manifold-geom";
 * console.log(argmaxRows(fromArrays([[0.1, 0.7, 0.2], [0.5, 0.5, 0]]))); // Int32Array(2) [ 1, 0 ]
 * ```
 */
export function argmaxRows(P: Matrix): Int32Array {
  const out = new Int32Array(P.rows);
  for (let i = 0; i < P.rows; i++) {
    let best = 0;
    for (let c = 1; c < P.cols; c++)
      if (P.data[i * P.cols + c] > P.data[i * P.cols + best]) best = c;
    out[i] = best;
  }
  return out;
}

/** Options of {@link fitViClassifier}: ABM options, pruning and training. */
export interface ViClassifierOptions extends FitVanishingOptions, SoftmaxOptions {
  /** Generators kept per class after pruning (default 10). */
  keep?: number;
}

/** A fitted VI classifier (plain data). */
export interface ViClassifier {
  /** Pruned per-class models; features are |p(z)| for their generators, class by class. */
  readonly models: VanishingModel[];
  /** The softmax layer on the concatenated features |p(z)| (see {@link viFeatures}). */
  readonly softmax: SoftmaxModel;
}

/**
 * Features |p_g(x_i)| of every generator of every model, concatenated class by class.
 * Cost: one {@link evaluateGenerators} per model, plus N·Σ G_c memory.
 *
 * @returns N×(Σ G_c) matrix.
 * @throws ManifoldError `EMPTY_INPUT`, `RAGGED_INPUT`, `NON_FINITE` for bad points;
 *   `DIMENSION_MISMATCH` when points do not have a model's inputDim columns.
 * @example
 * ```ts
 * import { fitVanishingIdeal, viFeatures } from "manifold-geom";
 * const ring = (r: number) => Array.from({ length: 12 }, (_, i) => [r * Math.cos(i / 2), r * Math.sin(i / 2)]);
 * const models = [ring(1), ring(2)].map((X) => fitVanishingIdeal(X, { psi: 0, maxDegree: 2 }));
 * // Each ring has one generator, (x² + y² − r²)/√(2 + r⁴): on the unit circle the first
 * // feature vanishes and the second is |1 − 4|/√18.
 * const F = viFeatures(models, [[1, 0]]);
 * console.log(F.cols, F.data[0] < 1e-12, Math.abs(F.data[1] - 3 / Math.sqrt(18)) < 1e-12); // 2 true true
 * ```
 */
export function viFeatures(models: readonly VanishingModel[], points: MatrixInput): Matrix {
  const X = toMatrix(points, "points");
  const parts = models.map((m) => evaluateGenerators(m, X));
  const F = parts.reduce((s, p) => s + p.cols, 0);
  const out = new Float64Array(X.rows * F);
  let off = 0;
  for (const p of parts) {
    for (let i = 0; i < X.rows; i++)
      for (let g = 0; g < p.cols; g++) out[i * F + off + g] = Math.abs(p.data[i * p.cols + g]);
    off += p.cols;
  }
  return { rows: X.rows, cols: F, data: out };
}

/**
 * Fit a VI classifier: ABM generators per class ({@link fitVanishingIdeal} with `options`,
 * scale default "tanh" here), pruned to `keep` per class by {@link pruneGenerators}, then a
 * softmax layer ({@link fitSoftmax}) on the features |p(z)|.
 * Cost: C ABM fits + pruning + O(epochs·N·F·C) training.
 *
 * @param dataByClass - the training points of class c at index c (C ≥ 2, same column count).
 * @param options - see {@link ViClassifierOptions}: ABM defaults except scale "tanh" (so that
 *   monomials of large-valued data stay bounded), keep 10, softmax defaults.
 * @throws ManifoldError `INVALID_PARAMETER` for fewer than 2 classes or when no class has a
 *   generator (raise ψ or maxDegree); errors of the steps above.
 * @example
 * ```ts
 * import { fitViClassifier, predict } from "manifold-geom";
 * // Class 0 on the circle of radius 1, class 1 on the circle of radius 2.
 * const ring = (r: number) =>
 *   Array.from({ length: 16 }, (_, i) => [r * Math.cos(i / 2.5), r * Math.sin(i / 2.5)]);
 * const clf = fitViClassifier([ring(1), ring(2)], { scale: "none", maxDegree: 2, epochs: 100 });
 * console.log(predict(clf, [[0, 1], [-2, 0], [0.8, -0.6]])); // Int32Array(3) [ 0, 1, 0 ]
 * ```
 */
export function fitViClassifier(
  dataByClass: readonly MatrixInput[],
  options: ViClassifierOptions = {},
): ViClassifier {
  if (dataByClass.length < 2) {
    throw new ManifoldError("INVALID_PARAMETER", "fitViClassifier needs at least 2 classes.");
  }
  const mats = dataByClass.map((d, c) => toMatrix(d, `dataByClass[${c}]`));
  const fitted = mats.map((X) => fitVanishingIdeal(X, { scale: "tanh", ...options }));
  const models = pruneGenerators(fitted, mats, { keep: options.keep ?? 10 });
  const total = models.reduce((s, m) => s + m.generators.length, 0);
  if (total === 0) {
    throw new ManifoldError(
      "INVALID_PARAMETER",
      "no class has a vanishing generator at this psi and maxDegree; raise psi or maxDegree.",
    );
  }
  const N = mats.reduce((s, X) => s + X.rows, 0);
  const n = mats[0].cols;
  const all = new Float64Array(N * n);
  const labels = new Int32Array(N);
  let r = 0;
  mats.forEach((X, c) => {
    all.set(X.data, r * n);
    labels.fill(c, r, r + X.rows);
    r += X.rows;
  });
  const features = viFeatures(models, { rows: N, cols: n, data: all });
  const softmax = fitSoftmax(features, labels, mats.length, options);
  return { models, softmax };
}

/**
 * Predicted class of each row of `points`: argmax of {@link softmaxProba} on
 * {@link viFeatures}. Cost: the features plus O(N·F·C).
 *
 * @throws ManifoldError `EMPTY_INPUT`, `RAGGED_INPUT`, `NON_FINITE` for bad points;
 *   `DIMENSION_MISMATCH` when points do not have the training column count.
 * @example
 * ```ts
 * import { fitViClassifier, predict } from "manifold-geom";
 * const line = (c: number) => Array.from({ length: 10 }, (_, i) => [i / 9, c]); // the line y = c
 * const clf = fitViClassifier([line(0), line(1)], { scale: "none", maxDegree: 1, epochs: 100 });
 * console.log(predict(clf, [[0.5, 0.05], [0.2, 0.95]])); // Int32Array(2) [ 0, 1 ]
 * ```
 */
export function predict(classifier: ViClassifier, points: MatrixInput): Int32Array {
  return argmaxRows(softmaxProba(classifier.softmax, viFeatures(classifier.models, points)));
}
