/**
 * Matrix norms.
 *
 * @module
 */
import type { Matrix } from "../matrix/index.js";

/**
 * Frobenius norm |A|_F = √(Σ_ij A_ij²), computed with a running scale so that
 * entries near 1e±200 neither overflow nor underflow. Cost 2 passes over the entries,
 * about 3·rows·cols flops, O(1) memory. Returns NaN/Infinity when an entry is non-finite.
 * Never throws (A is not validated; use `toMatrix` on user input).
 *
 * @example
 * ```ts
 * import { fromArrays, frobeniusNorm } from "manifold-geom";
 * console.log(frobeniusNorm(fromArrays([[3, 0], [0, 4]]))); // 5
 * console.log(frobeniusNorm(fromArrays([[3e200, 4e200]]))); // ≈ 5e200 (no overflow)
 * ```
 */
export function frobeniusNorm(A: Matrix): number {
  const a = A.data;
  let scale = 0;
  for (let t = 0; t < a.length; t++) scale = Math.max(scale, Math.abs(a[t]));
  if (scale === 0 || !Number.isFinite(scale)) return scale;
  const inv = 1 / scale;
  let s = 0;
  for (let t = 0; t < a.length; t++) {
    const x = a[t] * inv;
    s += x * x;
  }
  return scale * Math.sqrt(s);
}

/**
 * Largest absolute entry max_ij |A_ij| (0 for an empty matrix; NaN if any entry is NaN).
 * Cost O(rows·cols) time, O(1) memory. Never throws (A is not validated).
 *
 * @example
 * ```ts
 * import { fromArrays, maxAbs } from "manifold-geom";
 * console.log(maxAbs(fromArrays([[1, -7], [3, 2]]))); // 7
 * ```
 */
export function maxAbs(A: Matrix): number {
  const a = A.data;
  let m = 0;
  for (let t = 0; t < a.length; t++) {
    const x = Math.abs(a[t]);
    if (Number.isNaN(x)) return Number.NaN;
    if (x > m) m = x;
  }
  return m;
}
