/**
 * Internal input checks shared by the dense linear-algebra routines.
 * Not re-exported: public functions call these once, up front.
 *
 * @module
 * @internal
 */
import { ManifoldError } from "../errors/index.js";
import type { Matrix } from "../matrix/index.js";

/**
 * Throw `NON_FINITE` naming the first NaN/±Infinity entry of `A`. Cost O(rows·cols).
 * @param fn - the calling routine, for the message (e.g. "svd").
 * @param name - what the caller calls the matrix (e.g. "A").
 */
export function requireFiniteMatrix(A: Matrix, fn: string, name = "A"): void {
  const { cols, data } = A;
  for (let t = 0; t < data.length; t++) {
    const v = data[t];
    // v - v is NaN exactly for NaN and ±Infinity; cheaper than Number.isFinite in hot loops.
    if (v - v !== 0) {
      const row = Math.floor(t / cols);
      const col = t % cols;
      throw new ManifoldError(
        "NON_FINITE",
        `${fn}: ${name}[${row}][${col}] is ${v}; every entry must be a finite number. Remove or impute NaN/Infinity before calling.`,
        { fn, name, row, col, value: v },
      );
    }
  }
}

/** Throw `DIMENSION_MISMATCH` unless `data.length === rows·cols`. Cost O(1). */
export function requireShape(A: Matrix, fn: string, name = "A"): void {
  if (
    !Number.isInteger(A.rows) ||
    !Number.isInteger(A.cols) ||
    A.rows < 0 ||
    A.cols < 0 ||
    A.data.length !== A.rows * A.cols
  ) {
    throw new ManifoldError(
      "DIMENSION_MISMATCH",
      `${fn}: ${name} claims shape ${A.rows}×${A.cols} but its data has length ${A.data.length}; data.length must equal rows·cols.`,
      { fn, name, rows: A.rows, cols: A.cols, length: A.data.length },
    );
  }
}

/** Hypotenuse √(a² + b²) without overflow or underflow (Math.hypot is slow in V8). */
export function hypot2(a: number, b: number): number {
  let x = a < 0 ? -a : a;
  let y = b < 0 ? -b : b;
  if (x < y) {
    const t = x;
    x = y;
    y = t;
  }
  if (x === 0) return 0;
  const r = y / x;
  return x * Math.sqrt(1 + r * r);
}

/**
 * The power of two 2^−⌊log₂ amax⌋ (exponent clamped to ±1000) that brings a
 * largest magnitude `amax` into [1, 2); multiplying by it is exact. 1 when
 * amax is 0 or not finite.
 */
export function pow2Scale(amax: number): number {
  if (!(amax > 0) || !Number.isFinite(amax)) return 1;
  const e = Math.max(-1000, Math.min(1000, -Math.floor(Math.log2(amax))));
  return 2 ** e;
}
