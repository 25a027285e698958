/**
 * The `grassmann` namespace object exported from the package root.
 *
 * A plain object literal of function references (not `export * as`), so that a bundler can drop
 * it, and the whole module, when the caller does not use it. The same functions are importable
 * one by one from the `manifold-geom/grassmann` subpath.
 *
 * @module
 */
import { isOrthonormal, orthonormalize } from "../linalg/index.js";
import { distance } from "./distance.js";
import { exp, TANGENT_TOL } from "./exp.js";
import { flagMean } from "./flagMean.js";
import { flagMedian } from "./flagMedian.js";
import { geodesic } from "./geodesic.js";
import { karcherMean } from "./karcherMean.js";
import { log } from "./log.js";
import { principalAngles, principalAnglesMany } from "./principalAngles.js";
import { principalVectors } from "./principalVectors.js";
import { projectToTangent } from "./tangent.js";
import { ORTHONORMAL_TOL, toGrassmannPoint } from "./validate.js";

/**
 * Geometry of the Grassmann manifold Gr(p, n) (GUIDE §6), as a geomstats-style namespace:
 * `grassmann.principalAngles(A, B)`, `grassmann.distance(A, B, "chordal")`,
 * `grassmann.log(Y, X)`, `grassmann.exp(Y, Δ)`, `grassmann.flagMean(points, k)`, …
 * See each function's own documentation for its formula and cost.
 *
 * @namespace
 */
export const grassmann = {
  /** {@inheritDoc "manifold-geom/grassmann"!principalAngles} */
  principalAngles,
  /** {@inheritDoc "manifold-geom/grassmann"!principalAnglesMany} */
  principalAnglesMany,
  /** {@inheritDoc "manifold-geom/grassmann"!principalVectors} */
  principalVectors,
  /** {@inheritDoc "manifold-geom/grassmann"!distance} */
  distance,
  /** {@inheritDoc "manifold-geom/grassmann"!log} */
  log,
  /** {@inheritDoc "manifold-geom/grassmann"!exp} */
  exp,
  /** {@inheritDoc "manifold-geom/grassmann"!geodesic} */
  geodesic,
  /** {@inheritDoc "manifold-geom/grassmann"!projectToTangent} */
  projectToTangent,
  /** {@inheritDoc "manifold-geom/grassmann"!karcherMean} */
  karcherMean,
  /** {@inheritDoc "manifold-geom/grassmann"!flagMean} */
  flagMean,
  /** {@inheritDoc "manifold-geom/grassmann"!flagMedian} */
  flagMedian,
  /** {@inheritDoc "manifold-geom/grassmann"!orthonormalize} */
  orthonormalize,
  /** {@inheritDoc "manifold-geom/grassmann"!isOrthonormal} */
  isOrthonormal,
  /** {@inheritDoc "manifold-geom/grassmann"!toGrassmannPoint} */
  toGrassmannPoint,
  /** {@inheritDoc "manifold-geom/grassmann"!ORTHONORMAL_TOL} */
  ORTHONORMAL_TOL,
  /** {@inheritDoc "manifold-geom/grassmann"!TANGENT_TOL} */
  TANGENT_TOL,
} as const;
