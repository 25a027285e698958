/**
 * On-manifold projected gradient descent (GUIDE §5): adversarial walks that stay on a class
 * manifold learned by CIDM, stepping along SEC tangent directions and projecting back with
 * Nyström.
 *
 * @module
 */
export {
  type OnManifoldPGDOptions,
  type OnManifoldPGDResult,
  onManifoldPGD,
  type PgdLabel,
} from "./pgd.js";
