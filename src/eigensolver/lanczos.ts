/**
 * A few extreme eigenpairs of a large sparse symmetric matrix: block
 * thick-restart Lanczos with full reorthogonalisation, locking, and a final
 * completeness check that recovers the copies of repeated eigenvalues a
 * Krylov method started from one block cannot see.
 *
 * @module
 */
import { ManifoldError, requireInt, requirePositive } from "../errors/index.js";
import { symEig } from "../linalg/index.js";
import type { Matrix } from "../matrix/index.js";
import { createRng, type Rng } from "../random/index.js";
import { csrToDense, type SparseMatrix } from "../sparse/index.js";
import { combine, orthogonalize, residualSq, scaleInto } from "./kernels.js";
import { krylovCheck } from "./krylovCheck.js";
import { bindOperator, type LinearOperator, type Op, resolveOperator } from "./operator.js";
import { createWorkspace, type Slot, type VecKernels, type Workspace } from "./workspace.js";

export type { LinearOperator } from "./operator.js";

/** Options for {@link lanczosEigs}. */
export interface LanczosOptions {
  /** Which end of the spectrum (default "largest"). */
  which?: "largest" | "smallest";
  /**
   * Convergence tolerance on the absolute residual `|A v − λ v|` of each unit
   * eigenvector (default 1e-9). It must exceed the round-off floor, about
   * 1e-15·‖A‖₂; for a matrix of large norm scale it with the norm.
   */
  tol?: number;
  /** Most thick restarts (Rayleigh–Ritz cycles) before giving up (default 1000). */
  maxRestarts?: number;
  /**
   * Size of the active Krylov basis (default max(2·nev + 1, nev + 20) + 2·(blockSize − 1),
   * capped at n). Larger converges in fewer restarts on clustered spectra at
   * the cost of ncv·n memory and ncv²·n flops per restart.
   */
  ncv?: number;
  /**
   * Number of start vectors (default 1). A Krylov space built from b start
   * vectors holds at most b copies of a repeated eigenvalue; the completeness
   * check finds the rest either way. b = 2 can save a check round on exactly
   * repeated spectra (grids, symmetric shapes) but costs more matrix–vector
   * products on spectra without repeats.
   */
  blockSize?: number;
  /** Seed of the random start block (default 1); results are deterministic given the seed. */
  seed?: number;
  /**
   * Optional first start vector (length n, not all zero; projected by `deflate` when given).
   * Default: a random vector from `seed`, because a random start has, with probability 1, a
   * component along every eigenvector.
   */
  v0?: ArrayLike<number>;
  /**
   * Orthonormal vectors w_1..w_d (each of length n, d ≤ n − 2) to deflate:
   * the solver works with `P A P`, `P = I − W Wᵀ`, on the complement of W,
   * projecting x and A x inside the operator (8·d·n flops per product). Use
   * it for known eigenvectors (e.g. the top one of a normalised kernel) so
   * the returned pairs are the next ones. Default none.
   */
  deflate?: readonly ArrayLike<number>[];
  /**
   * Use the WebAssembly SIMD kernels when available (default true). The pure
   * TypeScript kernels give bit-identical results; this switch is for testing.
   */
  wasm?: boolean;
  /**
   * "auto" (default) uses a dense eigensolver when n − d ≤ 200 or nev > (n − d)/4
   * (d deflated vectors), Lanczos otherwise; "dense" / "lanczos" force one.
   */
  method?: "auto" | "dense" | "lanczos";
}

/** Result of {@link lanczosEigs}. */
export interface EigResult {
  /** The nev eigenvalues: descending for "largest", ascending for "smallest". */
  values: Float64Array;
  /** n×nev row-major: `vectors[i·nev + j]` is component i of the unit eigenvector of `values[j]`. */
  vectors: Float64Array;
  /** `|A v_j − λ_j v_j|` for each returned pair, recomputed from the returned vectors. */
  residuals: Float64Array;
  /** Lanczos steps taken (operator applications that extended a basis). */
  iterations: number;
  /** Rayleigh–Ritz cycles (thick restarts). */
  restarts: number;
  /** Total operator applications, including residual checks. */
  matvecs: number;
}

/**
 * The `nev` largest (or smallest) eigenpairs `A v = λ v` of a symmetric
 * matrix given as a CSR {@link SparseMatrix} or as a {@link LinearOperator}.
 *
 * Method (n > 200 and nev ≤ n/4): block Lanczos on `σA` (σ = ±1 picks the
 * end) with full reorthogonalisation (classical Gram–Schmidt, repeated when a
 * pass cancels: "twice is enough") against the basis and the locked vectors;
 * Rayleigh–Ritz on the projected matrix `H = Vᵀ A V` of the applied vectors;
 * the residual of a Ritz pair (θ, V s) is `‖H_ua s‖` exactly, where u are
 * the basis vectors not yet multiplied by A. A Ritz pair among the wanted
 * nev (counting locked ones) whose residual is ≤ tol is locked: stored and
 * deflated from all later bases. The rest of the basis is thick-restarted
 * from the best unconverged Ritz vectors plus the unapplied block (about a
 * quarter of the free room is kept beyond the wanted count). Once nev pairs
 * are locked, a completeness check runs. When no two locked values coincide
 * to 10·tol it first tries a cheap plain Lanczos run (three-term recurrence,
 * projected against the locked vectors only, no restarts) from one random
 * vector orthogonal to them: it passes when its top Ritz value θ lies below
 * the nev-th locked value λ_nev with residual estimate ≤ max(tol, (λ_nev − θ)/1000),
 * and hands over to the full check when θ reaches λ_nev (a missing wanted
 * direction) or it runs out of steps. The full check: a fresh random block of p vectors
 * orthogonal to the locked ones (p = 2 when some locked values coincide to
 * 10·tol, else 1) is iterated until its top Ritz value θ is not wanted and has
 * residual ≤ max(tol, (λ_nev − θ)/1000); anything above the nev-th locked
 * value λ_nev it meets (a copy of a repeated eigenvalue the first block could
 * not see, or a skipped value) is locked. p fresh vectors see min(p, missing)
 * further copies of each eigenvalue, so when no value gained p copies in the
 * round none is left; otherwise the round is repeated with p + 1 (at most 4).
 * Finally a Rayleigh–Ritz over all locked vectors (kept only when it does not
 * raise the largest residual) and explicit residuals `|A v − λ v|`.
 * For small problems (n − d ≤ 200 or nev > (n − d)/4) the matrix is formed
 * and solved densely with `symEig` (deflated directions shifted past the
 * unwanted end of the spectrum).
 *
 * With `deflate` (orthonormal W) the method runs on `P A P`, P = I − W Wᵀ,
 * from start vectors projected by P, so it returns eigenpairs of A restricted
 * to the complement of W (for W an invariant subspace, the next eigenpairs of
 * A); nev < n − d.
 *
 * Kernels: the basis, the locked vectors and a CSR matrix live in one
 * WebAssembly memory per solve, where f64x2 SIMD kernels do the Gram–Schmidt
 * sweeps (`Vᵀz` and `z − V h`, each basis vector read once per sweep), the
 * recombinations and the sparse product; an exactly symmetric CSR matrix is
 * stored as its upper triangle and read once per product. Without
 * WebAssembly SIMD (or with `wasm: false`) TypeScript kernels that perform
 * the same operations in the same order run instead: the results are
 * bit-identical either way, and a CSR matrix gives the same bits as the
 * operator `x ↦ spmv(A, x)`.
 *
 * Cost per Lanczos step with basis size m ≤ ncv, n unknowns, ℓ locked: one
 * operator application (2·nnz flops for CSR; plus 8·d·n with d deflated
 * vectors) plus about 4·(m + ℓ)·n flops of orthogonalisation (one classical
 * Gram–Schmidt pass after removing the known three-term and arrowhead
 * components; a second only when the DGKS test asks); per restart 2·m·k·n
 * flops to recombine the kept k Ritz vectors. Memory: about
 * (2·ncv + 3·nev + d + 20)·n doubles plus 12·nnz bytes for a CSR matrix (half
 * that when exactly symmetric), in one WebAssembly memory that grows if more
 * vectors must be locked. A step of the cheap check costs one operator
 * application plus 4·ℓ·n flops. On the 150×150 grid Laplacian (n = 22 500,
 * nev = 20 smallest) this is about 2 800 operator applications (ARPACK via
 * scipy eigsh: 3 033). On a CIDM kernel (embedded torus, k = 16, N = 20 000,
 * 19 pairs after deflating the known top one) it takes about 1 400 operator
 * applications (eigsh: 1 060 for 20 pairs) in roughly the time of eigsh.
 * Deterministic for a given seed.
 *
 * Output: vectors are unit length with their largest-|value| entry positive.
 *
 * @param op - symmetric matrix (CSR, checked for symmetry to 1e-10·max|a|) or operator.
 * @param nev - number of eigenpairs, 1 ≤ nev < n − d (d = number of deflated vectors).
 * @param options - see {@link LanczosOptions}.
 * @throws ManifoldError `INVALID_PARAMETER` (nev out of range, bad option,
 *   non-symmetric CSR matrix, v0 or a deflation vector of wrong length, v0
 *   zero, too many deflation vectors, out of WebAssembly memory),
 *   `DIMENSION_MISMATCH` (non-square matrix), `NON_FINITE` (operator returned
 *   NaN/Infinity, non-finite v0 or deflation vector), `NOT_ORTHONORMAL`
 *   (deflation vectors not orthonormal to 1e-10), `EIGEN_NOT_CONVERGED`
 *   (maxRestarts reached: the message gives the residual reached and what to
 *   raise).
 * @example
 * ```ts
 * import { lanczosEigs } from "manifold-geom";
 * // The path-graph Laplacian tridiag(−1, 2, −1) of size n, as a matrix-free operator:
 * // its eigenvalues are 2 − 2·cos(kπ/(n+1)), k = 1..n.
 * const n = 200;
 * const op = {
 *   n,
 *   apply(x: Float64Array, y: Float64Array) {
 *     for (let i = 0; i < n; i++) y[i] = 2 * x[i] - (i > 0 ? x[i - 1] : 0) - (i < n - 1 ? x[i + 1] : 0);
 *   },
 * };
 * const { values } = lanczosEigs(op, 3, { which: "largest" });
 * const exact = [n, n - 1, n - 2].map((k) => 2 - 2 * Math.cos((k * Math.PI) / (n + 1)));
 * console.log(values.every((v, j) => Math.abs(v - exact[j]) < 1e-8)); // true
 * ```
 */
export function lanczosEigs(
  op: LinearOperator | SparseMatrix,
  nev: number,
  options: LanczosOptions = {},
): EigResult {
  const input = resolveOperator(op, options.deflate);
  const n = input.n;
  const nd = input.deflate.length;
  const dim = n - nd; // dimension of the space the solver works in
  if (!Number.isInteger(nev) || nev < 1 || nev >= dim) {
    throw new ManifoldError(
      "INVALID_PARAMETER",
      nd === 0
        ? `lanczosEigs: nev must be an integer in [1, n − 1] = [1, ${n - 1}]; got ${String(nev)}. For all ${n} eigenpairs use symEig on the dense matrix.`
        : `lanczosEigs: nev must be an integer in [1, n − d − 1] = [1, ${dim - 1}] with d = ${nd} deflated vectors; got ${String(nev)}.`,
      { name: "nev", value: nev, n },
    );
  }
  const which = options.which ?? "largest";
  if (which !== "largest" && which !== "smallest") {
    throw new ManifoldError(
      "INVALID_PARAMETER",
      `which must be "largest" or "smallest"; got ${String(which)}.`,
    );
  }
  const tol = requirePositive(options.tol ?? 1e-9, "tol");
  const maxRestarts = requireInt(options.maxRestarts ?? 1000, "maxRestarts", 0);
  const blockSize = requireInt(
    options.blockSize ?? 1,
    "blockSize",
    1,
    Math.max(1, Math.floor(dim / 4)),
  );
  const seed = options.seed ?? 1;
  if (typeof seed !== "number" || !Number.isFinite(seed)) {
    throw new ManifoldError(
      "INVALID_PARAMETER",
      `seed must be a finite number; got ${String(seed)}.`,
    );
  }
  const method = options.method ?? "auto";
  if (method !== "auto" && method !== "dense" && method !== "lanczos") {
    throw new ManifoldError(
      "INVALID_PARAMETER",
      `method must be "auto", "dense" or "lanczos"; got ${String(method)}.`,
    );
  }
  let v0: Float64Array | null = null;
  if (options.v0 !== undefined) {
    const src = options.v0;
    if (src.length !== n) {
      throw new ManifoldError(
        "INVALID_PARAMETER",
        `v0 has length ${src.length}; it must have length n = ${n}.`,
      );
    }
    v0 = Float64Array.from(src);
    let ss = 0;
    for (let i = 0; i < n; i++) {
      if (!Number.isFinite(v0[i]))
        throw new ManifoldError("NON_FINITE", `v0[${i}] is ${v0[i]}; it must be finite.`);
      ss += v0[i] * v0[i];
    }
    if (ss === 0)
      throw new ManifoldError(
        "INVALID_PARAMETER",
        "v0 is the zero vector; pass a non-zero start vector.",
      );
  }
  const wasm = options.wasm ?? true;
  const sigma = which === "largest" ? 1 : -1;
  const useDense = method === "dense" || (method === "auto" && (dim <= 200 || nev > dim / 4));
  if (useDense) {
    const plain = createWorkspace(0, false);
    const A = bindOperator(input, plain);
    return finish(A, plain, n, nev, sigma, denseEigs(A, input.deflate, nev, sigma), tol);
  }
  const ncv = resolveNcv(options.ncv, dim, nev, blockSize);
  const yCap = nev + 4;
  // Doubles: the operator (deflation block, 3 buffers), basis and restart
  // copy, locked block, 4 vectors, coefficients, and finish() (A·Q, U, A·U for
  // about nev + 4 locked vectors); plus the CSR copy (Int32 indptr/indices).
  const nz = input.sparse === null ? 0 : input.sparse.indptr[n];
  const vectorsNeeded = nd + 3 + 2 * ncv + yCap + 4 + (nev + 4) + 2 * nev;
  const bytes = 8 * (n * vectorsNeeded + nz + 3 * (ncv + yCap) ** 2) + 4 * (n + 1 + nz);
  const ws = createWorkspace(bytes + 256 * 20, wasm);
  const A = bindOperator(input, ws);
  const raw = lanczosCore(A, ws, n, dim, nev, sigma, {
    tol,
    maxRestarts,
    blockSize,
    ncv,
    rng: createRng(seed),
    v0,
  });
  return finish(A, ws, n, nev, sigma, raw, tol);
}

function resolveNcv(ncv: number | undefined, dim: number, nev: number, b: number): number {
  if (ncv === undefined) return Math.min(dim, Math.max(2 * nev + 1, nev + 20) + 2 * (b - 1));
  requireInt(ncv, "ncv", nev + b + 1);
  return Math.min(ncv, dim);
}

/** Eigen-data in σ-orientation (largest of σA), vectors stored as consecutive length-n blocks. */
interface RawEigs {
  theta: Float64Array;
  /** The vectors (a fresh view: the workspace may have grown since). */
  vecs: () => Float64Array;
  iterations: number;
  restarts: number;
  matvecs: number;
}

interface CoreOptions {
  tol: number;
  maxRestarts: number;
  blockSize: number;
  ncv: number;
  rng: Rng;
  v0: Float64Array | null;
}

/**
 * Dense solve: form the matrix of P A P (columns by the operator unless it is
 * an undeflated CSR matrix), add `c·W Wᵀ` with c = −σ·(2·max row sum + 1) so
 * the deflated directions sit beyond the unwanted end, and take the nev
 * largest of σ·(that) from `symEig`.
 */
function denseEigs(A: Op, W: readonly Float64Array[], nev: number, sigma: number): RawEigs {
  const n = A.n;
  let M: Matrix;
  let matvecs = 0;
  if (A.sparse !== null) M = csrToDense(A.sparse);
  else {
    const data = new Float64Array(n * n);
    const e = new Float64Array(n);
    const col = new Float64Array(n);
    for (let j = 0; j < n; j++) {
      e[j] = 1;
      A.apply(e, col);
      matvecs++;
      e[j] = 0;
      for (let i = 0; i < n; i++) data[i * n + j] = col[i];
    }
    M = { rows: n, cols: n, data };
  }
  for (let t = 0; t < M.data.length; t++) {
    if (!Number.isFinite(M.data[t])) {
      throw new ManifoldError(
        "NON_FINITE",
        `the operator produced ${M.data[t]} at entry (${Math.floor(t / n)}, ${t % n}).`,
      );
    }
  }
  if (W.length > 0) {
    let norm = 0;
    for (let i = 0; i < n; i++) {
      let r = 0;
      for (let j = 0; j < n; j++) r += Math.abs(M.data[i * n + j]);
      norm = Math.max(norm, r);
    }
    const c = -sigma * (2 * norm + 1);
    for (const w of W) {
      for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) M.data[i * n + j] += c * w[i] * w[j];
    }
  }
  const { values, vectors } = symEig(M);
  const theta = new Float64Array(nev);
  const vecs = new Float64Array(nev * n);
  for (let c = 0; c < nev; c++) {
    const j = sigma > 0 ? n - 1 - c : c;
    theta[c] = sigma * values[j];
    for (let i = 0; i < n; i++) vecs[c * n + i] = vectors.data[i * n + j];
  }
  return { theta, vecs: () => vecs, iterations: 0, restarts: 0, matvecs };
}

/**
 * Fill V[at] with a random unit vector orthogonal to W (the deflated
 * directions), Y[0..nl) and V[0..at); false if none could be made.
 */
function randomOrthogonal(
  kern: VecKernels,
  A: Op,
  rng: Rng,
  n: number,
  Y: Float64Array,
  nl: number,
  V: Float64Array,
  at: number,
  z: Float64Array,
  coef: Float64Array,
  scratch: Float64Array,
  first: Float64Array | null,
): boolean {
  for (let attempt = 0; attempt < 3; attempt++) {
    if (first !== null && attempt === 0) z.set(first);
    else for (let i = 0; i < n; i++) z[i] = rng.normal();
    A.project(z);
    const before = Math.sqrt(kern.dotAt(z, 0, z, 0, n));
    coef.fill(0, 0, at);
    const after = orthogonalize(kern, z, n, Y, nl, V, at, coef, scratch);
    if (after > 1e-8 * before) {
      scaleInto(V, at * n, z, 0, 1 / after, n);
      return true;
    }
  }
  return false;
}

/**
 * Largest number of values in `vals[from..]` lying within `tol` of one of
 * them (the multiplicity of the most repeated value gained since `from`).
 * Cost O(k²) for k = vals.length − from (k is small).
 */
function maxClusterSize(vals: readonly number[], from: number, tol: number): number {
  let best = 0;
  for (let i = from; i < vals.length; i++) {
    let c = 0;
    for (let j = from; j < vals.length; j++) if (Math.abs(vals[j] - vals[i]) <= tol) c++;
    best = Math.max(best, c);
  }
  return best;
}

/**
 * The restarted Lanczos iteration in the workspace `ws`: vectors of length
 * n, working in a space of dimension `dim` (n minus the deflated directions).
 */
function lanczosCore(
  A: Op,
  ws: Workspace,
  n: number,
  dim: number,
  nev: number,
  sigma: number,
  opt: CoreOptions,
): RawEigs {
  const { tol, maxRestarts, rng } = opt;
  const kern = ws.kern;
  const cap = opt.ncv;
  let yCap = nev + 4;
  // Workspace regions (views are taken again whenever the memory grows).
  let Vs = ws.f64(cap * n);
  let VnewS = ws.f64(cap * n);
  let Ys = ws.f64(yCap * n);
  const zs = ws.f64(n);
  const coefS = ws.f64(cap);
  let scratchS = ws.f64(cap + yCap);
  const checkS: Slot<Float64Array>[] = [ws.f64(n), ws.f64(n), ws.f64(n)];
  const Cs = ws.f64(cap * cap);
  let V = Vs.view();
  let Vnew = VnewS.view();
  let Y = Ys.view();
  let z = zs.view();
  let coef = coefS.view();
  let scratch = scratchS.view();
  const refresh = (): void => {
    V = Vs.view();
    Vnew = VnewS.view();
    Y = Ys.view();
    z = zs.view();
    coef = coefS.view();
    scratch = scratchS.view();
  };
  const lockedTheta: number[] = [];
  const H = new Float64Array(cap * cap);
  let matvecs = 0;
  let iterations = 0;
  let restarts = 0;
  let anorm = 0;
  let m = 0; // basis size
  let a = 0; // vectors already multiplied by A (the first a of the basis)
  let p = opt.blockSize; // block size of a fresh start
  let v0 = opt.v0;
  let phase: "main" | "check" = "main";
  let roundStart = 0; // locked count when the current check round began
  const clusterTol = 10 * tol;

  const applyOp = (src: Float64Array, srcOff: number, dst: Float64Array): void => {
    A.apply(src.subarray(srcOff, srcOff + n), dst);
    matvecs++;
    if (sigma < 0) scaleInto(dst, 0, dst, 0, -1, n);
  };

  const freshStart = (): void => {
    H.fill(0);
    m = 0;
    a = 0;
    const nl = lockedTheta.length;
    for (let b = 0; b < p && m + nl < dim; b++) {
      if (randomOrthogonal(kern, A, rng, n, Y, nl, V, m, z, coef, scratch, b === 0 ? v0 : null))
        m++;
    }
    v0 = null;
  };

  // One Lanczos step: multiply the oldest unapplied vector v_a by σA, orthogonalise
  // against everything, record the projections in H and append the new direction.
  const expand = (capEff: number): void => {
    const nl = lockedTheta.length;
    applyOp(V, a * n, z);
    iterations++;
    const before = Math.sqrt(kern.dotAt(z, 0, z, 0, n));
    if (!Number.isFinite(before)) {
      throw new ManifoldError(
        "NON_FINITE",
        "the operator returned NaN or Infinity; check the matrix entries.",
      );
    }
    anorm = Math.max(anorm, before);
    // Local step: remove the components already known from H (the band and,
    // after a restart, the arrow), then project out the unapplied block once.
    // What is left is small, so one full Gram–Schmidt pass usually suffices.
    coef.fill(0, 0, m);
    const known = 1e-8 * anorm;
    let lo = a;
    for (let i = 0; i < a; i++) {
      if (Math.abs(H[i * cap + a]) > known) {
        lo = i;
        break;
      }
    }
    for (let i = lo; i < a; i++) {
      const h = H[i * cap + a];
      coef[i] = Math.abs(h) > known ? h : 0;
    }
    if (lo < a) kern.subtractMany(z, V.subarray(lo * n), a - lo, n, coef.subarray(lo, a));
    if (m > a) {
      const blk = scratch.subarray(0, m - a);
      const Vb = V.subarray(a * n);
      kern.dotMany(z, Vb, m - a, n, blk);
      kern.subtractMany(z, Vb, m - a, n, blk);
      for (let i = a; i < m; i++) coef[i] = blk[i - a];
    }
    const nu = orthogonalize(kern, z, n, Y, nl, V, m, coef, scratch);
    for (let i = 0; i < m; i++) {
      H[i * cap + a] = coef[i];
      H[a * cap + i] = coef[i];
    }
    if (m < capEff) {
      if (nu > 1e-12 * anorm && nu > 0) {
        scaleInto(V, m * n, z, 0, 1 / nu, n);
        H[m * cap + a] = nu;
        H[a * cap + m] = nu;
        m++;
      } else if (
        m + nl < dim &&
        randomOrthogonal(kern, A, rng, n, Y, nl, V, m, z, coef, scratch, null)
      ) {
        // Invariant subspace reached: continue from a fresh direction (coupling 0).
        m++;
      }
    }
    a++;
  };

  freshStart();
  for (;;) {
    const nl0 = lockedTheta.length;
    if (m === 0) break; // no direction orthogonal to the locked vectors is left
    const capEff = Math.min(cap, dim - nl0);
    // Expand until the basis is full, keeping the unapplied block for the residual.
    while (m < capEff && a < m) expand(capEff);
    if (a === m && m < capEff && m + nl0 < dim) {
      // Whole active space is invariant and not full: add a random direction.
      if (randomOrthogonal(kern, A, rng, n, Y, nl0, V, m, z, coef, scratch, null)) m++;
      if (a < m) continue;
    }
    restarts++;
    const pNow = m - a;
    // Rayleigh–Ritz on the applied part.
    const Haa = new Float64Array(a * a);
    for (let i = 0; i < a; i++) for (let j = 0; j < a; j++) Haa[i * a + j] = H[i * cap + j];
    const eig = symEig({ rows: a, cols: a, data: Haa });
    const S = eig.vectors.data; // a×a, column j ↔ eig.values[j] (ascending)
    const theta = new Float64Array(a);
    const colOf = new Int32Array(a);
    const res = new Float64Array(a);
    for (let r = 0; r < a; r++) {
      const j = a - 1 - r; // descending order
      colOf[r] = j;
      theta[r] = eig.values[j];
      let ss = 0;
      for (let c = 0; c < pNow; c++) {
        const row = (a + c) * cap;
        let s = 0;
        for (let i = 0; i < a; i++) s += H[row + i] * S[i * a + j];
        ss += s * s;
      }
      res[r] = Math.sqrt(ss);
    }
    // Lock converged pairs that rank among the wanted nev (locked ones included).
    const lockIdx: number[] = [];
    const keepCand: number[] = [];
    let worst = 0;
    for (let r = 0; r < a; r++) {
      let above = 0;
      for (let l = 0; l < nl0; l++) if (lockedTheta[l] >= theta[r]) above++;
      const wanted = r + above < nev;
      if (wanted && res[r] <= tol) lockIdx.push(r);
      else {
        keepCand.push(r);
        if (wanted) worst = Math.max(worst, res[r]);
      }
    }
    // Completeness check: the top unlocked Ritz value θ of the check block lies
    // below the nev-th locked value λ_nev and has converged relative to that
    // gap (residual ≤ max(tol, (λ_nev − θ)/1000)): the Krylov space of a fresh
    // random start has resolved the top of the spectrum orthogonal to the
    // locked vectors, and nothing there is wanted.
    let checkPassed = false;
    if (phase === "check" && keepCand.length > 0) {
      const top = keepCand[0];
      const thr = lockedTheta.slice().sort((x, y) => y - x)[nev - 1];
      let rank = top;
      for (let l = 0; l < nl0; l++) if (lockedTheta[l] >= theta[top]) rank++;
      checkPassed = rank >= nev && (res[top] <= tol || res[top] <= 1e-3 * (thr - theta[top]));
    }
    if (nl0 + lockIdx.length > yCap) {
      yCap = Math.max(2 * yCap, nl0 + lockIdx.length);
      const Y2 = ws.f64(yCap * n);
      scratchS = ws.f64(cap + yCap);
      Y2.view().set(Ys.view().subarray(0, nl0 * n));
      Ys = Y2;
      refresh();
    }
    if (lockIdx.length > 0) {
      const cols = lockIdx.map((r) => colOf[r]);
      combine(kern, V, n, a, S, a, cols, Y, nl0, Cs.view());
      for (let q = 0; q < lockIdx.length; q++) {
        const o = (nl0 + q) * n;
        scaleInto(Y, o, Y, o, 1 / Math.sqrt(kern.dotAt(Y, o, Y, o, n)), n);
        lockedTheta.push(theta[lockIdx[q]]);
      }
    }
    const nl = lockedTheta.length;
    if (phase === "main" && nl >= nev) {
      // Completeness check from a fresh random block orthogonal to Y: one
      // vector, or two when some locked values coincide (a repeated eigenvalue
      // whose further copies the first block may not have seen).
      phase = "check";
      roundStart = nl;
      p = maxClusterSize(lockedTheta, 0, clusterTol) > 1 ? 2 : 1;
      if (p === 1) {
        // No repeated value among the locked ones: a plain Lanczos run from one
        // random vector (no restarts, no reorthogonalisation against its own
        // vectors) usually settles it at a fraction of the cost of a full round.
        const thr = lockedTheta.slice().sort((x, y) => y - x)[nev - 1];
        const chk = krylovCheck(
          (x, y) => applyOp(x, 0, y),
          n,
          Y,
          nl,
          thr,
          tol,
          clusterTol,
          rng,
          Math.min(dim - nl, Math.max(1000, 50 * cap)),
          {
            kern,
            buffers: [checkS[0].view(), checkS[1].view(), checkS[2].view(), scratch],
            project: (q) => A.project(q),
          },
        );
        if (chk.status === "pass") break;
      }
      freshStart();
      continue;
    }
    if (checkPassed || (phase === "check" && keepCand.length === 0)) {
      // A block of p fresh vectors sees min(p, missing) further copies of each
      // repeated eigenvalue: if every value gained fewer than p copies in this
      // round, no copy is left; otherwise check again with a wider block.
      if (maxClusterSize(lockedTheta, roundStart, clusterTol) < p) break;
      roundStart = nl;
      p = Math.min(p + 1, 4);
      freshStart();
      continue;
    }
    if (restarts >= maxRestarts) {
      const active = phase === "main" ? worst : keepCand.length > 0 ? res[keepCand[0]] : 0;
      throw new ManifoldError(
        "EIGEN_NOT_CONVERGED",
        `lanczosEigs: ${Math.min(nl, nev)} of ${nev} eigenpairs converged after ${restarts} restarts (${matvecs} matrix-vector products); the worst wanted residual is ${active.toExponential(2)} > tol = ${tol}. Raise maxRestarts, raise ncv (now ${cap}) for clustered eigenvalues, or loosen tol.`,
        { converged: Math.min(nl, nev), nev, restarts, residual: active, tol, ncv: cap },
      );
    }
    // Thick restart: keep the best unlocked Ritz vectors and the unapplied block.
    const capNext = Math.min(cap, dim - nl);
    const nr = Math.max(1, nev - nl);
    const room = capNext - pNow;
    let k = Math.max(nr, Math.floor(nr + (room - nr) * 0.25));
    k = Math.min(k, room - Math.max(pNow, Math.ceil(room / 4)), keepCand.length);
    k = Math.max(k, Math.min(keepCand.length, 1, room - 1));
    const keep = keepCand.slice(0, k);
    combine(
      kern,
      V,
      n,
      a,
      S,
      a,
      keep.map((r) => colOf[r]),
      Vnew,
      0,
      Cs.view(),
    );
    Vnew.set(V.subarray(a * n, m * n), k * n);
    // Couplings between kept Ritz vectors and the unapplied block: H_ua · s.
    const coupling = new Float64Array(pNow * k);
    for (let c = 0; c < pNow; c++) {
      const row = (a + c) * cap;
      for (let q = 0; q < k; q++) {
        const j = colOf[keep[q]];
        let s = 0;
        for (let i = 0; i < a; i++) s += H[row + i] * S[i * a + j];
        coupling[c * k + q] = s;
      }
    }
    H.fill(0);
    for (let q = 0; q < k; q++) H[q * cap + q] = theta[keep[q]];
    for (let c = 0; c < pNow; c++) {
      for (let q = 0; q < k; q++) {
        H[(k + c) * cap + q] = coupling[c * k + q];
        H[q * cap + k + c] = coupling[c * k + q];
      }
    }
    const tmp = Vs;
    Vs = VnewS;
    VnewS = tmp;
    refresh();
    a = k;
    m = k + pNow;
  }
  // Hand back every locked pair: the final Rayleigh–Ritz over all of them
  // removes their mutual couplings before the best nev are chosen.
  return {
    theta: Float64Array.from(lockedTheta),
    vecs: () => Ys.view().subarray(0, lockedTheta.length * n),
    iterations,
    restarts,
    matvecs,
  };
}

/** Residual norms |A u_c − θ_c u_c| and Rayleigh quotients θ_c of unit-normalised columns. */
function residualsOf(
  kern: VecKernels,
  U: Float64Array,
  AU: Float64Array,
  n: number,
  count: number,
): { theta: Float64Array; res: Float64Array } {
  const theta = new Float64Array(count);
  const res = new Float64Array(count);
  for (let c = 0; c < count; c++) {
    const o = c * n;
    const nrm2 = kern.dotAt(U, o, U, o, n);
    const th = kern.dotAt(U, o, AU, o, n) / nrm2;
    theta[c] = th;
    res[c] = Math.sqrt(residualSq(U, o, AU, o, th, n) / nrm2);
  }
  return { theta, res };
}

/**
 * Write `s·u` (u = U[o..o+n), s = ±1/nrm) into column c of the n×nev
 * row-major `out`, the sign chosen so that the first entry whose magnitude is
 * within 1e-12 (relative) of the largest is positive. Cost O(n).
 */
function writeColumn(
  U: Float64Array,
  o: number,
  n: number,
  nrm: number,
  out: Float64Array,
  nev: number,
  c: number,
): void {
  let bigAbs = 0;
  for (let i = 0; i < n; i++) bigAbs = Math.max(bigAbs, Math.abs(U[o + i]));
  let big = 0;
  while (Math.abs(U[o + big]) < bigAbs * (1 - 1e-12)) big++;
  const s = (U[o + big] < 0 ? -1 : 1) / nrm;
  for (let i = 0; i < n; i++) out[i * nev + c] = s * U[o + i];
}

/**
 * Choose and polish the output. Candidate 1: Rayleigh–Ritz over all q
 * computed vectors (G = Qᵀ σA Q, keep the nev largest), which sharpens
 * vectors of close eigenvalues. Candidate 2: the nev best vectors as they
 * are. Rotation inside an exactly repeated eigenvalue mixes residuals and can
 * raise the largest one by up to √multiplicity, so candidate 1 is used only
 * when its largest residual is no worse than tol and no worse than candidate
 * 2's. Then sign normalisation and the public layout. Work arrays come from
 * `ws` (views are taken after every allocation, which may grow the memory).
 */
function finish(
  A: Op,
  ws: Workspace,
  n: number,
  nev: number,
  sigma: number,
  raw: RawEigs,
  tol: number,
): EigResult {
  const kern = ws.kern;
  const q = raw.theta.length;
  const AQs = ws.f64(q * n);
  const Us = ws.f64(nev * n);
  const AUs = ws.f64(nev * n);
  const Cs = ws.f64(nev * q);
  const gs = ws.f64(q);
  let Q = raw.vecs();
  let AQ = AQs.view();
  let matvecs = raw.matvecs;
  for (let c = 0; c < q; c++) {
    A.apply(Q.subarray(c * n, (c + 1) * n), AQ.subarray(c * n, (c + 1) * n));
    matvecs++;
    if (sigma < 0) scaleInto(AQ, c * n, AQ, c * n, -1, n);
  }
  // G = ½(QᵀAQ + (QᵀAQ)ᵀ), one column of QᵀAQ per sweep over Q.
  const P = new Float64Array(q * q);
  const g = gs.view();
  for (let j = 0; j < q; j++) {
    kern.dotMany(AQ.subarray(j * n, (j + 1) * n), Q, q, n, g);
    for (let i = 0; i < q; i++) P[i * q + j] = g[i];
  }
  const G = new Float64Array(q * q);
  for (let i = 0; i < q; i++) {
    for (let j = i; j < q; j++) {
      const v = 0.5 * (P[i * q + j] + P[j * q + i]);
      G[i * q + j] = v;
      G[j * q + i] = v;
    }
  }
  const eig = symEig({ rows: q, cols: q, data: G });
  const cols = new Int32Array(nev);
  for (let c = 0; c < nev; c++) cols[c] = q - 1 - c; // the nev largest θ, descending
  let U = Us.view();
  let AU = AUs.view();
  combine(kern, Q, n, q, eig.vectors.data, q, cols, U, 0, Cs.view());
  combine(kern, AQ, n, q, eig.vectors.data, q, cols, AU, 0, Cs.view());
  let best = residualsOf(kern, U, AU, n, nev);
  const worstRR = Math.max(...best.res);
  if (worstRR > tol) {
    // Candidate 2: the nev largest Rayleigh quotients among the vectors as computed.
    const order = Array.from({ length: q }, (_, i) => i).sort(
      (i, j) => G[j * q + j] - G[i * q + i] || i - j,
    );
    const U2s = ws.f64(nev * n);
    const AU2s = ws.f64(nev * n);
    Q = raw.vecs();
    AQ = AQs.view();
    U = Us.view();
    AU = AUs.view();
    const U2 = U2s.view();
    const AU2 = AU2s.view();
    for (let c = 0; c < nev; c++) {
      U2.set(Q.subarray(order[c] * n, (order[c] + 1) * n), c * n);
      AU2.set(AQ.subarray(order[c] * n, (order[c] + 1) * n), c * n);
    }
    const alt = residualsOf(kern, U2, AU2, n, nev);
    if (Math.max(...alt.res) < worstRR) {
      U = U2;
      AU = AU2;
      best = alt;
    }
  }
  // Output order: θ descending (ties keep their order), i.e. λ descending for
  // "largest" and ascending for "smallest".
  const order = Array.from({ length: nev }, (_, c) => c).sort(
    (x, y) => best.theta[y] - best.theta[x] || x - y,
  );
  const values = new Float64Array(nev);
  const vectors = new Float64Array(n * nev);
  const residuals = new Float64Array(nev);
  for (let c = 0; c < nev; c++) {
    const o = order[c] * n;
    writeColumn(U, o, n, Math.sqrt(kern.dotAt(U, o, U, o, n)), vectors, nev, c);
    values[c] = sigma * best.theta[order[c]];
    residuals[c] = best.res[order[c]];
  }
  return {
    values,
    vectors,
    residuals,
    iterations: raw.iterations,
    restarts: raw.restarts,
    matvecs,
  };
}
