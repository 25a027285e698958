/**
 * Sparse matrices in compressed sparse row (CSR) form, and the few kernels the
 * library needs on them: assembly from triplets, products with a vector,
 * transpose, symmetry test, symmetric diagonal scaling and connected
 * components of the sparsity graph.
 *
 * A {@link SparseMatrix} is plain data. Row i owns the entries
 * `indptr[i] .. indptr[i+1]-1`; entry t sits in column `indices[t]` with value
 * `data[t]`. Column indices are strictly increasing within a row (no
 * duplicates). Stored entries may be exact zeros: the pattern is what the
 * graph functions look at.
 *
 * @module
 */
import { ManifoldError, requireInt } from "../errors/index.js";
import { type Matrix, type MatrixInput, toMatrix } from "../matrix/index.js";

/** Compressed sparse row matrix (plain data). */
export interface SparseMatrix {
  /** Number of rows. */
  readonly rows: number;
  /** Number of columns. */
  readonly cols: number;
  /** Row pointers, length `rows + 1`, `indptr[0] = 0`, `indptr[rows] = nnz`. */
  readonly indptr: Int32Array;
  /** Column index of each stored entry, length nnz, increasing within a row. */
  readonly indices: Int32Array;
  /** Value of each stored entry, length nnz. */
  readonly data: Float64Array;
}

/**
 * Number of stored entries of `A` (`indptr[rows]`). Cost O(1). Never throws (A is not
 * validated; see {@link checkCsr}).
 *
 * @example
 * ```ts
 * import { csrFromDense, nnz } from "manifold-geom";
 * console.log(nnz(csrFromDense([[1, 0, 0], [0, 0, 2]]))); // 2
 * ```
 */
export function nnz(A: SparseMatrix): number {
  return A.indptr[A.rows];
}

/**
 * True when `x` has the shape of a {@link SparseMatrix}: Int32Array `indptr` and `indices`,
 * Float64Array `data`, numeric `rows` and `cols` (types only; {@link checkCsr} checks the
 * contents). Cost O(1). Never throws.
 *
 * @example
 * ```ts
 * import { csrFromDense, isSparseMatrix } from "manifold-geom";
 * console.log(isSparseMatrix(csrFromDense([[1, 0], [0, 1]])), isSparseMatrix([[1, 0]])); // true false
 * ```
 */
export function isSparseMatrix(x: unknown): x is SparseMatrix {
  return (
    typeof x === "object" &&
    x !== null &&
    (x as SparseMatrix).indptr instanceof Int32Array &&
    (x as SparseMatrix).indices instanceof Int32Array &&
    (x as SparseMatrix).data instanceof Float64Array &&
    typeof (x as SparseMatrix).rows === "number" &&
    typeof (x as SparseMatrix).cols === "number"
  );
}

/**
 * Validate the structure of a CSR matrix and return it unchanged.
 *
 * Checks: integer shape, `indptr` of length rows+1 starting at 0 and
 * non-decreasing, `indices`/`data` of length nnz, column indices in
 * [0, cols) and strictly increasing within each row, every value finite.
 * Cost O(rows + nnz).
 *
 * @param name - what to call the matrix in error messages.
 * @throws ManifoldError `DIMENSION_MISMATCH` (shape/length/index errors),
 *   `INVALID_PARAMETER` (unsorted or duplicate column indices, not CSR data),
 *   `NON_FINITE` (NaN/±Infinity value, naming row and column).
 * @example
 * ```ts
 * import { checkCsr, ManifoldError } from "manifold-geom";
 * // Row 0 lists column 1 before column 0: not CSR.
 * const A = {
 *   rows: 1,
 *   cols: 2,
 *   indptr: Int32Array.of(0, 2),
 *   indices: Int32Array.of(1, 0),
 *   data: Float64Array.of(1, 2),
 * };
 * try {
 *   checkCsr(A, "K");
 * } catch (e) {
 *   console.log(e instanceof ManifoldError && e.code); // INVALID_PARAMETER
 * }
 * ```
 */
export function checkCsr(A: SparseMatrix, name = "matrix"): SparseMatrix {
  if (!isSparseMatrix(A)) {
    throw new ManifoldError(
      "INVALID_PARAMETER",
      `${name} must be a CSR matrix { rows, cols, indptr: Int32Array, indices: Int32Array, data: Float64Array }.`,
    );
  }
  const { rows, cols, indptr, indices, data } = A;
  if (!Number.isInteger(rows) || !Number.isInteger(cols) || rows < 0 || cols < 0) {
    throw new ManifoldError("DIMENSION_MISMATCH", `${name} has invalid shape ${rows}×${cols}.`);
  }
  if (indptr.length !== rows + 1 || indptr[0] !== 0) {
    throw new ManifoldError(
      "DIMENSION_MISMATCH",
      `${name}.indptr must have length rows + 1 = ${rows + 1} and start at 0; got length ${indptr.length}, first ${indptr[0]}.`,
    );
  }
  const nz = indptr[rows];
  if (indices.length !== nz || data.length !== nz) {
    throw new ManifoldError(
      "DIMENSION_MISMATCH",
      `${name} has indptr[rows] = ${nz} stored entries but indices has length ${indices.length} and data ${data.length}.`,
    );
  }
  for (let i = 0; i < rows; i++) {
    const start = indptr[i];
    const end = indptr[i + 1];
    if (end < start) {
      throw new ManifoldError(
        "DIMENSION_MISMATCH",
        `${name}.indptr decreases at row ${i} (${start} → ${end}); row pointers must be non-decreasing.`,
        { row: i },
      );
    }
    let prev = -1;
    for (let t = start; t < end; t++) {
      const j = indices[t];
      if (j < 0 || j >= cols) {
        throw new ManifoldError(
          "DIMENSION_MISMATCH",
          `${name} row ${i} has column index ${j} outside [0, ${cols}).`,
          { row: i, col: j },
        );
      }
      if (j <= prev) {
        throw new ManifoldError(
          "INVALID_PARAMETER",
          `${name} row ${i} has column indices out of order or repeated (${prev} then ${j}); build it with csrFromTriplets, which sorts and sums duplicates.`,
          { row: i, col: j },
        );
      }
      prev = j;
      if (!Number.isFinite(data[t])) {
        throw new ManifoldError(
          "NON_FINITE",
          `${name}[${i}][${j}] is ${data[t]}; every stored value must be finite.`,
          {
            row: i,
            col: j,
          },
        );
      }
    }
  }
  return A;
}

/**
 * Assemble a CSR matrix from coordinate triplets `A[i[t]][j[t]] += v[t]`.
 *
 * Duplicate (i, j) pairs are summed; the result has sorted, unique column
 * indices in each row. Entries whose sum is zero are kept (the pattern is
 * preserved). Two counting-sort passes (by column, then stably by row), so the
 * cost is O(rows + cols + nnz) time and memory, with no comparison sort.
 *
 * @param rows - number of rows.
 * @param cols - number of columns.
 * @param i - row index of each triplet.
 * @param j - column index of each triplet.
 * @param v - value of each triplet.
 * @throws ManifoldError `INVALID_PARAMETER` (bad shape), `DIMENSION_MISMATCH`
 *   (arrays of different lengths, index out of range), `NON_FINITE` (value).
 * @example
 * ```ts
 * import { csrFromTriplets, csrToDense, toArrays } from "manifold-geom";
 * // The two (0, 1) triplets are summed: 2 + 3 = 5.
 * const A = csrFromTriplets(2, 2, [0, 1, 0], [1, 0, 1], [2, 4, 3]);
 * console.log(toArrays(csrToDense(A))); // [ [ 0, 5 ], [ 4, 0 ] ]
 * ```
 */
export function csrFromTriplets(
  rows: number,
  cols: number,
  i: ArrayLike<number>,
  j: ArrayLike<number>,
  v: ArrayLike<number>,
): SparseMatrix {
  requireInt(rows, "rows", 0);
  requireInt(cols, "cols", 0);
  const m = i.length;
  if (j.length !== m || v.length !== m) {
    throw new ManifoldError(
      "DIMENSION_MISMATCH",
      `triplet arrays must have equal lengths; got i: ${m}, j: ${j.length}, v: ${v.length}.`,
    );
  }
  // Pass 1: validate and bucket by column.
  const colCount = new Int32Array(cols + 1);
  for (let t = 0; t < m; t++) {
    const r = i[t];
    const c = j[t];
    if (!Number.isInteger(r) || r < 0 || r >= rows || !Number.isInteger(c) || c < 0 || c >= cols) {
      throw new ManifoldError(
        "DIMENSION_MISMATCH",
        `triplet ${t} has index (${r}, ${c}) outside the ${rows}×${cols} matrix.`,
        { triplet: t, row: r, col: c },
      );
    }
    if (!Number.isFinite(v[t])) {
      throw new ManifoldError(
        "NON_FINITE",
        `triplet ${t} (${r}, ${c}) has value ${v[t]}; values must be finite.`,
        {
          triplet: t,
        },
      );
    }
    colCount[c + 1]++;
  }
  for (let c = 0; c < cols; c++) colCount[c + 1] += colCount[c];
  const byCol = new Int32Array(m);
  const next = colCount.slice(0, cols);
  for (let t = 0; t < m; t++) byCol[next[j[t]]++] = t;
  // Pass 2: stable bucket by row, visiting triplets in column order.
  const rowPtr = new Int32Array(rows + 1);
  for (let t = 0; t < m; t++) rowPtr[i[t] + 1]++;
  for (let r = 0; r < rows; r++) rowPtr[r + 1] += rowPtr[r];
  const order = new Int32Array(m);
  const rnext = rowPtr.slice(0, rows);
  for (let s = 0; s < m; s++) {
    const t = byCol[s];
    order[rnext[i[t]]++] = t;
  }
  // Pass 3: merge duplicates (adjacent after sorting).
  const indptr = new Int32Array(rows + 1);
  const idx = new Int32Array(m);
  const val = new Float64Array(m);
  let out = 0;
  for (let r = 0; r < rows; r++) {
    const rowStart = out;
    for (let s = rowPtr[r]; s < rowPtr[r + 1]; s++) {
      const t = order[s];
      const c = j[t];
      if (out > rowStart && idx[out - 1] === c) val[out - 1] += v[t];
      else {
        idx[out] = c;
        val[out] = v[t];
        out++;
      }
    }
    indptr[r + 1] = out;
  }
  return {
    rows,
    cols,
    indptr,
    indices: out === m ? idx : idx.slice(0, out),
    data: out === m ? val : val.slice(0, out),
  };
}

/**
 * CSR form of a dense matrix, storing the entries with `|a_ij| > dropTol`.
 * Cost O(rows·cols).
 *
 * @param A - dense matrix (validated with `toMatrix`).
 * @param dropTol - entries with absolute value ≤ dropTol are not stored (default 0: drop exact zeros).
 * @throws ManifoldError from `toMatrix` (EMPTY_INPUT, RAGGED_INPUT, NON_FINITE), `INVALID_PARAMETER` for dropTol.
 * @example
 * ```ts
 * import { csrFromDense } from "manifold-geom";
 * const A = csrFromDense([[5, 0, 1e-9], [0, 0, 7]], 1e-6); // 1e-9 ≤ dropTol is dropped
 * console.log(A.indptr, A.indices, A.data); // Int32Array [0, 1, 2] Int32Array [0, 2] Float64Array [5, 7]
 * ```
 */
export function csrFromDense(A: MatrixInput, dropTol = 0): SparseMatrix {
  const M = toMatrix(A, "A");
  if (!(dropTol >= 0) || !Number.isFinite(dropTol)) {
    throw new ManifoldError(
      "INVALID_PARAMETER",
      `dropTol must be a finite number >= 0; got ${dropTol}.`,
    );
  }
  const { rows, cols, data } = M;
  let count = 0;
  for (let t = 0; t < data.length; t++) if (Math.abs(data[t]) > dropTol) count++;
  const indptr = new Int32Array(rows + 1);
  const indices = new Int32Array(count);
  const values = new Float64Array(count);
  let out = 0;
  for (let r = 0; r < rows; r++) {
    const off = r * cols;
    for (let c = 0; c < cols; c++) {
      const a = data[off + c];
      if (Math.abs(a) > dropTol) {
        indices[out] = c;
        values[out++] = a;
      }
    }
    indptr[r + 1] = out;
  }
  return { rows, cols, indptr, indices, data: values };
}

/**
 * Dense row-major copy of a CSR matrix (a_ij = the stored value at (i, j), else 0).
 * Cost O(rows·cols + nnz) time and memory. Never throws (A is not validated; see
 * {@link checkCsr}).
 *
 * @example
 * ```ts
 * import { csrFromTriplets, csrToDense, toArrays } from "manifold-geom";
 * console.log(toArrays(csrToDense(csrFromTriplets(2, 3, [1], [2], [9])))); // [ [ 0, 0, 0 ], [ 0, 0, 9 ] ]
 * ```
 */
export function csrToDense(A: SparseMatrix): Matrix {
  const { rows, cols, indptr, indices, data } = A;
  const out = new Float64Array(rows * cols);
  for (let r = 0; r < rows; r++) {
    const off = r * cols;
    for (let t = indptr[r]; t < indptr[r + 1]; t++) out[off + indices[t]] += data[t];
  }
  return { rows, cols, data: out };
}

/**
 * Sparse matrix–vector product `y = A x`, `y_i = Σ_t data[t]·x[indices[t]]`
 * over row i's entries. Writes into `y` when given (it must not alias `x`),
 * so a loop can reuse one buffer. Cost 2·nnz flops, no allocation when `y` is
 * passed.
 *
 * @param A - the CSR matrix (rows×cols).
 * @param x - length `A.cols`.
 * @param y - optional output of length `A.rows` (default: a new Float64Array).
 * @returns `y`.
 * @throws ManifoldError `DIMENSION_MISMATCH` on wrong lengths.
 * @example
 * ```ts
 * import { csrFromDense, spmv } from "manifold-geom";
 * const A = csrFromDense([[2, 0, 1], [0, 3, 0]]);
 * console.log(spmv(A, [1, 2, 3])); // Float64Array(2) [ 5, 6 ]  (2·1 + 1·3, 3·2)
 * ```
 */
export function spmv(A: SparseMatrix, x: ArrayLike<number>, y?: Float64Array): Float64Array {
  const { rows, cols, indptr, indices, data } = A;
  if (x.length !== cols) {
    throw new ManifoldError(
      "DIMENSION_MISMATCH",
      `spmv: x has length ${x.length} but the matrix has ${cols} columns.`,
    );
  }
  const out = y ?? new Float64Array(rows);
  if (out.length !== rows) {
    throw new ManifoldError(
      "DIMENSION_MISMATCH",
      `spmv: y has length ${out.length} but the matrix has ${rows} rows.`,
    );
  }
  for (let r = 0; r < rows; r++) {
    let s = 0;
    const end = indptr[r + 1];
    for (let t = indptr[r]; t < end; t++) s += data[t] * x[indices[t]];
    out[r] = s;
  }
  return out;
}

/**
 * Transpose `Aᵀ` in CSR form (equivalently, `A` in CSC form). Column indices
 * of the result come out sorted (one counting pass over the columns). Cost O(rows + cols + nnz)
 * time and memory. Never throws (A is not validated; see {@link checkCsr}).
 *
 * @example
 * ```ts
 * import { csrFromDense, csrToDense, toArrays, transposeCsr } from "manifold-geom";
 * const At = transposeCsr(csrFromDense([[1, 2, 0], [0, 0, 3]]));
 * console.log(At.rows, At.cols, toArrays(csrToDense(At))); // 3 2 [ [ 1, 0 ], [ 2, 0 ], [ 0, 3 ] ]
 * ```
 */
export function transposeCsr(A: SparseMatrix): SparseMatrix {
  const { rows, cols, indptr, indices, data } = A;
  const nz = indptr[rows];
  const tptr = new Int32Array(cols + 1);
  for (let t = 0; t < nz; t++) tptr[indices[t] + 1]++;
  for (let c = 0; c < cols; c++) tptr[c + 1] += tptr[c];
  const next = tptr.slice(0, cols);
  const tind = new Int32Array(nz);
  const tval = new Float64Array(nz);
  for (let r = 0; r < rows; r++) {
    for (let t = indptr[r]; t < indptr[r + 1]; t++) {
      const pos = next[indices[t]]++;
      tind[pos] = r;
      tval[pos] = data[t];
    }
  }
  return { rows: cols, cols: rows, indptr: tptr, indices: tind, data: tval };
}

/**
 * True when `A` is square and `|a_ij − a_ji| ≤ tol` for every pair (an entry
 * missing from the pattern counts as 0). Cost O(rows + nnz) time and memory
 * (one transpose). Never throws (false for a non-square A; A is not validated, see
 * {@link checkCsr}).
 *
 * @param tol - absolute tolerance (default 0: exact symmetry, because kernels built by this
 *   library are symmetrised exactly).
 * @example
 * ```ts
 * import { csrFromDense, isSymmetric } from "manifold-geom";
 * console.log(isSymmetric(csrFromDense([[1, 2], [2, 1]]))); // true
 * console.log(isSymmetric(csrFromDense([[1, 2], [2.001, 1]]), 0.01)); // true within tol
 * console.log(isSymmetric(csrFromDense([[1, 2], [0, 1]]))); // false: (1, 0) is missing, counts as 0
 * ```
 */
export function isSymmetric(A: SparseMatrix, tol = 0): boolean {
  if (A.rows !== A.cols) return false;
  const T = transposeCsr(A);
  const { rows, indptr, indices, data } = A;
  for (let r = 0; r < rows; r++) {
    let p = indptr[r];
    const pe = indptr[r + 1];
    let q = T.indptr[r];
    const qe = T.indptr[r + 1];
    // Merge the two sorted rows.
    while (p < pe || q < qe) {
      const cp = p < pe ? indices[p] : Number.MAX_SAFE_INTEGER;
      const cq = q < qe ? T.indices[q] : Number.MAX_SAFE_INTEGER;
      let diff: number;
      if (cp === cq) diff = data[p++] - T.data[q++];
      else if (cp < cq) diff = data[p++];
      else diff = T.data[q++];
      if (!(Math.abs(diff) <= tol)) return false;
    }
  }
  return true;
}

/**
 * Row sums `d_i = Σ_j a_ij` (the degree vector of a weighted graph).
 * Cost O(rows + nnz) time, O(rows) memory. Never throws (A is not validated; see
 * {@link checkCsr}).
 *
 * @example
 * ```ts
 * import { csrFromDense, rowSums } from "manifold-geom";
 * console.log(rowSums(csrFromDense([[0, 1, 1], [1, 0, 0], [1, 0, 0]]))); // Float64Array(3) [ 2, 1, 1 ] (degrees)
 * ```
 */
export function rowSums(A: SparseMatrix): Float64Array {
  const { rows, indptr, data } = A;
  const d = new Float64Array(rows);
  for (let r = 0; r < rows; r++) {
    let s = 0;
    for (let t = indptr[r]; t < indptr[r + 1]; t++) s += data[t];
    d[r] = s;
  }
  return d;
}

/**
 * Two-sided diagonal scaling `B = diag(s) · A · diag(s)`, i.e.
 * `b_ij = s_i · a_ij · s_j`, with the same pattern as `A` (a new matrix; `A`
 * is not modified). With `s_i = D_ii^{-1/2}` this is the symmetric
 * normalisation `D^{-1/2} K D^{-1/2}` of diffusion maps. Cost O(nnz).
 *
 * @param s - scale vector of length `A.rows` (A must be square).
 * @throws ManifoldError `DIMENSION_MISMATCH` (non-square A or wrong length), `NON_FINITE` (s).
 * @example
 * ```ts
 * import { csrFromDense, csrToDense, rowSums, scaleSym, toArrays } from "manifold-geom";
 * // D^{-1/2} K D^{-1/2} of the path graph 0 – 1 – 2 (degrees 1, 2, 1).
 * const K = csrFromDense([[0, 1, 0], [1, 0, 1], [0, 1, 0]]);
 * const s = Array.from(rowSums(K), (d) => 1 / Math.sqrt(d));
 * const b01 = toArrays(csrToDense(scaleSym(K, s)))[0][1];
 * console.log(Math.abs(b01 - Math.SQRT1_2) < 1e-15); // true: b₀₁ = 1/√(1·2)
 * ```
 */
export function scaleSym(A: SparseMatrix, s: ArrayLike<number>): SparseMatrix {
  const { rows, cols, indptr, indices, data } = A;
  if (rows !== cols || s.length !== rows) {
    throw new ManifoldError(
      "DIMENSION_MISMATCH",
      `scaleSym needs a square matrix and a scale vector of its size; got ${rows}×${cols} and length ${s.length}.`,
    );
  }
  for (let r = 0; r < rows; r++) {
    if (!Number.isFinite(s[r])) {
      throw new ManifoldError(
        "NON_FINITE",
        `scaleSym: s[${r}] is ${s[r]}; scales must be finite.`,
        { index: r },
      );
    }
  }
  const out = new Float64Array(data.length);
  for (let r = 0; r < rows; r++) {
    const sr = s[r];
    for (let t = indptr[r]; t < indptr[r + 1]; t++) out[t] = sr * data[t] * s[indices[t]];
  }
  return { rows, cols, indptr: indptr.slice(), indices: indices.slice(), data: out };
}

/** Result of {@link connectedComponents}. */
export interface Components {
  /** Number of connected components. */
  count: number;
  /** Component label of each vertex, in 0..count−1, numbered by smallest member vertex. */
  labels: Int32Array;
  /** Number of vertices in each component (length `count`). */
  sizes: Int32Array;
}

/**
 * Connected components of the undirected graph whose edges are the stored
 * entries of the square matrix `A` (an entry at (i, j) or (j, i) joins i and
 * j, whatever its value; the diagonal is ignored). Union–find with path
 * halving and union by size: O(nnz·α(n)) time, O(n) memory.
 *
 * Components are labelled 0, 1, … in order of their smallest vertex, so
 * vertex 0 is always in component 0.
 *
 * @throws ManifoldError `DIMENSION_MISMATCH` when A is not square.
 * @example
 * ```ts
 * import { connectedComponents, csrFromTriplets } from "manifold-geom";
 * // Edges 0–1 and 2–3 on four vertices: two components of size 2.
 * const A = csrFromTriplets(4, 4, [0, 3], [1, 2], [1, 1]);
 * const { count, labels, sizes } = connectedComponents(A);
 * console.log(count, labels, sizes); // 2 Int32Array [0, 0, 1, 1] Int32Array [2, 2]
 * ```
 */
export function connectedComponents(A: SparseMatrix): Components {
  const { rows, cols, indptr, indices } = A;
  if (rows !== cols) {
    throw new ManifoldError(
      "DIMENSION_MISMATCH",
      `connectedComponents needs a square (adjacency) matrix; got ${rows}×${cols}.`,
    );
  }
  const n = rows;
  const parent = new Int32Array(n);
  const size = new Int32Array(n);
  for (let v = 0; v < n; v++) {
    parent[v] = v;
    size[v] = 1;
  }
  const find = (v: number): number => {
    while (parent[v] !== v) {
      parent[v] = parent[parent[v]];
      v = parent[v];
    }
    return v;
  };
  for (let r = 0; r < n; r++) {
    for (let t = indptr[r]; t < indptr[r + 1]; t++) {
      let a = find(r);
      let b = find(indices[t]);
      if (a === b) continue;
      if (size[a] < size[b]) {
        const tmp = a;
        a = b;
        b = tmp;
      }
      parent[b] = a;
      size[a] += size[b];
    }
  }
  const labels = new Int32Array(n).fill(-1);
  const rootLabel = new Int32Array(n).fill(-1);
  const sizes: number[] = [];
  let count = 0;
  for (let v = 0; v < n; v++) {
    const root = find(v);
    if (rootLabel[root] < 0) {
      rootLabel[root] = count++;
      sizes.push(0);
    }
    labels[v] = rootLabel[root];
    sizes[labels[v]]++;
  }
  return { count, labels, sizes: Int32Array.from(sizes) };
}
