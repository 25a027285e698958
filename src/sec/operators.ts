/**
 * The Galerkin matrices of SEC on the frame `b_(i,j) = φ_i ∇φ_j` (internal): Gram (L² metric on
 * vector fields) and the two parts of the Dirichlet energy of the Hodge 1-Laplacian.
 *
 * @module
 * @internal
 */
import type { Matrix } from "../matrix/index.js";

/** The three F×F matrices (F = n1(n1 − 1)). */
export interface SecOperators {
  gram: Matrix;
  energyCodifferential: Matrix;
  energyExterior: Matrix;
}

/**
 * `g_{ijm} = ½(λ_i + λ_j − λ_m) c_{ijm}` (carré du champ) for i, j < n1, m < n2, layout as c.
 * Cost n1²·n2.
 */
export function carreDuChamp(
  c: Float64Array,
  lap: Float64Array,
  n1: number,
  n2: number,
): Float64Array {
  const g = new Float64Array(c.length);
  for (let i = 0; i < n1; i++) {
    for (let j = 0; j < n1; j++) {
      const o = (i * n1 + j) * n2;
      const lij = lap[i] + lap[j];
      for (let m = 0; m < n2; m++) g[o + m] = 0.5 * (lij - lap[m]) * c[o + m];
    }
  }
  return g;
}

/**
 * Build, with `f(i, j) = i·(n1 − 1) + (j − 1)` (i ∈ [0, n1), j ∈ [1, n1)):
 * - Gram `G_(ij),(kl) = Σ_m c_{ikm} g_{jlm}` = ⟨φ_i ∇φ_j, φ_k ∇φ_l⟩;
 * - codifferential energy `(E_δ)_(ij),(kl) = Σ_m a_{ijm} a_{klm}`,
 *   `a_{ijm} = ½(λ_j − λ_i + λ_m) c_{ijm}` (the coefficients of δ(φ_i dφ_j));
 * - exterior-derivative energy `(E_d)_(ij),(kl) = Σ_m (g_{ikm} g_{jlm} − g_{ilm} g_{jkm})`
 *   = ⟨dφ_i ∧ dφ_j, dφ_k ∧ dφ_l⟩.
 * Sums over m < n2. All three are exactly symmetric (each entry and its mirror are the same sum).
 *
 * Cost: the pair products `P_(ik),(jl) = Σ_m c_{ikm} g_{jlm}` and `Q_(ik),(jl) = Σ_m g_{ikm} g_{jlm}`
 * take 2·n1⁴·n2 flops each, E_δ 2·F²·n2; memory 3·F² + 2·n1⁴ doubles.
 */
export function secOperators(
  c: Float64Array,
  g: Float64Array,
  lap: Float64Array,
  n1: number,
  n2: number,
): SecOperators {
  const J = n1 - 1;
  const F = n1 * J;
  const P2 = n1 * n1;
  // P[(i·n1 + k)·P2 + (j·n1 + l)] = Σ_m c_{ikm} g_{jlm};  Q likewise with g_{ikm}.
  const P = new Float64Array(P2 * P2);
  const Q = new Float64Array(P2 * P2);
  for (let a = 0; a < P2; a++) {
    const ca = a * n2;
    for (let b = a; b < P2; b++) {
      const gb = b * n2;
      let sp = 0;
      let spT = 0;
      let sq = 0;
      for (let m = 0; m < n2; m++) {
        sp += c[ca + m] * g[gb + m];
        spT += c[gb + m] * g[ca + m];
        sq += g[ca + m] * g[gb + m];
      }
      P[a * P2 + b] = sp;
      P[b * P2 + a] = spT;
      Q[a * P2 + b] = sq;
      Q[b * P2 + a] = sq;
    }
  }
  // a_{ijm} rows, one per frame element.
  const A = new Float64Array(F * n2);
  for (let i = 0; i < n1; i++) {
    for (let j = 1; j < n1; j++) {
      const f = i * J + (j - 1);
      const o = (i * n1 + j) * n2;
      const lji = lap[j] - lap[i];
      for (let m = 0; m < n2; m++) A[f * n2 + m] = 0.5 * (lji + lap[m]) * c[o + m];
    }
  }
  const G = new Float64Array(F * F);
  const Ed = new Float64Array(F * F);
  const Edelta = new Float64Array(F * F);
  for (let i = 0; i < n1; i++) {
    for (let j = 1; j < n1; j++) {
      const f = i * J + (j - 1);
      for (let k = 0; k < n1; k++) {
        for (let l = 1; l < n1; l++) {
          const h = k * J + (l - 1);
          G[f * F + h] = P[(i * n1 + k) * P2 + (j * n1 + l)];
          Ed[f * F + h] = Q[(i * n1 + k) * P2 + (j * n1 + l)] - Q[(i * n1 + l) * P2 + (j * n1 + k)];
        }
      }
    }
  }
  for (let f = 0; f < F; f++) {
    for (let h = f; h < F; h++) {
      let s = 0;
      for (let m = 0; m < n2; m++) s += A[f * n2 + m] * A[h * n2 + m];
      Edelta[f * F + h] = s;
      Edelta[h * F + f] = s;
    }
  }
  return {
    gram: { rows: F, cols: F, data: G },
    energyCodifferential: { rows: F, cols: F, data: Edelta },
    energyExterior: { rows: F, cols: F, data: Ed },
  };
}
