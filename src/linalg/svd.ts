/**
 * Thin singular value decomposition by pivoted Householder QR followed by
 * one-sided (Hestenes) Jacobi on Rᵀ.
 *
 * @module
 */
import { ManifoldError } from "../errors/index.js";
import type { Matrix } from "../matrix/index.js";
import { dot } from "./blas1.js";
import { requireFiniteMatrix, requireShape } from "./checks.js";
import {
  applyQt,
  extractR,
  formQt,
  householderQRt,
  norm2,
  type QRtFactors,
  scaledTranspose,
} from "./householder.js";
import { gemm } from "./matmul.js";
import { transposeData } from "./transpose.js";

/** Result of {@link svd}. */
export interface SvdResult {
  /** m×r with orthonormal columns (left singular vectors). */
  U: Matrix;
  /** The r = min(m, n) singular values, descending, ≥ 0. */
  s: Float64Array;
  /** n×r with orthonormal columns (right singular vectors). */
  V: Matrix;
}

const EPS = 2.220446049250313e-16;
const MAX_SWEEPS = 60;
/** Singular values below this fraction of the largest are returned as exact zeros. */
const ZERO_FRACTION = 1e-150;

/**
 * Thin SVD A = U·diag(s)·Vᵀ, s descending, r = min(m, n).
 *
 * Method (for m ≥ n; a wide A is handled through Aᵀ): scale A by a power of
 * two, pivoted Householder QR A·P = Q·R (for m ≥ 2n as a blocked, gemm-based
 * unpivoted QR A = Q₁·R₁ followed by the pivoted QR R₁·P = Q₂·R of the small
 * R₁, Q = Q₁Q₂), one-sided Jacobi on the columns of Rᵀ until every pair is
 * orthogonal to n·ε relative to their norms, then U = Q·(rotations) applied
 * as blocked reflectors (Q, or Q₁, is never formed), V = P·(normalised Jacobi
 * columns). Never forms AᵀA:
 * singular values have absolute error O(ε·s₁), and relative error O(ε·κ(B))
 * when A = B·D with D diagonal (graded columns), so small singular values of
 * well-scaled-by-columns matrices are accurate to full relative precision.
 * Rank deficiency and the zero matrix are handled: singular vectors for zero
 * singular values complete U and V to orthonormal sets.
 *
 * Cost: about 6mn² flops for QR and U (m ≥ n), mostly in matrix products,
 * plus about 4n³ per Jacobi sweep (typically 4–8 sweeps after pivoted QR);
 * memory O(mn + n²). The input is not modified.
 *
 * @param A - m×n matrix.
 * @throws ManifoldError `NON_FINITE` for NaN/±Infinity; `DIMENSION_MISMATCH`
 *   for a malformed Matrix; `EIGEN_NOT_CONVERGED` if Jacobi needs more than 60
 *   sweeps (not observed for finite input).
 * @example
 * ```ts
 * import { fromArrays, matmul, svd, toArrays } from "manifold-geom";
 * const A = fromArrays([[3, 0], [4, 5]]); // singular values √45 and √5
 * const { U, s, V } = svd(A);
 * console.log(s[0] ** 2, s[1] ** 2); // ≈ 45 5
 * // U·diag(s)·Vᵀ reproduces A.
 * const US = { rows: 2, cols: 2, data: U.data.map((u, t) => u * s[t % 2]) };
 * const Vt = { rows: 2, cols: 2, data: Float64Array.of(V.data[0], V.data[2], V.data[1], V.data[3]) };
 * console.log(toArrays(matmul(US, Vt)).map((r) => r.map((v) => +v.toFixed(10)))); // [ [ 3, 0 ], [ 4, 5 ] ]
 * ```
 */
export function svd(A: Matrix): SvdResult {
  requireShape(A, "svd");
  requireFiniteMatrix(A, "svd");
  const m = A.rows;
  const n = A.cols;
  if (m >= n) {
    const r = svdTall(A.data, m, n);
    return {
      U: { rows: m, cols: n, data: r.U },
      s: r.s,
      V: { rows: n, cols: n, data: r.V },
    };
  }
  // Aᵀ = U'ΣV'ᵀ  ⇒  A = V'ΣU'ᵀ.
  const r = svdTall(transposeData(A.data, m, n), n, m);
  return {
    U: { rows: m, cols: m, data: r.V },
    s: r.s,
    V: { rows: n, cols: m, data: r.U },
  };
}

/**
 * Singular values only (descending), same method and accuracy as {@link svd}
 * but skipping the singular vectors. Cost about 2mn² + 4n³·sweeps flops.
 * @throws ManifoldError as {@link svd}.
 * @example
 * ```ts
 * import { fromArrays, singularValues } from "manifold-geom";
 * // A rank-1 matrix u·vᵀ has one non-zero singular value |u|·|v| = √2·√8 = 4.
 * console.log(singularValues(fromArrays([[2, 2], [2, 2]]))); // Float64Array(2) [ 4, 0 ]
 * ```
 */
export function singularValues(A: Matrix): Float64Array {
  requireShape(A, "singularValues");
  requireFiniteMatrix(A, "singularValues");
  const m = A.rows;
  const n = A.cols;
  return m >= n
    ? svdTall(A.data, m, n, false).s
    : svdTall(transposeData(A.data, m, n), n, m, false).s;
}

interface TallSVD {
  U: Float64Array;
  s: Float64Array;
  V: Float64Array;
}

/** SVD of row-major a (m×n, m ≥ n). U m×n, V n×n row-major. */
function svdTall(a: Float64Array, m: number, n: number, wantVectors = true): TallSVD {
  const { at, scale } = scaledTranspose(a, m, n);
  // Tall A: unpivoted (blocked, gemm-rich) QR A = Q₁·R₁ first, then the
  // pivoted QR R₁·P = Q₂·R on the small n×n R₁. Both are column-wise backward
  // stable, so A·P = Q₁Q₂·R keeps the accuracy of a pivoted QR of A.
  const twoStage = m >= 2 * n && n >= 8;
  let q1: QRtFactors | null = null;
  let pat = at;
  let pm = m;
  if (twoStage) {
    q1 = householderQRt(at, n, m, false);
    pat = upperTransposed(at, n, m, q1.rdiag);
    pm = n;
  }
  const { tau, rdiag, perm } = householderQRt(pat, n, pm, true);
  // G = R: its rows are the columns of X = Rᵀ, on which Jacobi works.
  const G = extractR(pat, n, pm, rdiag);
  const Vt = new Float64Array(n * n);
  for (let i = 0; i < n; i++) Vt[i * n + i] = 1;
  jacobiRows(G, wantVectors ? Vt : null, n);
  const norms = new Float64Array(n);
  let smax = 0;
  for (let j = 0; j < n; j++) {
    norms[j] = norm2(G, j * n, (j + 1) * n);
    smax = Math.max(smax, norms[j]);
  }
  const order = Array.from({ length: n }, (_, j) => j).sort((x, y) => norms[y] - norms[x]);
  const s = new Float64Array(n);
  const zeroBelow = smax * ZERO_FRACTION;
  let live = 0;
  for (let j = 0; j < n; j++) {
    const v = norms[order[j]];
    if (v > zeroBelow) {
      s[j] = v / scale;
      live = j + 1;
    }
  }
  if (!wantVectors) return { U: new Float64Array(0), s, V: new Float64Array(0) };
  // X = Ux·Σ·Vxᵀ with Ux[:, j] = G_j/σ_j, Vx[:, j] = Vt row j; R = Xᵀ = Vx·Σ·Uxᵀ,
  // so A = (Q·Vx)·Σ·(P·Ux)ᵀ.
  const Uxt = new Float64Array(n * n); // row j = Ux[:, j] (sorted)
  const VtSorted = new Float64Array(n * n);
  for (let j = 0; j < n; j++) {
    const src = order[j] * n;
    VtSorted.set(Vt.subarray(src, src + n), j * n);
    if (j < live) {
      const inv = 1 / norms[order[j]];
      for (let i = 0; i < n; i++) Uxt[j * n + i] = G[src + i] * inv;
    }
  }
  completeOrthonormalRows(Uxt, n, live);
  let Ut: Float64Array;
  if (q1 === null) {
    Ut = new Float64Array(n * m);
    // Uᵀ = (Q·Vx)ᵀ: rows of [Vxᵀ, 0] with the reflectors applied.
    for (let j = 0; j < n; j++) Ut.set(VtSorted.subarray(j * n, (j + 1) * n), j * m);
    applyQt(at, n, m, tau, Ut, n);
  } else {
    // Yᵀ = (Q₂·Vx)ᵀ = Vxᵀ·Q₂ᵀ (n×n), then Uᵀ = rows of Q₁·[Y; 0].
    const q2t = formQt(pat, n, n, tau);
    const Yt = gemm(n, n, n, VtSorted, false, q2t, false).data;
    Ut = new Float64Array(n * m);
    for (let j = 0; j < n; j++) Ut.set(Yt.subarray(j * n, (j + 1) * n), j * m);
    applyQt(at, n, m, q1.tau, Ut, n);
  }
  const U = transposeData(Ut, n, m);
  const V = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    const dst = perm[i] * n;
    for (let j = 0; j < n; j++) V[dst + j] = Uxt[j * n + i];
  }
  return { U, s, V };
}

/**
 * R₁ of a QR left in At (n×m) by {@link householderQRt}, in the same
 * transposed storage: n×n, row j = column j of R₁ (zeros below the diagonal
 * of R₁, i.e. after position j in row j).
 */
function upperTransposed(
  at: Float64Array,
  n: number,
  m: number,
  rdiag: Float64Array,
): Float64Array {
  const rt = new Float64Array(n * n);
  for (let j = 0; j < n; j++) {
    rt.set(at.subarray(j * m, j * m + j), j * n);
    rt[j * n + j] = rdiag[j];
  }
  return rt;
}

/**
 * One-sided Jacobi on the n rows of G (n×n): rotate pairs of rows until
 * |g_p·g_q| ≤ n·ε·|g_p||g_q| for all p < q, applying each rotation to the rows
 * of Vt as well (when given). Rows of squared norm below 1e-300 are skipped.
 */
function jacobiRows(G: Float64Array, Vt: Float64Array | null, n: number): void {
  const tol = Math.max(n, 1) * EPS;
  // Squared row norms, recomputed each sweep and updated through rotations
  // (‖x'‖² = α − tγ, ‖y'‖² = β + tγ), recomputed outright on a large drop.
  const sq = new Float64Array(n);
  for (let sweep = 0; sweep < MAX_SWEEPS; sweep++) {
    let rotated = 0;
    for (let p = 0; p < n; p++) sq[p] = dot(G, p * n, G, p * n, n);
    for (let p = 0; p < n - 1; p++) {
      const rp = p * n;
      for (let q = p + 1; q < n; q++) {
        const rq = q * n;
        const alpha = sq[p];
        const beta = sq[q];
        if (alpha < 1e-300 || beta < 1e-300) continue;
        const gamma = dot(G, rp, G, rq, n);
        if (Math.abs(gamma) <= tol * Math.sqrt(alpha) * Math.sqrt(beta)) continue;
        rotated++;
        const zeta = (beta - alpha) / (2 * gamma);
        const az = Math.abs(zeta);
        const t = (zeta >= 0 ? 1 : -1) / (az > 1e150 ? 2 * az : az + Math.sqrt(1 + zeta * zeta));
        const c = 1 / Math.sqrt(1 + t * t);
        const s = c * t;
        rotatePair(G, rp, rq, n, c, s);
        if (Vt !== null) rotatePair(Vt, rp, rq, n, c, s);
        const na = alpha - t * gamma;
        const nbeta = beta + t * gamma;
        sq[p] = na > 0.01 * alpha ? na : dot(G, rp, G, rp, n);
        sq[q] = nbeta > 0.01 * beta ? nbeta : dot(G, rq, G, rq, n);
      }
    }
    if (rotated === 0) return;
  }
  throw new ManifoldError(
    "EIGEN_NOT_CONVERGED",
    `svd: one-sided Jacobi did not converge in ${MAX_SWEEPS} sweeps on a ${n}×${n} triangular factor. The input may be corrupted; please report it.`,
    { n, sweeps: MAX_SWEEPS },
  );
}

/** (x, y) ← (c·x − s·y, s·x + c·y) on rows starting at xi, yi of length len. */
function rotatePair(
  a: Float64Array,
  xi: number,
  yi: number,
  len: number,
  c: number,
  s: number,
): void {
  for (let i = 0; i < len; i++) {
    const x = a[xi + i];
    const y = a[yi + i];
    a[xi + i] = c * x - s * y;
    a[yi + i] = s * x + c * y;
  }
}

/**
 * Rows 0..live−1 of Y (n×n) are orthonormal; fill rows live..n−1 so that all
 * n rows are, using unit vectors e_t orthogonalised twice (Gram–Schmidt)
 * against the rows already present.
 * @internal
 */
export function completeOrthonormalRows(Y: Float64Array, n: number, live: number): void {
  let t = 0;
  for (let j = live; j < n; j++) {
    for (; t < n; t++) {
      const row = j * n;
      Y.fill(0, row, row + n);
      Y[row + t] = 1;
      for (let pass = 0; pass < 2; pass++) {
        for (let q = 0; q < j; q++) {
          let dot = 0;
          for (let i = 0; i < n; i++) dot += Y[q * n + i] * Y[row + i];
          for (let i = 0; i < n; i++) Y[row + i] -= dot * Y[q * n + i];
        }
      }
      const nrm = norm2(Y, row, row + n);
      // A unit vector keeps norm ≥ 1/√n against any set of j < n orthonormal rows for some t.
      if (nrm > 0.5 / Math.sqrt(n)) {
        for (let i = 0; i < n; i++) Y[row + i] /= nrm;
        t++;
        break;
      }
    }
  }
}
