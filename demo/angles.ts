/**
 * The principal-angles panel: two subspaces of R³ (each a line or a plane through 0) set by a
 * direction (azimuth, elevation), their principal angles from the library, the closed form they
 * must equal, and an orthographic sketch.
 *
 * @module
 */
import { grassmann } from "../src/index.js";

/** A line (spanned by u) or a plane (normal u) through the origin of R³. */
export interface Subspace3 {
  /** "line": span{u}; "plane": u⊥. */
  kind: "line" | "plane";
  /** Azimuth of u in degrees. */
  azimuth: number;
  /** Elevation of u in degrees. */
  elevation: number;
}

type Vec3 = [number, number, number];

/** The unit vector with the given azimuth/elevation (degrees). */
export function direction(azimuth: number, elevation: number): Vec3 {
  const a = (azimuth * Math.PI) / 180;
  const e = (elevation * Math.PI) / 180;
  return [Math.cos(e) * Math.cos(a), Math.cos(e) * Math.sin(a), Math.sin(e)];
}

function cross(a: Vec3, b: Vec3): Vec3 {
  return [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];
}

function normalise(a: Vec3): Vec3 {
  const r = Math.hypot(a[0], a[1], a[2]);
  return [a[0] / r, a[1] / r, a[2] / r];
}

/** Orthonormal basis vectors of the subspace (one for a line, two for a plane). */
export function basisVectors(s: Subspace3): Vec3[] {
  const u = direction(s.azimuth, s.elevation);
  if (s.kind === "line") return [u];
  // The coordinate axis least aligned with u gives a well-conditioned first in-plane vector.
  const abs = u.map(Math.abs);
  const axis: Vec3 =
    abs[0] <= abs[1] && abs[0] <= abs[2] ? [1, 0, 0] : abs[1] <= abs[2] ? [0, 1, 0] : [0, 0, 1];
  const v = normalise(cross(u, axis));
  return [v, cross(u, v)];
}

/** The basis as a 3×p row-major nested array (the library's MatrixInput). */
export function basisMatrix(s: Subspace3): number[][] {
  const b = basisVectors(s);
  return [0, 1, 2].map((t) => b.map((v) => v[t]));
}

/**
 * Closed form of the principal angles (radians, ascending), with γ = ∠(u_A, u_B) folded into
 * [0, π/2]: line–line [γ]; line–plane [π/2 − γ]; plane–plane [0, γ] (two planes of R³ share a
 * line, and the other angle is the angle between their normals).
 */
export function expectedAngles(a: Subspace3, b: Subspace3): number[] {
  const ua = direction(a.azimuth, a.elevation);
  const ub = direction(b.azimuth, b.elevation);
  const c = Math.min(1, Math.abs(ua[0] * ub[0] + ua[1] * ub[1] + ua[2] * ub[2]));
  const gamma = Math.acos(c);
  if (a.kind === "line" && b.kind === "line") return [gamma];
  if (a.kind === "plane" && b.kind === "plane") return [0, gamma];
  return [Math.PI / 2 - gamma];
}

/** Principal angles from the library: `grassmann.principalAngles(A, B)` (radians, ascending). */
export function libraryAngles(a: Subspace3, b: Subspace3): number[] {
  return Array.from(grassmann.principalAngles(basisMatrix(a), basisMatrix(b)));
}

/** Orthographic view: yaw about z, then pitch; returns screen (x right, y up). */
function view(p: Vec3, yaw: number, pitch: number): [number, number] {
  const x1 = Math.cos(yaw) * p[0] - Math.sin(yaw) * p[1];
  const y1 = Math.sin(yaw) * p[0] + Math.cos(yaw) * p[1];
  const z1 = p[2];
  return [x1, Math.cos(pitch) * z1 - Math.sin(pitch) * y1];
}

/** Sketch both subspaces (A blue, B orange) with the axes, under a fixed oblique view. */
export function drawSubspaces(
  ctx: CanvasRenderingContext2D,
  W: number,
  H: number,
  a: Subspace3,
  b: Subspace3,
): void {
  ctx.clearRect(0, 0, W, H);
  const yaw = (-35 * Math.PI) / 180;
  const pitch = (20 * Math.PI) / 180;
  const s = Math.min(W, H) * 0.3;
  const px = (p: Vec3): [number, number] => {
    const [x, y] = view(p, yaw, pitch);
    return [W / 2 + s * x, H / 2 - s * y];
  };
  ctx.lineWidth = 1;
  ctx.font = "11px system-ui, sans-serif";
  const axes: [Vec3, string][] = [
    [[1.4, 0, 0], "x"],
    [[0, 1.4, 0], "y"],
    [[0, 0, 1.4], "z"],
  ];
  for (const [e, name] of axes) {
    const [x0, y0] = px([0, 0, 0]);
    const [x1, y1] = px(e);
    ctx.strokeStyle = "#999";
    ctx.beginPath();
    ctx.moveTo(x0, y0);
    ctx.lineTo(x1, y1);
    ctx.stroke();
    ctx.fillStyle = "#666";
    ctx.fillText(name, x1 + 3, y1 - 3);
  }
  const paint = (sub: Subspace3, colour: string, fill: string) => {
    const bv = basisVectors(sub);
    ctx.strokeStyle = colour;
    ctx.lineWidth = 2;
    if (bv.length === 1) {
      const u = bv[0];
      const [x0, y0] = px([-1.2 * u[0], -1.2 * u[1], -1.2 * u[2]]);
      const [x1, y1] = px([1.2 * u[0], 1.2 * u[1], 1.2 * u[2]]);
      ctx.beginPath();
      ctx.moveTo(x0, y0);
      ctx.lineTo(x1, y1);
      ctx.stroke();
      return;
    }
    const [v, w] = bv;
    const corner = (sv: number, sw: number): Vec3 => [
      sv * v[0] + sw * w[0],
      sv * v[1] + sw * w[1],
      sv * v[2] + sw * w[2],
    ];
    ctx.fillStyle = fill;
    ctx.beginPath();
    const corners = [corner(1, 1), corner(-1, 1), corner(-1, -1), corner(1, -1)].map(px);
    ctx.moveTo(corners[0][0], corners[0][1]);
    for (const c of corners.slice(1)) ctx.lineTo(c[0], c[1]);
    ctx.closePath();
    ctx.fill();
    ctx.stroke();
  };
  paint(a, "#1f5fbf", "rgba(31, 95, 191, 0.18)");
  paint(b, "#d9720f", "rgba(217, 114, 15, 0.18)");
}
