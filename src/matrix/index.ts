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
  readonly rows: number;
  readonly cols: number;
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

/** True when `x` has the shape of a {@link Matrix}. */
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

/** A new zero matrix of the given shape. Cost O(rows·cols) memory. */
export function zeros(rows: number, cols: number): Matrix {
  return { rows, cols, data: new Float64Array(rows * cols) };
}

/** The n×n identity. */
export function identity(n: number): Matrix {
  const m = zeros(n, n);
  for (let i = 0; i < n; i++) m.data[i * n + i] = 1;
  return m;
}

/** A deep copy of `m`. */
export function cloneMatrix(m: Matrix): Matrix {
  return { rows: m.rows, cols: m.cols, data: Float64Array.from(m.data) };
}

/** Convert a Matrix to nested arrays (for display and JSON). Cost O(rows·cols). */
export function toArrays(m: Matrix): number[][] {
  const out: number[][] = new Array(m.rows);
  for (let i = 0; i < m.rows; i++)
    out[i] = Array.from(m.data.subarray(i * m.cols, (i + 1) * m.cols));
  return out;
}

/** Build a Matrix from nested arrays without validation (internal helper for tests and examples). */
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
 * @param name - what to call it in error messages (e.g. "points").
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
 * Throw `DIMENSION_MISMATCH` unless `m` has `cols` columns.
 * @param what - e.g. "queries"; @param against - e.g. "the training points".
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
