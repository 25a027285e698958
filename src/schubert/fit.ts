/**
 * Schubert variety of best fit by minorise–maximise, with Anderson extrapolation and a
 * Riemannian trust-region Newton phase, both under a monotone safeguard.
 *
 * @module
 */
import { ManifoldError, requireInt, requirePositive } from "../errors/index.js";
import { flagMean } from "../grassmann/flagMean.js";
import { toGrassmannPoint } from "../grassmann/validate.js";
import { gemm } from "../linalg/matmul.js";
import { orthonormalize } from "../linalg/orthonormal.js";
import { polar } from "../linalg/polar.js";
import { symEig } from "../linalg/symEig.js";
import type { Matrix, MatrixInput } from "../matrix/index.js";
import { createRng } from "../random/index.js";
import {
  checkKc,
  checkObjective,
  type Evaluation,
  evaluate,
  hessVec,
  type SchubertData,
  type SchubertObjective,
  toSchubertData,
} from "./problem.js";

/** Options for {@link fitSchubert}. */
export interface FitSchubertOptions {
  /** Dimension of K, 1 ≤ k ≤ n (required). */
  k: number;
  /** Number of principal angles fitted, 1 ≤ c ≤ min(min_i l_i, k) (default 1, the paper's case). */
  c?: number;
  /** `"cos2"` (default): F₂ = mean of cos² θ_ij, j ≤ c (paper eq. 1); `"cos"`: mean of cos θ_ij (eq. 2). */
  objective?: SchubertObjective;
  /**
   * Extra starts from seeded random points of Gr(k, n) besides `init` (default 2; 0 when the
   * problem is the flag mean — cos² with c = min(l_i, k) for every sample and `init`
   * "flagMean" — whose global maximiser is known). The best objective wins.
   */
  restarts?: number;
  /** Seed of the random starts (default 0). */
  seed?: number;
  /** Stop when the relative objective change of an accepted step is ≤ tol (default 1e-12). */
  tol?: number;
  /** Iterations per start (default 500). */
  maxIter?: number;
  /**
   * First start: `"flagMean"` (default; top-k eigenvectors of S = Σ X_iX_iᵀ), `"random"`, or an
   * n×k orthonormal basis.
   */
  init?: "flagMean" | "random" | MatrixInput;
  /**
   * `true` (default): Anderson-extrapolated MM steps and, once the relative change is below 1e-2
   * and F is twice differentiable at K, Riemannian trust-region Newton steps; a step is kept only
   * if it gains at least what the plain MM step is guaranteed to gain, else the plain step is
   * taken. `false`: plain MM, K ← polar(∇F(K)).
   */
  accelerate?: boolean;
}

/** One start of {@link fitSchubert}. */
export interface SchubertStart {
  /** Where the start came from: the flag mean, a seeded random point, or the caller's `init`. */
  init: "flagMean" | "random" | "given";
  /** F(K) reached from this start. */
  objective: number;
  /** Accepted steps taken from this start. */
  iterations: number;
  /** Whether this start met `tol` (or stalled at round-off) within `maxIter`. */
  converged: boolean;
}

/** Result of {@link fitSchubert}. */
export interface FitSchubertResult {
  /** n×k orthonormal basis of the best K found. */
  K: Matrix;
  /** F(K) (in [0, 1]; 1 when every sample meets span(K) in ≥ c dimensions). */
  objective: number;
  /** F at the start and after each accepted step of the best start (never decreasing). */
  history: Float64Array;
  /**
   * Per-sample coordinates b_i (k×c): the top-c right singular vectors of X_iᵀK, so K·b_i are
   * the c vectors of span(K) closest to span(X_i); each column's largest-magnitude entry is
   * positive.
   */
  b: Matrix[];
  /** Accepted steps of the best start. */
  iterations: number;
  /** Passes over the data of the best start (objective/gradient evaluations plus Hessian products). */
  evaluations: number;
  /** Whether the best start met `tol` (or stalled at round-off) within `maxIter`. */
  converged: boolean;
  /** Every start, in the order run. */
  starts: SchubertStart[];
}

/** Anderson memory. */
const AA_MEMORY = 8;
/** Relative objective change below which the Newton phase may start. */
const NEWTON_SWITCH = 1e-2;
/** Smallest relative spectral gap (see Evaluation.gap) at which Newton steps are tried. */
const NEWTON_GAP = 1e-8;
/** Conjugate-gradient steps per Newton step. */
const CG_MAX = 20;

/**
 * Fit a Schubert variety of best fit (GUIDE §7; Karimov, Kirby & Peterson 2023): the K ∈ Gr(k, n)
 * maximising F₂(K) = (1/rc) Σ_i Σ_{j≤c} cos² θ_ij or F₁(K) = (1/rc) Σ_i Σ_{j≤c} cos θ_ij, θ_ij the
 * j-th principal angle between span(X_i) and span(K). Samples may have different dimensions l_i.
 *
 * Method: F is convex in K, so the linearisation at K minorises it and K ← polar(∇F(K)) (U·Vᵀ of
 * the thin SVD) never decreases F (minorise–maximise), with ∇F = (2/rc) Σ X_iX_iᵀK B_iB_iᵀ (F₂) or
 * (1/rc) Σ X_i A_i B_iᵀ (F₁), A_i, B_i the top-c singular vector pairs of X_iᵀK. Plain MM is
 * linear and can crawl (hundreds of steps); with `accelerate` each step first tries an Anderson
 * extrapolation of the last 8 MM maps and, near the optimum, a truncated-CG trust-region Newton
 * step on the Grassmannian (exact Hessian by the Daleckii–Krein formula, preconditioned by the MM
 * metric ξ ↦ ξ(KᵀG)⁻¹), retracted by the polar factor; a trial is kept only if it gains at
 * least the MM step's guaranteed gain ⟨∇F, polar(∇F) − K⟩, else the MM step is taken. With
 * c = min(l_i, k) and cos² the maximiser is the flag mean (top-k eigenvectors of S = Σ X_iX_iᵀ).
 *
 * Cost per pass over the data: 4·n·N·k flops (N = Σ l_i) for CᵀK and C·W, r thin SVDs of
 * l_i×k blocks, and a polar factor of n×k (≈ 8nk² flops). Memory O(nN + 8nk).
 *
 * @param subspaces - samples X_i, n×l_i with orthonormal columns (max|XᵀX − I| ≤ 1e-8).
 * @throws ManifoldError `EMPTY_INPUT` (no samples), `NOT_ORTHONORMAL` / `DIMENSION_MISMATCH`
 *   naming the sample, `INVALID_PARAMETER` for k > n, c > min(l, k), a bad objective, restarts,
 *   seed, tol, maxIter or init; `DIMENSION_MISMATCH` for an init of the wrong shape.
 * @example
 * ```ts
 * import { fitSchubert } from "manifold-geom";
 * // Three lines of R³ inside the xy-plane: the 2-plane of best fit is the xy-plane, which
 * // contains every sample, so F = 1 and K has no z-component.
 * const line = (a: number) => [[Math.cos(a)], [Math.sin(a)], [0]];
 * const { K, objective } = fitSchubert([line(0), line(1), line(2)], { k: 2 });
 * console.log(objective.toFixed(12), Math.hypot(K.data[4], K.data[5]) < 1e-12); // 1.000000000000 true
 * ```
 */
export function fitSchubert(
  subspaces: ReadonlyArray<MatrixInput>,
  options: FitSchubertOptions,
): FitSchubertResult {
  const where = "fitSchubert";
  if (options === null || typeof options !== "object") {
    throw new ManifoldError(
      "INVALID_PARAMETER",
      `${where}: options { k } are required (k = dimension of K).`,
    );
  }
  const d = toSchubertData(subspaces, where);
  return fitData(d, options, where);
}

/** {@link fitSchubert} on validated data. @internal */
export function fitData(
  d: SchubertData,
  options: FitSchubertOptions,
  where: string,
): FitSchubertResult {
  const k = options.k;
  const c = options.c ?? 1;
  checkKc(d, k, c, where);
  const objective = checkObjective(options.objective ?? "cos2", where);
  const seed = requireInt(options.seed ?? 0, `${where}: seed`, -(2 ** 31), 2 ** 31 - 1);
  const tol = requirePositive(options.tol ?? 1e-12, `${where}: tol`);
  const maxIter = requireInt(options.maxIter ?? 500, `${where}: maxIter`, 1);
  const accelerate = options.accelerate ?? true;
  if (typeof accelerate !== "boolean") {
    throw new ManifoldError(
      "INVALID_PARAMETER",
      `${where}: accelerate must be true or false; got ${String(accelerate)}.`,
    );
  }
  const init = options.init ?? "flagMean";
  let K0: Matrix;
  let initKind: SchubertStart["init"];
  if (init === "flagMean") {
    K0 = flagMeanStart(d, k, seed);
    initKind = "flagMean";
  } else if (init === "random") {
    K0 = randomStart(d.n, k, seed);
    initKind = "random";
  } else if (typeof init === "string") {
    throw new ManifoldError(
      "INVALID_PARAMETER",
      `${where}: init must be "flagMean", "random" or an n×k orthonormal basis; got "${init}".`,
    );
  } else {
    K0 = toGrassmannPoint(init, `${where}: init`);
    if (K0.rows !== d.n || K0.cols !== k) {
      throw new ManifoldError(
        "DIMENSION_MISMATCH",
        `${where}: init is ${K0.rows}×${K0.cols} but K must be n×k = ${d.n}×${k}.`,
        { rows: K0.rows, cols: K0.cols, n: d.n, k },
      );
    }
    initKind = "given";
  }
  const flagMeanCase = objective === "cos2" && isFlagMeanCase(d, k, c);
  const defaultRestarts = flagMeanCase && initKind === "flagMean" ? 0 : 2;
  const restarts = requireInt(options.restarts ?? defaultRestarts, `${where}: restarts`, 0);

  const starts: SchubertStart[] = [];
  let best: RunResult | null = null;
  for (let s = 0; s <= restarts; s++) {
    const start = s === 0 ? K0 : randomStart(d.n, k, seed + 7919 * s + (init === "random" ? 1 : 0));
    const run = mmRun(d, start, k, c, objective, tol, maxIter, accelerate);
    starts.push({
      init: s === 0 ? initKind : "random",
      objective: run.ev.F,
      iterations: run.iterations,
      converged: run.converged,
    });
    if (best === null || run.ev.F > best.ev.F) best = run;
  }
  const b = best!;
  return {
    K: b.ev.K,
    objective: b.ev.F,
    history: Float64Array.from(b.history),
    b: coordinates(b.ev, k, c),
    iterations: b.iterations,
    evaluations: b.evaluations,
    converged: b.converged,
    starts,
  };
}

/** True when c = min(l_i, k) for every sample (F₂ is then tr(KᵀSK)/(rc), the flag mean). */
function isFlagMeanCase(d: SchubertData, k: number, c: number): boolean {
  for (let i = 0; i < d.r; i++) {
    if (Math.min(d.offsets[i + 1] - d.offsets[i], k) !== c) return false;
  }
  return true;
}

/** Up to this n the flag-mean start comes from the eigenvectors of the n×n matrix S = CCᵀ. */
const SCATTER_MAX = 256;

/** Top-kk eigenvectors of S = CCᵀ (n×n), for small n: 2n²N + O(n³) flops. */
function scatterTop(d: SchubertData, kk: number): Matrix {
  const { n, N } = d;
  const S = gemm(n, n, N, d.C.data, false, d.C.data, true);
  const { values, vectors } = symEig(S, { symmetryTol: 1e-8 });
  const order = Array.from(values.keys()).sort((a, b) => values[b] - values[a]);
  const out = new Float64Array(n * kk);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < kk; j++) out[i * kk + j] = vectors.data[i * n + order[j]];
  }
  return { rows: n, cols: kk, data: out };
}

/** The flag mean, completed with random directions when k exceeds N = Σ l_i. */
function flagMeanStart(d: SchubertData, k: number, seed: number): Matrix {
  const kk = Math.min(k, d.N);
  const fm = d.n <= SCATTER_MAX ? scatterTop(d, kk) : flagMean(d.samples, kk).mean;
  if (kk === k) return fm;
  const rng = createRng(seed ^ 0x5bd1e995);
  const data = new Float64Array(d.n * k);
  for (let i = 0; i < d.n; i++) {
    for (let j = 0; j < k; j++) data[i * k + j] = j < kk ? fm.data[i * kk + j] : rng.normal();
  }
  return orthonormalize({ rows: d.n, cols: k, data });
}

/** orth(Gaussian n×k), seeded. */
function randomStart(n: number, k: number, seed: number): Matrix {
  const rng = createRng(seed);
  const data = new Float64Array(n * k);
  for (let i = 0; i < data.length; i++) data[i] = rng.normal();
  return orthonormalize({ rows: n, cols: k, data });
}

/** b_i = top-c right singular vectors of X_iᵀK, sign-normalised. */
function coordinates(ev: Evaluation, k: number, c: number): Matrix[] {
  return ev.spectra.map(({ V, m }) => {
    const out = new Float64Array(k * c);
    for (let j = 0; j < c; j++) {
      let big = 0;
      for (let q = 0; q < k; q++) if (Math.abs(V[q * m + j]) > Math.abs(big)) big = V[q * m + j];
      const sign = big < 0 ? -1 : 1;
      for (let q = 0; q < k; q++) out[q * c + j] = sign * V[q * m + j];
    }
    return { rows: k, cols: c, data: out };
  });
}

interface RunResult {
  ev: Evaluation;
  history: number[];
  iterations: number;
  evaluations: number;
  converged: boolean;
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

/** One MM run from K0. */
function mmRun(
  d: SchubertData,
  K0: Matrix,
  k: number,
  c: number,
  objective: SchubertObjective,
  tol: number,
  maxIter: number,
  accelerate: boolean,
): RunResult {
  const n = d.n;
  let ev = evaluate(d, K0, k, c, objective);
  let evaluations = 1;
  const history = [ev.F];
  const memK: Float64Array[] = [];
  const memT: Float64Array[] = [];
  let relchg = Number.POSITIVE_INFINITY;
  let radius = Number.NaN;
  let converged = false;
  let iterations = 0;

  const accept = (next: Evaluation): boolean => {
    const change = next.F - ev.F;
    relchg = change / Math.max(Math.abs(next.F), Number.MIN_VALUE);
    ev = next;
    history.push(next.F);
    iterations++;
    return relchg <= tol;
  };

  while (iterations < maxIter) {
    const T = polar(ev.G);
    const step = new Float64Array(n * k);
    for (let i = 0; i < step.length; i++) step[i] = T.data[i] - ev.K.data[i];
    const gain = dot(ev.G.data, step); // F(T) ≥ F(K) + gain ≥ F(K)

    if (accelerate && relchg < NEWTON_SWITCH && ev.gap > NEWTON_GAP) {
      const nt = newtonTrial(d, ev, k, c, objective, radius);
      if (nt !== null) {
        evaluations += nt.hessProducts;
        if (Number.isNaN(radius)) radius = nt.radius;
        const cand = evaluate(d, polar(nt.K), k, c, objective);
        evaluations++;
        if (cand.F >= ev.F + 0.5 * gain && cand.F > ev.F) {
          const rho = (cand.F - ev.F) / nt.predicted;
          if (rho > 0.75 && nt.boundary) radius *= 2;
          else if (rho < 0.25) radius /= 4;
          memK.length = 0;
          memT.length = 0;
          if (accept(cand)) {
            converged = true;
            break;
          }
          continue;
        }
        radius /= 4;
      }
    }

    if (accelerate) {
      memK.push(ev.K.data);
      memT.push(T.data);
      if (memK.length > AA_MEMORY + 1) {
        memK.shift();
        memT.shift();
      }
      if (memK.length >= 2) {
        const mixed = andersonMix(memK, memT);
        if (mixed !== null) {
          const cand = evaluate(d, polar({ rows: n, cols: k, data: mixed }), k, c, objective);
          evaluations++;
          if (cand.F >= ev.F + gain && cand.F > ev.F) {
            if (accept(cand)) {
              converged = true;
              break;
            }
            continue;
          }
        }
        memK.splice(0, memK.length - 1);
        memT.splice(0, memT.length - 1);
      }
    }

    const next = evaluate(d, T, k, c, objective);
    evaluations++;
    if (!(next.F > ev.F)) {
      // No gain at round-off level: K is a fixed point of the MM map.
      converged = true;
      break;
    }
    if (accept(next)) {
      converged = true;
      break;
    }
  }
  return { ev, history, iterations, evaluations, converged };
}

/**
 * Type-II Anderson mixing: with residuals R_j = T_j − K_j, find γ minimising |R_last − ΔR·γ|
 * (Tikhonov 1e-10·tr), return T_last − ΔT·γ; null when the system is degenerate.
 */
function andersonMix(memK: Float64Array[], memT: Float64Array[]): Float64Array | null {
  const m = memK.length - 1;
  const len = memK[0].length;
  const res = memK.map((K, j) => {
    const r = new Float64Array(len);
    const T = memT[j];
    for (let i = 0; i < len; i++) r[i] = T[i] - K[i];
    return r;
  });
  const dR: Float64Array[] = [];
  for (let j = 0; j < m; j++) {
    const v = new Float64Array(len);
    for (let i = 0; i < len; i++) v[i] = res[j + 1][i] - res[j][i];
    dR.push(v);
  }
  const A = new Float64Array(m * m);
  const rhs = new Float64Array(m);
  let tr = 0;
  for (let a = 0; a < m; a++) {
    for (let b = a; b < m; b++) {
      const v = dot(dR[a], dR[b]);
      A[a * m + b] = v;
      A[b * m + a] = v;
    }
    tr += A[a * m + a];
    rhs[a] = dot(dR[a], res[m]);
  }
  if (!(tr > 0)) return null;
  for (let a = 0; a < m; a++) A[a * m + a] += 1e-10 * tr;
  const gamma = solveSmall(A, rhs, m);
  if (gamma === null) return null;
  const out = Float64Array.from(memT[m]);
  for (let j = 0; j < m; j++) {
    const g = gamma[j];
    const T1 = memT[j + 1];
    const T0 = memT[j];
    for (let i = 0; i < len; i++) out[i] -= g * (T1[i] - T0[i]);
  }
  for (let i = 0; i < len; i++) if (!Number.isFinite(out[i])) return null;
  return out;
}

/** Gaussian elimination with partial pivoting on a small m×m system (A, b overwritten). */
function solveSmall(A: Float64Array, b: Float64Array, m: number): Float64Array | null {
  for (let col = 0; col < m; col++) {
    let piv = col;
    for (let r = col + 1; r < m; r++) {
      if (Math.abs(A[r * m + col]) > Math.abs(A[piv * m + col])) piv = r;
    }
    if (A[piv * m + col] === 0) return null;
    if (piv !== col) {
      for (let j = 0; j < m; j++) {
        const t = A[col * m + j];
        A[col * m + j] = A[piv * m + j];
        A[piv * m + j] = t;
      }
      const t = b[col];
      b[col] = b[piv];
      b[piv] = t;
    }
    for (let r = col + 1; r < m; r++) {
      const f = A[r * m + col] / A[col * m + col];
      if (f === 0) continue;
      for (let j = col; j < m; j++) A[r * m + j] -= f * A[col * m + j];
      b[r] -= f * b[col];
    }
  }
  const x = new Float64Array(m);
  for (let r = m - 1; r >= 0; r--) {
    let s = b[r];
    for (let j = r + 1; j < m; j++) s -= A[r * m + j] * x[j];
    x[r] = s / A[r * m + r];
  }
  return x;
}

interface NewtonTrial {
  /** K + ξ (not yet retracted). */
  K: Matrix;
  /** Model gain ⟨grad, ξ⟩ + ½⟨ξ, Hess ξ⟩ (> 0). */
  predicted: number;
  boundary: boolean;
  hessProducts: number;
  radius: number;
}

/**
 * Steihaug truncated CG for the Riemannian Newton equation −Hess[ξ] = grad on the horizontal
 * space at K (KᵀΞ = 0), Hess[ξ] = (I − KKᵀ)∇²F[ξ] − ξΛ, Λ = KᵀG, preconditioned by ξ ↦ ξΛ⁻¹ with
 * the trust region in the matching norm |ξ|²_Λ = ⟨ξ, ξΛ⟩. Null when Λ is not positive definite.
 */
function newtonTrial(
  d: SchubertData,
  ev: Evaluation,
  k: number,
  c: number,
  objective: SchubertObjective,
  radiusIn: number,
): NewtonTrial | null {
  const n = d.n;
  const K = ev.K.data;
  const G = ev.G.data;
  const L = gemm(k, k, n, K, true, G, false).data;
  for (let a = 0; a < k; a++) {
    for (let b = a + 1; b < k; b++) {
      const v = 0.5 * (L[a * k + b] + L[b * k + a]);
      L[a * k + b] = v;
      L[b * k + a] = v;
    }
  }
  const eig = symEig({ rows: k, cols: k, data: L });
  let lmin = Number.POSITIVE_INFINITY;
  let lmax = 0;
  for (const v of eig.values) {
    lmin = Math.min(lmin, v);
    lmax = Math.max(lmax, v);
  }
  if (!(lmin > 1e-10 * lmax)) return null;
  const Linv = new Float64Array(k * k);
  const Vv = eig.vectors.data;
  for (let a = 0; a < k; a++) {
    for (let b = 0; b < k; b++) {
      let s = 0;
      for (let q = 0; q < k; q++) s += (Vv[a * k + q] * Vv[b * k + q]) / eig.values[q];
      Linv[a * k + b] = s;
    }
  }
  const rightMul = (X: Float64Array, S: Float64Array): Float64Array =>
    gemm(n, k, k, X, false, S, false).data;
  const project = (X: Float64Array): Float64Array => {
    const KtX = gemm(k, k, n, K, true, X, false).data;
    const KKtX = gemm(n, k, k, K, false, KtX, false).data;
    for (let i = 0; i < X.length; i++) X[i] -= KKtX[i];
    return X;
  };
  const KL = gemm(n, k, k, K, false, L, false).data;
  const grad = new Float64Array(n * k);
  for (let i = 0; i < grad.length; i++) grad[i] = G[i] - KL[i];
  let products = 0;
  // A(v) = vΛ − (I − KKᵀ)∇²F[v]  (positive definite near a non-degenerate maximum)
  const applyA = (v: Float64Array): Float64Array => {
    const h = project(hessVec(d, ev, v, k, c, objective));
    products++;
    const vL = rightMul(v, L);
    for (let i = 0; i < h.length; i++) h[i] = vL[i] - h[i];
    return h;
  };
  const mnorm2 = (x: Float64Array): number => dot(x, rightMul(x, L));
  let z = rightMul(grad, Linv);
  let radius = radiusIn;
  if (Number.isNaN(radius)) radius = 100 * Math.sqrt(Math.max(mnorm2(z), 0));
  if (!(radius > 0)) return null;
  const x = new Float64Array(n * k);
  const Ax = new Float64Array(n * k);
  const res = Float64Array.from(grad);
  const dir = Float64Array.from(z);
  let rz = dot(res, z);
  const r0 = Math.sqrt(dot(res, res));
  const target = r0 * Math.min(0.1, Math.sqrt(r0 / Math.max(Math.abs(ev.F), 1e-300)));
  let boundary = false;
  for (let it = 0; it < CG_MAX; it++) {
    const Ad = applyA(dir);
    const dAd = dot(dir, Ad);
    const xx = mnorm2(x);
    const xd = dot(x, rightMul(dir, L));
    const dd = mnorm2(dir);
    const toBoundary = (): number =>
      (-xd + Math.sqrt(Math.max(xd * xd + dd * (radius * radius - xx), 0))) / dd;
    if (dAd <= 0) {
      const tau = toBoundary();
      for (let i = 0; i < x.length; i++) {
        x[i] += tau * dir[i];
        Ax[i] += tau * Ad[i];
      }
      boundary = true;
      break;
    }
    const alpha = rz / dAd;
    if (xx + 2 * alpha * xd + alpha * alpha * dd >= radius * radius) {
      const tau = toBoundary();
      for (let i = 0; i < x.length; i++) {
        x[i] += tau * dir[i];
        Ax[i] += tau * Ad[i];
      }
      boundary = true;
      break;
    }
    for (let i = 0; i < x.length; i++) {
      x[i] += alpha * dir[i];
      Ax[i] += alpha * Ad[i];
      res[i] -= alpha * Ad[i];
    }
    if (Math.sqrt(dot(res, res)) <= target) break;
    z = rightMul(res, Linv);
    const rzNew = dot(res, z);
    const beta = rzNew / rz;
    rz = rzNew;
    for (let i = 0; i < dir.length; i++) dir[i] = z[i] + beta * dir[i];
  }
  // model gain m(ξ) = ⟨grad, ξ⟩ − ½⟨ξ, Aξ⟩
  const predicted = dot(grad, x) - 0.5 * dot(x, Ax);
  if (!(predicted > 0)) return null;
  const Kx = new Float64Array(n * k);
  for (let i = 0; i < Kx.length; i++) Kx[i] = K[i] + x[i];
  return { K: { rows: n, cols: k, data: Kx }, predicted, boundary, hessProducts: products, radius };
}
