/**
 * Sparse symmetric eigensolver: a few extreme eigenpairs by block
 * thick-restart Lanczos ({@link lanczosEigs}).
 *
 * @module
 */
export {
  type EigResult,
  type LanczosOptions,
  type LinearOperator,
  lanczosEigs,
} from "./lanczos.js";
