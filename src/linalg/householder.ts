/**
 * Householder QR kernels on transposed storage (internal).
 *
 * The matrix A (m×n, m ≥ n) is held as At (n×m, row j = column j of A), so
 * every reflector and every update runs over contiguous memory. Used by
 * {@link qr}, {@link svd} and {@link orthonormalize}.
 *
 * @module
 * @internal
 */
import { axpy, dot } from "./blas1.js";
import { pow2Scale } from "./checks.js";

/** √ε for binary64 (a literal, so that importing this module runs no code). */
const SQRT_EPS = 1.4901161193847656e-8;

/** Factorisation left in At by {@link householderQRt}. @internal */
export interface QRtFactors {
  /** Reflector scales: H_k = I − τ_k·v_k·v_kᵀ, v_k = (0…0, 1, At[k, k+1..m−1]). */
  tau: Float64Array;
  /** R_kk (the strict upper part R_kj, j > k, is At[j·m + k]). */
  rdiag: Float64Array;
  /** Column j of R (and of Q·R) is column perm[j] of A. */
  perm: Int32Array;
}

/**
 * Euclidean norm of a[from..to), safe against underflow of the squares
 * (inputs are assumed pre-scaled so that squares cannot overflow). Cost O(to − from).
 * @internal
 */
export function norm2(a: Float64Array, from: number, to: number): number {
  let s = dot(a, from, a, from, to - from);
  if (s > 1e-280) return Math.sqrt(s);
  let mx = 0;
  for (let i = from; i < to; i++) mx = Math.max(mx, Math.abs(a[i]));
  if (mx === 0) return 0;
  const inv = 1 / mx;
  s = 0;
  for (let i = from; i < to; i++) {
    const x = a[i] * inv;
    s += x * x;
  }
  return mx * Math.sqrt(s);
}

/**
 * Householder QR of A = At ᵀ in place, optionally with column pivoting
 * (largest remaining column first, LAPACK-style norm downdating with
 * recomputation on cancellation). Cost 2mn² − 2n³/3 flops, O(n) extra memory.
 * @internal
 */
export function householderQRt(at: Float64Array, n: number, m: number, pivot: boolean): QRtFactors {
  const tau = new Float64Array(n);
  const rdiag = new Float64Array(n);
  const perm = new Int32Array(n);
  for (let j = 0; j < n; j++) perm[j] = j;
  const vn1 = new Float64Array(n);
  const vn2 = new Float64Array(n);
  if (pivot) {
    for (let j = 0; j < n; j++) vn1[j] = vn2[j] = norm2(at, j * m, (j + 1) * m);
  }
  for (let k = 0; k < n; k++) {
    const rk = k * m;
    if (pivot) {
      let p = k;
      for (let j = k + 1; j < n; j++) if (vn1[j] > vn1[p]) p = j;
      if (p !== k) {
        const rp = p * m;
        for (let i = 0; i < m; i++) {
          const x = at[rk + i];
          at[rk + i] = at[rp + i];
          at[rp + i] = x;
        }
        const t = perm[k];
        perm[k] = perm[p];
        perm[p] = t;
        vn1[p] = vn1[k];
        vn2[p] = vn2[k];
      }
    }
    if (k >= m) break;
    const x0 = at[rk + k];
    const tail = norm2(at, rk + k + 1, rk + m);
    if (tail === 0) {
      tau[k] = 0;
      rdiag[k] = x0;
    } else {
      const ax = Math.abs(x0);
      const big = Math.max(ax, tail);
      const small = Math.min(ax, tail) / big;
      const nrm = big * Math.sqrt(1 + small * small);
      const alpha = x0 >= 0 ? -nrm : nrm;
      tau[k] = (alpha - x0) / alpha;
      const inv = 1 / (x0 - alpha);
      for (let i = k + 1; i < m; i++) at[rk + i] *= inv;
      rdiag[k] = alpha;
    }
    const t = tau[k];
    // Apply H_k to the remaining columns (rows of At).
    if (t !== 0) {
      for (let j = k + 1; j < n; j++) {
        const rj = j * m;
        const w = t * (at[rj + k] + dot(at, rj + k + 1, at, rk + k + 1, m - k - 1));
        at[rj + k] -= w;
        axpy(-w, at, rk + k + 1, at, rj + k + 1, m - k - 1);
      }
    }
    if (pivot) {
      for (let j = k + 1; j < n; j++) {
        if (vn1[j] === 0) continue;
        const r = Math.abs(at[j * m + k]) / vn1[j];
        const temp = Math.max(0, 1 - r * r);
        const ratio = vn1[j] / vn2[j];
        if (temp * ratio * ratio <= SQRT_EPS) {
          vn1[j] = norm2(at, j * m + k + 1, (j + 1) * m);
          vn2[j] = vn1[j];
        } else {
          vn1[j] *= Math.sqrt(temp);
        }
      }
    }
  }
  return { tau, rdiag, perm };
}

/**
 * Thin Q from the reflectors, transposed: Qt (n×m), row j = column j of
 * Q = H_0·…·H_{n−1}·[I_n; 0] (backward accumulation, 2mn² − 2n³/3 flops).
 * @internal
 */
export function formQt(at: Float64Array, n: number, m: number, tau: Float64Array): Float64Array {
  const qt = new Float64Array(n * m);
  for (let j = 0; j < n; j++) qt[j * m + j] = 1;
  for (let k = Math.min(n, m) - 1; k >= 0; k--) {
    const t = tau[k];
    if (t === 0) continue;
    const rk = k * m;
    for (let j = k; j < n; j++) {
      const rj = j * m;
      const w = t * (qt[rj + k] + dot(qt, rj + k + 1, at, rk + k + 1, m - k - 1));
      qt[rj + k] -= w;
      axpy(-w, at, rk + k + 1, qt, rj + k + 1, m - k - 1);
    }
  }
  return qt;
}

/** R (n×n row-major, upper triangular) from the factors. @internal */
export function extractR(
  at: Float64Array,
  n: number,
  m: number,
  rdiag: Float64Array,
): Float64Array {
  const R = new Float64Array(n * n);
  for (let k = 0; k < n; k++) {
    R[k * n + k] = rdiag[k];
    for (let j = k + 1; j < n; j++) R[k * n + j] = at[j * m + k];
  }
  return R;
}

/**
 * A copy of row-major A (m×n) as At (n×m), multiplied by a power of two
 * 2^−⌊log₂ max|A|⌋ so that max|At| ∈ [1, 2) (exact; keeps squares of entries
 * far from overflow and underflow). Returns the scale (1 for a zero matrix).
 * @internal
 */
export function scaledTranspose(
  a: Float64Array,
  m: number,
  n: number,
): { at: Float64Array; scale: number } {
  let amax = 0;
  for (let t = 0; t < a.length; t++) {
    const x = Math.abs(a[t]);
    if (x > amax) amax = x;
  }
  const scale = pow2Scale(amax);
  const at = new Float64Array(m * n);
  for (let i = 0; i < m; i++) {
    const ri = i * n;
    for (let j = 0; j < n; j++) at[j * m + i] = a[ri + j] * scale;
  }
  return { at, scale };
}
