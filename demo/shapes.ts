/**
 * Point clouds for the demo: closed curves in the plane sampled by arc length, with optional
 * Gaussian noise, plus a user's freehand stroke. All coordinates are data coordinates (≈ unit
 * scale); the page maps them to pixels.
 *
 * @module
 */
import { circle, createRng, type Matrix } from "../src/index.js";

/** The clouds the page offers (`drawn` is the user's stroke). */
export type ShapeName = "circle" | "warped-circle" | "trefoil" | "torus-slice" | "drawn";

/** One entry of the dataset menu. */
export interface ShapeSpec {
  /** Menu value. */
  name: ShapeName;
  /** Menu label. */
  label: string;
  /** One line shown under the menu. */
  about: string;
}

/** The menu, in order. */
export const SHAPES: readonly ShapeSpec[] = [
  { name: "circle", label: "Circle", about: "Unit circle, uniform grid θ_i = 2π(i + ½)/N." },
  {
    name: "warped-circle",
    label: "Warped circle",
    about: "Unit circle, θ = 2πu + 0.8 sin 2πu: the densest arc is 9× denser than the sparsest.",
  },
  {
    name: "trefoil",
    label: "Trefoil (planar shadow)",
    about:
      "Trefoil knot projected to the plane, (sin t + 2 sin 2t, cos t − 2 cos 2t)/3: its three crossings make it a graph, so the spectrum leaves 1, 1, 4, 4.",
  },
  {
    name: "torus-slice",
    label: "Torus slice",
    about:
      "Spiric section of a torus (R = 1, r = 0.45) by a plane at distance 0.62 from its axis: a waisted oval.",
  },
  { name: "drawn", label: "Your drawing", about: "Press ✎ Draw, then drag on the canvas." },
];

/**
 * Resample a polyline by arc length: n points at equal arc-length spacing (closed: wrapping
 * back to the first vertex). Cost O(V + n) for V vertices.
 */
export function resampleByArcLength(xy: Float64Array, n: number, closed: boolean): Float64Array {
  const V = xy.length / 2;
  const segs = closed ? V : V - 1;
  const cum = new Float64Array(segs + 1);
  for (let s = 0; s < segs; s++) {
    const a = s;
    const b = (s + 1) % V;
    cum[s + 1] = cum[s] + Math.hypot(xy[2 * b] - xy[2 * a], xy[2 * b + 1] - xy[2 * a + 1]);
  }
  const total = cum[segs];
  const out = new Float64Array(2 * n);
  let s = 0;
  for (let i = 0; i < n; i++) {
    const target = closed ? ((i + 0.5) / n) * total : (i / Math.max(1, n - 1)) * total;
    while (s < segs - 1 && cum[s + 1] < target) s++;
    const len = cum[s + 1] - cum[s];
    const f = len > 0 ? (target - cum[s]) / len : 0;
    const a = s;
    const b = (s + 1) % V;
    out[2 * i] = xy[2 * a] + f * (xy[2 * b] - xy[2 * a]);
    out[2 * i + 1] = xy[2 * a + 1] + f * (xy[2 * b + 1] - xy[2 * a + 1]);
  }
  return out;
}

/** A fine polyline of a closed parametric curve t ∈ [0, 2π). */
function tracePolyline(f: (t: number) => [number, number], vertices = 8192): Float64Array {
  const xy = new Float64Array(2 * vertices);
  for (let i = 0; i < vertices; i++) {
    const [x, y] = f((2 * Math.PI * i) / vertices);
    xy[2 * i] = x;
    xy[2 * i + 1] = y;
  }
  return xy;
}

/** Trefoil shadow (x, y) = (sin t + 2 sin 2t, cos t − 2 cos 2t)/3. */
function trefoil(t: number): [number, number] {
  return [(Math.sin(t) + 2 * Math.sin(2 * t)) / 3, (Math.cos(t) - 2 * Math.cos(2 * t)) / 3];
}

/**
 * The torus (√(x² + d²) − R)² + z² = r² cut by the plane y = d, as (x, z). With
 * R − r < d < R + r it is one closed curve: tube angle v with R + r cos v ≥ d, x = ±√(ρ² − d²),
 * ρ = R + r cos v, traced along the +x branch and back along the −x branch.
 */
function torusSlicePolyline(R = 1, r = 0.45, d = 0.62, half = 4096): Float64Array {
  const v0 = Math.acos((d - R) / r);
  const xy = new Float64Array(4 * half);
  for (let i = 0; i < half; i++) {
    const v = -v0 + (2 * v0 * i) / half;
    const rho = R + r * Math.cos(v);
    const x = Math.sqrt(Math.max(0, rho * rho - d * d));
    xy[2 * i] = x;
    xy[2 * i + 1] = r * Math.sin(v);
    const w = v0 - (2 * v0 * i) / half;
    const rho2 = R + r * Math.cos(w);
    xy[2 * (half + i)] = -Math.sqrt(Math.max(0, rho2 * rho2 - d * d));
    xy[2 * (half + i) + 1] = r * Math.sin(w);
  }
  // Centre and scale to radius ≈ 1 so every shape fills the same view.
  let m = 0;
  for (let i = 0; i < 2 * half; i++) m = Math.max(m, Math.abs(xy[2 * i]));
  for (let i = 0; i < xy.length; i++) xy[i] /= m;
  return xy;
}

/** Options of {@link makeShape}. */
export interface MakeShapeOptions {
  /** Number of points. */
  n: number;
  /** Standard deviation of the noise (radial for circles, isotropic otherwise); 0 for none. */
  noise: number;
  /** Seed of the noise. */
  seed: number;
  /** The user's stroke (data coordinates), for `drawn`. */
  stroke?: Float64Array;
}

/**
 * The N×2 point cloud of a shape. Circles come from the library's `circle` (exact radius 1 when
 * noise = 0, radial noise otherwise); the other curves are resampled by arc length and get
 * isotropic noise. Throws a plain Error for a stroke with fewer than 2 vertices.
 */
export function makeShape(name: ShapeName, options: MakeShapeOptions): Matrix {
  const { n, noise, seed } = options;
  if (name === "circle" || name === "warped-circle") {
    const warp = name === "warped-circle" ? 0.8 : 0;
    return circle(noise > 0 ? { n, warp, noise, seed } : { n, warp }).points;
  }
  let xy: Float64Array;
  if (name === "trefoil") xy = resampleByArcLength(tracePolyline(trefoil), n, true);
  else if (name === "torus-slice") xy = resampleByArcLength(torusSlicePolyline(), n, true);
  else {
    const stroke = options.stroke;
    if (stroke === undefined || stroke.length < 4) {
      throw new Error("Draw a stroke first: press ✎ Draw and drag on the canvas.");
    }
    const V = stroke.length / 2;
    const gap = Math.hypot(stroke[0] - stroke[2 * V - 2], stroke[1] - stroke[2 * V - 1]);
    let length = 0;
    for (let i = 1; i < V; i++) {
      length += Math.hypot(
        stroke[2 * i] - stroke[2 * i - 2],
        stroke[2 * i + 1] - stroke[2 * i - 1],
      );
    }
    // A stroke that ends near where it started is closed into a loop.
    xy = resampleByArcLength(stroke, n, gap < 0.08 * length);
  }
  if (noise > 0) {
    const rng = createRng(seed);
    for (let i = 0; i < xy.length; i++) xy[i] += noise * rng.normal();
  }
  return { rows: n, cols: 2, data: xy };
}
