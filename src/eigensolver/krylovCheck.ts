/**
 * The cheap half of the completeness check of {@link lanczosEigs}: a plain
 * (unrestarted, three-term) Lanczos run from a random vector orthogonal to
 * the locked eigenvectors, which decides whether the operator restricted to
 * their orthogonal complement has an eigenvalue at or above the smallest
 * wanted one.
 *
 * Internal module: not part of the public API.
 *
 * @module
 */
import type { Rng } from "../random/index.js";
import { cgsPass, scaleInto, subtract1, subtract2 } from "./kernels.js";
import { tsKernels, type VecKernels } from "./workspace.js";

/** Where {@link krylovCheck} computes: kernels, buffers and the deflation projector. */
export interface KrylovCheckContext {
  /** Vector kernels (default: the TypeScript ones). */
  kern?: VecKernels;
  /** Four buffers: three of length n (q, q_prev, w) and one of length max(nl, 1) (default: fresh arrays). */
  buffers?: readonly [Float64Array, Float64Array, Float64Array, Float64Array];
  /** Projector applied to the start vector (the solver's deflation), default none. */
  project?: (z: Float64Array) => void;
}

/** Outcome of {@link krylovCheck}. */
export interface KrylovCheckResult {
  /**
   * "pass": the top Ritz value θ of the run lies below `thr` and has
   * converged relative to the gap (residual ≤ max(tol, (thr − θ)/1000)), or the
   * Krylov space became invariant below thr. "found": a Ritz value reached
   * `thr` (above it, or within `clusterTol` with residual ≤ tol), so a wanted
   * direction is missing from the locked set. "undecided": `maxSteps` ran out.
   */
  status: "pass" | "found" | "undecided";
  /** Operator applications made. */
  steps: number;
  /** The last top Ritz value and its residual estimate. */
  theta: number;
  residual: number;
}

/**
 * Largest eigenvalue θ of the k×k symmetric tridiagonal T (diagonal `alpha`,
 * off-diagonal `beta`) and |s_k|, the last component of its unit eigenvector.
 * θ by bisection on the Sturm count (number of eigenvalues below x = number
 * of negative pivots of T − xI) inside the Gershgorin interval, to a relative
 * width of 4ε; s by inverse iteration with a shift just above θ
 * (three steps). Cost about 70·k flops per bisection step, O(k) memory.
 */
export function tridiagTop(
  alpha: ArrayLike<number>,
  beta: ArrayLike<number>,
  k: number,
): { theta: number; last: number } {
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  let scale = 0;
  for (let i = 0; i < k; i++) {
    const r = (i > 0 ? Math.abs(beta[i - 1]) : 0) + (i < k - 1 ? Math.abs(beta[i]) : 0);
    lo = Math.min(lo, alpha[i] - r);
    hi = Math.max(hi, alpha[i] + r);
    scale = Math.max(scale, Math.abs(alpha[i]), i < k - 1 ? Math.abs(beta[i]) : 0);
  }
  if (k === 1) return { theta: alpha[0], last: 1 };
  const tiny = 1e-300 + 1e-16 * scale;
  // Count of eigenvalues strictly below x (Sylvester inertia of the LDLᵀ pivots).
  const below = (x: number): number => {
    let c = 0;
    let u = alpha[0] - x;
    if (u === 0) u = -tiny;
    if (u < 0) c++;
    for (let i = 1; i < k; i++) {
      const b = beta[i - 1];
      u = alpha[i] - x - (b * b) / u;
      if (u === 0) u = -tiny;
      if (u < 0) c++;
    }
    return c;
  };
  for (let it = 0; it < 200 && hi - lo > 4e-16 * Math.max(Math.abs(lo), Math.abs(hi)); it++) {
    const mid = 0.5 * (lo + hi);
    if (mid <= lo || mid >= hi) break;
    if (below(mid) === k) hi = mid;
    else lo = mid;
  }
  const theta = hi;
  const shift = theta + 1e-13 * Math.max(scale, Number.MIN_VALUE);
  // Solve (T − shift·I) x = b by tridiagonal LU without pivoting; a zero
  // pivot is replaced by a tiny number (the solution only needs a direction).
  // A fixed, sign-irregular start (golden-ratio sequence) so that no symmetry
  // of T makes it orthogonal to the wanted eigenvector.
  const x = Float64Array.from({ length: k }, (_, i) => 0.5 + ((i * 0.6180339887498949) % 1));
  const u = new Float64Array(k);
  const l = new Float64Array(k);
  u[0] = alpha[0] - shift;
  if (Math.abs(u[0]) < tiny) u[0] = -tiny;
  for (let i = 1; i < k; i++) {
    l[i] = beta[i - 1] / u[i - 1];
    u[i] = alpha[i] - shift - l[i] * beta[i - 1];
    if (Math.abs(u[i]) < tiny) u[i] = -tiny;
  }
  for (let it = 0; it < 3; it++) {
    for (let i = 1; i < k; i++) x[i] -= l[i] * x[i - 1];
    x[k - 1] /= u[k - 1];
    for (let i = k - 2; i >= 0; i--) x[i] = (x[i] - beta[i] * x[i + 1]) / u[i];
    let s = 0;
    for (let i = 0; i < k; i++) s = Math.max(s, Math.abs(x[i]));
    for (let i = 0; i < k; i++) x[i] /= s;
  }
  let nrm = 0;
  for (let i = 0; i < k; i++) nrm += x[i] * x[i];
  return { theta, last: Math.abs(x[k - 1]) / Math.sqrt(nrm) };
}

/**
 * Plain Lanczos on `P A P` (P the projector onto the complement of the
 * orthonormal locked vectors `Y[0..nl)`) from a random start, evaluated every
 * `every` steps. Only the three-term recurrence is kept (each new vector is
 * projected against Y and re-orthogonalised against the current one), so a
 * step costs one operator application plus 4·nl·n + O(n) flops and the run
 * needs 3n doubles. Loss of orthogonality among the Lanczos vectors only
 * duplicates converged Ritz values ("ghosts"); the top Ritz value θ and its
 * residual estimate `β_k |s_k|` stay valid (Paige), and θ never exceeds the
 * largest eigenvalue of P A P.
 *
 * @param apply - writes A·x into y and counts the application.
 * @param thr - the smallest wanted (locked) eigenvalue.
 * @param ctx - kernels, buffers (the WebAssembly workspace of the solve) and
 *   the start-vector projector; results do not depend on the kernels.
 */
export function krylovCheck(
  apply: (x: Float64Array, y: Float64Array) => void,
  n: number,
  Y: Float64Array,
  nl: number,
  thr: number,
  tol: number,
  clusterTol: number,
  rng: Rng,
  maxSteps: number,
  ctx: KrylovCheckContext = {},
): KrylovCheckResult {
  const kern = ctx.kern ?? tsKernels();
  const bufs = ctx.buffers ?? [
    new Float64Array(n),
    new Float64Array(n),
    new Float64Array(n),
    new Float64Array(Math.max(nl, 1)),
  ];
  let q = bufs[0];
  let qPrev = bufs[1];
  const w = bufs[2];
  const scratch = bufs[3];
  qPrev.fill(0);
  for (let i = 0; i < n; i++) q[i] = rng.normal();
  ctx.project?.(q);
  for (let pass = 0; pass < 2; pass++) if (nl > 0) cgsPass(kern, q, Y, nl, n, scratch, null);
  scaleInto(q, 0, q, 0, 1 / Math.sqrt(kern.dotAt(q, 0, q, 0, n)), n);
  const alpha: number[] = [];
  const beta: number[] = [];
  let bPrev = 0;
  let theta = Number.NEGATIVE_INFINITY;
  let residual = Number.POSITIVE_INFINITY;
  const every = 8;
  for (let j = 0; j < maxSteps; j++) {
    apply(q, w);
    let a = kern.dotAt(q, 0, w, 0, n);
    subtract2(w, a, q, bPrev, qPrev, n);
    if (nl > 0) cgsPass(kern, w, Y, nl, n, scratch, null);
    const a2 = kern.dotAt(q, 0, w, 0, n);
    subtract1(w, a2, q, n);
    a += a2;
    alpha.push(a);
    const b = Math.sqrt(kern.dotAt(w, 0, w, 0, n));
    const k = j + 1;
    const invariant = !(b > 1e-12 * Math.max(Math.abs(a), bPrev, 1e-300));
    if (invariant || k % every === 0 || k === maxSteps) {
      const top = tridiagTop(alpha, beta, k);
      theta = top.theta;
      residual = invariant ? 0 : b * top.last;
      if (theta > thr) return { status: "found", steps: k, theta, residual };
      if (thr - theta <= clusterTol && residual <= tol)
        return { status: "found", steps: k, theta, residual };
      if (residual <= Math.max(tol, 1e-3 * (thr - theta)))
        return { status: "pass", steps: k, theta, residual };
    }
    beta.push(b);
    const t = qPrev;
    qPrev = q;
    q = t;
    scaleInto(q, 0, w, 0, 1 / b, n);
    bPrev = b;
  }
  return { status: "undecided", steps: maxSteps, theta, residual };
}
