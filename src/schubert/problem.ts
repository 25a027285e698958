/**
 * The SVBF objective on a fixed data set: validation of the samples, the value and Euclidean
 * gradient of F at K (one pass over the data), and Hessian–vector products for the Newton
 * phase of {@link fitSchubert}.
 *
 * Conventions (GUIDE §7): samples X_1..X_r, n×l_i orthonormal; K n×k orthonormal;
 * M_i = X_iᵀK (l_i×k) with thin SVD A_i·diag(s_i)·V_iᵀ, m_i = min(l_i, k);
 * F₂(K) = (1/rc) Σ_i Σ_{j≤c} s_ij² ("cos2") and F₁(K) = (1/rc) Σ_i Σ_{j≤c} s_ij ("cos").
 * Both are f_i = Σ_{j≤c} φ(λ_j(H_i)) with H_i = M_iᵀM_i, φ(λ) = λ or √λ, so the Euclidean
 * gradient is ∇F = (2/rc) Σ_i X_i M_i Q_i with Q_i = Σ_{j≤c} φ'(λ_ij) v_ij v_ijᵀ
 * (= X_i X_iᵀ K B_i B_iᵀ·2/rc for cos², X_i A_i B_iᵀ/rc for cos).
 *
 * @module
 * @internal
 */
import { ManifoldError, requireInt } from "../errors/index.js";
import { toGrassmannPoint } from "../grassmann/validate.js";
import { gemm } from "../linalg/matmul.js";
import { svd } from "../linalg/svd.js";
import type { Matrix, MatrixInput } from "../matrix/index.js";

/** The two objectives: mean squared cosine (paper eq. 1/3) or mean cosine (eq. 2/4). */
export type SchubertObjective = "cos2" | "cos";

/** Validated data: the concatenation C = [X_1 … X_r] and where each sample's columns start. */
export interface SchubertData {
  /** Ambient dimension. */
  n: number;
  /** Number of samples r. */
  r: number;
  /** Total columns N = Σ l_i. */
  N: number;
  /** C = [X_1 … X_r], n×N row-major. */
  C: Matrix;
  /** Sample i owns columns offsets[i] .. offsets[i+1] − 1 of C (length r + 1). */
  offsets: Int32Array;
  /** min_i l_i. */
  minL: number;
  /** The validated samples (inputs are never written to). */
  samples: Matrix[];
}

/**
 * Validate samples (a non-empty array of n×l_i orthonormal bases in one R^n) and concatenate.
 * @throws ManifoldError `EMPTY_INPUT`, `NOT_ORTHONORMAL`, `DIMENSION_MISMATCH`,
 *   `INVALID_PARAMETER` (not an array).
 */
export function toSchubertData(subspaces: ReadonlyArray<MatrixInput>, where: string): SchubertData {
  if (!Array.isArray(subspaces)) {
    throw new ManifoldError(
      "INVALID_PARAMETER",
      `${where}: subspaces must be an array of n×l orthonormal bases; got ${typeof subspaces}.`,
    );
  }
  if (subspaces.length === 0) {
    throw new ManifoldError(
      "EMPTY_INPUT",
      `${where}: subspaces is empty; pass at least one n×l orthonormal basis.`,
    );
  }
  const samples: Matrix[] = new Array(subspaces.length);
  const r = subspaces.length;
  const offsets = new Int32Array(r + 1);
  let minL = Number.POSITIVE_INFINITY;
  for (let i = 0; i < r; i++) {
    const X = toGrassmannPoint(subspaces[i], `${where}: subspaces[${i}]`);
    if (i > 0 && X.rows !== samples[0].rows) {
      throw new ManifoldError(
        "DIMENSION_MISMATCH",
        `${where}: subspaces[${i}] lives in R^${X.rows} but subspaces[0] in R^${samples[0].rows}; every basis needs the same number of rows n.`,
        { index: i, rows: X.rows, expected: samples[0].rows },
      );
    }
    samples[i] = X;
    offsets[i + 1] = offsets[i] + X.cols;
    minL = Math.min(minL, X.cols);
  }
  const n = samples[0].rows;
  const N = offsets[r];
  const C = new Float64Array(n * N);
  for (let i = 0; i < r; i++) {
    const X = samples[i];
    const l = X.cols;
    const off = offsets[i];
    for (let row = 0; row < n; row++) {
      C.set(X.data.subarray(row * l, (row + 1) * l), row * N + off);
    }
  }
  return { n, r, N, C: { rows: n, cols: N, data: C }, offsets, minL, samples };
}

/** Check k (1..n) and c (1..min(min_i l_i, k)). */
export function checkKc(data: SchubertData, k: unknown, c: unknown, where: string): void {
  if (typeof k === "number" && Number.isInteger(k) && k > data.n) {
    throw new ManifoldError(
      "INVALID_PARAMETER",
      `${where}: k = ${k} exceeds the ambient dimension n = ${data.n}; K holds k orthonormal columns of R^n, so k ≤ n.`,
      { k, n: data.n },
    );
  }
  requireInt(k, `${where}: k`, 1, data.n);
  const cmax = Math.min(data.minL, k as number);
  if (typeof c === "number" && Number.isInteger(c) && c > cmax) {
    throw new ManifoldError(
      "INVALID_PARAMETER",
      `${where}: c = ${c} exceeds min(l, k) = ${cmax} (smallest sample dimension l = ${data.minL}, k = ${k}); at most min(l, k) principal angles exist between an l- and a k-dimensional subspace.`,
      { c, l: data.minL, k },
    );
  }
  requireInt(c, `${where}: c`, 1, cmax);
}

/** Check the objective name. */
export function checkObjective(objective: unknown, where: string): SchubertObjective {
  if (objective !== "cos2" && objective !== "cos") {
    throw new ManifoldError(
      "INVALID_PARAMETER",
      `${where}: objective must be "cos2" (mean cos², paper eq. 1) or "cos" (mean cos, eq. 2); got ${String(objective)}.`,
      { objective },
    );
  }
  return objective;
}

/** Per-sample spectral data of M_i = X_iᵀK. */
export interface SampleSpectrum {
  /** m = min(l_i, k) singular values, descending. */
  s: Float64Array;
  /** Right singular vectors V (k×m, row-major). */
  V: Float64Array;
  /** Left singular vectors A (l×m, row-major). */
  A: Float64Array;
  m: number;
  l: number;
}

/** Everything one pass over the data yields at K. */
export interface Evaluation {
  K: Matrix;
  /** F(K). */
  F: number;
  /** Euclidean gradient ∇F (n×k). */
  G: Matrix;
  /** P = CᵀK (N×k): the stacked M_i. */
  P: Float64Array;
  spectra: SampleSpectrum[];
  /**
   * Smallest relative spectral gap that the Hessian divides by (min over samples of
   * (s_c² − s_(c+1)²)/s_1² and, for "cos" or k > l, s_c²/s_1²); 0 when F is not twice
   * differentiable at K.
   */
  gap: number;
}

/**
 * Value and gradient of F at K: P = CᵀK (2nNk flops), one thin SVD of each l_i×k block,
 * W_i = 2 M_i Q_i/(rc), ∇F = C·W (2nNk flops).
 */
export function evaluate(
  d: SchubertData,
  K: Matrix,
  k: number,
  c: number,
  objective: SchubertObjective,
): Evaluation {
  const { n, N, r, offsets } = d;
  const P = gemm(N, k, n, d.C.data, true, K.data, false).data;
  const W = new Float64Array(N * k);
  const spectra: SampleSpectrum[] = new Array(r);
  const scale = 1 / (r * c);
  let F = 0;
  let gap = Number.POSITIVE_INFINITY;
  for (let i = 0; i < r; i++) {
    const off = offsets[i];
    const l = offsets[i + 1] - off;
    const M: Matrix = { rows: l, cols: k, data: P.subarray(off * k, (off + l) * k) };
    const { U, s, V } = svd(M);
    const m = s.length;
    spectra[i] = { s, V: V.data, A: U.data, m, l };
    let fi = 0;
    for (let j = 0; j < c; j++) fi += objective === "cos2" ? s[j] * s[j] : s[j];
    F += fi;
    // W_i = 2·M_i·Q_i·scale = scale·Σ_{j≤c} w_j a_j v_jᵀ with w_j = 2 s_j (cos²) or 1 (cos).
    for (let j = 0; j < c; j++) {
      const w = scale * (objective === "cos2" ? 2 * s[j] : s[j] > 0 ? 1 : 0);
      if (w === 0) continue;
      for (let a = 0; a < l; a++) {
        const coef = w * U.data[a * m + j];
        if (coef === 0) continue;
        const row = (off + a) * k;
        for (let b = 0; b < k; b++) W[row + b] += coef * V.data[b * m + j];
      }
    }
    const s1sq = s[0] * s[0];
    if (s1sq > 0) {
      if (c < m) gap = Math.min(gap, (s[c - 1] ** 2 - s[c] ** 2) / s1sq);
      if (objective === "cos" || k > l) gap = Math.min(gap, s[c - 1] ** 2 / s1sq);
    } else gap = 0;
  }
  const G = gemm(n, k, N, d.C.data, false, W, false);
  return { K, F: F * scale, G, P, spectra, gap: Number.isFinite(gap) ? gap : 1 };
}

/**
 * Euclidean Hessian–vector product ∇²F(K)[Δ] (n×k) at an evaluated K, by the Daleckii–Krein
 * formula for the spectral function f_i = Σ_{j≤c} φ(λ_j(H_i)): with dM = X_iᵀΔ,
 * H' = dMᵀM + MᵀdM, E = H'V, d(∇f_i) = 2(dM·Q + M·dQ) where
 * dQ = V(Γ ∘ VᵀE)Vᵀ + Σ_{j≤c} (φ'(λ_j)/λ_j)(v_j (P⊥E_j)ᵀ + P⊥E_j v_jᵀ), P⊥ = I − VVᵀ, and
 * Γ_ab = (ψ_a − ψ_b)/(λ_a − λ_b) (ψ_a = φ'(λ_a) for a ≤ c, else 0), Γ_aa = ψ'_a. Cost: two
 * gemms (4nNk flops) plus O(Σ_i l_i·k·m_i) — the price of one gradient. Valid only when
 * `ev.gap > 0`.
 */
export function hessVec(
  d: SchubertData,
  ev: Evaluation,
  Delta: Float64Array,
  k: number,
  c: number,
  objective: SchubertObjective,
): Float64Array {
  const { n, N, r, offsets } = d;
  const dP = gemm(N, k, n, d.C.data, true, Delta, false).data;
  const Y = new Float64Array(N * k);
  const scale = 2 / (r * c);
  const cos = objective === "cos";
  for (let i = 0; i < r; i++) {
    const off = offsets[i];
    const { s, V, A, m, l } = ev.spectra[i];
    const M = ev.P.subarray(off * k, (off + l) * k);
    const dM = dP.subarray(off * k, (off + l) * k);
    // psi_a, dpsi_a for a < m
    const psi = new Float64Array(m);
    const dpsi = new Float64Array(m);
    for (let a = 0; a < c; a++) {
      if (cos) {
        psi[a] = 0.5 / s[a];
        dpsi[a] = -0.25 / (s[a] * s[a] * s[a]);
      } else psi[a] = 1;
    }
    // MV = A diag(s) (l×m); dMV = dM V (l×m)
    const dMV = new Float64Array(l * m);
    for (let a = 0; a < l; a++)
      for (let j = 0; j < m; j++) {
        let acc = 0;
        for (let b = 0; b < k; b++) acc += dM[a * k + b] * V[b * m + j];
        dMV[a * m + j] = acc;
      }
    // E = H'V = dMᵀ(MV) + Mᵀ(dMV)  (k×m)
    const E = new Float64Array(k * m);
    for (let a = 0; a < l; a++) {
      for (let j = 0; j < m; j++) {
        const mv = A[a * m + j] * s[j];
        const dmv = dMV[a * m + j];
        for (let b = 0; b < k; b++) E[b * m + j] += dM[a * k + b] * mv + M[a * k + b] * dmv;
      }
    }
    // T = VᵀE (m×m), Z = Γ ∘ T
    const Z = new Float64Array(m * m);
    for (let a = 0; a < m; a++) {
      for (let b = 0; b < m; b++) {
        let t = 0;
        for (let q = 0; q < k; q++) t += V[q * m + a] * E[q * m + b];
        let g: number;
        if (a === b) g = dpsi[a];
        else if (a < c && b < c) g = cos ? -1 / (2 * s[a] * s[b] * (s[a] + s[b])) : 0;
        else if (a >= c && b >= c) g = 0;
        else g = (psi[a] - psi[b]) / (s[a] * s[a] - s[b] * s[b]);
        Z[a * m + b] = g * t;
      }
    }
    // Out(l×k) = dM·Q + M·dQ, with M·V = A diag(s):
    //   dM·Q = Σ_{j<c} psi_j (dM v_j) v_jᵀ
    //   M·V(Z)Vᵀ = A diag(s) Z Vᵀ
    //   Σ_{j<c} (psi_j/λ_j)·s_j a_j (P⊥E_j)ᵀ   (M·P⊥ = 0)
    const R = new Float64Array(l * m); // coefficient of Vᵀ: dMV_j psi_j + (A diag(s) Z)
    for (let a = 0; a < l; a++) {
      for (let b = 0; b < m; b++) {
        let acc = b < c ? psi[b] * dMV[a * m + b] : 0;
        for (let j = 0; j < m; j++) acc += A[a * m + j] * s[j] * Z[j * m + b];
        R[a * m + b] = acc;
      }
    }
    // P⊥E_j for j < c (only when k > m)
    let Perp: Float64Array | null = null;
    if (k > m) {
      Perp = new Float64Array(k * c);
      for (let j = 0; j < c; j++) {
        for (let q = 0; q < k; q++) Perp[q * c + j] = E[q * m + j];
        for (let t = 0; t < m; t++) {
          let proj = 0;
          for (let q = 0; q < k; q++) proj += V[q * m + t] * E[q * m + j];
          for (let q = 0; q < k; q++) Perp[q * c + j] -= proj * V[q * m + t];
        }
      }
    }
    for (let a = 0; a < l; a++) {
      const row = (off + a) * k;
      for (let b = 0; b < k; b++) {
        let acc = 0;
        for (let j = 0; j < m; j++) acc += R[a * m + j] * V[b * m + j];
        if (Perp !== null) {
          for (let j = 0; j < c; j++) acc += (psi[j] / s[j]) * A[a * m + j] * Perp[b * c + j];
        }
        Y[row + b] = scale * acc;
      }
    }
  }
  return gemm(n, k, N, d.C.data, false, Y, false).data;
}
