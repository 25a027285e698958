/**
 * The `schubert` namespace object exported from the package root: a plain object literal of
 * function references, so that a bundler drops it when unused. The same functions are also
 * exported one by one (`fitSchubert`, `schubertDistance`, `fitAlgorithmI`, …).
 *
 * @module
 */
import {
  fitAlgorithmI,
  fitAlgorithmII,
  fitAlgorithmIII,
  predictAlgorithmI,
  predictAlgorithmII,
  predictAlgorithmIII,
} from "./classifiers.js";
import { schubertDistance, schubertObjective } from "./distance.js";
import { fitSchubert } from "./fit.js";

/**
 * Schubert varieties of best fit (GUIDE §7) and the classifiers built on them:
 * `schubert.fitSchubert(subspaces, { k, c })`, `schubert.schubertDistance(X, K)`,
 * `schubert.fitAlgorithmII(data, labels, opts)` → model → `schubert.predictAlgorithmII(model, X)`.
 *
 * @namespace
 */
export const schubert = {
  /** {@inheritDoc "manifold-geom"!fitSchubert} */
  fitSchubert,
  /** {@inheritDoc "manifold-geom"!schubertDistance} */
  schubertDistance,
  /** {@inheritDoc "manifold-geom"!schubertObjective} */
  schubertObjective,
  /** {@inheritDoc "manifold-geom"!fitAlgorithmI} */
  fitAlgorithmI,
  /** {@inheritDoc "manifold-geom"!predictAlgorithmI} */
  predictAlgorithmI,
  /** {@inheritDoc "manifold-geom"!fitAlgorithmII} */
  fitAlgorithmII,
  /** {@inheritDoc "manifold-geom"!predictAlgorithmII} */
  predictAlgorithmII,
  /** {@inheritDoc "manifold-geom"!fitAlgorithmIII} */
  fitAlgorithmIII,
  /** {@inheritDoc "manifold-geom"!predictAlgorithmIII} */
  predictAlgorithmIII,
} as const;
