/**
 * Points on the unit circle S¹ ⊂ R², uniformly or non-uniformly spaced.
 *
 * @module
 */
import { requireInt, requirePositive } from "../errors/index.js";
import type { Matrix } from "../matrix/index.js";
import { createRng } from "../random/index.js";
import { requireChoice, requireFinite, requireSeed } from "./options.js";

/** Options for {@link circle}. */
export interface CircleOptions {
  /** Number of points (integer ≥ 1). */
  n: number;
  /**
   * Warp amplitude w of the angle map θ = 2πu + w·sin(2πu) (default 0: uniform density).
   * For |w| < 1 the map is a bijection of the circle and the density is 1/(2π(1 + w cos 2πu)),
   * so w = 0.8 makes the densest arc 9× denser than the sparsest (GUIDE §10).
   */
  warp?: number;
  /** `"grid"` (default): u_i = (i + ½)/n. `"random"`: u_i uniform in [0, 1) (needs `seed`). */
  sampling?: "grid" | "random";
  /**
   * Integer seed; required when `sampling` is `"random"` or `noise` > 0 (default none: the
   * noise-free grid needs no randomness, and there is no hidden default seed).
   */
  seed?: number;
  /** Standard deviation of the radial noise: r_i = 1 + noise·N(0, 1) (default 0: on the circle). */
  noise?: number;
}

/** Result of {@link circle}. */
export interface CircleData {
  /** n×2 matrix, row i = r_i (cos θ_i, sin θ_i). */
  points: Matrix;
  /** The angles θ_i (not reduced mod 2π), length n. */
  theta: Float64Array;
}

/**
 * Sample the unit circle: θ_i = 2π u_i + warp·sin(2π u_i), point r_i (cos θ_i, sin θ_i) with
 * r_i = 1 + noise·N(0, 1) (r_i = 1 exactly when noise = 0).
 *
 * u_i = (i + ½)/n on the grid, u_i uniform in [0, 1) for `"random"`. The random stream draws
 * the n uniforms first, then the n radial normals, so the noise-free points of a seed are the
 * same with and without noise. Cost O(n) time and memory.
 *
 * @example
 * ```ts
 * import { circle } from "manifold-geom";
 * const { points, theta } = circle({ n: 2000, warp: 0.8 }); // GUIDE §10 warped circle grid
 * // Every point is on the unit circle, at angle θ_i.
 * const i = 123;
 * const [x, y] = [points.data[2 * i], points.data[2 * i + 1]];
 * console.log(Math.abs(Math.hypot(x, y) - 1) < 1e-15, Math.abs(Math.atan2(y, x) - theta[i]) < 1e-12); // true true
 * ```
 * @throws ManifoldError `INVALID_PARAMETER` for n not a positive integer, a non-finite warp,
 *   negative noise, an unknown sampling, or a missing seed when randomness is needed.
 */
export function circle(options: CircleOptions): CircleData {
  const n = requireInt(options.n, "circle: n", 1);
  const warp = requireFinite(options.warp ?? 0, "circle: warp");
  const sampling = requireChoice(options.sampling ?? "grid", "circle: sampling", [
    "grid",
    "random",
  ]);
  const noise = requirePositive(options.noise ?? 0, "circle: noise", true);
  const needsRng = sampling === "random" || noise > 0;
  const rng = needsRng
    ? createRng(requireSeed(options.seed, `circle({ sampling: "${sampling}", noise: ${noise} })`))
    : undefined;

  const theta = new Float64Array(n);
  const twoPi = 2 * Math.PI;
  for (let i = 0; i < n; i++) {
    const u = rng !== undefined && sampling === "random" ? rng.uniform() : (i + 0.5) / n;
    theta[i] = twoPi * u + warp * Math.sin(twoPi * u);
  }
  const data = new Float64Array(2 * n);
  for (let i = 0; i < n; i++) {
    const r = noise > 0 && rng !== undefined ? 1 + noise * rng.normal() : 1;
    data[2 * i] = r * Math.cos(theta[i]);
    data[2 * i + 1] = r * Math.sin(theta[i]);
  }
  return { points: { rows: n, cols: 2, data }, theta };
}
