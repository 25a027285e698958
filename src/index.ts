/**
 * manifold-geom: manifold-learning primitives for TypeScript.
 *
 * Every export is a small pure function over plain data (or a type). Nothing runs at import
 * time; the package is `sideEffects: false`, so a bundler keeps only what you import.
 * Grassmann geometry is also importable on its own from `manifold-geom/grassmann`.
 *
 * @module manifold-geom
 */
export * from "./cidm/index.js";
export * from "./datasets/index.js";
export * from "./eigensolver/index.js";
export * from "./errors/index.js";
export type {
  FlagMeanOptions,
  FlagMeanResult,
  FlagMedianOptions,
  FlagMedianResult,
  GrassmannMetric,
  KarcherMeanOptions,
  KarcherMeanResult,
  LogOptions,
  PrincipalVectors,
} from "./grassmann/index.js";
export { grassmann } from "./grassmann/namespace.js";
export * from "./landmarks/index.js";
export * from "./linalg/index.js";
export * from "./matrix/index.js";
export * from "./neighbors/index.js";
export * from "./nystrom/index.js";
export * from "./parallel/index.js";
export * from "./pgd/index.js";
export * from "./random/index.js";
export * from "./schubert/index.js";
export { schubert } from "./schubert/namespace.js";
export * from "./sec/index.js";
export * from "./serialize/index.js";
export * from "./sparse/index.js";
export * from "./vanishing/index.js";
