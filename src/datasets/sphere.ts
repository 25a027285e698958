/**
 * Points on the unit sphere S² ⊂ R³.
 *
 * @module
 */
import { requireInt } from "../errors/index.js";
import type { Matrix } from "../matrix/index.js";
import { createRng } from "../random/index.js";
import { requireChoice, requireSeed } from "./options.js";

/** Options for {@link sphere}. */
export interface SphereOptions {
  /** Number of points (integer ≥ 1). */
  n: number;
  /**
   * `"fibonacci"` (default): the golden-spiral lattice, deterministic and nearly uniform.
   * `"random"`: uniform on the sphere (normalised Gaussian vectors; needs `seed`).
   */
  sampling?: "fibonacci" | "random";
  /** Integer seed; required for `"random"` (default none: the Fibonacci lattice is deterministic). */
  seed?: number;
}

/** Result of {@link sphere}. */
export interface SphereData {
  /** n×3 matrix of unit vectors. */
  points: Matrix;
}

/**
 * Sample the unit sphere. Fibonacci: z_i = 1 − 2(i + ½)/n, φ_i = π(1 + √5)(i + ½),
 * X_i = (√(1 − z_i²) cos φ_i, √(1 − z_i²) sin φ_i, z_i), i = 0..n−1 (equal-area bands in z,
 * golden-angle steps in φ). Random: X_i = g/|g|, g ~ N(0, I₃) (redrawn in the measure-zero
 * case g = 0). Cost O(n) time and memory.
 *
 * @example
 * ```ts
 * import { sphere } from "manifold-geom";
 * const { points } = sphere({ n: 4000 }); // GUIDE §10 Fibonacci sphere
 * // Unit vectors whose mean is the origin (the lattice is symmetric).
 * const mean = [0, 0, 0];
 * for (let i = 0; i < points.rows; i++) for (let c = 0; c < 3; c++) mean[c] += points.data[3 * i + c] / 4000;
 * const norm0 = Math.hypot(points.data[0], points.data[1], points.data[2]);
 * console.log(Math.abs(norm0 - 1) < 1e-15, mean.every((m) => Math.abs(m) < 1e-3)); // true true
 * ```
 * @throws ManifoldError `INVALID_PARAMETER` for a bad n or sampling, or a missing seed for
 *   `"random"`.
 */
export function sphere(options: SphereOptions): SphereData {
  const n = requireInt(options.n, "sphere: n", 1);
  const sampling = requireChoice(options.sampling ?? "fibonacci", "sphere: sampling", [
    "fibonacci",
    "random",
  ]);
  const data = new Float64Array(3 * n);
  if (sampling === "fibonacci") {
    const step = Math.PI * (1 + Math.sqrt(5));
    for (let i = 0; i < n; i++) {
      const z = 1 - (2 * (i + 0.5)) / n;
      const phi = step * (i + 0.5);
      const s = Math.sqrt(1 - z * z);
      data[3 * i] = s * Math.cos(phi);
      data[3 * i + 1] = s * Math.sin(phi);
      data[3 * i + 2] = z;
    }
  } else {
    const rng = createRng(requireSeed(options.seed, 'sphere({ sampling: "random" })'));
    for (let i = 0; i < n; i++) {
      let x = 0;
      let y = 0;
      let z = 0;
      let norm = 0;
      while (norm === 0) {
        x = rng.normal();
        y = rng.normal();
        z = rng.normal();
        norm = Math.sqrt(x * x + y * y + z * z);
      }
      data[3 * i] = x / norm;
      data[3 * i + 1] = y / norm;
      data[3 * i + 2] = z / norm;
    }
  }
  return { points: { rows: n, cols: 3, data } };
}
