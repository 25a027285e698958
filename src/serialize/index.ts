/**
 * Reviving typed arrays in models that went through `JSON.stringify`.
 *
 * Fitted models are plain objects of numbers and typed arrays. `JSON.stringify`
 * writes a `Float64Array` as an object with keys "0", "1", …; the functions
 * here turn that form (or a plain `number[]`) back into a typed array, so that
 * `JSON.parse(JSON.stringify(model))` can be passed to any function that takes
 * a model.
 *
 * @module
 */
import { ManifoldError } from "../errors/index.js";
import type { Matrix } from "../matrix/index.js";

type TypedCtor<T> = { new (n: number): T; from(a: ArrayLike<number>): T };

function revive<T extends Float64Array | Int32Array>(
  x: unknown,
  name: string,
  ctor: TypedCtor<T>,
): T {
  if (x instanceof ctor) return x as T;
  if (Array.isArray(x) || ArrayBuffer.isView(x)) return ctor.from(x as ArrayLike<number>);
  if (typeof x === "object" && x !== null) {
    const obj = x as Record<string, unknown>;
    const n = Object.keys(obj).length;
    const out = new ctor(n);
    for (let i = 0; i < n; i++) {
      const v = obj[i];
      if (typeof v !== "number") {
        throw new ManifoldError(
          "INVALID_PARAMETER",
          `${name} is not an array of numbers (entry ${i} is ${String(v)}).`,
        );
      }
      out[i] = v;
    }
    return out;
  }
  throw new ManifoldError(
    "INVALID_PARAMETER",
    `${name} must be an array of numbers; got ${typeof x}.`,
  );
}

/**
 * `x` as a Float64Array: passed through, copied from `number[]` or another typed array, or
 * rebuilt from its JSON object form `{"0": x0, "1": x1, …}`. Cost O(length) time and memory
 * (O(1) when `x` is already a Float64Array).
 *
 * @param x - the value to revive.
 * @param name - what to call it in error messages; default "array".
 * @throws ManifoldError `INVALID_PARAMETER` when `x` is not an object or array, or when an
 *   entry of its object form is not a number.
 * @example
 * ```ts
 * import { reviveFloat64 } from "manifold-geom";
 * const json = JSON.parse(JSON.stringify({ w: Float64Array.of(0.5, 2) }));
 * console.log(json.w); // { '0': 0.5, '1': 2 }
 * console.log(reviveFloat64(json.w, "w")); // Float64Array(2) [ 0.5, 2 ]
 * ```
 */
export function reviveFloat64(x: unknown, name = "array"): Float64Array {
  return revive(x, name, Float64Array);
}

/**
 * `x` as an Int32Array (see {@link reviveFloat64}; entries are converted as `Int32Array` does,
 * truncating fractions). Cost O(length) time and memory.
 *
 * @param x - the value to revive.
 * @param name - what to call it in error messages; default "array".
 * @throws ManifoldError `INVALID_PARAMETER` when `x` is not an object or array, or when an
 *   entry of its object form is not a number.
 * @example
 * ```ts
 * import { reviveInt32 } from "manifold-geom";
 * const json = JSON.parse(JSON.stringify(Int32Array.of(3, 1, 4)));
 * console.log(reviveInt32(json)); // Int32Array(3) [ 3, 1, 4 ]
 * ```
 */
export function reviveInt32(x: unknown, name = "array"): Int32Array {
  return revive(x, name, Int32Array);
}

/**
 * A {@link Matrix} whose `data` went through JSON, revived (see {@link reviveFloat64}); returned
 * as is when `data` is already a Float64Array. Cost O(rows·cols) time and memory.
 *
 * @param x - the value to revive, `{ rows, cols, data }`.
 * @param name - what to call it in error messages; default "matrix".
 * @throws ManifoldError `INVALID_PARAMETER` when `x` lacks numeric `rows`/`cols` or `data` is
 *   not an array of numbers; `DIMENSION_MISMATCH` when `data` does not have rows·cols entries.
 * @example
 * ```ts
 * import { identity, reviveMatrix, toArrays } from "manifold-geom";
 * const back = reviveMatrix(JSON.parse(JSON.stringify(identity(2))));
 * console.log(back.data instanceof Float64Array, toArrays(back)); // true [ [ 1, 0 ], [ 0, 1 ] ]
 * ```
 */
export function reviveMatrix(x: unknown, name = "matrix"): Matrix {
  const m = x as { rows?: unknown; cols?: unknown; data?: unknown };
  if (
    typeof m !== "object" ||
    m === null ||
    typeof m.rows !== "number" ||
    typeof m.cols !== "number"
  ) {
    throw new ManifoldError("INVALID_PARAMETER", `${name} must be { rows, cols, data }.`);
  }
  const data = reviveFloat64(m.data, `${name}.data`);
  if (data.length !== m.rows * m.cols) {
    throw new ManifoldError(
      "DIMENSION_MISMATCH",
      `${name} claims shape ${m.rows}×${m.cols} but has ${data.length} entries.`,
    );
  }
  return data === m.data ? (x as Matrix) : { rows: m.rows, cols: m.cols, data };
}
