/**
 * Exact Fourier eigenbases (test helpers): the circle S¹ and the flat torus S¹×S¹ ⊂ R⁴ on
 * uniform grids with uniform weights 1/N, where the grid rule integrates trigonometric
 * polynomials of degree < grid size exactly. Each basis comes with the analytic intrinsic
 * gradients of its functions, for direct quadrature of the SEC integrals.
 */
import type { Matrix } from "../../src/matrix/index.js";

/** An exact basis plus, for every point s and function ℓ, the gradient ∇φ_ℓ(x_s) in intrinsic coordinates. */
export interface ExactBasis {
  phi: Matrix;
  xi: Float64Array;
  weights: Float64Array;
  points: Matrix;
  /** Intrinsic dimension d (1 circle, 2 torus). */
  d: number;
  /** grad[(s·M + ℓ)·d + c] = ∂_c φ_ℓ(x_s). */
  grad: Float64Array;
  /** Angles of the points: theta (circle) or [a, b] (torus). */
  angles: Float64Array[];
}

/**
 * φ_0 = 1, φ_{2k−1} = √2 cos kθ, φ_{2k} = √2 sin kθ (ξ = k²), at θ_s = 2π(s + ½)/N,
 * points (cos θ, sin θ) (unit speed, so the intrinsic gradient is d/dθ).
 */
export function fourierCircle(N: number, M: number): ExactBasis {
  const phi = new Float64Array(N * M);
  const grad = new Float64Array(N * M);
  const pts = new Float64Array(N * 2);
  const theta = new Float64Array(N);
  const xi = new Float64Array(M);
  for (let l = 0; l < M; l++) xi[l] = Math.ceil(l / 2) ** 2;
  for (let s = 0; s < N; s++) {
    const th = (2 * Math.PI * (s + 0.5)) / N;
    theta[s] = th;
    pts[2 * s] = Math.cos(th);
    pts[2 * s + 1] = Math.sin(th);
    phi[s * M] = 1;
    for (let l = 1; l < M; l++) {
      const k = Math.ceil(l / 2);
      const c = Math.SQRT2 * Math.cos(k * th);
      const sn = Math.SQRT2 * Math.sin(k * th);
      phi[s * M + l] = l % 2 === 1 ? c : sn;
      grad[s * M + l] = l % 2 === 1 ? -k * sn : k * c;
    }
  }
  return {
    phi: { rows: N, cols: M, data: phi },
    xi,
    weights: new Float64Array(N).fill(1 / N),
    points: { rows: N, cols: 2, data: pts },
    d: 1,
    grad,
    angles: [theta],
  };
}

/** Frequencies (p, q) of the real torus basis, ordered by p² + q² then (p, q): half-plane p > 0 or (p = 0, q > 0). */
function torusModes(maxSq: number): [number, number][] {
  const modes: [number, number][] = [];
  const r = Math.floor(Math.sqrt(maxSq));
  for (let p = 0; p <= r; p++) {
    for (let q = -r; q <= r; q++) {
      if (p * p + q * q > maxSq || p * p + q * q === 0) continue;
      if (p === 0 && q < 0) continue;
      modes.push([p, q]);
    }
  }
  modes.sort(
    (x, y) => x[0] ** 2 + x[1] ** 2 - (y[0] ** 2 + y[1] ** 2) || x[0] - y[0] || x[1] - y[1],
  );
  return modes;
}

/**
 * Flat torus X = (cos a, sin a, cos b, sin b) on an na×nb grid: φ_0 = 1, then √2 cos(pa + qb),
 * √2 sin(pa + qb) for the modes with p² + q² ≤ maxSq (ξ = p² + q²).
 */
export function fourierTorus(na: number, nb: number, maxSq: number): ExactBasis {
  const modes = torusModes(maxSq);
  const M = 1 + 2 * modes.length;
  const N = na * nb;
  const phi = new Float64Array(N * M);
  const grad = new Float64Array(N * M * 2);
  const pts = new Float64Array(N * 4);
  const A = new Float64Array(N);
  const B = new Float64Array(N);
  const xi = new Float64Array(M);
  modes.forEach(([p, q], m) => {
    xi[1 + 2 * m] = p * p + q * q;
    xi[2 + 2 * m] = p * p + q * q;
  });
  for (let i = 0; i < na; i++) {
    for (let j = 0; j < nb; j++) {
      const s = i * nb + j;
      const a = (2 * Math.PI * (i + 0.5)) / na;
      const b = (2 * Math.PI * (j + 0.5)) / nb;
      A[s] = a;
      B[s] = b;
      pts.set([Math.cos(a), Math.sin(a), Math.cos(b), Math.sin(b)], 4 * s);
      phi[s * M] = 1;
      modes.forEach(([p, q], m) => {
        const arg = p * a + q * b;
        const c = Math.SQRT2 * Math.cos(arg);
        const sn = Math.SQRT2 * Math.sin(arg);
        const lc = 1 + 2 * m;
        const ls = 2 + 2 * m;
        phi[s * M + lc] = c;
        phi[s * M + ls] = sn;
        grad[(s * M + lc) * 2] = -p * sn;
        grad[(s * M + lc) * 2 + 1] = -q * sn;
        grad[(s * M + ls) * 2] = p * c;
        grad[(s * M + ls) * 2 + 1] = q * c;
      });
    }
  }
  return {
    phi: { rows: N, cols: M, data: phi },
    xi,
    weights: new Float64Array(N).fill(1 / N),
    points: { rows: N, cols: 4, data: pts },
    d: 2,
    grad,
    angles: [A, B],
  };
}
