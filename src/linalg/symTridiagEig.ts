/**
 * Eigenvalues and eigenvectors of a real symmetric tridiagonal matrix by the
 * implicitly shifted QL algorithm (Wilkinson shift, Givens sweeps).
 *
 * @module
 */
import { ManifoldError } from "../errors/index.js";
import type { Matrix } from "../matrix/index.js";
import { hypot2, pow2Scale } from "./checks.js";

/** Result of {@link symTridiagEig}. */
export interface TridiagEigResult {
  /** Eigenvalues in ascending order. */
  values: Float64Array;
  /** n×n, column j is the unit eigenvector of `values[j]` (present when vectors were requested). */
  vectors?: Matrix;
}

/** Most QL sweeps spent on one eigenvalue before giving up (LAPACK's steqr allows 30 on average). */
const MAX_SWEEPS_PER_VALUE = 60;
const EPS = 2.220446049250313e-16;

/**
 * All eigenpairs of the symmetric tridiagonal matrix T with diagonal `d` and
 * off-diagonal `e` (T_{i,i+1} = T_{i+1,i} = e_i).
 *
 * Method: implicit QL with Wilkinson shifts; an off-diagonal entry is treated
 * as zero when |e_i| ≤ ε(|d_i| + |d_{i+1}|). T is scaled by its largest entry
 * first, so entries near overflow/underflow are safe. Eigenvalues are accurate
 * to O(ε·|T|) absolutely; eigenvectors are orthonormal to O(n·ε).
 *
 * Cost: O(n²) flops for values only; about 6n³ flops and n² memory with
 * vectors (each Givens rotation updates two vectors of length n).
 *
 * The inputs are not modified.
 *
 * @param d - diagonal, length n ≥ 0.
 * @param e - off-diagonal, length n − 1 (empty when n ≤ 1).
 * @param wantVectors - also compute eigenvectors (default true).
 * @throws ManifoldError `DIMENSION_MISMATCH` when `e.length !== max(n − 1, 0)`;
 *   `NON_FINITE` for NaN/±Infinity entries; `EIGEN_NOT_CONVERGED` when one
 *   eigenvalue needs more than 60 sweeps (does not happen for finite input in practice).
 * @example
 * ```ts
 * import { symTridiagEig } from "manifold-geom";
 * // The path-graph matrix tridiag(−1, 2, −1) of size n has eigenvalues 2 − 2·cos(kπ/(n+1)).
 * const n = 5;
 * const { values } = symTridiagEig(new Float64Array(n).fill(2), new Float64Array(n - 1).fill(-1), false);
 * const exact = Array.from({ length: n }, (_, k) => 2 - 2 * Math.cos(((k + 1) * Math.PI) / (n + 1)));
 * console.log(Math.max(...exact.map((x, k) => Math.abs(x - values[k]))) < 1e-13); // true
 * ```
 */
export function symTridiagEig(
  d: Float64Array,
  e: Float64Array,
  wantVectors = true,
): TridiagEigResult {
  const n = d.length;
  if (e.length !== Math.max(n - 1, 0)) {
    throw new ManifoldError(
      "DIMENSION_MISMATCH",
      `symTridiagEig: diagonal d has length ${n}, so the off-diagonal e must have length ${Math.max(n - 1, 0)}; got ${e.length}.`,
      { n, eLength: e.length },
    );
  }
  for (let i = 0; i < n; i++) requireFiniteEntry(d[i], "d", i);
  for (let i = 0; i < n - 1; i++) requireFiniteEntry(e[i], "e", i);
  const dd = Float64Array.from(d);
  const ee = new Float64Array(n);
  ee.set(e);
  let Z: Float64Array | null = null;
  if (wantVectors) {
    Z = new Float64Array(n * n);
    for (let i = 0; i < n; i++) Z[i * n + i] = 1;
  }
  tridiagQL(dd, ee, Z, n);
  return sortEigenpairs(dd, Z, n);
}

function requireFiniteEntry(v: number, name: string, i: number): void {
  if (!Number.isFinite(v)) {
    throw new ManifoldError(
      "NON_FINITE",
      `symTridiagEig: ${name}[${i}] is ${v}; every entry of the tridiagonal matrix must be finite.`,
      { name, index: i, value: v },
    );
  }
}

/**
 * In-place implicit QL on (d, e) (e has length n, e[n−1] ignored). When `Z`
 * is given (`rows`×n row-major; column i = current i-th basis vector), the
 * Givens rotations of each sweep are recorded and then applied to every row
 * of Z in one pass (the rotated columns are adjacent, so one entry is carried
 * in a register), and on return column i of Z is the eigenvector of d[i] in
 * Z's original coordinates. Eigenvalues are left unsorted in d.
 * @internal
 */
export function tridiagQL(
  d: Float64Array,
  e: Float64Array,
  Z: Float64Array | null,
  n: number,
  rows = n,
): void {
  if (n === 0) return;
  e[n - 1] = 0;
  // Scale to max |entry| = 1 (a power of two, so scaling is exact).
  let amax = 0;
  for (let i = 0; i < n; i++) amax = Math.max(amax, Math.abs(d[i]), Math.abs(e[i]));
  if (amax === 0) return;
  const scale = pow2Scale(amax);
  if (scale !== 1) {
    for (let i = 0; i < n; i++) {
      d[i] *= scale;
      e[i] *= scale;
    }
  }
  // Absolute deflation floor ε·‖T‖ (as in EISPACK's tql2): without it an off-diagonal entry
  // next to a cluster of (numerically) zero eigenvalues, e.g. 5e-20 beside d ≈ 1e-19, never
  // meets the relative test below and the sweeps stall. Eigenvalues stay accurate to O(ε‖T‖).
  let tnorm = 0;
  for (let i = 0; i < n; i++) tnorm = Math.max(tnorm, Math.abs(d[i]) + Math.abs(e[i]));
  const floor = EPS * tnorm;
  const cs = new Float64Array(n);
  const sn = new Float64Array(n);
  for (let l = 0; l < n; l++) {
    let sweeps = 0;
    for (;;) {
      let m = l;
      for (; m < n - 1; m++) {
        const em = Math.abs(e[m]);
        if (em <= EPS * (Math.abs(d[m]) + Math.abs(d[m + 1])) || em <= floor) {
          e[m] = 0;
          break;
        }
      }
      if (m === l) break;
      if (++sweeps > MAX_SWEEPS_PER_VALUE) {
        throw new ManifoldError(
          "EIGEN_NOT_CONVERGED",
          `symTridiagEig: eigenvalue ${l} of ${n} did not converge in ${MAX_SWEEPS_PER_VALUE} QL sweeps (|e[${l}]| = ${Math.abs(e[l]) / scale}). The input is probably badly scaled or corrupted.`,
          { index: l, n, sweeps: MAX_SWEEPS_PER_VALUE },
        );
      }
      // Wilkinson shift: eigenvalue of the leading 2×2 block closest to d[l].
      let g = (d[l + 1] - d[l]) / (2 * e[l]);
      let r = hypot2(g, 1);
      g = d[m] - d[l] + e[l] / (g + (g >= 0 ? r : -r));
      let s = 1;
      let c = 1;
      let p = 0;
      let i = m - 1;
      let split = false;
      for (; i >= l; i--) {
        const f = s * e[i];
        const b = c * e[i];
        r = hypot2(f, g);
        e[i + 1] = r;
        if (r === 0) {
          // Exact deflation inside the sweep: finish the split and restart.
          d[i + 1] -= p;
          e[m] = 0;
          split = true;
          break;
        }
        s = f / r;
        c = g / r;
        g = d[i + 1] - p;
        r = (d[i] - g) * s + 2 * c * b;
        p = s * r;
        d[i + 1] = g + p;
        g = c * r - b;
        cs[i] = c;
        sn[i] = s;
      }
      // Rotations were recorded for indices i+1..m−1 (all of l..m−1 without a split).
      if (Z !== null) applySweep(Z, n, rows, split ? i + 1 : l, m, cs, sn);
      if (split) continue;
      d[l] -= p;
      e[l] = g;
      e[m] = 0;
    }
  }
  if (scale !== 1) for (let i = 0; i < n; i++) d[i] /= scale;
}

/**
 * For t = m−1 down to lo, rotate columns (t, t+1) of every row of Z:
 * (z_t, z_{t+1}) ← (c_t·z_t − s_t·z_{t+1}, s_t·z_t + c_t·z_{t+1}).
 */
function applySweep(
  Z: Float64Array,
  n: number,
  rows: number,
  lo: number,
  m: number,
  cs: Float64Array,
  sn: Float64Array,
): void {
  if (lo >= m) return;
  let k = 0;
  // Four rows at a time share the loads of c_t, s_t.
  for (; k + 3 < rows; k += 4) {
    const b0 = k * n;
    const b1 = b0 + n;
    const b2 = b1 + n;
    const b3 = b2 + n;
    let x0 = Z[b0 + m];
    let x1 = Z[b1 + m];
    let x2 = Z[b2 + m];
    let x3 = Z[b3 + m];
    for (let t = m - 1; t >= lo; t--) {
      const c = cs[t];
      const s = sn[t];
      const z0 = Z[b0 + t];
      const z1 = Z[b1 + t];
      const z2 = Z[b2 + t];
      const z3 = Z[b3 + t];
      Z[b0 + t + 1] = s * z0 + c * x0;
      Z[b1 + t + 1] = s * z1 + c * x1;
      Z[b2 + t + 1] = s * z2 + c * x2;
      Z[b3 + t + 1] = s * z3 + c * x3;
      x0 = c * z0 - s * x0;
      x1 = c * z1 - s * x1;
      x2 = c * z2 - s * x2;
      x3 = c * z3 - s * x3;
    }
    Z[b0 + lo] = x0;
    Z[b1 + lo] = x1;
    Z[b2 + lo] = x2;
    Z[b3 + lo] = x3;
  }
  for (; k + 1 < rows; k += 2) {
    const b0 = k * n;
    const b1 = b0 + n;
    let x = Z[b0 + m];
    let y = Z[b1 + m];
    for (let t = m - 1; t >= lo; t--) {
      const c = cs[t];
      const s = sn[t];
      const zx = Z[b0 + t];
      const zy = Z[b1 + t];
      Z[b0 + t + 1] = s * zx + c * x;
      Z[b1 + t + 1] = s * zy + c * y;
      x = c * zx - s * x;
      y = c * zy - s * y;
    }
    Z[b0 + lo] = x;
    Z[b1 + lo] = y;
  }
  for (; k < rows; k++) {
    const base = k * n;
    let carry = Z[base + m];
    for (let t = m - 1; t >= lo; t--) {
      const z = Z[base + t];
      const c = cs[t];
      const s = sn[t];
      Z[base + t + 1] = s * z + c * carry;
      carry = c * z - s * carry;
    }
    Z[base + lo] = carry;
  }
}

/**
 * Sort eigenvalues ascending and permute the columns of Z (`rows`×n) to match.
 * @internal
 */
export function sortEigenpairs(
  d: Float64Array,
  Z: Float64Array | null,
  n: number,
  rows = n,
): TridiagEigResult {
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => d[a] - d[b]);
  const values = new Float64Array(n);
  for (let j = 0; j < n; j++) values[j] = d[order[j]];
  if (Z === null) return { values };
  const V = new Float64Array(rows * n);
  for (let r = 0; r < rows; r++) {
    const base = r * n;
    for (let j = 0; j < n; j++) V[base + j] = Z[base + order[j]];
  }
  return { values, vectors: { rows, cols: n, data: V } };
}
