/**
 * The operator of one eigensolve (internal): a validated CSR matrix or
 * user {@link LinearOperator}, optionally deflated by orthonormal vectors
 * W: `x ↦ P A P x`, `P = I − W Wᵀ`. A CSR matrix and W are copied once into
 * the solve's {@link Workspace} so the WebAssembly kernels can use them in place.
 *
 * @module
 * @internal
 */
import { ManifoldError, requireInt } from "../errors/index.js";
import { checkCsr, isSparseMatrix, type SparseMatrix } from "../sparse/index.js";
import type { Workspace } from "./workspace.js";

/** A symmetric linear map on R^n given by its action: `apply(x, y)` writes `y = A x` (y never aliases x). */
export interface LinearOperator {
  /** Dimension n. */
  readonly n: number;
  /** Write `A x` into `y` (both of length n). Must not keep or modify `x`. */
  apply(x: Float64Array, y: Float64Array): void;
}

/** A validated input operator, before it is bound to a workspace. */
export interface OperatorInput {
  /** Dimension n. */
  n: number;
  /** The CSR matrix, or null for a user operator. */
  sparse: SparseMatrix | null;
  /** True when the CSR matrix is exactly symmetric (bitwise values, same pattern). */
  exactSymmetric: boolean;
  /** The user operator (when `sparse` is null). */
  user: LinearOperator | null;
  /** The deflation vectors W (orthonormal, each of length n), possibly none. */
  deflate: Float64Array[];
}

/** The operator as the solver uses it. */
export interface Op {
  /** Dimension n. */
  readonly n: number;
  /** Number of deflation vectors (the operator acts on an (n − nd)-dimensional space). */
  readonly nd: number;
  /** The undeflated CSR matrix, when the input is one and nothing is deflated (dense path). */
  readonly sparse: SparseMatrix | null;
  /** `y = P A P x`; x and y need not be workspace arrays. Never modifies x. */
  apply(x: Float64Array, y: Float64Array): void;
  /** `z ← P z` (two projection passes); a no-op without deflation. */
  project(z: Float64Array): void;
}

/**
 * Validate `op` (CSR: structure, square, symmetric to 1e-10·max|a|; else an
 * object with `n` and `apply`) and the deflation vectors (length n, finite,
 * orthonormal to 1e-10, fewer than n − 1). Cost O(nnz) for a CSR matrix plus
 * O(nd²·n) for W.
 *
 * @throws ManifoldError `DIMENSION_MISMATCH`, `INVALID_PARAMETER`,
 *   `NON_FINITE`, `NOT_ORTHONORMAL`.
 */
export function resolveOperator(
  op: LinearOperator | SparseMatrix,
  deflate: readonly ArrayLike<number>[] | undefined,
): OperatorInput {
  let n: number;
  let sparse: SparseMatrix | null = null;
  let user: LinearOperator | null = null;
  let sym = 0;
  if (isSparseMatrix(op)) {
    const A = checkCsr(op, "A");
    if (A.rows !== A.cols) {
      throw new ManifoldError(
        "DIMENSION_MISMATCH",
        `lanczosEigs: A must be square; got ${A.rows}×${A.cols}.`,
      );
    }
    let maxAbs = 0;
    for (let t = 0; t < A.data.length; t++) maxAbs = Math.max(maxAbs, Math.abs(A.data[t]));
    sym = symmetryOf(A, 1e-10 * maxAbs);
    if (sym === 0) {
      throw new ManifoldError(
        "INVALID_PARAMETER",
        "lanczosEigs: A is not symmetric (some |a_ij − a_ji| > 1e-10·max|a|); this solver is for symmetric matrices — symmetrise it, e.g. (A + Aᵀ)/2.",
      );
    }
    n = A.rows;
    sparse = A;
  } else {
    if (typeof op !== "object" || op === null || typeof op.apply !== "function") {
      throw new ManifoldError(
        "INVALID_PARAMETER",
        "lanczosEigs: op must be a CSR SparseMatrix or { n, apply(x, y) }.",
      );
    }
    requireInt(op.n, "op.n", 1);
    n = op.n;
    user = op;
  }
  return { n, sparse, user, exactSymmetric: sym === 2, deflate: resolveDeflate(deflate, n) };
}

/**
 * Symmetry of a square CSR matrix with sorted rows, without forming the
 * transpose: 2 when every a_rc equals a_cr bit for bit (same pattern), 1 when
 * |a_rc − a_cr| ≤ tol for all pairs (a missing entry counts as 0), else 0.
 * Rows are scanned in order; for an upper entry (r, c) the mirror (c, r) is
 * sought from a per-row cursor that only moves forward (the mirrors of row c
 * are requested in increasing r), and any entry a cursor passes over has no
 * mirror. Cost O(nnz) time, n integers of memory.
 */
export function symmetryOf(A: SparseMatrix, tol: number): 0 | 1 | 2 {
  const { rows: n, indptr, indices, data } = A;
  const pos = Int32Array.from(indptr.subarray(0, n));
  let exact = true;
  for (let r = 0; r < n; r++) {
    const end = indptr[r + 1];
    // Lower entries of row r not matched from their mirror's row have no mirror.
    for (; pos[r] < end && indices[pos[r]] < r; pos[r]++) {
      exact = false;
      if (!(Math.abs(data[pos[r]]) <= tol)) return 0;
    }
    for (let p = indptr[r]; p < end; p++) {
      const c = indices[p];
      if (c <= r) continue;
      const ce = indptr[c + 1];
      let q = pos[c];
      for (; q < ce && indices[q] < r; q++) {
        exact = false;
        if (!(Math.abs(data[q]) <= tol)) return 0;
      }
      if (q < ce && indices[q] === r) {
        if (data[q] !== data[p] || Object.is(data[q], -0) !== Object.is(data[p], -0)) {
          exact = false;
          if (!(Math.abs(data[q] - data[p]) <= tol)) return 0;
        }
        q++;
      } else {
        exact = false;
        if (!(Math.abs(data[p]) <= tol)) return 0;
      }
      pos[c] = q;
    }
  }
  return exact ? 2 : 1;
}

function resolveDeflate(
  deflate: readonly ArrayLike<number>[] | undefined,
  n: number,
): Float64Array[] {
  if (deflate === undefined) return [];
  if (!Array.isArray(deflate)) {
    throw new ManifoldError(
      "INVALID_PARAMETER",
      "lanczosEigs: deflate must be an array of vectors (each of length n).",
    );
  }
  if (deflate.length >= n - 1) {
    throw new ManifoldError(
      "INVALID_PARAMETER",
      `lanczosEigs: deflate has ${deflate.length} vectors; at most n − 2 = ${n - 2} can be deflated.`,
    );
  }
  const W = deflate.map((w, k) => {
    if (w === null || typeof w !== "object" || w.length !== n) {
      throw new ManifoldError(
        "INVALID_PARAMETER",
        `lanczosEigs: deflate[${k}] must have length n = ${n}; got ${w === null || typeof w !== "object" ? String(w) : w.length}.`,
      );
    }
    const v = Float64Array.from(w);
    for (let i = 0; i < n; i++) {
      if (!Number.isFinite(v[i]))
        throw new ManifoldError("NON_FINITE", `lanczosEigs: deflate[${k}][${i}] is ${v[i]}.`);
    }
    return v;
  });
  for (let a = 0; a < W.length; a++) {
    for (let b = a; b < W.length; b++) {
      let d = 0;
      for (let i = 0; i < n; i++) d += W[a][i] * W[b][i];
      const err = Math.abs(d - (a === b ? 1 : 0));
      if (!(err <= 1e-10)) {
        throw new ManifoldError(
          "NOT_ORTHONORMAL",
          `lanczosEigs: the deflation vectors must be orthonormal; deflate[${a}]·deflate[${b}] = ${d} (off by ${err.toExponential(1)} > 1e-10). Orthonormalise them first (e.g. QR).`,
          { a, b, dot: d },
        );
      }
    }
  }
  return W;
}

/**
 * Bind a validated operator to a workspace: a CSR matrix is copied into it
 * (Int32 indptr/indices, f64 data: 12·nnz + 4·n bytes; only the upper
 * triangle, about half that, when it is exactly symmetric: the product then
 * reads the matrix once and gives the same bits), W into an nd×n block, plus
 * three length-n buffers. The deflated product costs one operator application
 * plus 8·nd·n flops.
 */
export function bindOperator(input: OperatorInput, ws: Workspace): Op {
  const { n, sparse, user } = input;
  const nd = input.deflate.length;
  const kern = ws.kern;
  let base: (x: Float64Array, y: Float64Array) => void;
  if (sparse !== null && input.exactSymmetric) {
    const { indptr, indices, data } = sparse;
    let nu = 0;
    for (let r = 0; r < n; r++) {
      for (let p = indptr[r]; p < indptr[r + 1]; p++) if (indices[p] >= r) nu++;
    }
    const up = ws.i32(n + 1);
    const ux = ws.i32(nu);
    const ud = ws.f64(nu);
    const uptr = up.view();
    const uidx = ux.view();
    const udata = ud.view();
    let q = 0;
    for (let r = 0; r < n; r++) {
      for (let p = indptr[r]; p < indptr[r + 1]; p++) {
        if (indices[p] < r) continue;
        uidx[q] = indices[p];
        udata[q] = data[p];
        q++;
      }
      uptr[r + 1] = q;
    }
    base = (x, y) => kern.spmvSym(up.view(), ux.view(), ud.view(), n, x, y);
  } else if (sparse !== null) {
    const nz = sparse.indptr[n];
    const ip = ws.i32(n + 1);
    const ix = ws.i32(nz);
    const da = ws.f64(nz);
    ip.view().set(sparse.indptr.subarray(0, n + 1));
    ix.view().set(sparse.indices.subarray(0, nz));
    da.view().set(sparse.data.subarray(0, nz));
    base = (x, y) => kern.spmv(ip.view(), ix.view(), da.view(), n, x, y);
  } else {
    const u = user as LinearOperator;
    base = (x, y) => u.apply(x, y);
  }
  const xs = ws.f64(n);
  const ys = ws.f64(n);
  const tmp = ws.f64(n);
  const Ws = ws.f64(nd * n);
  const ca = ws.f64(Math.max(nd, 1));
  for (let k = 0; k < nd; k++) Ws.view().set(input.deflate[k], k * n);
  const project = (z: Float64Array): void => {
    if (nd === 0) return;
    const W = Ws.view();
    const c = ca.view();
    kern.dotMany(z, W, nd, n, c);
    kern.subtractMany(z, W, nd, n, c);
  };
  // y = P A P x: a = Wᵀx, t = x − W a, y = A t, b = Wᵀy, y ← y − W b.
  const applyIn = (x: Float64Array, y: Float64Array): void => {
    if (nd === 0) {
      base(x, y);
      return;
    }
    const t = tmp.view();
    t.set(x);
    project(t);
    base(t, y);
    project(y);
  };
  return {
    n,
    nd,
    sparse: nd === 0 ? sparse : null,
    apply(x, y) {
      // The WebAssembly kernels need workspace arrays: copy anything else in and out.
      if (!kern.simd) {
        applyIn(x, y);
        return;
      }
      let xIn = x;
      if (x.buffer !== xs.view().buffer) {
        xIn = xs.view();
        xIn.set(x);
      }
      if (y.buffer === ys.view().buffer) applyIn(xIn, y);
      else {
        const yv = ys.view();
        applyIn(xIn, yv);
        y.set(yv);
      }
    },
    project(z) {
      if (nd === 0) return;
      let w = z;
      if (kern.simd && z.buffer !== tmp.view().buffer) {
        w = tmp.view();
        w.set(z);
      }
      project(w);
      project(w);
      if (w !== z) z.set(w);
    },
  };
}
