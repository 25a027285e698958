/**
 * Schubert varieties of best fit (GUIDE §7; Karimov, Kirby & Peterson 2023): the K ∈ Gr(k, n)
 * whose Schubert variety Ω_{c,k,l}(K) = {V : dim(V ∩ span K) ≥ c} comes closest to a set of
 * subspaces, fitted by accelerated minorise–maximise, plus the distances and the three
 * classifiers built on it.
 *
 * @example
 * ```ts
 * import { schubert } from "manifold-geom";
 * // Lines of R³ in the xy-plane (class 0) and in the xz-plane (class 1).
 * const line = (a: number, axis: 1 | 2) =>
 *   axis === 1 ? [[Math.cos(a)], [Math.sin(a)], [0]] : [[Math.cos(a)], [0], [Math.sin(a)]];
 * const bases = [line(0.3, 1), line(1.3, 1), line(0.6, 2), line(2, 2)];
 * const fit = schubert.fitSchubert(bases.slice(0, 2), { k: 2, c: 1 }); // the xy-plane, F = 1
 * const d = schubert.schubertDistance(bases[0], fit.K, { c: 1 }); // 0: the line lies in K
 * const model = schubert.fitAlgorithmII(bases, [0, 0, 1, 1], { k: 2 });
 * const predicted = schubert.predictAlgorithmII(model, [line(2.5, 1), line(-1, 2)]);
 * console.log(fit.objective.toFixed(9), d < 1e-12, predicted); // 1.000000000 true Int32Array(2) [ 0, 1 ]
 * ```
 * @module
 */
export {
  type AlgorithmIIIModel,
  type AlgorithmIIIOptions,
  type AlgorithmIIModel,
  type AlgorithmIIOptions,
  type AlgorithmIMetric,
  type AlgorithmIModel,
  type AlgorithmIOptions,
  type ClassifierFitOptions,
  fitAlgorithmI,
  fitAlgorithmII,
  fitAlgorithmIII,
  type PredictAlgorithmIIOptions,
  predictAlgorithmI,
  predictAlgorithmII,
  predictAlgorithmIII,
} from "./classifiers.js";
export {
  type SchubertDistanceKind,
  type SchubertDistanceOptions,
  type SchubertObjectiveOptions,
  schubertDistance,
  schubertObjective,
} from "./distance.js";
export {
  type FitSchubertOptions,
  type FitSchubertResult,
  fitSchubert,
  type SchubertStart,
} from "./fit.js";
export type { SchubertObjective } from "./problem.js";
