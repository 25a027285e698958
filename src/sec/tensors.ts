/**
 * Quadrature tensors of SEC (internal): triple products `c_{ijm} = Σ_s w_s φ_i φ_j φ_m (x_s)`
 * and the coefficients of the carré du champ with the coordinate functions, `Γ(φ_j, X_t)`.
 *
 * Every N-long sum is a matrix product `Φᵀ B` (Φ the first n2 eigenfunctions, B a row-wise
 * weighted table), accumulated over blocks of rows with the blocked (WebAssembly SIMD) product of
 * `src/linalg`, so the scratch is O(block · width), never O(N · width).
 *
 * @module
 * @internal
 */
import { matmul, matmulTransA } from "../linalg/index.js";
import type { CheckedBasis } from "./basis.js";

/** Rows per block of the N-long sums (scratch ≈ ROW_BLOCK · width doubles). */
const ROW_BLOCK = 1024;

/** The first L columns of φ as a contiguous N×L array (φ itself when L = M). Cost O(N·L). */
export function leadingColumns(basis: CheckedBasis, L: number): Float64Array {
  const { rows: N, cols: M, data } = basis.phi;
  if (L === M) return data;
  const out = new Float64Array(N * L);
  for (let s = 0; s < N; s++) out.set(data.subarray(s * M, s * M + L), s * L);
  return out;
}

/**
 * `R = Σ_s Φ[s, :]ᵀ B[s, :]` (L × width) where Φ is N×L (row-major) and `fill(s0, s1, buf)`
 * writes rows s0..s1−1 of B into buf (row-major, `width` columns). Cost 2·N·L·width flops,
 * O(ROW_BLOCK · width) scratch.
 */
export function crossProducts(
  Phi: Float64Array,
  N: number,
  L: number,
  width: number,
  fill: (s0: number, s1: number, buf: Float64Array) => void,
): Float64Array {
  const R = new Float64Array(L * width);
  const rows = Math.min(ROW_BLOCK, N);
  const buf = new Float64Array(rows * width);
  for (let s0 = 0; s0 < N; s0 += rows) {
    const s1 = Math.min(N, s0 + rows);
    const h = s1 - s0;
    const B = h === rows ? buf : buf.subarray(0, h * width);
    fill(s0, s1, B);
    const A = { rows: h, cols: L, data: Phi.subarray(s0 * L, s1 * L) };
    const part = matmulTransA(A, { rows: h, cols: width, data: B }).data;
    for (let t = 0; t < R.length; t++) R[t] += part[t];
  }
  return R;
}

/**
 * Triple products `c_{ijm} = Σ_s w_s φ_i(x_s) φ_j(x_s) φ_m(x_s)` for i, j < n1, m < n2, as a full
 * (symmetric in i, j) array `c[(i·n1 + j)·n2 + m]`. Only the n1(n1+1)/2 pairs i ≤ j are summed.
 * Cost 2·N·n2·n1(n1+1)/2 flops; memory n1²·n2.
 */
export function tripleProducts(
  basis: CheckedBasis,
  Phi: Float64Array,
  n1: number,
  n2: number,
): Float64Array {
  const N = basis.points.rows;
  const M = basis.phi.cols;
  const phi = basis.phi.data;
  const w = basis.weights;
  const pairs = (n1 * (n1 + 1)) / 2;
  const R = crossProducts(Phi, N, n2, pairs, (s0, s1, buf) => {
    for (let s = s0; s < s1; s++) {
      const row = s * M;
      let o = (s - s0) * pairs;
      for (let i = 0; i < n1; i++) {
        const wi = w[s] * phi[row + i];
        for (let j = i; j < n1; j++) buf[o++] = wi * phi[row + j];
      }
    }
  });
  const c = new Float64Array(n1 * n1 * n2);
  let q = 0;
  for (let i = 0; i < n1; i++) {
    for (let j = i; j < n1; j++, q++) {
      for (let m = 0; m < n2; m++) {
        const v = R[m * pairs + q];
        c[(i * n1 + j) * n2 + m] = v;
        c[(j * n1 + i) * n2 + m] = v;
      }
    }
  }
  return c;
}

/**
 * Coordinate coefficients `x̂_{m,t} = Σ_s w_s φ_m(x_s) x_{s,t}` (n2 × n). Cost 2·N·n2·n flops.
 */
export function coordinateCoefficients(
  basis: CheckedBasis,
  Phi: Float64Array,
  n2: number,
): Float64Array {
  const { rows: N, cols: n, data: X } = basis.points;
  const w = basis.weights;
  return crossProducts(Phi, N, n2, n, (s0, s1, buf) => {
    for (let s = s0; s < s1; s++) {
      const o = (s - s0) * n;
      for (let t = 0; t < n; t++) buf[o + t] = w[s] * X[s * n + t];
    }
  });
}

/**
 * Which contraction order {@link gammaCoordinates} uses: "tensor" forms `c_{jmp}` (n1·n2·n2) and
 * contracts it with x̂; "direct" first sums the truncated coordinate functions
 * `X̃_t = Σ_{m<n2} x̂_{m,t} φ_m` and `LX̃_t = Σ_m λ_m x̂_{m,t} φ_m` at the points. Both compute
 * the same sum; the cheaper is picked from the flop counts.
 */
export function gammaRoute(N: number, n: number, n1: number, n2: number): "tensor" | "direct" {
  const tensor = N * n1 * n2 * n2 + 2 * n1 * n2 * n2 * n;
  const direct = 2 * N * n2 * n * (n1 + 1);
  return direct < tensor ? "direct" : "tensor";
}

/**
 * Coefficients of `Γ(φ_j, X_t) = Σ_{p<n2} h_{j,p,t} φ_p` for j ∈ [1, n1), t < n:
 * `h_{j,p,t} = Σ_{m<n2} x̂_{m,t} ½(λ_j + λ_m − λ_p) c_{jmp}`, returned as the n2 × ((n1 − 1)·n)
 * row-major matrix `h[(p·(n1 − 1) + (j − 1))·n + t]` (so that Γ at points is one product Φ·h).
 *
 * Cost: "tensor" route 2·N·n1·n2² + 2·n1·n2²·n flops; "direct" route 4·N·n2·n·(n1 + 1)
 * flops ({@link gammaRoute} picks the cheaper). Memory (n1 − 1)·n2·n plus O(block) scratch.
 */
export function gammaCoordinates(
  basis: CheckedBasis,
  Phi: Float64Array,
  lap: Float64Array,
  xhat: Float64Array,
  n1: number,
  n2: number,
  route: "tensor" | "direct" = gammaRoute(basis.points.rows, basis.points.cols, n1, n2),
): Float64Array {
  const N = basis.points.rows;
  const n = basis.points.cols;
  const M = basis.phi.cols;
  const phi = basis.phi.data;
  const w = basis.weights;
  const J = n1 - 1;
  const h = new Float64Array(J * n2 * n);
  if (route === "tensor") {
    // c[(m)·(J·n2) + (j−1)·n2 + p] = Σ_s φ_m w φ_j φ_p, for j ∈ [1, n1).
    const width = J * n2;
    const c = crossProducts(Phi, N, n2, width, (s0, s1, buf) => {
      for (let s = s0; s < s1; s++) {
        const o = (s - s0) * width;
        const row = s * n2;
        for (let j = 1; j < n1; j++) {
          const wj = w[s] * phi[s * M + j];
          const oj = o + (j - 1) * n2;
          for (let p = 0; p < n2; p++) buf[oj + p] = wj * Phi[row + p];
        }
      }
    });
    for (let j = 1; j < n1; j++) {
      const hj = (j - 1) * n;
      for (let m = 0; m < n2; m++) {
        const cm = m * width + (j - 1) * n2;
        const xm = m * n;
        const base = 0.5 * (lap[j] + lap[m]);
        for (let p = 0; p < n2; p++) {
          const coef = (base - 0.5 * lap[p]) * c[cm + p];
          if (coef === 0) continue;
          const hp = hj + p * J * n;
          for (let t = 0; t < n; t++) h[hp + t] += coef * xhat[xm + t];
        }
      }
    }
    return h;
  }
  // Direct route: Y = Φ [x̂ | Λx̂] = [X̃ | LX̃] (N × 2n) at the points, then S = Φᵀ (w φ_j ∘ Y).
  const XL = new Float64Array(n2 * 2 * n);
  for (let m = 0; m < n2; m++) {
    for (let t = 0; t < n; t++) {
      XL[m * 2 * n + t] = xhat[m * n + t];
      XL[m * 2 * n + n + t] = lap[m] * xhat[m * n + t];
    }
  }
  const Y = matmul({ rows: N, cols: n2, data: Phi }, { rows: n2, cols: 2 * n, data: XL }).data;
  const width = J * 2 * n;
  const S = crossProducts(Phi, N, n2, width, (s0, s1, buf) => {
    for (let s = s0; s < s1; s++) {
      const o = (s - s0) * width;
      const ys = s * 2 * n;
      for (let j = 1; j < n1; j++) {
        const wj = w[s] * phi[s * M + j];
        const oj = o + (j - 1) * 2 * n;
        for (let c = 0; c < 2 * n; c++) buf[oj + c] = wj * Y[ys + c];
      }
    }
  });
  for (let p = 0; p < n2; p++) {
    for (let j = 1; j < n1; j++) {
      const so = p * width + (j - 1) * 2 * n;
      const a = 0.5 * (lap[j] - lap[p]);
      const hp = (p * J + (j - 1)) * n;
      for (let t = 0; t < n; t++) h[hp + t] = a * S[so + t] + 0.5 * S[so + n + t];
    }
  }
  return h;
}

/**
 * How much of each product φ_i φ_j (i ≤ j < n1) the first n2 eigenfunctions capture, by Bessel's
 * inequality: `r_ij = Σ_{m<n2} c_{ijm}² / Σ_s w_s (φ_i φ_j)²(x_s)` ∈ [0, 1] (1 when the product
 * lies in their span). Returns the smallest r_ij and its (i, j). The Gram matrix, the energy and
 * Γ(φ_j, X) all expand such products in φ_m, m < n2; a product that is cut off makes them wrong.
 * Cost N·n1(n1 + 1) + n1²·n2 flops.
 */
export function productResolution(
  basis: CheckedBasis,
  c: Float64Array,
  n1: number,
  n2: number,
): { ratio: number; i: number; j: number } {
  const N = basis.points.rows;
  const M = basis.phi.cols;
  const phi = basis.phi.data;
  const w = basis.weights;
  const norms = new Float64Array(n1 * n1);
  for (let s = 0; s < N; s++) {
    const row = s * M;
    for (let i = 0; i < n1; i++) {
      const wi = w[s] * phi[row + i] * phi[row + i];
      for (let j = i; j < n1; j++) norms[i * n1 + j] += wi * phi[row + j] * phi[row + j];
    }
  }
  let best = { ratio: 1, i: 0, j: 0 };
  for (let i = 0; i < n1; i++) {
    for (let j = i; j < n1; j++) {
      const o = (i * n1 + j) * n2;
      let cap = 0;
      for (let m = 0; m < n2; m++) cap += c[o + m] * c[o + m];
      const full = norms[i * n1 + j];
      const ratio = full > 0 ? cap / full : 1;
      if (ratio < best.ratio) best = { ratio, i, j };
    }
  }
  return best;
}
