/**
 * Approximately vanishing ideals: ABM generators of a point set, discriminative pruning, and a
 * VI-Net-style classifier on |p(z)| features.
 *
 * @module
 */
export {
  evaluateGenerators,
  type FitVanishingOptions,
  fitVanishingIdeal,
  type VanishingGenerator,
  type VanishingModel,
  type VanishingScaling,
} from "./abm.js";
export {
  argmaxRows,
  fitSoftmax,
  fitViClassifier,
  predict,
  type SoftmaxModel,
  type SoftmaxOptions,
  softmaxProba,
  type ViClassifier,
  type ViClassifierOptions,
  viFeatures,
} from "./classifier.js";
export { compareDegLex, formatPolynomial, monomialDegree, monomialKey } from "./monomials.js";
export { type PruneOptions, pruneGenerators } from "./prune.js";
