/**
 * Grassmann manifold Gr(p, n): p-dimensional subspaces of R^n, each represented by an n×p
 * matrix with orthonormal columns (GUIDE §6). A geomstats-style namespace: principal angles
 * and vectors, distances, Exp/Log/geodesics, Karcher mean, flag mean and flag median.
 *
 * @example
 * ```ts
 * import { grassmann } from "manifold-geom";
 * // Two planes of R³ that share the x-axis and meet at 30° otherwise.
 * const t = Math.PI / 6;
 * const A = [[1, 0], [0, 1], [0, 0]];
 * const B = [[1, 0], [0, Math.cos(t)], [0, Math.sin(t)]];
 * const theta = grassmann.principalAngles(A, B); // [0, π/6]
 * const d = grassmann.distance(A, B, "chordal"); // sin(π/6) = 0.5
 * const mid = grassmann.geodesic(A, B)(0.5); // the plane at 15°
 * console.log(theta, d.toFixed(12), grassmann.principalAngles(A, mid)[1] * (180 / Math.PI)); // … 0.500000000000 ≈ 15
 * ```
 * @module manifold-geom/grassmann
 */
export { isOrthonormal, orthonormalize } from "../linalg/index.js";
export { distance, type GrassmannMetric } from "./distance.js";
export { exp, TANGENT_TOL } from "./exp.js";
export { type FlagMeanOptions, type FlagMeanResult, flagMean } from "./flagMean.js";
export { type FlagMedianOptions, type FlagMedianResult, flagMedian } from "./flagMedian.js";
export { geodesic } from "./geodesic.js";
export { type KarcherMeanOptions, type KarcherMeanResult, karcherMean } from "./karcherMean.js";
export { type LogOptions, log } from "./log.js";
export { principalAngles, principalAnglesMany } from "./principalAngles.js";
export { type PrincipalVectors, principalVectors } from "./principalVectors.js";
export { projectToTangent } from "./tangent.js";
export { ORTHONORMAL_TOL, toGrassmannPoint } from "./validate.js";
