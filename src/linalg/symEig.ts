/**
 * All eigenpairs of a dense symmetric matrix: Householder reduction to
 * tridiagonal form, then implicit QL on the tridiagonal matrix.
 *
 * @module
 */
import { ManifoldError } from "../errors/index.js";
import type { Matrix } from "../matrix/index.js";
import { axpy, dot } from "./blas1.js";
import { pow2Scale, requireFiniteMatrix, requireShape } from "./checks.js";
import { applyQt } from "./householder.js";
import { gemm } from "./matmul.js";
import { sortEigenpairs, tridiagQL } from "./symTridiagEig.js";

/** Order from which the back-transformation Q is formed with blocked WY updates. */
const BLOCKED_Q_MIN = 64;
/** Order from which the tridiagonalisation runs in panels (LAPACK DLATRD-style). */
const BLOCKED_TRIDIAG_MIN = 64;
/** Reflectors per panel of the blocked tridiagonalisation. */
const TRIDIAG_NB = 32;

/** Options for {@link symEig}. */
export interface SymEigOptions {
  /**
   * Largest accepted asymmetry max_ij |A_ij − A_ji| relative to max_ij |A_ij|
   * (default 1e-10: round-off from forming a symmetric matrix passes, a
   * genuinely non-symmetric matrix does not). The routine uses (A + Aᵀ)/2.
   */
  symmetryTol?: number;
}

/** Result of {@link symEig}. */
export interface SymEigResult {
  /** Eigenvalues in ascending order. */
  values: Float64Array;
  /** n×n orthogonal matrix; column j is the unit eigenvector of `values[j]`. */
  vectors: Matrix;
}

/**
 * Eigen-decomposition A = V·diag(λ)·Vᵀ of a symmetric matrix, λ ascending.
 *
 * Method: Householder tridiagonalisation T = QᵀAQ (4/3·n³ flops for T, 4/3·n³
 * for Q), then implicit QL on T with the rotations accumulated into Q (about
 * 6n³ flops). Backward stable: |A − VΛVᵀ| = O(n·ε·|A|), VᵀV = I to O(n·ε);
 * eigenvalues have absolute error O(ε·|A|₂), so tiny eigenvalues of a
 * large-norm matrix carry only absolute accuracy. Memory: 3 n×n arrays.
 * The input is not modified.
 *
 * @param A - n×n symmetric matrix.
 * @param options - see {@link SymEigOptions}.
 * @throws ManifoldError `DIMENSION_MISMATCH` when A is not square;
 *   `NON_FINITE` for NaN/±Infinity entries; `INVALID_PARAMETER` when
 *   |A_ij − A_ji| > symmetryTol·max|A| (naming the worst (i, j)) or the option
 *   is invalid; `EIGEN_NOT_CONVERGED` if the QL iteration fails.
 * @example
 * ```ts
 * import { fromArrays, symEig } from "manifold-geom";
 * // [[2, 1], [1, 2]] has eigenvalues 1 and 3 with eigenvectors (1, −1)/√2 and (1, 1)/√2.
 * const { values, vectors } = symEig(fromArrays([[2, 1], [1, 2]]));
 * console.log(Array.from(values, (v) => +v.toFixed(12))); // [ 1, 3 ]
 * console.log(Math.abs(vectors.data[1] * vectors.data[3]).toFixed(12)); // 0.500000000000
 * ```
 */
export function symEig(A: Matrix, options: SymEigOptions = {}): SymEigResult {
  const symmetryTol = options.symmetryTol ?? 1e-10;
  if (typeof symmetryTol !== "number" || !(symmetryTol >= 0)) {
    throw new ManifoldError(
      "INVALID_PARAMETER",
      `symEig: symmetryTol must be a number >= 0; got ${String(symmetryTol)}.`,
      { name: "symmetryTol", value: symmetryTol },
    );
  }
  requireShape(A, "symEig");
  const n = A.rows;
  if (A.cols !== n) {
    throw new ManifoldError(
      "DIMENSION_MISMATCH",
      `symEig: A must be square; got ${A.rows}×${A.cols}.`,
      { rows: A.rows, cols: A.cols },
    );
  }
  requireFiniteMatrix(A, "symEig");
  const { a, scale } = symmetrizedCopy(A, symmetryTol);
  const d = new Float64Array(n);
  const e = new Float64Array(n);
  const tau = new Float64Array(n);
  tridiagonalize(a, n, d, e, tau);
  const Z = accumulateQ(a, n, tau);
  tridiagQL(d, e, Z, n);
  const { values, vectors } = sortEigenpairs(d, Z, n);
  for (let j = 0; j < n; j++) values[j] /= scale;
  return { values, vectors: vectors! };
}

/**
 * (A + Aᵀ)/2 after checking the asymmetry against tol·max|A|, multiplied by
 * the power of two `scale` that brings max|A| into [1, 2) (exact).
 */
function symmetrizedCopy(A: Matrix, tol: number): { a: Float64Array; scale: number } {
  const n = A.rows;
  const src = A.data;
  let amax = 0;
  for (let t = 0; t < src.length; t++) amax = Math.max(amax, Math.abs(src[t]));
  const scale = pow2Scale(amax);
  let worst = 0;
  let wi = 0;
  let wj = 0;
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    a[i * n + i] = src[i * n + i] * scale;
    for (let j = i + 1; j < n; j++) {
      const x = src[i * n + j];
      const y = src[j * n + i];
      const diff = Math.abs(x - y);
      if (diff > worst) {
        worst = diff;
        wi = i;
        wj = j;
      }
      const s = 0.5 * (x * scale + y * scale);
      a[i * n + j] = s;
      a[j * n + i] = s;
    }
  }
  if (worst > tol * amax) {
    throw new ManifoldError(
      "INVALID_PARAMETER",
      `symEig: A is not symmetric: |A[${wi}][${wj}] − A[${wj}][${wi}]| = ${worst} exceeds symmetryTol·max|A| = ${tol}·${amax}. Pass a symmetric matrix (e.g. (A + Aᵀ)/2) or raise symmetryTol.`,
      { row: wi, col: wj, asymmetry: worst, maxAbs: amax, symmetryTol: tol },
    );
  }
  return { a, scale };
}

/**
 * Householder tridiagonalisation in place, working on rows (= columns, by
 * symmetry) so that every inner loop is contiguous. Step k reflects row k to
 * the right of the diagonal onto e_k·(±|x|): H_k = I − τ_k v vᵀ with v₀ = 1,
 * v stored in a[k, k+1..]. On return d, e hold T and `tau` the reflector scales.
 */
/**
 * The Householder reflector that zeroes row k of `a` beyond column k + 1: stores v (v_0 = 1,
 * in place of a[k, k+1..n−1]), e[k] = β and tau[k] = τ. Returns false (τ = 0, e[k] = a[k, k+1])
 * when the row is already zero there. Cost O(n − k).
 */
function reflectRow(
  a: Float64Array,
  n: number,
  k: number,
  e: Float64Array,
  tau: Float64Array,
): boolean {
  const row = k * n;
  const x0 = a[row + k + 1];
  let tail = 0;
  for (let j = k + 2; j < n; j++) tail += a[row + j] * a[row + j];
  if (tail === 0) {
    e[k] = x0;
    tau[k] = 0;
    return false;
  }
  const norm = Math.sqrt(x0 * x0 + tail);
  const alpha = x0 >= 0 ? -norm : norm;
  const inv = 1 / (x0 - alpha);
  a[row + k + 1] = 1;
  for (let j = k + 2; j < n; j++) a[row + j] *= inv;
  e[k] = alpha;
  tau[k] = (alpha - x0) / alpha;
  return true;
}

function tridiagonalize(
  a: Float64Array,
  n: number,
  d: Float64Array,
  e: Float64Array,
  tau: Float64Array,
): void {
  if (n >= BLOCKED_TRIDIAG_MIN) {
    tridiagonalizeBlocked(a, n, d, e, tau);
    return;
  }
  const p = new Float64Array(n);
  for (let k = 0; k < n - 2; k++) {
    const row = k * n;
    d[k] = a[row + k];
    if (!reflectRow(a, n, k, e, tau)) continue;
    const t = tau[k];
    // p = τ·S·v over the trailing block S = a[k+1.., k+1..].
    const s0 = k + 1;
    let pv = 0;
    for (let i = s0; i < n; i++) {
      const acc = t * dot(a, i * n + s0, a, row + s0, n - s0);
      p[i] = acc;
      pv += acc * a[row + i];
    }
    // w = p − (τ/2)(pᵀv)·v, then S ← S − v·wᵀ − w·vᵀ.
    const half = 0.5 * t * pv;
    for (let i = s0; i < n; i++) p[i] -= half * a[row + i];
    for (let i = s0; i < n; i++) {
      const ri = i * n;
      const vi = a[row + i];
      const wi = p[i];
      for (let j = s0; j < n; j++) a[ri + j] -= vi * p[j] + wi * a[row + j];
    }
  }
  if (n >= 2) {
    d[n - 2] = a[(n - 2) * n + n - 2];
    e[n - 2] = a[(n - 2) * n + n - 1];
  }
  if (n >= 1) d[n - 1] = a[n * n - 1];
}

/**
 * The reduction of {@link tridiagonalize} in panels of TRIDIAG_NB steps
 * (the scheme of LAPACK's DLATRD/DSYTRD). Within a panel the trailing block
 * is left at its panel-start value S₀ and the current one is
 * S = S₀ − Σᵢ (vᵢwᵢᵀ + wᵢvᵢᵀ) over the panel's earlier steps: only row k is
 * brought up to date before step k, and p = τ·S·v is formed as
 * τ·(S₀v − Σᵢ (vᵢ(wᵢᵀv) + wᵢ(vᵢᵀv))). At the end of a panel the trailing
 * block is updated at once by S₀ − (V·Wᵀ + W·Vᵀ), one gemm. Same reflectors
 * and storage as the unblocked loop (up to rounding); about 2/3·n³ scalar
 * flops (the matrix–vector products) plus 4/3·n³ in gemm.
 */
function tridiagonalizeBlocked(
  a: Float64Array,
  n: number,
  d: Float64Array,
  e: Float64Array,
  tau: Float64Array,
): void {
  const p = new Float64Array(n);
  const vb = new Float64Array(TRIDIAG_NB * n);
  const wb = new Float64Array(TRIDIAG_NB * n);
  for (let k0 = 0; k0 < n - 2; k0 += TRIDIAG_NB) {
    const k1 = Math.min(n - 2, k0 + TRIDIAG_NB);
    const nb = k1 - k0;
    vb.fill(0);
    wb.fill(0);
    for (let k = k0; k < k1; k++) {
      const ii = k - k0;
      const row = k * n;
      // Bring row k (from the diagonal on) up to date with the panel's earlier steps.
      for (let i = 0; i < ii; i++) {
        const vk = vb[i * n + k];
        const wk = wb[i * n + k];
        for (let j = k; j < n; j++) a[row + j] -= vk * wb[i * n + j] + wk * vb[i * n + j];
      }
      d[k] = a[row + k];
      if (!reflectRow(a, n, k, e, tau)) continue;
      const t = tau[k];
      const s0 = k + 1;
      const len = n - s0;
      const vi0 = ii * n;
      vb.set(a.subarray(row + s0, row + n), vi0 + s0);
      // p = τ·(S₀·v − Σᵢ (vᵢ(wᵢᵀv) + wᵢ(vᵢᵀv))) on indices ≥ s0.
      for (let i = s0; i < n; i++) p[i] = dot(a, i * n + s0, a, row + s0, len);
      for (let i = 0; i < ii; i++) {
        const cw = dot(wb, i * n + s0, a, row + s0, len);
        const cv = dot(vb, i * n + s0, a, row + s0, len);
        axpy(-cw, vb, i * n + s0, p, s0, len);
        axpy(-cv, wb, i * n + s0, p, s0, len);
      }
      let pv = 0;
      for (let i = s0; i < n; i++) {
        p[i] *= t;
        pv += p[i] * a[row + i];
      }
      // w = p − (τ/2)(pᵀv)·v.
      const half = 0.5 * t * pv;
      for (let i = s0; i < n; i++) wb[vi0 + i] = p[i] - half * a[row + i];
    }
    // Trailing block (rows and columns ≥ k1) ← S₀ − V·Wᵀ − W·Vᵀ.
    const c = n - k1;
    const vt = new Float64Array(nb * c);
    const wt = new Float64Array(nb * c);
    for (let i = 0; i < nb; i++) {
      vt.set(vb.subarray(i * n + k1, (i + 1) * n), i * c);
      wt.set(wb.subarray(i * n + k1, (i + 1) * n), i * c);
    }
    const M = gemm(c, c, nb, vt, true, wt, false).data;
    for (let r = 0; r < c; r++) {
      const ar = (k1 + r) * n + k1;
      for (let q = 0; q < c; q++) a[ar + q] -= M[r * c + q] + M[q * c + r];
    }
  }
  d[n - 2] = a[(n - 2) * n + n - 2];
  e[n - 2] = a[(n - 2) * n + n - 1];
  d[n - 1] = a[n * n - 1];
}

/**
 * Q = H_0·…·H_{n−3}. First W = Qᵀ = H_{n−3}·…·H_0 by right-multiplying
 * M ← M·H_k for k = n−3..0 (M's rows ≤ k are still unit vectors at step k, so
 * only rows and columns > k are touched, all contiguously), then transpose.
 * Cost 4/3·n³ flops. From n = BLOCKED_Q_MIN on, Q is formed instead by
 * blocked (compact WY) backward accumulation, the same flops mostly in gemm.
 */
function accumulateQ(a: Float64Array, n: number, tau: Float64Array): Float64Array {
  const W = new Float64Array(n * n);
  if (n >= BLOCKED_Q_MIN) {
    // Reflector k acts on coordinates k+1..n−1: as an (n−1)-dimensional
    // QR-style reflector k (unit at k, tail at k+1..) in At' (row stride n−1),
    // Q = diag(1, Q'), Q' = H'_0·…·H'_{n−3}, formed with blocked WY updates.
    const m = n - 1;
    const nr = n - 2;
    const at = new Float64Array(nr * m);
    for (let k = 0; k < nr; k++) at.set(a.subarray(k * n + 1, (k + 1) * n), k * m);
    const qt = new Float64Array(m * m);
    for (let i = 0; i < m; i++) qt[i * m + i] = 1;
    applyQt(at, nr, m, tau, qt, m, true);
    // Rows of qt are the columns of Q': Q[i+1][j+1] = qt[j][i].
    W[0] = 1;
    for (let j = 0; j < m; j++) {
      const src = j * m;
      for (let i = 0; i < m; i++) W[(i + 1) * n + j + 1] = qt[src + i];
    }
    return W;
  }
  for (let i = 0; i < n; i++) W[i * n + i] = 1;
  for (let k = n - 3; k >= 0; k--) {
    const t = tau[k];
    if (t === 0) continue;
    const vrow = k * n;
    const s0 = k + 1;
    for (let i = s0; i < n; i++) {
      const ri = i * n;
      const w = t * dot(W, ri + s0, a, vrow + s0, n - s0);
      axpy(-w, a, vrow + s0, W, ri + s0, n - s0);
    }
  }
  // In-place transpose.
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const x = W[i * n + j];
      W[i * n + j] = W[j * n + i];
      W[j * n + i] = x;
    }
  }
  return W;
}
