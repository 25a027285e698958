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
 * try { knn(points, 50); } catch (e) {
 *   if (e instanceof ManifoldError && e.code === "INVALID_PARAMETER") { ... }
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

/** Throw `INVALID_PARAMETER` unless `cond` holds. Cost O(1). */
export function requireParam(cond: boolean, message: string): asserts cond {
  if (!cond) throw new ManifoldError("INVALID_PARAMETER", message);
}

/**
 * Check that `value` is an integer in [min, max] and return it.
 * @throws ManifoldError `INVALID_PARAMETER` naming the option and its valid range.
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
 * @throws ManifoldError `INVALID_PARAMETER`.
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
