/**
 * Dominant k-dimensional invariant subspace of S = C·diag(w)·Cᵀ for the concatenation
 * C = [X_1 … X_r] (n×N, N = Σp_i) of the points and one weight per column, without forming
 * the n×n matrix S (shared by the flag mean and flag median).
 *
 * @module
 * @internal
 */
import { ManifoldError } from "../errors/index.js";
import { matmul, matmulTransA, matmulTransB, svd, symEig } from "../linalg/index.js";
import type { Matrix } from "../matrix/index.js";
import { createRng, type Rng } from "../random/index.js";

/** Top-k eigenpairs of S. */
export interface TopSubspace {
  /** n×k orthonormal basis, columns ordered by decreasing eigenvalue. */
  basis: Matrix;
  /** The k largest eigenvalues of S, descending (= squared singular values of C·diag(√w)). */
  values: Float64Array;
  /** "direct" (SVD of the weighted concatenation) or "iterative" (block subspace iteration). */
  method: "direct" | "iterative";
  /** Subspace iterations used (0 for direct). */
  iterations: number;
}

/** Up to this min(n, N) the SVD of the concatenation is used directly. */
export const DIRECT_MAX = 200;

/** Internal options. */
export interface TopSubspaceOptions {
  method?: "auto" | "direct" | "iterative";
  /** Warm start: n×c orthonormal (c ≤ block size). */
  init?: Matrix;
  /** Relative residual target |S v − λ v| ≤ tol·λ_1 for each of the k Ritz pairs (default 1e-12). */
  tol?: number;
  /**
   * Iteration cap (default: 300 for "iterative"; for "auto", the number of steps that costs as
   * much as the dense fallback), after which "auto" falls back to the dense method.
   */
  maxIter?: number;
}

/** C = [X_1 … X_r] (n×N) and, for each column, the index of its point. */
export function concatenate(points: Matrix[]): { C: Matrix; owner: Int32Array } {
  const n = points[0].rows;
  let N = 0;
  for (const X of points) N += X.cols;
  const C = new Float64Array(n * N);
  const owner = new Int32Array(N);
  let off = 0;
  for (let t = 0; t < points.length; t++) {
    const X = points[t];
    const p = X.cols;
    for (let i = 0; i < n; i++) C.set(X.data.subarray(i * p, (i + 1) * p), i * N + off);
    owner.fill(t, off, off + p);
    off += p;
  }
  return { C: { rows: n, cols: N, data: C }, owner };
}

function direct(C: Matrix, cw: Float64Array, k: number): TopSubspace {
  const n = C.rows;
  const N = C.cols;
  const data = new Float64Array(n * N);
  const sw = cw.map(Math.sqrt);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < N; j++) data[i * N + j] = C.data[i * N + j] * sw[j];
  const { U, s } = svd({ rows: n, cols: N, data });
  const r = U.cols;
  const basis = new Float64Array(n * k);
  for (let i = 0; i < n; i++) for (let j = 0; j < k; j++) basis[i * k + j] = U.data[i * r + j];
  const values = new Float64Array(k);
  for (let j = 0; j < k; j++) values[j] = s[j] * s[j];
  return { basis: { rows: n, cols: k, data: basis }, values, method: "direct", iterations: 0 };
}

/**
 * Large-size fallback: top-k eigenvectors of the smaller Gram matrix, S = C·W·Cᵀ (n×n, when
 * n ≤ N) or G = √W·CᵀC·√W (N×N, then u = C√W·z/√λ), by the dense symmetric eigensolver.
 * Cost O(n·N·m + m³) with m = min(n, N); the top-k basis error is O(ε·λ_1/(λ_k − λ_{k+1})).
 */
function gram(C: Matrix, cw: Float64Array, k: number): TopSubspace {
  const n = C.rows;
  const N = C.cols;
  const sw = cw.map(Math.sqrt);
  const Cw = new Float64Array(n * N);
  for (let i = 0; i < n; i++) for (let j = 0; j < N; j++) Cw[i * N + j] = C.data[i * N + j] * sw[j];
  const Cwm: Matrix = { rows: n, cols: N, data: Cw };
  const values = new Float64Array(k);
  const basis = new Float64Array(n * k);
  if (n <= N) {
    const S = matmulTransB(Cwm, Cwm);
    const { values: ev, vectors } = symEig(S, { symmetryTol: 1e-10 });
    for (let j = 0; j < k; j++) {
      values[j] = ev[n - 1 - j];
      for (let i = 0; i < n; i++) basis[i * k + j] = vectors.data[i * n + (n - 1 - j)];
    }
  } else {
    const G = matmulTransA(Cwm, Cwm);
    const { values: ev, vectors } = symEig(G, { symmetryTol: 1e-10 });
    const Z = new Float64Array(N * k);
    for (let j = 0; j < k; j++) {
      values[j] = ev[N - 1 - j];
      for (let a = 0; a < N; a++) Z[a * k + j] = vectors.data[a * N + (N - 1 - j)];
    }
    basis.set(matmul(Cwm, { rows: N, cols: k, data: Z }).data);
    orthonormalizeBlock(basis, n, k, createRng(0x6a56));
  }
  return { basis: { rows: n, cols: k, data: basis }, values, method: "direct", iterations: 0 };
}

/**
 * Orthonormalise the columns of V (n×b) in place, two passes of modified Gram–Schmidt;
 * a column that collapses (norm below 1e-10 of its original) is replaced by a random vector
 * and re-orthogonalised, so V always leaves with b orthonormal columns (b ≤ n).
 */
function orthonormalizeBlock(V: Float64Array, n: number, b: number, rng: Rng): void {
  const col = new Float64Array(n);
  for (let j = 0; j < b; j++) {
    for (let attempt = 0; attempt < 4; attempt++) {
      for (let i = 0; i < n; i++) col[i] = V[i * b + j];
      let before = 0;
      for (let i = 0; i < n; i++) before += col[i] * col[i];
      for (let pass = 0; pass < 2; pass++) {
        for (let l = 0; l < j; l++) {
          let dot = 0;
          for (let i = 0; i < n; i++) dot += V[i * b + l] * col[i];
          for (let i = 0; i < n; i++) col[i] -= dot * V[i * b + l];
        }
      }
      let nrm = 0;
      for (let i = 0; i < n; i++) nrm += col[i] * col[i];
      if (nrm > 1e-20 * before && nrm > 0) {
        const inv = 1 / Math.sqrt(nrm);
        for (let i = 0; i < n; i++) V[i * b + j] = col[i] * inv;
        break;
      }
      for (let i = 0; i < n; i++) V[i * b + j] = rng.normal();
    }
  }
}

/**
 * Block subspace iteration with Rayleigh–Ritz on S = C·diag(w)·Cᵀ: Z = CᵀV, SV = C·(wZ),
 * H = Zᵀ(wZ) = VᵀSV (4·n·N·b flops per step through the blocked gemm, b = block size).
 * Returns null when the residuals do not reach tol within maxIter.
 */
function iterative(
  C: Matrix,
  cw: Float64Array,
  k: number,
  tol: number,
  maxIter: number,
  init: Matrix | undefined,
): TopSubspace | null {
  const n = C.rows;
  const N = C.cols;
  const b = Math.min(Math.min(n, N), Math.max(2 * k, k + 8));
  const rng = createRng(0x6a55);
  const V = new Float64Array(n * b);
  // Start: warm-start columns, then C·diag(w)·Ω columns (a randomised range finder).
  let c0 = 0;
  if (init !== undefined) {
    c0 = Math.min(init.cols, b);
    for (let i = 0; i < n; i++)
      for (let j = 0; j < c0; j++) V[i * b + j] = init.data[i * init.cols + j];
  }
  if (c0 < b) {
    const m = b - c0;
    const omega = new Float64Array(N * m);
    for (let a = 0; a < N; a++) for (let j = 0; j < m; j++) omega[a * m + j] = cw[a] * rng.normal();
    const Y = matmul(C, { rows: N, cols: m, data: omega }).data;
    for (let i = 0; i < n; i++) for (let j = 0; j < m; j++) V[i * b + c0 + j] = Y[i * m + j];
  }
  orthonormalizeBlock(V, n, b, rng);
  const values = new Float64Array(k);
  const Vm: Matrix = { rows: n, cols: b, data: V };
  const history: number[] = [];
  for (let it = 1; it <= maxIter; it++) {
    const Z = matmulTransA(C, Vm);
    const wZ = new Float64Array(N * b);
    for (let a = 0; a < N; a++)
      for (let j = 0; j < b; j++) wZ[a * b + j] = cw[a] * Z.data[a * b + j];
    const wZm: Matrix = { rows: N, cols: b, data: wZ };
    const SV = matmul(C, wZm);
    const H = matmulTransA(Z, wZm);
    for (let j = 0; j < b; j++) {
      for (let l = 0; l < j; l++) {
        const v = 0.5 * (H.data[j * b + l] + H.data[l * b + j]);
        H.data[j * b + l] = v;
        H.data[l * b + j] = v;
      }
    }
    const { values: ev, vectors: E } = symEig(H);
    // Ritz pairs in decreasing order: E' = E with columns reversed.
    const Er = new Float64Array(b * b);
    for (let l = 0; l < b; l++)
      for (let j = 0; j < b; j++) Er[l * b + j] = E.data[l * b + (b - 1 - j)];
    const Erm: Matrix = { rows: b, cols: b, data: Er };
    const RV = matmul(Vm, Erm).data;
    const RSV = matmul(SV, Erm).data;
    const lambda1 = Math.max(ev[b - 1], 0);
    let worst = 0;
    for (let j = 0; j < k; j++) {
      const lam = ev[b - 1 - j];
      let r2 = 0;
      for (let i = 0; i < n; i++) {
        const d = RSV[i * b + j] - lam * RV[i * b + j];
        r2 += d * d;
      }
      worst = Math.max(worst, Math.sqrt(r2));
      values[j] = lam;
    }
    if (worst <= tol * lambda1 || lambda1 === 0) {
      const basis = new Float64Array(n * k);
      for (let i = 0; i < n; i++) for (let j = 0; j < k; j++) basis[i * k + j] = RV[i * b + j];
      return {
        basis: { rows: n, cols: k, data: basis },
        values,
        method: "iterative",
        iterations: it,
      };
    }
    // Give up early when the observed convergence rate cannot reach tol within maxIter
    // (tiny gap λ_k ≈ λ_{b+1}); the caller then uses a dense method.
    history.push(worst / lambda1);
    if (it >= 8) {
      const rate = (history[it - 1] / history[it - 6]) ** (1 / 5);
      const needed = rate < 1 ? Math.log(tol / history[it - 1]) / Math.log(rate) : Infinity;
      if (it + needed > maxIter) return null;
    }
    // Next block: orth(S·Ritz vectors).
    V.set(RSV);
    orthonormalizeBlock(V, n, b, rng);
  }
  return null;
}

/**
 * Top-k eigenpairs of S = C·diag(cw)·Cᵀ (k ≤ min(n, N)).
 * @internal
 */
export function topSubspace(
  C: Matrix,
  cw: Float64Array,
  k: number,
  options: TopSubspaceOptions = {},
): TopSubspace {
  const method = options.method ?? "auto";
  const small = Math.min(C.rows, C.cols) <= DIRECT_MAX;
  if (method === "direct" || (method === "auto" && small)) {
    return small ? direct(C, cw, k) : gram(C, cw, k);
  }
  // In "auto", iterate only while cheaper than the dense fallback: about 9·m³ + 2·n·N·m flops
  // (Gram + eigensolver, m = min(n, N)) against 4·n·N·b per step (b ≤ 2k + 8).
  const m = Math.min(C.rows, C.cols);
  const nN = C.rows * C.cols;
  const b = Math.min(m, Math.max(2 * k, k + 8));
  const budget = Math.max(20, Math.ceil((9 * m ** 3 + 2 * nN * m) / (4 * nN * b)));
  const maxIter = options.maxIter ?? (method === "auto" ? budget : 300);
  const res = iterative(C, cw, k, options.tol ?? 1e-12, maxIter, options.init);
  if (res !== null) return res;
  if (method === "iterative") {
    throw new ManifoldError(
      "EIGEN_NOT_CONVERGED",
      `subspace iteration for the top ${k} eigenvectors would not converge in ${maxIter} iterations (eigenvalue gap λ_k/λ_(b+1) too small); use method "direct".`,
    );
  }
  return gram(C, cw, k);
}
