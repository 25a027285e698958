/**
 * The one error class of manifold-geom.
 *
 * Every failure the library detects is a {@link ManifoldError} whose `code`
 * says what kind of failure it is (switch on the code, not on the message) and
 * whose message says what was wrong, where (row/column index when there is
 * one) and how to fix it.
 *
 * @module
 */

/** Every error code the library throws. */
export type ManifoldErrorCode =
  | "EMPTY_INPUT"
  | "RAGGED_INPUT"
  | "NON_FINITE"
  | "DIMENSION_MISMATCH"
  | "INVALID_PARAMETER"
  | "NOT_ORTHONORMAL"
  | "RANK_DEFICIENT"
  | "DEGENERATE_BANDWIDTH"
  | "DISCONNECTED_GRAPH"
  | "EIGEN_NOT_CONVERGED"
  | "ILL_CONDITIONED_EXTENSION"
  | "DATA_NOT_FOUND"
  | "ABORTED"
  | "BACKEND_UNAVAILABLE";

/** Structured context attached to an error (indices, measured values). */
export type ManifoldErrorDetails = Readonly<Record<string, unknown>>;

/**
 * Error thrown for any invalid input or numerical failure.
 *
 * @example
 * ```ts
 * import { knn, ManifoldError } from "manifold-geom";
 * const points = [[0, 0], [1, 0], [0, 1]];
 * try {
 *   knn(points, 50); // asks for more neighbours than there are other points
 * } catch (e) {
 *   if (e instanceof ManifoldError) console.log(e.code); // INVALID_PARAMETER
 * }
 * ```
 */
export class ManifoldError extends Error {
  /** Machine-readable kind of failure. */
  readonly code: ManifoldErrorCode;
  /** Indices and measured values that locate the failure, when known. */
  readonly details: ManifoldErrorDetails | undefined;

  constructor(code: ManifoldErrorCode, message: string, details?: ManifoldErrorDetails) {
    super(`[${code}] ${message}`);
    this.name = "ManifoldError";
    this.code = code;
    this.details = details;
  }
}

/**
 * Throw `INVALID_PARAMETER` unless `cond` holds; narrows `cond` to true for TypeScript.
 * Cost O(1).
 *
 * @param cond - the condition a parameter must satisfy.
 * @param message - the error message: what was wrong and how to fix it.
 * @throws ManifoldError `INVALID_PARAMETER` with `message` when `cond` is false.
 * @example
 * ```ts
 * import { ManifoldError, requireParam } from "manifold-geom";
 * const k = 0;
 * try {
 *   requireParam(k > 0, `k must be > 0; got ${k}.`);
 * } catch (e) {
 *   console.log(e instanceof ManifoldError && e.message); // [INVALID_PARAMETER] k must be > 0; got 0.
 * }
 * ```
 */
export function requireParam(cond: boolean, message: string): asserts cond {
  if (!cond) throw new ManifoldError("INVALID_PARAMETER", message);
}

/**
 * Check that `value` is an integer in [min, max] and return it. Cost O(1).
 *
 * @param value - the value to check (anything; a non-number fails).
 * @param name - the option's name, for the message.
 * @param min - smallest allowed value.
 * @param max - largest allowed value; default Infinity, because most counts have no upper bound.
 * @throws ManifoldError `INVALID_PARAMETER` naming the option and its valid range (details:
 *   name, value).
 * @example
 * ```ts
 * import { requireInt } from "manifold-geom";
 * console.log(requireInt(5, "k", 1)); // 5
 * try {
 *   requireInt(2.5, "k", 1, 10);
 * } catch (e) {
 *   console.log((e as Error).message); // [INVALID_PARAMETER] k must be an integer in [1, 10]; got 2.5.
 * }
 * ```
 */
export function requireInt(value: unknown, name: string, min: number, max = Infinity): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) {
    const range = max === Infinity ? `an integer >= ${min}` : `an integer in [${min}, ${max}]`;
    throw new ManifoldError(
      "INVALID_PARAMETER",
      `${name} must be ${range}; got ${String(value)}.`,
      {
        name,
        value,
      },
    );
  }
  return value;
}

/**
 * Check that `value` is a finite number > 0 (or >= 0 with `allowZero`) and return it.
 * Cost O(1).
 *
 * @param value - the value to check (anything; a non-number, NaN or ±Infinity fails).
 * @param name - the option's name, for the message.
 * @param allowZero - accept 0; default false, because most scales (bandwidths, step sizes)
 *   must be strictly positive.
 * @throws ManifoldError `INVALID_PARAMETER` (details: name, value).
 * @example
 * ```ts
 * import { requirePositive } from "manifold-geom";
 * console.log(requirePositive(0, "noise", true)); // 0
 * try {
 *   requirePositive(0, "eps");
 * } catch (e) {
 *   console.log((e as Error).message); // [INVALID_PARAMETER] eps must be a finite number > 0; got 0.
 * }
 * ```
 */
export function requirePositive(value: unknown, name: string, allowZero = false): number {
  if (
    typeof value !== "number" ||
    !Number.isFinite(value) ||
    value < 0 ||
    (!allowZero && value === 0)
  ) {
    throw new ManifoldError(
      "INVALID_PARAMETER",
      `${name} must be a finite number ${allowZero ? ">= 0" : "> 0"}; got ${String(value)}.`,
      { name, value },
    );
  }
  return value;
}
