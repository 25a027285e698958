/**
 * Tangent (horizontal) vectors of the Grassmann manifold.
 *
 * @module
 */
import type { Matrix, MatrixInput } from "../matrix/index.js";
import { requireCols, toMatrix } from "../matrix/index.js";
import { gramTransA, residual } from "./kernels.js";
import { requireSameAmbient, toGrassmannPoint } from "./validate.js";

/**
 * Project an n×p matrix Z onto the tangent space at Y: (I − YYᵀ)Z, the horizontal part
 * (YᵀΔ = 0) that `exp` accepts. For Z = ∇f (Euclidean gradient) this is the Riemannian
 * gradient. Cost 4·n·p² flops; returns a new matrix.
 *
 * @throws ManifoldError `DIMENSION_MISMATCH` when Z is not n×p, `NOT_ORTHONORMAL` for Y,
 *   malformed-input codes.
 * @example
 * ```ts
 * import { projectToTangent } from "manifold-geom/grassmann";
 * // At the x-axis of R², (I − YYᵀ) removes the component along the axis: (3, 4) → (0, 4).
 * console.log(projectToTangent([[1], [0]], [[3], [4]]).data); // Float64Array(2) [ 0, 4 ]
 * ```
 */
export function projectToTangent(Y: MatrixInput, Z: MatrixInput): Matrix {
  const y = toGrassmannPoint(Y, "projectToTangent: Y");
  const z = toMatrix(Z, "projectToTangent: Z");
  requireSameAmbient(y, z, "projectToTangent: Y", "projectToTangent: Z");
  requireCols(z, y.cols, "projectToTangent: Z", "the base point Y");
  const T = gramTransA(y, z, new Float64Array(y.cols * y.cols));
  return { rows: y.rows, cols: y.cols, data: residual(y, T, z, new Float64Array(y.rows * y.cols)) };
}
