/**
 * Dense linear algebra on row-major Float64Array matrices: products,
 * symmetric eigenproblems, SVD, QR, orthonormal bases and polar factors.
 *
 * Every routine takes an already validated {@link Matrix}; the
 * factorisations reject NaN/±Infinity with `NON_FINITE`, and no routine
 * modifies its inputs.
 *
 * @module
 */
export { matmul, matmulTransA, matmulTransB } from "./matmul.js";
export { frobeniusNorm, maxAbs } from "./norms.js";
export {
  isOrthonormal,
  type OrthonormalizeOptions,
  orthonormalityDefect,
  orthonormalize,
} from "./orthonormal.js";
export { polar } from "./polar.js";
export { type QrOptions, type QrResult, qr } from "./qr.js";
export { type SvdResult, singularValues, svd } from "./svd.js";
export { type SymEigOptions, type SymEigResult, symEig } from "./symEig.js";
export { symTridiagEig, type TridiagEigResult } from "./symTridiagEig.js";
export { transpose } from "./transpose.js";
