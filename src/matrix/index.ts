/**
 * The dense matrix type used everywhere, and validation of user input.
 *
 * A {@link Matrix} is plain data: `rows`, `cols` and a row-major
 * `Float64Array` of length `rows·cols` (entry (i, j) at `data[i·cols + j]`).
 * Public functions accept a {@link MatrixInput} (`number[][]` or a Matrix) and
 * validate it once with {@link toMatrix}.
 *
 * @module
 */
import { ManifoldError } from "../errors/index.js";

/** Dense row-major matrix: entry (i, j) is `data[i * cols + j]`. */
export interface Matrix {
  /** Number of rows (a non-negative integer; for a point cloud, the number of points). */
  readonly rows: number;
  /** Number of columns (a non-negative integer; for a point cloud, the ambient dimension). */
  readonly cols: number;
  /** The entries, row-major, of length `rows·cols`: entry (i, j) is `data[i·cols + j]`. */
  readonly data: Float64Array;
}

/** What public functions accept as a matrix: nested arrays or a {@link Matrix}. */
export type MatrixInput = ReadonlyArray<ArrayLike<number>> | Matrix;

/** Options for {@link toMatrix}. */
export interface ToMatrixOptions {
  /** Copy a {@link Matrix} input even when it is valid (default false: valid matrices are passed through, never written to). */
  copy?: boolean;
  /** Allow a matrix with zero rows (default false). */
  allowEmpty?: boolean;
}

/**
 * True when `x` has the shape of a {@link Matrix}: an object with a `Float64Array` `data` and
 * numeric `rows` and `cols`. A structural check only (it does not compare `data.length` with
 * `rows·cols`; {@link toMatrix} does). Cost O(1). Never throws.
 *
 * @example
 * ```ts
 * import { isMatrix, zeros } from "manifold-geom";
 * console.log(isMatrix(zeros(2, 3)), isMatrix([[1, 2]])); // true false
 * ```
 */
export function isMatrix(x: unknown): x is Matrix {
  return (
    typeof x === "object" &&
    x !== null &&
    "data" in x &&
    (x as Matrix).data instanceof Float64Array &&
    typeof (x as Matrix).rows === "number" &&
    typeof (x as Matrix).cols === "number"
  );
}

/**
 * A new zero matrix of the given shape. Cost O(rows·cols) time and 8·rows·cols bytes.
 *
 * @throws RangeError (from `Float64Array`) when rows·cols is negative or not an integer; the
 *   shape is not otherwise validated (this is a low-level constructor, no `ManifoldError`).
 * @example
 * ```ts
 * import { zeros } from "manifold-geom";
 * const z = zeros(2, 3);
 * console.log(z.rows, z.cols, z.data.length, z.data.every((v) => v === 0)); // 2 3 6 true
 * ```
 */
export function zeros(rows: number, cols: number): Matrix {
  return { rows, cols, data: new Float64Array(rows * cols) };
}

/**
 * The n×n identity I (I[i][i] = 1, zero elsewhere). Cost O(n²) time and 8·n² bytes.
 *
 * @throws RangeError (from `Float64Array`) when n² is negative or not an integer; no
 *   `ManifoldError`.
 * @example
 * ```ts
 * import { identity, toArrays } from "manifold-geom";
 * console.log(toArrays(identity(2))); // [ [ 1, 0 ], [ 0, 1 ] ]
 * ```
 */
export function identity(n: number): Matrix {
  const m = zeros(n, n);
  for (let i = 0; i < n; i++) m.data[i * n + i] = 1;
  return m;
}

/**
 * A deep copy of `m` (a new `data` buffer; writing to one does not change the other).
 * Cost O(rows·cols) time and memory. Never throws for a {@link Matrix}; `m` is not validated.
 *
 * @example
 * ```ts
 * import { cloneMatrix, identity } from "manifold-geom";
 * const a = identity(2);
 * const b = cloneMatrix(a);
 * b.data[0] = 5;
 * console.log(a.data[0], b.data[0]); // 1 5
 * ```
 */
export function cloneMatrix(m: Matrix): Matrix {
  return { rows: m.rows, cols: m.cols, data: Float64Array.from(m.data) };
}

/**
 * Convert a Matrix to nested arrays (for display and JSON): `out[i][j] = data[i·cols + j]`.
 * Cost O(rows·cols) time and memory. Never throws for a {@link Matrix}; `m` is not validated.
 *
 * @example
 * ```ts
 * import { toArrays } from "manifold-geom";
 * const m = { rows: 2, cols: 2, data: Float64Array.of(1, 2, 3, 4) };
 * console.log(toArrays(m)); // [ [ 1, 2 ], [ 3, 4 ] ] (row-major)
 * ```
 */
export function toArrays(m: Matrix): number[][] {
  const out: number[][] = new Array(m.rows);
  for (let i = 0; i < m.rows; i++)
    out[i] = Array.from(m.data.subarray(i * m.cols, (i + 1) * m.cols));
  return out;
}

/**
 * Build a Matrix from nested arrays without validation (a helper for tests and examples; use
 * {@link toMatrix} on user input). The column count is taken from the first row; shorter rows
 * leave NaN. Cost O(rows·cols) time and memory. Never throws (nothing is checked).
 *
 * @example
 * ```ts
 * import { fromArrays } from "manifold-geom";
 * const m = fromArrays([[1, 2, 3], [4, 5, 6]]);
 * console.log(m.rows, m.cols, m.data[1 * 3 + 2]); // 2 3 6  (entry (1, 2))
 * ```
 */
export function fromArrays(a: ReadonlyArray<ArrayLike<number>>): Matrix {
  const rows = a.length;
  const cols = rows === 0 ? 0 : a[0].length;
  const data = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) data[i * cols + j] = a[i][j];
  return { rows, cols, data };
}

function nonFinite(name: string, i: number, j: number, v: number): ManifoldError {
  return new ManifoldError(
    "NON_FINITE",
    `${name}[${i}][${j}] is ${v}; every entry must be a finite number. Remove or impute rows with NaN/Infinity before calling.`,
    { name, row: i, col: j, value: v },
  );
}

/**
 * Validate a matrix input and return it as a {@link Matrix}.
 *
 * Rejects: no rows or no columns (`EMPTY_INPUT`), rows of differing length
 * (`RAGGED_INPUT`, naming the first bad row), NaN/±Infinity (`NON_FINITE`,
 * naming the entry), and a Matrix whose `data` length is not `rows·cols`
 * (`DIMENSION_MISMATCH`). Nested arrays are copied into a new Float64Array; a
 * valid Matrix is returned as is (copied when `copy`), and never written to.
 * Cost O(rows·cols).
 *
 * @param input - the user's matrix.
 * @param name - what to call it in error messages (e.g. "points"); default "matrix".
 * @param options - see {@link ToMatrixOptions}; default `{}` (no copy, empty rejected).
 * @throws ManifoldError `EMPTY_INPUT` (no rows or no columns), `RAGGED_INPUT` (rows of
 *   different lengths, or a row that is not an array), `NON_FINITE` (NaN/±Infinity, with the
 *   entry's row and column in `details`), `DIMENSION_MISMATCH` (a Matrix whose `data` length is
 *   not rows·cols or whose shape is not a pair of non-negative integers), `INVALID_PARAMETER`
 *   (neither nested arrays nor a Matrix).
 * @example
 * ```ts
 * import { ManifoldError, toMatrix } from "manifold-geom";
 * const m = toMatrix([[1, 2], [3, 4], [5, 6]], "points");
 * console.log(m.rows, m.cols, Array.from(m.data)); // 3 2 [ 1, 2, 3, 4, 5, 6 ]
 * try {
 *   toMatrix([[1, 2], [3]], "points");
 * } catch (e) {
 *   console.log(e instanceof ManifoldError && e.code); // RAGGED_INPUT
 * }
 * ```
 */
export function toMatrix(
  input: MatrixInput,
  name = "matrix",
  options: ToMatrixOptions = {},
): Matrix {
  if (isMatrix(input)) {
    const { rows, cols, data } = input;
    if (!Number.isInteger(rows) || !Number.isInteger(cols) || rows < 0 || cols < 0) {
      throw new ManifoldError("DIMENSION_MISMATCH", `${name} has invalid shape ${rows}×${cols}.`);
    }
    if (data.length !== rows * cols) {
      throw new ManifoldError(
        "DIMENSION_MISMATCH",
        `${name} claims shape ${rows}×${cols} but data has length ${data.length} (expected ${rows * cols}).`,
        { name, rows, cols, length: data.length },
      );
    }
    if ((rows === 0 && !options.allowEmpty) || (rows > 0 && cols === 0)) {
      throw new ManifoldError(
        "EMPTY_INPUT",
        `${name} is empty (${rows}×${cols}); pass at least one row and one column.`,
      );
    }
    for (let t = 0; t < data.length; t++) {
      const v = data[t];
      if (!Number.isFinite(v)) throw nonFinite(name, Math.floor(t / cols), t % cols, v);
    }
    return options.copy ? cloneMatrix(input) : input;
  }
  if (!Array.isArray(input)) {
    throw new ManifoldError(
      "INVALID_PARAMETER",
      `${name} must be number[][] or { rows, cols, data: Float64Array }; got ${typeof input}.`,
    );
  }
  const rows = input.length;
  if (rows === 0) {
    if (options.allowEmpty) return zeros(0, 0);
    throw new ManifoldError("EMPTY_INPUT", `${name} has no rows; pass at least one point.`);
  }
  const first = input[0];
  if (first == null || typeof first.length !== "number") {
    throw new ManifoldError("RAGGED_INPUT", `${name}[0] is not an array of numbers.`, {
      name,
      row: 0,
    });
  }
  const cols = first.length;
  if (cols === 0) {
    throw new ManifoldError(
      "EMPTY_INPUT",
      `${name}[0] has no columns; every row needs at least one coordinate.`,
    );
  }
  const data = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) {
    const row = input[i];
    if (row == null || row.length !== cols) {
      throw new ManifoldError(
        "RAGGED_INPUT",
        `${name}[${i}] has length ${row == null ? "undefined" : row.length} but ${name}[0] has ${cols}; all rows must have the same length.`,
        { name, row: i, expected: cols, got: row?.length },
      );
    }
    const off = i * cols;
    for (let j = 0; j < cols; j++) {
      const v = row[j];
      if (typeof v !== "number" || !Number.isFinite(v)) throw nonFinite(name, i, j, v as number);
      data[off + j] = v;
    }
  }
  return { rows, cols, data };
}

/**
 * Throw `DIMENSION_MISMATCH` unless `m` has `cols` columns (two point sets must live in the
 * same Rⁿ). Cost O(1).
 *
 * @param m - the matrix to check.
 * @param cols - the required number of columns.
 * @param what - what `m` is, for the message (e.g. "queries").
 * @param against - what fixes `cols`, for the message (e.g. "the training points").
 * @throws ManifoldError `DIMENSION_MISMATCH` when `m.cols !== cols` (details: what, got,
 *   expected).
 * @example
 * ```ts
 * import { ManifoldError, requireCols, zeros } from "manifold-geom";
 * requireCols(zeros(4, 3), 3, "queries", "the training points"); // passes
 * try {
 *   requireCols(zeros(4, 2), 3, "queries", "the training points");
 * } catch (e) {
 *   console.log(e instanceof ManifoldError && e.code); // DIMENSION_MISMATCH
 * }
 * ```
 */
export function requireCols(m: Matrix, cols: number, what: string, against: string): void {
  if (m.cols !== cols) {
    throw new ManifoldError(
      "DIMENSION_MISMATCH",
      `${what} have ${m.cols} columns but ${against} have ${cols}; both must live in the same R^n.`,
      { what, got: m.cols, expected: cols },
    );
  }
}
