/**
 * Tori: the flat torus S¹×S¹ ⊂ R⁴ and the doughnut (embedded) torus in R³.
 *
 * @module
 */
import { ManifoldError, requireInt, requirePositive } from "../errors/index.js";
import type { Matrix } from "../matrix/index.js";
import { createRng } from "../random/index.js";
import { requireChoice, requireSeed } from "./options.js";

/** The plastic number g, the real root of g³ = g + 1 (1.32471795724474602596…). */
export const PLASTIC_NUMBER = 1.324717957244746;

/** Options for {@link flatTorus}. */
export interface FlatTorusOptions {
  /**
   * Number of points (integer ≥ 1). Optional for `"grid"` when `gridShape` is given (then it
   * must equal the product if passed); no default otherwise (the caller picks the sample size).
   */
  n?: number;
  /**
   * `"kronecker"` (default): the low-discrepancy sequence a_i = 2π frac(i/g),
   * b_i = 2π frac(i/g²), i = 0..n−1, g the plastic number. `"grid"`: a product grid.
   * `"random"`: a, b independent uniform (needs `seed`).
   */
  sampling?: "kronecker" | "grid" | "random";
  /**
   * Grid shape [n_a, n_b] for `"grid"` (e.g. [70, 72]). Default: the factorisation n = n_a·n_b
   * with n_a ≤ n_b closest to square (5040 → [70, 72]).
   */
  gridShape?: readonly [number, number];
  /** Integer seed; required for `"random"` (default none: Kronecker and grid are deterministic). */
  seed?: number;
}

/** Result of {@link flatTorus} and {@link embeddedTorus}. */
export interface TorusData {
  /** The points, one per row. */
  points: Matrix;
  /** First angle a_i ∈ [0, 2π), length n. */
  a: Float64Array;
  /** Second angle b_i ∈ [0, 2π), length n. */
  b: Float64Array;
}

function closestToSquare(n: number): [number, number] {
  let na = Math.floor(Math.sqrt(n));
  while (n % na !== 0) na--;
  return [na, n / na];
}

function gridShapeOf(options: FlatTorusOptions): [number, number] {
  if (options.gridShape === undefined) {
    const n = requireInt(options.n, "flatTorus: n", 1);
    const shape = closestToSquare(n);
    if (shape[0] < 3) {
      throw new ManifoldError(
        "INVALID_PARAMETER",
        `flatTorus: n = ${n} has no grid factorisation with both sides >= 3 (best ${shape[0]}×${shape[1]}); pass gridShape: [na, nb] or choose n = na·nb.`,
        { name: "n", value: n },
      );
    }
    return shape;
  }
  const shape = options.gridShape;
  if (!Array.isArray(shape) || shape.length !== 2) {
    throw new ManifoldError(
      "INVALID_PARAMETER",
      `flatTorus: gridShape must be [na, nb]; got ${JSON.stringify(shape)}.`,
    );
  }
  const na = requireInt(shape[0], "flatTorus: gridShape[0]", 1);
  const nb = requireInt(shape[1], "flatTorus: gridShape[1]", 1);
  if (options.n !== undefined && options.n !== na * nb) {
    throw new ManifoldError(
      "INVALID_PARAMETER",
      `flatTorus: n = ${String(options.n)} but gridShape ${na}×${nb} has ${na * nb} points; drop n or make them agree.`,
      { name: "n", value: options.n, gridShape: [na, nb] },
    );
  }
  return [na, nb];
}

function torusPoints(a: Float64Array, b: Float64Array): Matrix {
  const n = a.length;
  const data = new Float64Array(4 * n);
  for (let i = 0; i < n; i++) {
    data[4 * i] = Math.cos(a[i]);
    data[4 * i + 1] = Math.sin(a[i]);
    data[4 * i + 2] = Math.cos(b[i]);
    data[4 * i + 3] = Math.sin(b[i]);
  }
  return { rows: n, cols: 4, data };
}

/**
 * Sample the flat torus S¹×S¹ embedded in R⁴ as X_i = (cos a_i, sin a_i, cos b_i, sin b_i)
 * (isometric to [0, 2π)² with the flat metric; Laplacian eigenvalues p² + q²).
 *
 * Angles: Kronecker a_i = 2π frac(i/g), b_i = 2π frac(i/g²) (g = {@link PLASTIC_NUMBER},
 * i = 0..n−1); grid a = 2π(i + ½)/n_a, b = 2π(j + ½)/n_b for row i·n_b + j; random: a, b
 * uniform (a drawn before b for each point). Cost O(n) time and memory.
 *
 * @example
 * ```ts
 * import { flatTorus } from "manifold-geom";
 * const { points } = flatTorus({ n: 5000 }); // Kronecker, GUIDE §10
 * const grid = flatTorus({ sampling: "grid", gridShape: [70, 72] });
 * // Each point is a pair of unit vectors in R⁴, so |X_i| = √2.
 * const r = Math.hypot(...points.data.subarray(0, 4));
 * console.log(points.cols, grid.points.rows, Math.abs(r - Math.SQRT2) < 1e-15); // 4 5040 true
 * ```
 * @throws ManifoldError `INVALID_PARAMETER` for a bad n, sampling or gridShape, n disagreeing
 *   with gridShape, or a missing seed for `"random"`.
 */
export function flatTorus(options: FlatTorusOptions): TorusData {
  const sampling = requireChoice(options.sampling ?? "kronecker", "flatTorus: sampling", [
    "kronecker",
    "grid",
    "random",
  ]);
  const twoPi = 2 * Math.PI;
  if (sampling === "grid") {
    const [na, nb] = gridShapeOf(options);
    const n = na * nb;
    const a = new Float64Array(n);
    const b = new Float64Array(n);
    for (let i = 0; i < na; i++) {
      const ai = (twoPi * (i + 0.5)) / na;
      for (let j = 0; j < nb; j++) {
        a[i * nb + j] = ai;
        b[i * nb + j] = (twoPi * (j + 0.5)) / nb;
      }
    }
    return { points: torusPoints(a, b), a, b };
  }
  const n = requireInt(options.n, "flatTorus: n", 1);
  const a = new Float64Array(n);
  const b = new Float64Array(n);
  if (sampling === "kronecker") {
    const g = PLASTIC_NUMBER;
    const g2 = g * g;
    for (let i = 0; i < n; i++) {
      const s = i / g;
      const t = i / g2;
      a[i] = twoPi * (s - Math.floor(s));
      b[i] = twoPi * (t - Math.floor(t));
    }
  } else {
    const rng = createRng(requireSeed(options.seed, 'flatTorus({ sampling: "random" })'));
    for (let i = 0; i < n; i++) {
      a[i] = twoPi * rng.uniform();
      b[i] = twoPi * rng.uniform();
    }
  }
  return { points: torusPoints(a, b), a, b };
}

/** Options for {@link embeddedTorus}. */
export interface EmbeddedTorusOptions {
  /** Number of points (integer ≥ 1). */
  n: number;
  /** Distance from the centre of the tube to the centre of the torus (default 2; must exceed r). */
  R?: number;
  /** Radius of the tube (default 1). */
  r?: number;
  /** Integer seed (required: the angles are random). */
  seed: number;
}

/**
 * Sample the doughnut torus in R³: X_i = ((R + r cos a_i) cos b_i, (R + r cos a_i) sin b_i,
 * r sin a_i) with a_i, b_i independent uniform on [0, 2π) (uniform in the angles, not in
 * area: the inner side, where the area element (R + r cos a) is smallest, is denser).
 * Cost O(n) time and memory.
 *
 * @throws ManifoldError `INVALID_PARAMETER` for a bad n, R ≤ r, r ≤ 0, or a missing seed.
 * @example
 * ```ts
 * import { embeddedTorus } from "manifold-geom";
 * const { points } = embeddedTorus({ n: 1000, R: 2, r: 1, seed: 5 });
 * // Every point is at distance r = 1 from the tube's centre circle (radius R = 2, z = 0).
 * let worst = 0;
 * for (let i = 0; i < points.rows; i++) {
 *   const [x, y, z] = points.data.subarray(3 * i, 3 * i + 3);
 *   worst = Math.max(worst, Math.abs(Math.hypot(Math.hypot(x, y) - 2, z) - 1));
 * }
 * console.log(worst < 1e-12); // true
 * ```
 */
export function embeddedTorus(options: EmbeddedTorusOptions): TorusData {
  const n = requireInt(options.n, "embeddedTorus: n", 1);
  const R = requirePositive(options.R ?? 2, "embeddedTorus: R");
  const r = requirePositive(options.r ?? 1, "embeddedTorus: r");
  if (!(R > r)) {
    throw new ManifoldError(
      "INVALID_PARAMETER",
      `embeddedTorus: R = ${R} must exceed r = ${r}, otherwise the surface intersects itself.`,
      { R, r },
    );
  }
  const rng = createRng(requireSeed(options.seed, "embeddedTorus"));
  const twoPi = 2 * Math.PI;
  const a = new Float64Array(n);
  const b = new Float64Array(n);
  const data = new Float64Array(3 * n);
  for (let i = 0; i < n; i++) {
    a[i] = twoPi * rng.uniform();
    b[i] = twoPi * rng.uniform();
    const rho = R + r * Math.cos(a[i]);
    data[3 * i] = rho * Math.cos(b[i]);
    data[3 * i + 1] = rho * Math.sin(b[i]);
    data[3 * i + 2] = r * Math.sin(a[i]);
  }
  return { points: { rows: n, cols: 3, data }, a, b };
}
