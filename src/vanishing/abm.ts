/**
 * Approximate Buchberger–Möller (ABM): generators of the approximately vanishing ideal of a
 * finite point set, degree by degree, and their batched evaluation.
 *
 * @module
 */
import { ManifoldError, requireInt, requirePositive } from "../errors/index.js";
import { matmulTransA, svd, symEig } from "../linalg/index.js";
import { type Matrix, type MatrixInput, toMatrix } from "../matrix/index.js";
import { compareDegLex, monomialDegree, monomialKey } from "./monomials.js";

/** How points are mapped before monomials are formed. */
export type VanishingScaling =
  | {
      /** No scaling: z = x, so polynomials are in the input coordinates. */
      readonly kind: "none";
    }
  | {
      /** z_j = tanh((x_j − center_j) / scale_j): every coordinate lands in (−1, 1). */
      readonly kind: "tanh";
      /** center_j: the training mean of coordinate j. */
      readonly center: readonly number[];
      /** scale_j: the training standard deviation of coordinate j (1 where it is 0). */
      readonly scale: readonly number[];
    };

/** One generator p(z) = Σ_k coefficients[k]·z^{terms[k]} (coefficient vector of unit 2-norm). */
export interface VanishingGenerator {
  /** Exponent vectors: the order terms O at the time p was found, then the leading term. */
  readonly terms: number[][];
  /** Coefficients over `terms`; unit 2-norm, leading-term coefficient > 0. */
  readonly coefficients: number[];
  /** The border term t that p reduces (its degree-lexicographically largest term). */
  readonly leadingTerm: number[];
  /** Total degree of the leading term. */
  readonly degree: number;
  /** Mean |p(z_i)| over the training points (after scaling). */
  readonly meanAbs: number;
  /** Root-mean-square of p over the training points, σ_min/√m (the quantity compared with ψ). */
  readonly rms: number;
}

/** A fitted vanishing-ideal model (plain data, JSON-serialisable). */
export interface VanishingModel {
  /** Number of variables n of the polynomials (the PCA dimension when `projection` is set). */
  readonly nVars: number;
  /** Columns of the points the model accepts (the input dimension, before any PCA). */
  readonly inputDim: number;
  /**
   * PCA applied first, when fitted with `pca`: y = C·(x − mean), C the k×inputDim matrix
   * (row-major) of the top-k principal directions (unit rows). null without PCA.
   */
  readonly projection: {
    /** The training mean (length inputDim), subtracted before projecting. */
    readonly mean: number[];
    /** C, k×inputDim row-major: the top-k principal directions as unit rows. */
    readonly components: number[];
  } | null;
  /** Generators in the order found (degree by degree, leading terms increasing). */
  readonly generators: VanishingGenerator[];
  /** The order ideal O: non-vanishing terms, in the order they joined (starts with 1). */
  readonly orderTerms: number[][];
  /** Applied to points before evaluation. */
  readonly scaling: VanishingScaling;
  /** The threshold used. */
  readonly psi: number;
  /** The highest degree examined. */
  readonly maxDegree: number;
  /** Number of training points m. */
  readonly numPoints: number;
}

/** Options of {@link fitVanishingIdeal}. */
export interface FitVanishingOptions {
  /**
   * Vanishing threshold ψ ≥ 0 on the RMS scale: a border term t gives a generator when
   * σ_min([E_O | e_t])/√m ≤ ψ + tol, i.e. when some unit coefficient vector v has
   * √(mean_i p_v(z_i)²) ≤ ψ + tol. Default 0.01.
   */
  psi?: number;
  /** Largest degree examined (default 3). The search also stops when a degree has no border. */
  maxDegree?: number;
  /**
   * "none" (default: polynomials in the input coordinates, so the unit circle gives
   * x² + y² − 1) or "tanh": z_j = tanh((x_j − mean_j)/std_j), which keeps monomials of
   * unbounded or large-valued data inside the unit cube (the paper's rescaling).
   */
  scale?: "none" | "tanh";
  /**
   * Project the points onto their top `pca` principal directions before everything else
   * (default: no projection). Cost: covariance 2·m·n² flops + symmetric eigensolver ≈ 9n³.
   */
  pca?: number;
  /** Round-off floor added to ψ so that ψ = 0 finds exact ideals (default 1e-9). */
  tol?: number;
}

/** Apply a scaling to row `i` of X into `out` (length n). */
function scaleRow(X: Matrix, i: number, scaling: VanishingScaling, out: Float64Array): void {
  const n = X.cols;
  const off = i * n;
  if (scaling.kind === "none") {
    for (let j = 0; j < n; j++) out[j] = X.data[off + j];
  } else {
    for (let j = 0; j < n; j++)
      out[j] = Math.tanh((X.data[off + j] - scaling.center[j]) / scaling.scale[j]);
  }
}

/** Top-k principal directions of X (covariance eigenvectors, largest eigenvalues first). */
function fitPca(X: Matrix, k: number): { mean: number[]; components: number[] } {
  const { rows: m, cols: n, data } = X;
  const mean = new Array<number>(n).fill(0);
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) mean[j] += data[i * n + j] / m;
  const C = new Float64Array(m * n);
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) C[i * n + j] = data[i * n + j] - mean[j];
  const cm = { rows: m, cols: n, data: C };
  const { vectors } = symEig(matmulTransA(cm, cm));
  const components = new Array<number>(k * n);
  for (let c = 0; c < k; c++)
    for (let j = 0; j < n; j++) components[c * n + j] = vectors.data[j * n + (n - 1 - c)];
  return { mean, components };
}

/** y_i = C·(x_i − mean) for every row: N×k. Cost 2·N·n·k flops. */
function applyPca(
  X: Matrix,
  p: { readonly mean: readonly number[]; readonly components: readonly number[] },
): Matrix {
  const { rows: N, cols: n, data } = X;
  const k = p.components.length / n;
  const out = new Float64Array(N * k);
  for (let i = 0; i < N; i++)
    for (let c = 0; c < k; c++) {
      let s = 0;
      for (let j = 0; j < n; j++) s += p.components[c * n + j] * (data[i * n + j] - p.mean[j]);
      out[i * k + c] = s;
    }
  return { rows: N, cols: k, data: out };
}

function tanhScaling(X: Matrix): VanishingScaling {
  const { rows: m, cols: n, data } = X;
  const center = new Array<number>(n).fill(0);
  const scale = new Array<number>(n).fill(0);
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) center[j] += data[i * n + j] / m;
  for (let i = 0; i < m; i++)
    for (let j = 0; j < n; j++) scale[j] += (data[i * n + j] - center[j]) ** 2 / m;
  for (let j = 0; j < n; j++) scale[j] = scale[j] > 0 ? Math.sqrt(scale[j]) : 1;
  return { kind: "tanh", center, scale };
}

/** Elementwise product a ⊙ b (new array). */
function hadamard(a: Float64Array, b: Float64Array): Float64Array {
  const out = new Float64Array(a.length);
  for (let i = 0; i < a.length; i++) out[i] = a[i] * b[i];
  return out;
}

/** One classical Gram–Schmidt pass: r += Qᵀw, w −= Q(Qᵀw). Cost 4·m·|Q| flops. */
function orthogonalise(Q: readonly Float64Array[], w: Float64Array, r: Float64Array): void {
  for (let c = 0; c < Q.length; c++) {
    const q = Q[c];
    const s = dot(q, w);
    r[c] += s;
    for (let i = 0; i < w.length; i++) w[i] -= s * q[i];
  }
}

/** Mean |p| and RMS of p = Σ_c v_c·evals_c + v_k·b over the points. Cost 2·m·k flops. */
function generatorStats(
  evals: readonly Float64Array[],
  b: Float64Array,
  v: readonly number[],
): { meanAbs: number; rms: number } {
  const m = b.length;
  const k = evals.length;
  const p = new Float64Array(m);
  for (let i = 0; i < m; i++) p[i] = v[k] * b[i];
  for (let c = 0; c < k; c++) {
    const e = evals[c];
    const vc = v[c];
    for (let i = 0; i < m; i++) p[i] += vc * e[i];
  }
  let sumAbs = 0;
  let sumSq = 0;
  for (let i = 0; i < m; i++) {
    sumAbs += Math.abs(p[i]);
    sumSq += p[i] * p[i];
  }
  return { meanAbs: sumAbs / m, rms: Math.sqrt(sumSq / m) };
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

/**
 * Decide whether σ_min([[R, r], [0, ρ]]) ≤ τ without an SVD. With M = RᵀR − τ²I = LLᵀ positive
 * definite, the extended matrix R'ᵀR' − τ²I has a negative eigenvalue exactly when its Schur
 * complement S = ρ² − τ²·(1 + rᵀ(RRᵀ − τ²I)⁻¹r) is negative; rᵀ(RRᵀ − τ²I)⁻¹r = (L⁻¹Rᵀr)·(L⁻¹R⁻¹r).
 * Also returns the new Cholesky row l = [L⁻¹Rᵀr, √S] (last entry filled by the caller).
 * Cost 4k² flops for k = |O|.
 */
function schurTest(
  Rcols: Float64Array[],
  Lrows: Float64Array[],
  r: Float64Array,
  rho: number,
  tau2: number,
): { schur: number; l: Float64Array } {
  const k = Rcols.length;
  // u = R⁻¹ r (back substitution; R[i][j] = Rcols[j][i]).
  const u = new Float64Array(k);
  for (let i = k - 1; i >= 0; i--) {
    let s = r[i];
    for (let j = i + 1; j < k; j++) s -= Rcols[j][i] * u[j];
    u[i] = s / Rcols[i][i];
  }
  // w = Rᵀ r, then a = L⁻¹w (into l) and bv = L⁻¹u (forward substitution).
  const l = new Float64Array(k + 1);
  const bv = new Float64Array(k);
  for (let c = 0; c < k; c++) {
    const col = Rcols[c];
    let w = 0;
    for (let i = 0; i <= c; i++) w += col[i] * r[i];
    const Lr = Lrows[c];
    let sa = w;
    let sb = u[c];
    for (let j = 0; j < c; j++) {
      sa -= Lr[j] * l[j];
      sb -= Lr[j] * bv[j];
    }
    l[c] = sa / Lr[c];
    bv[c] = sb / Lr[c];
  }
  let q = 0;
  for (let c = 0; c < k; c++) q += l[c] * bv[c];
  return { schur: rho * rho - tau2 * (1 + q), l };
}

/**
 * Smallest singular value σ and right singular vector v of the K×K upper-triangular R
 * (row-major). Inverse iteration x ← (RᵀR)⁻¹x / |·| by two triangular solves (2K² flops per
 * step, a zero or tiny last pivot replaced by ε·max|R| in the solves only) from a fixed start,
 * until successive vectors agree to 1e-13; σ = |R·v| with the true R. When 40 steps do not
 * converge (σ_min close to σ_2), the full SVD of R decides.
 */
function smallestSingularPair(
  R: Float64Array,
  K: number,
  xbuf: Float64Array,
  ybuf: Float64Array,
): { sigma: number; v: Float64Array } {
  let maxAbs = 0;
  for (let a = 0; a < K * K; a++) maxAbs = Math.max(maxAbs, Math.abs(R[a]));
  const floor = 1e-15 * maxAbs;
  const piv = (i: number) => {
    const d = R[i * K + i];
    return Math.abs(d) > floor ? d : floor > 0 ? floor : 1e-300;
  };
  const x = xbuf.subarray(0, K);
  const y = ybuf.subarray(0, K);
  for (let i = 0; i < K; i++) x[i] = 1 + 0.1 * Math.sin(1.7 * i + 0.3);
  normalise(x);
  let converged = false;
  for (let it = 0; it < 40 && !converged; it++) {
    // Rᵀ y = x (forward substitution on the lower-triangular Rᵀ).
    for (let i = 0; i < K; i++) {
      let s = x[i];
      for (let j = 0; j < i; j++) s -= R[j * K + i] * y[j];
      y[i] = s / piv(i);
    }
    // R z = y (back substitution), z written over y.
    for (let i = K - 1; i >= 0; i--) {
      let s = y[i];
      for (let j = i + 1; j < K; j++) s -= R[i * K + j] * y[j];
      y[i] = s / piv(i);
    }
    normalise(y);
    let dPlus = 0;
    let dMinus = 0;
    for (let i = 0; i < K; i++) {
      dPlus += (y[i] - x[i]) ** 2;
      dMinus += (y[i] + x[i]) ** 2;
    }
    converged = Math.min(dPlus, dMinus) <= 1e-26;
    x.set(y);
  }
  if (!converged) {
    const { s, V } = svd({ rows: K, cols: K, data: R });
    const v = new Float64Array(K);
    for (let c = 0; c < K; c++) v[c] = V.data[c * K + (K - 1)];
    return { sigma: s[K - 1], v };
  }
  let sq = 0;
  for (let i = 0; i < K; i++) {
    let s = 0;
    for (let j = i; j < K; j++) s += R[i * K + j] * x[j];
    sq += s * s;
  }
  return { sigma: Math.sqrt(sq), v: x.slice() };
}

function normalise(x: Float64Array): void {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i] * x[i];
  const inv = 1 / Math.sqrt(s);
  for (let i = 0; i < x.length; i++) x[i] *= inv;
}

/**
 * Fit generators of the approximately vanishing ideal of the rows of `points` by ABM.
 *
 * Algorithm: O = {1}. For d = 1..maxDegree, the border terms of degree d are the monomials
 * t = x_i·o (o ∈ O of degree d − 1) all of whose degree-(d−1) divisors lie in O; they are
 * visited in increasing degree-lexicographic order. For each t, with E = [E_O | e_t] (the
 * m×(|O|+1) evaluation matrix, e_t(z_i) = z_i^t), t gives a generator when
 * σ_min(E)/√m ≤ ψ + tol — i.e. some unit coefficient vector v has RMS √(mean_i p_v(z_i)²) ≤
 * ψ + tol — and otherwise joins O. E is never factorised afresh: E = QR is kept up to date by
 * Gram–Schmidt with re-orthogonalisation, and the test σ_min(R') ≤ τ = (ψ + tol)·√m for
 * R' = [[R, r], [0, ρ]] is the sign of a Schur complement (Cholesky of RᵀR − τ²I, extended by
 * one row per new order term; exact because σ_min(R) > τ by construction). Only for a
 * generator is its coefficient vector computed: the smallest right singular vector of R', by
 * inverse iteration with two triangular solves per step, or the full SVD of R' when that
 * does not converge. If ψ + tol ≥ 1 (the constant term itself "vanishes"), every decision
 * uses the singular values of R' directly.
 *
 * The generator p = Σ_k v_k·(O ∪ {t})_k has unit coefficient 2-norm, positive leading
 * coefficient, and RMS σ_min/√m on the points. Because σ_min(E_O)/√m > ψ + tol, generators
 * with smaller leading terms never combine into a new one.
 *
 * Cost per border term: 4·m·|O| (two Gram–Schmidt passes) + m + O(|O|²) flops; per generator
 * a further O(|O|²) per inverse-iteration step (O(|O|³) if the SVD is needed) + 2·m·|O|;
 * memory O(m·|O|).
 *
 * @param points - m×n data, one point per row (not modified).
 * @throws ManifoldError `EMPTY_INPUT`, `RAGGED_INPUT`, `NON_FINITE` for bad points;
 *   `INVALID_PARAMETER` for ψ < 0, maxDegree not an integer in [1, 20], an unknown scale,
 *   pca not an integer in [1, n].
 * @example
 * ```ts
 * import { fitVanishingIdeal, formatPolynomial } from "manifold-geom";
 * // Twelve points of the unit circle: the one degree-2 generator is (x² + y² − 1)/√3.
 * const circle = Array.from({ length: 12 }, (_, i) => [Math.cos(i / 2), Math.sin(i / 2)]);
 * const model = fitVanishingIdeal(circle, { psi: 0, maxDegree: 2 });
 * const [g] = model.generators;
 * console.log(model.generators.length, g.degree); // 1 2
 * console.log(formatPolynomial(g.terms, g.coefficients, { names: ["x", "y"], drop: 1e-9 }));
 * // 0.5774·x^2 + 0.5774·y^2 − 0.5774
 * ```
 */
export function fitVanishingIdeal(
  points: MatrixInput,
  options: FitVanishingOptions = {},
): VanishingModel {
  const X0 = toMatrix(points, "points");
  const projection =
    options.pca === undefined ? null : fitPca(X0, requireInt(options.pca, "pca", 1, X0.cols));
  const X = projection === null ? X0 : applyPca(X0, projection);
  const psi = requirePositive(options.psi ?? 0.01, "psi", true);
  const maxDegree = requireInt(options.maxDegree ?? 3, "maxDegree", 1, 20);
  const tol = requirePositive(options.tol ?? 1e-9, "tol", true);
  const scaleKind = options.scale ?? "none";
  if (scaleKind !== "none" && scaleKind !== "tanh") {
    throw new ManifoldError(
      "INVALID_PARAMETER",
      `scale must be "none" or "tanh"; got ${String(scaleKind)}.`,
    );
  }
  const scaling: VanishingScaling = scaleKind === "tanh" ? tanhScaling(X) : { kind: "none" };
  const m = X.rows;
  const n = X.cols;
  const sqrtM = Math.sqrt(m);
  const threshold = (psi + tol) * sqrtM;

  // Scaled points, column-major per variable for the column products.
  const vars: Float64Array[] = [];
  for (let j = 0; j < n; j++) vars.push(new Float64Array(m));
  const row = new Float64Array(n);
  for (let i = 0; i < m; i++) {
    scaleRow(X, i, scaling, row);
    for (let j = 0; j < n; j++) vars[j][i] = row[j];
  }

  const orderTerms: number[][] = [new Array<number>(n).fill(0)];
  const orderIndex = new Map<string, number>([[monomialKey(orderTerms[0]), 0]]);
  const evals: Float64Array[] = [new Float64Array(m).fill(1)];
  const Q: Float64Array[] = [new Float64Array(m).fill(1 / sqrtM)];
  // R stored as columns: R[c] has length c + 1.
  const Rcols: Float64Array[] = [Float64Array.of(sqrtM)];
  const generators: VanishingGenerator[] = [];
  // Cholesky factor (rows) of M = R_OᵀR_O − τ²I, τ = threshold; valid while M is positive
  // definite, which holds by construction once it holds for O = {1} (m > τ²).
  const tau2 = threshold * threshold;
  const cholOk = m > tau2;
  const Lrows: Float64Array[] = cholOk ? [Float64Array.of(Math.sqrt(m - tau2))] : [];
  let xbuf = new Float64Array(0);
  let ybuf = new Float64Array(0);

  for (let d = 1; d <= maxDegree; d++) {
    const border: number[][] = [];
    const seen = new Set<string>();
    for (const o of orderTerms) {
      if (monomialDegree(o) !== d - 1) continue;
      for (let i = 0; i < n; i++) {
        const t = o.slice();
        t[i]++;
        const key = monomialKey(t);
        if (seen.has(key)) continue;
        seen.add(key);
        let ok = true;
        for (let j = 0; j < n && ok; j++) {
          if (t[j] === 0) continue;
          t[j]--;
          ok = orderIndex.has(monomialKey(t));
          t[j]++;
        }
        if (ok) border.push(t);
      }
    }
    if (border.length === 0) break;
    border.sort(compareDegLex);

    for (const t of border) {
      // e_t = x_j · e_o with j the first variable of t.
      let j = 0;
      while (t[j] === 0) j++;
      const o = t.slice();
      o[j]--;
      const eo = evals[orderIndex.get(monomialKey(o)) as number];
      const xj = vars[j];
      const b = hadamard(eo, xj);

      const k = Q.length;
      const r = new Float64Array(k + 1);
      const w = b.slice();
      orthogonalise(Q, w, r);
      orthogonalise(Q, w, r);
      const rho = Math.sqrt(dot(w, w));
      r[k] = rho;

      if (xbuf.length < k + 1) {
        xbuf = new Float64Array(2 * (k + 1));
        ybuf = new Float64Array(2 * (k + 1));
      }
      // Square upper-triangular R' = [[R, r], [0, ρ]], (k+1)×(k+1), row-major.
      const K = k + 1;
      const Rm = new Float64Array(K * K);
      for (let c = 0; c < k; c++) {
        const col = Rcols[c];
        for (let rr = 0; rr <= c; rr++) Rm[rr * K + c] = col[rr];
      }
      for (let rr = 0; rr <= k; rr++) Rm[rr * K + k] = r[rr];
      let schur = Number.NaN;
      let lNew: Float64Array | undefined;
      if (cholOk) {
        ({ schur, l: lNew } = schurTest(Rcols, Lrows, r, rho, tau2));
      }
      let vanishes: boolean;
      let vec: Float64Array | undefined;
      if (cholOk) {
        vanishes = schur <= 0;
        if (vanishes) vec = smallestSingularPair(Rm, K, xbuf, ybuf).v;
      } else {
        const small = smallestSingularPair(Rm, K, xbuf, ybuf);
        vanishes = small.sigma <= threshold;
        vec = small.v;
      }
      if (vanishes && vec !== undefined) {
        const v = new Array<number>(K);
        const sign = vec[k] < 0 ? -1 : 1;
        for (let c = 0; c < K; c++) v[c] = sign * vec[c];
        const { meanAbs, rms } = generatorStats(evals, b, v);
        generators.push({
          terms: [...orderTerms.map((e) => e.slice()), t.slice()],
          coefficients: v,
          leadingTerm: t.slice(),
          degree: d,
          meanAbs,
          rms,
        });
      } else {
        for (let i = 0; i < m; i++) w[i] /= rho;
        Q.push(w);
        Rcols.push(r);
        if (cholOk && lNew !== undefined) {
          lNew[k] = Math.sqrt(schur);
          Lrows.push(lNew);
        }
        evals.push(b);
        orderIndex.set(monomialKey(t), orderTerms.length);
        orderTerms.push(t.slice());
      }
    }
  }
  return {
    nVars: n,
    inputDim: X0.cols,
    projection,
    generators,
    orderTerms,
    scaling,
    psi,
    maxDegree,
    numPoints: m,
  };
}

/**
 * Evaluate every generator of `model` at every row of `points`: out[i, g] = p_g(scale(x_i)).
 *
 * The distinct monomials of all generators are collected once; per point, the scaled
 * coordinates and their powers up to the largest exponent are written to reused buffers, each
 * monomial is a product of n table entries, and each generator a sparse dot product. No
 * allocation per point. Cost O(N·(n·D + M·n + nnz)) flops with M distinct monomials, D the
 * largest exponent and nnz the total number of coefficients; memory O(N·G + M).
 *
 * @returns N×G matrix (G = model.generators.length; G = 0 gives an N×0 matrix).
 * @throws ManifoldError `EMPTY_INPUT`, `RAGGED_INPUT`, `NON_FINITE` for bad points;
 *   `DIMENSION_MISMATCH` when points do not have model.inputDim columns. With a PCA
 *   projection, add 2·N·inputDim·nVars flops and N·nVars memory.
 * @example
 * ```ts
 * import { evaluateGenerators, fitVanishingIdeal } from "manifold-geom";
 * const circle = Array.from({ length: 12 }, (_, i) => [Math.cos(i / 2), Math.sin(i / 2)]);
 * const model = fitVanishingIdeal(circle, { psi: 0, maxDegree: 2 });
 * // p = (x² + y² − 1)/√3 vanishes on the circle and is (4 − 1)/√3 = √3 at (2, 0).
 * const out = evaluateGenerators(model, [[0.6, 0.8], [2, 0]]);
 * console.log(Math.abs(out.data[0]) < 1e-12, Math.abs(out.data[1] - Math.sqrt(3)) < 1e-12); // true true
 * ```
 */
export function evaluateGenerators(model: VanishingModel, points: MatrixInput): Matrix {
  const X0 = toMatrix(points, "points");
  const n = model.nVars;
  if (X0.cols !== model.inputDim) {
    throw new ManifoldError(
      "DIMENSION_MISMATCH",
      `points have ${X0.cols} columns but the model was fitted on ${model.inputDim}; pass points with ${model.inputDim} columns.`,
      { expected: model.inputDim, got: X0.cols },
    );
  }
  const X = model.projection === null ? X0 : applyPca(X0, model.projection);
  const gens = model.generators;
  const G = gens.length;
  const monoIndex = new Map<string, number>();
  const monos: number[][] = [];
  const offsets = new Int32Array(G + 1);
  let nnz = 0;
  for (const g of gens) nnz += g.terms.length;
  const idx = new Int32Array(nnz);
  const coef = new Float64Array(nnz);
  let p = 0;
  let maxExp = 0;
  for (let g = 0; g < G; g++) {
    const { terms, coefficients } = gens[g];
    for (let k = 0; k < terms.length; k++) {
      const key = monomialKey(terms[k]);
      let at = monoIndex.get(key);
      if (at === undefined) {
        at = monos.length;
        monoIndex.set(key, at);
        monos.push(terms[k]);
        for (const e of terms[k]) maxExp = Math.max(maxExp, e);
      }
      idx[p] = at;
      coef[p] = coefficients[k];
      p++;
    }
    offsets[g + 1] = p;
  }
  const M = monos.length;
  const expFlat = new Int32Array(M * n);
  for (let a = 0; a < M; a++) for (let j = 0; j < n; j++) expFlat[a * n + j] = monos[a][j];
  const D1 = maxExp + 1;
  const pow = new Float64Array(n * D1);
  const row = new Float64Array(n);
  const vals = new Float64Array(M);
  const out = new Float64Array(X.rows * G);
  for (let i = 0; i < X.rows; i++) {
    scaleRow(X, i, model.scaling, row);
    for (let j = 0; j < n; j++) {
      let v = 1;
      for (let e = 0; e < D1; e++) {
        pow[j * D1 + e] = v;
        v *= row[j];
      }
    }
    for (let a = 0; a < M; a++) {
      let v = 1;
      for (let j = 0; j < n; j++) v *= pow[j * D1 + expFlat[a * n + j]];
      vals[a] = v;
    }
    for (let g = 0; g < G; g++) {
      let s = 0;
      for (let q = offsets[g]; q < offsets[g + 1]; q++) s += coef[q] * vals[idx[q]];
      out[i * G + g] = s;
    }
  }
  return { rows: X.rows, cols: G, data: out };
}
