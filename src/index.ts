/**
 * manifold-geom: manifold-learning primitives for TypeScript.
 * @packageDocumentation
 */
export * from "./errors/index.js";
export * from "./matrix/index.js";
export * from "./random/index.js";
