/**
 * Spectral exterior calculus (SEC) on vector fields (GUIDE §4; Berry & Giannakis): smooth,
 * tangent vector fields of a manifold learned by CIDM, ordered by Dirichlet energy, and the
 * tangent bases and projectors they give at any point.
 *
 * @module
 */
export { type EvaluateFieldsOptions, evaluateFields, secFields } from "./fields.js";
export {
  projectOnto,
  type TangentBasis,
  type TangentBasisOptions,
  tangentBasis,
} from "./tangent.js";
export type { SecBasis, SecFields, SecOptions } from "./types.js";
