/**
 * Schubert varieties of best fit (GUIDE §7; Karimov, Kirby & Peterson 2023): the K ∈ Gr(k, n)
 * whose Schubert variety Ω_{c,k,l}(K) = {V : dim(V ∩ span K) ≥ c} comes closest to a set of
 * subspaces, fitted by accelerated minorise–maximise, plus the distances and the three
 * classifiers built on it.
 *
 * @example
 * ```ts
 * import { schubert } from "manifold-geom";
 * const fit = schubert.fitSchubert(bases, { k: 2, c: 1 });
 * const d = schubert.schubertDistance(bases[0], fit.K, { c: 1 });
 * const model = schubert.fitAlgorithmII(train, labels, { k: 3 });
 * const predicted = schubert.predictAlgorithmII(model, test);
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
