/**
 * Validation of the optional distance backend (internal to the library: used by
 * src/neighbors and src/nystrom, not part of the public API).
 *
 * @module
 */
import { ManifoldError } from "../errors/index.js";
import type { DistanceBackend } from "./types.js";

/**
 * The validated backend option: null when absent; `INVALID_PARAMETER` unless it has a
 * `sqDistTile` function and a `unitRoundoff` in (0, 2⁻⁸].
 */
export function requireBackend(backend: unknown): DistanceBackend | null {
  if (backend === undefined || backend === null) return null;
  const b = backend as Partial<DistanceBackend>;
  const u = b.unitRoundoff;
  if (typeof b.sqDistTile !== "function" || typeof u !== "number" || !(u > 0 && u <= 2 ** -8)) {
    throw new ManifoldError(
      "INVALID_PARAMETER",
      "backend must provide sqDistTile(A, rowsA, B, rowsB, cols) and a unitRoundoff in (0, 2^-8]; pass the object returned by createBackend of manifold-geom/gpu.",
      { name: "backend" },
    );
  }
  return b as DistanceBackend;
}
