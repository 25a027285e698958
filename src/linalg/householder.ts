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
import { gemm } from "./matmul.js";

/** √ε for binary64 (a literal, so that importing this module runs no code). */
const SQRT_EPS = 1.4901161193847656e-8;
/** Reflectors per block in the blocked (compact WY) kernels. */
const NB = 16;
/** Below this many rows·columns² the unblocked kernels are used. */
const BLOCKED_MIN_WORK = 64 * 64 * 64;

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
 * recomputation on cancellation). Without pivoting, large problems run in
 * panels with compact WY trailing updates through gemm (see blockedQRt).
 * Cost 2mn² − 2n³/3 flops, O(n) extra memory (O(m·NB) when blocked).
 * @internal
 */
export function householderQRt(at: Float64Array, n: number, m: number, pivot: boolean): QRtFactors {
  if (!pivot && m >= n && n > NB && m * n * n >= BLOCKED_MIN_WORK) return blockedQRt(at, n, m);
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
    makeReflector(at, m, k, tau, rdiag);
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
 * Q = H_0·…·H_{n−1}·[I_n; 0] (backward accumulation, 2mn² − 2n³/3 flops;
 * blocks of NB reflectors at a time through gemm for large problems).
 * @internal
 */
export function formQt(at: Float64Array, n: number, m: number, tau: Float64Array): Float64Array {
  const qt = new Float64Array(n * m);
  for (let j = 0; j < n; j++) qt[j * m + j] = 1;
  if (n > NB && m * n * n >= BLOCKED_MIN_WORK) {
    applyQt(at, n, m, tau, qt, n, true);
    return qt;
  }
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

/**
 * Make the Householder reflector for row k of At (column k of A) from
 * position k on: stores v (implicit leading 1) in At[k, k+1..m−1], returns
 * τ and R_kk in tau[k], rdiag[k]. Cost O(m − k).
 */
function makeReflector(
  at: Float64Array,
  m: number,
  k: number,
  tau: Float64Array,
  rdiag: Float64Array,
): void {
  const rk = k * m;
  const x0 = at[rk + k];
  const tail = norm2(at, rk + k + 1, rk + m);
  if (tail === 0) {
    tau[k] = 0;
    rdiag[k] = x0;
    return;
  }
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

/**
 * Unpivoted Householder QR in panels of NB columns: each panel is factored
 * column by column, then the block reflector I − V·T·Vᵀ (compact WY) is
 * applied to the remaining columns with two matrix products. Same storage
 * and the same reflectors (up to rounding) as the unblocked loop; cost
 * 2mn² − 2n³/3 flops, mostly in {@link gemm}.
 */
function blockedQRt(at: Float64Array, n: number, m: number): QRtFactors {
  const tau = new Float64Array(n);
  const rdiag = new Float64Array(n);
  const perm = new Int32Array(n);
  for (let j = 0; j < n; j++) perm[j] = j;
  for (let k0 = 0; k0 < n; k0 += NB) {
    const k1 = Math.min(n, k0 + NB);
    for (let k = k0; k < k1; k++) {
      makeReflector(at, m, k, tau, rdiag);
      const t = tau[k];
      if (t === 0) continue;
      const rk = k * m;
      for (let j = k + 1; j < k1; j++) {
        const rj = j * m;
        const w = t * (at[rj + k] + dot(at, rj + k + 1, at, rk + k + 1, m - k - 1));
        at[rj + k] -= w;
        axpy(-w, at, rk + k + 1, at, rj + k + 1, m - k - 1);
      }
    }
    if (k1 < n) {
      const nb = k1 - k0;
      const c0 = firstColumn(k0, m);
      const vt = panelVt(at, m, k0, nb, c0);
      const T = blockT(vt, m - c0, nb, tau, k0);
      // The panel's Qᵀ = I − V·Tᵀ·Vᵀ on the trailing columns.
      applyBlock(at, m, k1, n - k1, c0, vt, nb, T, true);
    }
  }
  return { tau, rdiag, perm };
}

/**
 * First column a block of reflectors starting at k0 is worked on: k0 (they
 * are zero before it), or 0 when k0 < m/8, where skipping the zero columns
 * saves less than copying the sub-block would cost.
 */
function firstColumn(k0: number, m: number): number {
  return 8 * k0 < m ? 0 : k0;
}

/**
 * Explicit Vᵀ (nb×(m − c0)) of reflectors k0..k0+nb−1 (c0 ≤ k0) restricted
 * to positions c0..m−1: unit diagonal, zeros before it.
 */
function panelVt(at: Float64Array, m: number, k0: number, nb: number, c0: number): Float64Array {
  const w = m - c0;
  const vt = new Float64Array(nb * w);
  for (let i = 0; i < nb; i++) {
    const k = k0 + i;
    const row = i * w + k - c0;
    vt[row] = 1;
    vt.set(at.subarray(k * m + k + 1, (k + 1) * m), row + 1);
  }
  return vt;
}

/**
 * Upper triangular T (nb×nb) with H_{k0}·…·H_{k0+nb−1} = I − V·T·Vᵀ
 * (forward columnwise, as LAPACK's DLARFT): T_ii = τ_i,
 * T[0:i, i] = −τ_i·T[0:i, 0:i]·(Vᵀv_i)[0:i]. Cost 2·nb²·w flops (one gemm).
 */
function blockT(
  vt: Float64Array,
  w: number,
  nb: number,
  tau: Float64Array,
  k0: number,
): Float64Array {
  const S = gemm(nb, nb, w, vt, false, vt, true).data;
  const T = new Float64Array(nb * nb);
  const z = new Float64Array(nb);
  for (let i = 0; i < nb; i++) {
    const ti = tau[k0 + i];
    T[i * nb + i] = ti;
    for (let r = 0; r < i; r++) {
      let acc = 0;
      for (let c = r; c < i; c++) acc += T[r * nb + c] * S[c * nb + i];
      z[r] = acc;
    }
    for (let r = 0; r < i; r++) T[r * nb + i] = -ti * z[r];
  }
  return T;
}

/**
 * On the block rows r0..r0+c−1, columns k0..ld−1 of Ct (row stride ld; row j
 * = column j of C; k0 here is the first column worked on, see firstColumn) apply (I − V·T'·Vᵀ) to C, with T' = Tᵀ when `transT`
 * (the block's Qᵀ) else T (its Q): Ct ← Ct − (Ct·V)·T'ᵀ·Vᵀ, V given as
 * Vᵀ (nb×(ld − k0)). Cost 4·c·(ld − k0)·nb flops in two gemm calls.
 */
function applyBlock(
  ct: Float64Array,
  ld: number,
  r0: number,
  c: number,
  k0: number,
  vt: Float64Array,
  nb: number,
  T: Float64Array,
  transT: boolean,
): void {
  const w = ld - k0;
  let sub: Float64Array;
  if (k0 === 0) sub = ct.subarray(r0 * ld, (r0 + c) * ld);
  else {
    sub = new Float64Array(c * w);
    for (let j = 0; j < c; j++) sub.set(ct.subarray((r0 + j) * ld + k0, (r0 + j + 1) * ld), j * w);
  }
  const W = gemm(c, nb, w, sub, false, vt, true).data;
  // W2 = W·T'ᵀ: with T' = Tᵀ that is W·T, else W·Tᵀ.
  const W2 = new Float64Array(c * nb);
  for (let j = 0; j < c; j++) {
    const rw = j * nb;
    for (let i = 0; i < nb; i++) {
      let acc = 0;
      if (transT) for (let r = 0; r <= i; r++) acc += W[rw + r] * T[r * nb + i];
      else for (let r = i; r < nb; r++) acc += W[rw + r] * T[i * nb + r];
      W2[rw + i] = acc;
    }
  }
  const P = gemm(c, w, nb, W2, false, vt, false).data;
  if (k0 === 0) {
    for (let t = 0; t < c * w; t++) sub[t] -= P[t];
    return;
  }
  for (let j = 0; j < c; j++) {
    const dst = (r0 + j) * ld + k0;
    const src = j * w;
    for (let i = 0; i < w; i++) ct[dst + i] = sub[src + i] - P[src + i];
  }
}

/**
 * Ct (c×m, row j = column j of an m×c matrix C) ← rows of Q·C, with
 * Q = H_0·…·H_{n−1} the reflectors left in At by {@link householderQRt}.
 * Blocks of NB reflectors are applied last to first as compact WY updates,
 * each on columns ≥ its first reflector index only (4·c·m·n flops, mostly in
 * gemm). With `identityStart` (C = [I_c; 0], forming Q explicitly) rows
 * j < k0 of Ct are still e_j when block k0 is applied, so they are skipped
 * too, for 4/3·n³-like cost on square Q.
 * @internal
 */
export function applyQt(
  at: Float64Array,
  n: number,
  m: number,
  tau: Float64Array,
  ct: Float64Array,
  c: number,
  identityStart = false,
): void {
  const kmax = Math.min(n, m);
  const nblocks = Math.ceil(kmax / NB);
  for (let b = nblocks - 1; b >= 0; b--) {
    const k0 = b * NB;
    const nb = Math.min(kmax, k0 + NB) - k0;
    const c0 = firstColumn(k0, m);
    const vt = panelVt(at, m, k0, nb, c0);
    const T = blockT(vt, m - c0, nb, tau, k0);
    const r0 = identityStart ? Math.min(k0, c) : 0;
    if (r0 < c) applyBlock(ct, m, r0, c - r0, c0, vt, nb, T, false);
  }
}
