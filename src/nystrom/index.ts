/**
 * Nyström extension, function extension and projection onto the manifold learned by CIDM,
 * with their gradients (GUIDE §3).
 *
 * @module
 */
export {
  type EvaluateOptions,
  evaluate,
  type NystromExtender,
  type NystromExtendOptions,
  type NystromFunctionOptions,
  nystromExtend,
  nystromFunction,
} from "./extend.js";
export {
  type NystromGradientOptions,
  nystromGradient,
  nystromJacobian,
  restrictGradient,
} from "./gradient.js";
export { DEFAULT_LAMBDA_MIN } from "./model.js";
export { type NystromProjection, type NystromProjectOptions, nystromProject } from "./project.js";
