/**
 * Shared option checks for the data-set generators (internal).
 *
 * @module
 */
import { ManifoldError } from "../errors/index.js";

/**
 * Return `seed` when it is an integer; otherwise throw `INVALID_PARAMETER`
 * saying which generator needed it. Randomness is never implicit: a random
 * sampling without a seed would not reproduce. Cost O(1).
 *
 * @param seed - the caller's `seed` option.
 * @param where - e.g. `circle({ sampling: "random" })`, used in the message.
 * @throws ManifoldError `INVALID_PARAMETER` when `seed` is missing or not an integer.
 */
export function requireSeed(seed: unknown, where: string): number {
  if (typeof seed !== "number" || !Number.isInteger(seed)) {
    throw new ManifoldError(
      "INVALID_PARAMETER",
      `${where} draws random numbers and needs an integer seed; got ${String(seed)}. Pass e.g. { seed: 1 } so the data reproduce.`,
      { name: "seed", value: seed },
    );
  }
  return seed;
}

/**
 * Return `value` when it is one of `allowed`; otherwise throw `INVALID_PARAMETER`
 * listing the allowed values. Cost O(allowed.length).
 */
export function requireChoice<T extends string>(
  value: unknown,
  name: string,
  allowed: readonly T[],
): T {
  if (typeof value !== "string" || !(allowed as readonly string[]).includes(value)) {
    throw new ManifoldError(
      "INVALID_PARAMETER",
      `${name} must be one of ${allowed.map((a) => `"${a}"`).join(", ")}; got ${JSON.stringify(value)}.`,
      { name, value, allowed },
    );
  }
  return value as T;
}

/**
 * Return `value` when it is a finite number (any sign); otherwise throw `INVALID_PARAMETER`.
 * Cost O(1).
 */
export function requireFinite(value: unknown, name: string): number {
  if (typeof value !== "number" || !Number.isFinite(value)) {
    throw new ManifoldError(
      "INVALID_PARAMETER",
      `${name} must be a finite number; got ${String(value)}.`,
      {
        name,
        value,
      },
    );
  }
  return value;
}
