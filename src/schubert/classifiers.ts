/**
 * The three SVBF classifiers of Karimov, Kirby & Peterson (2023, §5), each as
 * fit → plain model object → predict. Samples are subspaces (n×l orthonormal bases); labels are
 * integers.
 *
 * @module
 */
import { ManifoldError } from "../errors/index.js";
import { principalAngles } from "../grassmann/principalAngles.js";
import { gemm } from "../linalg/matmul.js";
import { svd } from "../linalg/svd.js";
import type { Matrix, MatrixInput } from "../matrix/index.js";
import { distanceFromAngles, type SchubertDistanceKind } from "./distance.js";
import { type FitSchubertOptions, fitData } from "./fit.js";
import { type SchubertData, toSchubertData } from "./problem.js";

/** Options shared by the classifiers: those of {@link fitSchubert}. */
export type ClassifierFitOptions = FitSchubertOptions & {
  /**
   * Classes the labels must cover (default: the distinct labels present). A listed class with no
   * training sample is an error.
   */
  classes?: ArrayLike<number>;
};

interface Labelled {
  labels: Int32Array;
  classes: number[];
}

function toLabels(
  labels: ArrayLike<number>,
  count: number,
  where: string,
  classes?: ArrayLike<number>,
): Labelled {
  if (labels === null || typeof labels !== "object" || typeof labels.length !== "number") {
    throw new ManifoldError("INVALID_PARAMETER", `${where}: labels must be an array of integers.`);
  }
  if (labels.length !== count) {
    throw new ManifoldError(
      "DIMENSION_MISMATCH",
      `${where}: ${labels.length} labels for ${count} samples; pass one label per sample.`,
      { labels: labels.length, samples: count },
    );
  }
  const out = new Int32Array(count);
  const seen = new Set<number>();
  for (let i = 0; i < count; i++) {
    const v = labels[i];
    if (typeof v !== "number" || !Number.isInteger(v) || Math.abs(v) > 2 ** 31 - 1) {
      throw new ManifoldError(
        "INVALID_PARAMETER",
        `${where}: labels[${i}] is ${String(v)}; labels must be 32-bit integers.`,
        { index: i, value: v },
      );
    }
    out[i] = v;
    seen.add(v);
  }
  let list = [...seen].sort((a, b) => a - b);
  if (classes !== undefined) {
    list = Array.from(classes);
    for (const cl of list) {
      if (!seen.has(cl)) {
        throw new ManifoldError(
          "EMPTY_INPUT",
          `${where}: class ${cl} has no training samples; give every class at least one sample or drop it from classes.`,
          { class: cl },
        );
      }
    }
    for (const v of seen) {
      if (!list.includes(v)) {
        throw new ManifoldError(
          "INVALID_PARAMETER",
          `${where}: label ${v} is not among classes [${list.join(", ")}].`,
          { label: v },
        );
      }
    }
  }
  return { labels: out, classes: list };
}

/** Samples for prediction: validated, in the model's R^n. */
function testData(samples: ReadonlyArray<MatrixInput>, n: number, where: string): SchubertData {
  const d = toSchubertData(samples, where);
  if (d.n !== n) {
    throw new ManifoldError(
      "DIMENSION_MISMATCH",
      `${where}: the samples live in R^${d.n} but the model was fitted in R^${n}.`,
      { n: d.n, expected: n },
    );
  }
  return d;
}

/** Y = KᵀX (k×l). */
function coords(K: Matrix, X: Matrix): Matrix {
  return gemm(K.cols, X.cols, K.rows, K.data, true, X.data, false);
}

/** Y·Yᵀ (k×k) = Kᵀ X Xᵀ K, the compressed projector of span(X). */
function outer(Y: Matrix): Matrix {
  return gemm(Y.rows, Y.rows, Y.cols, Y.data, false, Y.data, true);
}

function frobDist2(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i] - b[i]) ** 2;
  return s;
}

// ---------------------------------------------------------------------------------------------
// Algorithm I

/** Metric of Algorithm I between coordinates Y_i = KᵀX_i. */
export type AlgorithmIMetric = "projector" | "frobenius";

/** Options for {@link fitAlgorithmI}. */
export type AlgorithmIOptions = ClassifierFitOptions & {
  /**
   * `"projector"` (default): |Y_iY_iᵀ − Y_jY_jᵀ|_F = |Kᵀ(X_iX_iᵀ − X_jX_jᵀ)K|_F, a subspace
   * distance invariant to X_i → X_iR; `"frobenius"`: |Y_i − Y_j|_F as in the paper (depends on
   * the chosen bases; needs equal l).
   */
  metric?: AlgorithmIMetric;
};

/** Model of {@link fitAlgorithmI}: plain data. */
export interface AlgorithmIModel {
  /** Tag of the model type (for serialised models). */
  kind: "schubert-algorithm-I";
  /** The SVBF of all training samples (n×k). */
  K: Matrix;
  /** The metric between coordinates used by {@link predictAlgorithmI}. */
  metric: AlgorithmIMetric;
  /** Training features: Y_iY_iᵀ (k×k, projector) or Y_i (k×l, frobenius). */
  features: Matrix[];
  /** Label of each training sample (same order as `features`). */
  labels: Int32Array;
  /** The classes, ascending (or as given in `classes`). */
  classes: number[];
  /** F(K) of the fit. */
  objective: number;
}

/**
 * Algorithm I (paper §5.1): fit one K to all training samples, map each sample to coordinates
 * Y_i = KᵀX_i, classify by the nearest training sample (1-NN) in the chosen metric.
 * Cost: one {@link fitSchubert} plus 2·n·k·l per sample.
 *
 * @throws ManifoldError as {@link fitSchubert}; `DIMENSION_MISMATCH` for a label count ≠ sample
 *   count; `INVALID_PARAMETER` for non-integer labels or an unknown metric; `EMPTY_INPUT` for a
 *   listed class without samples.
 * @example
 * ```ts
 * import { fitAlgorithmI, predictAlgorithmI } from "manifold-geom";
 * // Lines of R³: class 0 near the x-axis, class 1 near the y-axis.
 * const line = (x: number, y: number, z: number) => {
 *   const r = Math.hypot(x, y, z);
 *   return [[x / r], [y / r], [z / r]];
 * };
 * const train = [line(1, 0.1, 0.1), line(1, -0.1, 0), line(0.1, 1, 0.1), line(-0.1, 1, 0)];
 * const model = fitAlgorithmI(train, [0, 0, 1, 1], { k: 2 });
 * console.log(predictAlgorithmI(model, [line(1, 0, -0.1), line(0, 1, 0.05)])); // Int32Array(2) [ 0, 1 ]
 * ```
 */
export function fitAlgorithmI(
  samples: ReadonlyArray<MatrixInput>,
  labels: ArrayLike<number>,
  options: AlgorithmIOptions,
): AlgorithmIModel {
  const where = "fitAlgorithmI";
  const d = toSchubertData(samples, where);
  const lab = toLabels(labels, d.r, where, options?.classes);
  const metric = options.metric ?? "projector";
  if (metric !== "projector" && metric !== "frobenius") {
    throw new ManifoldError(
      "INVALID_PARAMETER",
      `${where}: metric must be "projector" or "frobenius"; got ${String(metric)}.`,
    );
  }
  const fit = fitData(d, options, where);
  const features = d.samples.map((X) => {
    const Y = coords(fit.K, X);
    return metric === "projector" ? outer(Y) : Y;
  });
  return {
    kind: "schubert-algorithm-I",
    K: fit.K,
    metric,
    features,
    labels: lab.labels,
    classes: lab.classes,
    objective: fit.objective,
  };
}

/**
 * Predict with an {@link AlgorithmIModel}: the label of the nearest training feature
 * (ties: the earliest training sample). Cost per sample: 2·n·k·l + (#train)·k² flops.
 * @throws ManifoldError for invalid samples, another R^n, or (frobenius) another l.
 * @example
 * ```ts
 * import { fitAlgorithmI, predictAlgorithmI } from "manifold-geom";
 * // Training lines are the x- and y-axes of R³; a test line at 30° from the x-axis is nearer
 * // to the x-axis.
 * const model = fitAlgorithmI([[[1], [0], [0]], [[0], [1], [0]]], [7, 9], { k: 2 });
 * const test = [[Math.cos(Math.PI / 6)], [Math.sin(Math.PI / 6)], [0]];
 * console.log(predictAlgorithmI(model, [test])); // Int32Array(1) [ 7 ]
 * ```
 */
export function predictAlgorithmI(
  model: AlgorithmIModel,
  samples: ReadonlyArray<MatrixInput>,
): Int32Array {
  const d = testData(samples, model.K.rows, "predictAlgorithmI");
  const out = new Int32Array(d.r);
  d.samples.forEach((X, i) => {
    const Y = coords(model.K, X);
    const f = model.metric === "projector" ? outer(Y) : Y;
    let best = Number.POSITIVE_INFINITY;
    model.features.forEach((g, j) => {
      if (g.data.length !== f.data.length) {
        throw new ManifoldError(
          "DIMENSION_MISMATCH",
          `predictAlgorithmI: samples[${i}] has l = ${X.cols} columns but training sample ${j} has ${g.cols}; the "frobenius" metric needs equal l (use "projector").`,
        );
      }
      const dist = frobDist2(f.data, g.data);
      if (dist < best) {
        best = dist;
        out[i] = model.labels[j];
      }
    });
  });
  return out;
}

// ---------------------------------------------------------------------------------------------
// Algorithm II

/** Options for {@link fitAlgorithmII}. */
export type AlgorithmIIOptions = ClassifierFitOptions;

/** Model of {@link fitAlgorithmII}: one SVBF per class. */
export interface AlgorithmIIModel {
  /** Tag of the model type (for serialised models). */
  kind: "schubert-algorithm-II";
  /** The classes, ascending (or as given in `classes`); classes[j] owns Ks[j]. */
  classes: number[];
  /** Ks[j] is the SVBF (n×k) of the training samples of classes[j]. */
  Ks: Matrix[];
  /** F(K_j) of each class fit. */
  objectives: number[];
}

/**
 * Algorithm II (paper §5.2): one K per class (an SVBF of that class's samples); a sample goes to
 * the class whose K is nearest in {@link schubertDistance} (by default its first principal angle).
 * Cost: one {@link fitSchubert} per class.
 *
 * @throws ManifoldError as {@link fitAlgorithmI}.
 * @example
 * ```ts
 * import { fitAlgorithmII } from "manifold-geom";
 * // Class 0: lines in the plane span(e₁, e₂) of R⁴; class 1: lines in span(e₃, e₄). Each class's
 * // 2-plane of best fit contains all its lines, so each objective is 1.
 * const inPlane = (a: number, first: number) => {
 *   const x = [[0], [0], [0], [0]];
 *   x[first][0] = Math.cos(a);
 *   x[first + 1][0] = Math.sin(a);
 *   return x;
 * };
 * const samples = [inPlane(0.1, 0), inPlane(1.2, 0), inPlane(0.4, 2), inPlane(2, 2)];
 * const model = fitAlgorithmII(samples, [0, 0, 1, 1], { k: 2 });
 * console.log(model.classes, model.objectives.map((f) => f.toFixed(9))); // [ 0, 1 ] [ '1.000000000', '1.000000000' ]
 * ```
 */
export function fitAlgorithmII(
  samples: ReadonlyArray<MatrixInput>,
  labels: ArrayLike<number>,
  options: AlgorithmIIOptions,
): AlgorithmIIModel {
  const where = "fitAlgorithmII";
  const d = toSchubertData(samples, where);
  const lab = toLabels(labels, d.r, where, options?.classes);
  const Ks: Matrix[] = [];
  const objectives: number[] = [];
  for (const cl of lab.classes) {
    const mine = d.samples.filter((_, i) => lab.labels[i] === cl);
    const fit = fitData(
      toSchubertData(mine, `${where}: class ${cl}`),
      options,
      `${where} (class ${cl})`,
    );
    Ks.push(fit.K);
    objectives.push(fit.objective);
  }
  return { kind: "schubert-algorithm-II", classes: lab.classes, Ks, objectives };
}

/** Options for {@link predictAlgorithmII}. */
export interface PredictAlgorithmIIOptions {
  /** Angles compared (default 1: the smallest principal angle, as in the paper). */
  c?: number;
  /** Distance kind (default "geodesic"); with c = 1 every kind ranks the same way. */
  kind?: SchubertDistanceKind;
}

/**
 * Predict with an {@link AlgorithmIIModel}: argmin over classes of d(span X, Ω_{c,k,l}(K_j))
 * (ties: the first class). Cost per sample: one principal-angle computation per class.
 * @throws ManifoldError for invalid samples, another R^n, or c > min(l, k).
 * @example
 * ```ts
 * import { fitAlgorithmII, predictAlgorithmII } from "manifold-geom";
 * const inPlane = (a: number, first: number) => {
 *   const x = [[0], [0], [0], [0]];
 *   x[first][0] = Math.cos(a);
 *   x[first + 1][0] = Math.sin(a);
 *   return x;
 * };
 * const train = [inPlane(0.1, 0), inPlane(1.2, 0), inPlane(0.4, 2), inPlane(2, 2)];
 * const model = fitAlgorithmII(train, [0, 0, 1, 1], { k: 2 });
 * // A new line of span(e₃, e₄) is at angle 0 from K₁ and π/2 from K₀.
 * console.log(predictAlgorithmII(model, [inPlane(3, 2), inPlane(-0.7, 0)])); // Int32Array(2) [ 1, 0 ]
 * ```
 */
export function predictAlgorithmII(
  model: AlgorithmIIModel,
  samples: ReadonlyArray<MatrixInput>,
  options: PredictAlgorithmIIOptions = {},
): Int32Array {
  const where = "predictAlgorithmII";
  const d = testData(samples, model.Ks[0].rows, where);
  const c = options.c ?? 1;
  const kind = options.kind ?? "geodesic";
  const out = new Int32Array(d.r);
  d.samples.forEach((X, i) => {
    let best = Number.POSITIVE_INFINITY;
    model.Ks.forEach((K, j) => {
      const m = Math.min(X.cols, K.cols);
      if (!Number.isInteger(c) || c < 1 || c > m) {
        throw new ManifoldError(
          "INVALID_PARAMETER",
          `${where}: c must be an integer in [1, min(l, k) = ${m}]; got ${String(c)}.`,
        );
      }
      const dist = distanceFromAngles(principalAngles(X, K), c, kind);
      if (dist < best) {
        best = dist;
        out[i] = model.classes[j];
      }
    });
  });
  return out;
}

// ---------------------------------------------------------------------------------------------
// Algorithm III

/** Options for {@link fitAlgorithmIII}. */
export type AlgorithmIIIOptions = ClassifierFitOptions;

/** Model of {@link fitAlgorithmIII}. */
export interface AlgorithmIIIModel {
  /** Tag of the model type (for serialised models). */
  kind: "schubert-algorithm-III";
  /** The SVBF of all training samples (n×k). */
  K: Matrix;
  /** Number of b-coordinates per sample (the fit's c). */
  c: number;
  /** The classes, ascending (or as given in `classes`); classes[j] owns centroids[j]. */
  classes: number[];
  /** centroids[j] = mean over the class's samples of b_i b_iᵀ (k×k). */
  centroids: Matrix[];
  /** F(K) of the fit. */
  objective: number;
}

/** Top-c right singular vectors B of XᵀK, as the projector B·Bᵀ (k×k, sign-free). */
function bProjector(X: Matrix, K: Matrix, c: number): Float64Array {
  const M = gemm(X.cols, K.cols, X.rows, X.data, true, K.data, false);
  const { V } = svd(M);
  const k = K.cols;
  const m = V.cols;
  const P = new Float64Array(k * k);
  for (let a = 0; a < k; a++) {
    for (let b = 0; b < k; b++) {
      let s = 0;
      for (let j = 0; j < c; j++) s += V.data[a * m + j] * V.data[b * m + j];
      P[a * k + b] = s;
    }
  }
  return P;
}

/**
 * Algorithm III (paper §5.3): fit one K to all training samples; each sample's feature is its
 * b-coordinates (top-c right singular vectors B_i of X_iᵀK, i.e. K·B_i are the vectors of span K
 * closest to span X_i), taken as the sign-free projector B_iB_iᵀ; a sample goes to the class
 * with the nearest centroid (mean of B_iB_iᵀ over the class) in Frobenius norm. This replaces
 * the paper's learned soft-max centroids by their closed-form nearest-centroid counterpart.
 * Cost: one {@link fitSchubert} plus O(k²c) per sample.
 *
 * @throws ManifoldError as {@link fitAlgorithmI}.
 * @example
 * ```ts
 * import { fitAlgorithmIII } from "manifold-geom";
 * // Lines of the xy-plane of R³ near the x-axis (class 0) and near the y-axis (class 1): K is the
 * // xy-plane, and each centroid is a rank-≤1 projector (trace 1, c = 1) in K's coordinates.
 * const line = (a: number) => [[Math.cos(a)], [Math.sin(a)], [0]];
 * const model = fitAlgorithmIII([line(0.1), line(-0.1), line(1.5), line(1.7)], [0, 0, 1, 1], { k: 2 });
 * const trace = model.centroids.map((C) => (C.data[0] + C.data[3]).toFixed(12));
 * console.log(model.objective.toFixed(12), trace); // 1.000000000000 [ '1.000000000000', '1.000000000000' ]
 * ```
 */
export function fitAlgorithmIII(
  samples: ReadonlyArray<MatrixInput>,
  labels: ArrayLike<number>,
  options: AlgorithmIIIOptions,
): AlgorithmIIIModel {
  const where = "fitAlgorithmIII";
  const d = toSchubertData(samples, where);
  const lab = toLabels(labels, d.r, where, options?.classes);
  const fit = fitData(d, options, where);
  const k = fit.K.cols;
  const c = options.c ?? 1;
  const centroids = lab.classes.map((cl) => {
    const acc = new Float64Array(k * k);
    let count = 0;
    fit.b.forEach((B, i) => {
      if (lab.labels[i] !== cl) return;
      count++;
      for (let a = 0; a < k; a++) {
        for (let b = 0; b < k; b++) {
          let s = 0;
          for (let j = 0; j < c; j++) s += B.data[a * c + j] * B.data[b * c + j];
          acc[a * k + b] += s;
        }
      }
    });
    for (let t = 0; t < acc.length; t++) acc[t] /= count;
    return { rows: k, cols: k, data: acc };
  });
  return {
    kind: "schubert-algorithm-III",
    K: fit.K,
    c,
    classes: lab.classes,
    centroids,
    objective: fit.objective,
  };
}

/**
 * Predict with an {@link AlgorithmIIIModel}: the class whose centroid is nearest to B·Bᵀ
 * (ties: the first class). Cost per sample 2·n·l·k flops plus an l×k SVD.
 * @throws ManifoldError for invalid samples, another R^n, or a sample with l < c.
 * @example
 * ```ts
 * import { fitAlgorithmIII, predictAlgorithmIII } from "manifold-geom";
 * const line = (a: number) => [[Math.cos(a)], [Math.sin(a)], [0]];
 * const model = fitAlgorithmIII([line(0.1), line(-0.1), line(1.5), line(1.7)], [0, 0, 1, 1], { k: 2 });
 * console.log(predictAlgorithmIII(model, [line(0.05), line(1.6)])); // Int32Array(2) [ 0, 1 ]
 * ```
 */
export function predictAlgorithmIII(
  model: AlgorithmIIIModel,
  samples: ReadonlyArray<MatrixInput>,
): Int32Array {
  const where = "predictAlgorithmIII";
  const d = testData(samples, model.K.rows, where);
  const out = new Int32Array(d.r);
  d.samples.forEach((X, i) => {
    if (X.cols < model.c) {
      throw new ManifoldError(
        "INVALID_PARAMETER",
        `${where}: samples[${i}] has l = ${X.cols} < c = ${model.c} columns; b-coordinates need l ≥ c.`,
      );
    }
    const P = bProjector(X, model.K, model.c);
    let best = Number.POSITIVE_INFINITY;
    model.centroids.forEach((C, j) => {
      const dist = frobDist2(P, C.data);
      if (dist < best) {
        best = dist;
        out[i] = model.classes[j];
      }
    });
  });
  return out;
}
