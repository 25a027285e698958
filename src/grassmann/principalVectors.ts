/**
 * Principal vectors: the paired orthonormal bases of two subspaces that realise the
 * principal angles.
 *
 * @module
 */
import { svd } from "../linalg/index.js";
import type { Matrix, MatrixInput } from "../matrix/index.js";
import { gramTransA, mulSmall, residual } from "./kernels.js";
import { requireSameAmbient, toGrassmannPoint } from "./validate.js";

/** Result of {@link principalVectors}. */
export interface PrincipalVectors {
  /** The m = min(p, q) principal angles, ascending, in [0, π/2]. */
  angles: Float64Array;
  /** n×m orthonormal basis of a subspace of span(A); column j is u_j. */
  U: Matrix;
  /** n×m orthonormal basis of a subspace of span(B); column j is v_j, with u_jᵀv_j = cos θ_j. */
  V: Matrix;
}

/**
 * Principal vectors of validated A (n×p), B (n×q) with p ≥ q (internal; see
 * {@link principalVectors} for the algorithm).
 * @internal
 */
export function pairedVectors(A: Matrix, B: Matrix): PrincipalVectors {
  const n = A.rows;
  const p = A.cols;
  const q = B.cols;
  const M = gramTransA(A, B, new Float64Array(p * q));
  const { U: Y, s: cos, V: Z } = svd({ rows: p, cols: q, data: M });
  // Stage 1 (cosines): u_j = A y_j, v_j = B z_j, θ_j = acos σ_j.
  const U = mulSmall(A, Y.data, q);
  const V = mulSmall(B, Z.data, q);
  const angles = new Float64Array(q);
  let s = 0;
  while (s < q && cos[s] > Math.SQRT1_2) s++;
  for (let j = s; j < q; j++) angles[j] = Math.acos(Math.min(1, Math.max(0, cos[j])));
  if (s === 0) return { angles, U, V };
  // Stage 2 (sines) on the s columns with θ < π/4, whose cosines cluster near 1 and leave
  // their vectors undetermined: rotate them by the right singular vectors W of the
  // residual (I − AAᵀ)V_S, whose singular values are the sines.
  const VS = new Float64Array(n * s);
  for (let i = 0; i < n; i++) for (let j = 0; j < s; j++) VS[i * s + j] = V.data[i * q + j];
  const VSm: Matrix = { rows: n, cols: s, data: VS };
  const T = gramTransA(A, VSm, new Float64Array(p * s));
  const R = residual(A, T, VSm, new Float64Array(n * s));
  const { s: sin, V: W } = svd({ rows: n, cols: s, data: R });
  // Reverse W's columns so that the rotated columns come with ascending angles.
  const Wr = new Float64Array(s * s);
  for (let a = 0; a < s; a++)
    for (let b = 0; b < s; b++) Wr[a * s + b] = W.data[a * s + (s - 1 - b)];
  const VSrot = mulSmall(VSm, Wr, s);
  // u_j = A Aᵀ v_j / |Aᵀ v_j| for the rotated v_j (|Aᵀ v_j| = cos θ_j ≥ 1/√2).
  const T2 = gramTransA(A, VSrot, new Float64Array(p * s));
  for (let j = 0; j < s; j++) {
    let nrm = 0;
    for (let a = 0; a < p; a++) nrm += T2[a * s + j] * T2[a * s + j];
    nrm = Math.sqrt(nrm);
    for (let a = 0; a < p; a++) T2[a * s + j] /= nrm;
    angles[j] = Math.asin(Math.min(1, sin[s - 1 - j]));
  }
  const US = mulSmall(A, T2, s);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < s; j++) {
      U.data[i * q + j] = US.data[i * s + j];
      V.data[i * q + j] = VSrot.data[i * s + j];
    }
  }
  return { angles, U, V };
}

/**
 * Principal angles and vectors of span(A) and span(B): orthonormal u_1..u_m ∈ span(A) and
 * v_1..v_m ∈ span(B), m = min(p, q), with u_jᵀv_l = δ_jl cos θ_j and θ ascending.
 *
 * Algorithm: the SVD AᵀB = Y diag(σ) Zᵀ gives u_j = A y_j, v_j = B z_j, θ_j = acos σ_j. For the
 * angles below π/4 (σ_j > 1/√2) the cosines cluster near 1 and their vectors are ill
 * determined, so those columns V_S are rotated by the right singular vectors of the residual
 * (I − AAᵀ)V_S (its singular values are sin θ_j, giving θ_j = asin), and
 * u_j = AAᵀv_j/|Aᵀv_j|. Angles then have absolute error O(ε) and the vectors of well separated
 * angles error O(ε/gap). (When p < q the roles of A and B are swapped internally.)
 *
 * Cost: 2·n·p·q flops for AᵀB, 4·n·m·max(p, q) to form the vectors, the SVD of a p×q matrix
 * and, when some angle is below π/4, the SVD of an n×s matrix (s = number of such angles)
 * plus O(n·p·s) flops. Memory O(n·m).
 *
 * @param A - n×p orthonormal basis.
 * @param B - n×q orthonormal basis.
 * @throws ManifoldError `NOT_ORTHONORMAL`, `DIMENSION_MISMATCH`, and malformed-input codes as
 *   for `principalAngles`.
 * @example
 * ```ts
 * import { principalVectors } from "manifold-geom/grassmann";
 * // The xy-plane and the plane spanned by e₁ and (0, cos t, sin t): u₁ = v₁ = ±e₁ at angle 0,
 * // then u₂ = ±e₂ and v₂ = ±(0, cos t, sin t) at angle t.
 * const t = 0.4;
 * const B = [[1, 0], [0, Math.cos(t)], [0, Math.sin(t)]];
 * const { angles, U, V } = principalVectors([[1, 0], [0, 1], [0, 0]], B);
 * const cos2 = U.data[1] * V.data[1] + U.data[3] * V.data[3] + U.data[5] * V.data[5]; // u₂ᵀv₂
 * const close = (a: number, b: number) => Math.abs(a - b) < 1e-15;
 * console.log(close(angles[0], 0), close(angles[1], t), close(cos2, Math.cos(t))); // true true true
 * ```
 */
export function principalVectors(A: MatrixInput, B: MatrixInput): PrincipalVectors {
  const a = toGrassmannPoint(A, "principalVectors: A");
  const b = toGrassmannPoint(B, "principalVectors: B");
  requireSameAmbient(a, b, "principalVectors: A", "principalVectors: B");
  if (a.cols >= b.cols) return pairedVectors(a, b);
  const r = pairedVectors(b, a);
  return { angles: r.angles, U: r.V, V: r.U };
}
