/**
 * SEC vector fields (GUIDE §4): the Galerkin eigenproblem of the Hodge 1-Laplacian on the frame
 * `φ_i ∇φ_j`, and the fields' ambient values at the training points and at new points.
 *
 * @module
 */
import type { CidmModel } from "../cidm/types.js";
import { ManifoldError, requireInt } from "../errors/index.js";
import { matmul, symEig } from "../linalg/index.js";
import type { Matrix, MatrixInput } from "../matrix/index.js";
import { nystromExtend } from "../nystrom/index.js";
import { reviveFloat64, reviveMatrix } from "../serialize/index.js";
import { checkBasis, laplacianSpectrum, MARKOV_FLOOR, resolveSecOptions } from "./basis.js";
import { carreDuChamp, secOperators } from "./operators.js";
import {
  coordinateCoefficients,
  gammaCoordinates,
  gammaRoute,
  leadingColumns,
  productResolution,
  tripleProducts,
} from "./tensors.js";
import type { SecBasis, SecFields, SecOptions } from "./types.js";

/** Rows per block when evaluating fields (scratch ≈ VALUE_BLOCK·(n1 − 1)·n doubles). */
const VALUE_BLOCK = 256;

/**
 * Solve `E u = μ G u` on the range of G: with `G = V Λ Vᵀ`, keep the r eigendirections with
 * `Λ_q > gramTol·max Λ`, set `W = V_r Λ_r^{-1/2}`, solve the r×r symmetric problem
 * `(Wᵀ E W) y = μ y`, and return `u = W y` (so `uᵀ G u = 1`). Cost ≈ 9·F³ (two dense symmetric
 * eigen-decompositions and two F×F×r products).
 */
function galerkinEigen(
  G: Matrix,
  E: Matrix,
  gramTol: number,
  nFields: number,
): { mu: Float64Array; u: Matrix; gramEigenvalues: Float64Array; gramRank: number } {
  const F = G.rows;
  const ge = symEig(G);
  const gmax = ge.values[F - 1];
  if (!(gmax > 0) || !Number.isFinite(gmax)) {
    throw new ManifoldError(
      "RANK_DEFICIENT",
      `the Gram matrix of the frame φ_i ∇φ_j is numerically zero (largest eigenvalue ${gmax}); the gradients ∇φ_j vanish. Check that φ_1… are non-constant eigenfunctions and ξ_1 > 0.`,
      { gramMax: gmax },
    );
  }
  const cut = gramTol * gmax;
  const kept: number[] = [];
  for (let q = F - 1; q >= 0; q--) if (ge.values[q] > cut) kept.push(q);
  const r = kept.length;
  if (nFields > r) {
    throw new ManifoldError(
      "RANK_DEFICIENT",
      `only ${r} Gram eigendirections exceed gramTol·max = ${cut.toExponential(3)}, fewer than nFields = ${nFields}; ask for nFields ≤ ${r}, raise n1, or lower gramTol (below 1e-2 spurious modes get in on sampled data).`,
      { gramRank: r, nFields, gramTol },
    );
  }
  const V = ge.vectors.data;
  const W = new Float64Array(F * r);
  for (let c = 0; c < r; c++) {
    const q = kept[c];
    const s = 1 / Math.sqrt(ge.values[q]);
    for (let f = 0; f < F; f++) W[f * r + c] = V[f * F + q] * s;
  }
  const EW = matmul(E, { rows: F, cols: r, data: W }).data;
  const Et = new Float64Array(r * r);
  for (let a = 0; a < r; a++) {
    for (let b = a; b < r; b++) {
      let s = 0;
      let sT = 0;
      for (let f = 0; f < F; f++) {
        s += W[f * r + a] * EW[f * r + b];
        sT += W[f * r + b] * EW[f * r + a];
      }
      Et[a * r + b] = Et[b * r + a] = 0.5 * (s + sT);
    }
  }
  const ee = symEig({ rows: r, cols: r, data: Et });
  const Y = ee.vectors.data;
  const u = new Float64Array(F * nFields);
  for (let k = 0; k < nFields; k++) {
    let amax = 0;
    for (let f = 0; f < F; f++) {
      let s = 0;
      for (let c = 0; c < r; c++) s += W[f * r + c] * Y[c * r + k];
      u[f * nFields + k] = s;
      amax = Math.max(amax, Math.abs(s));
    }
    // Sign: the first coefficient within 1e-8 of the largest |u| is positive (exact bases have
    // ties such as u_(1,2) = −u_(2,1), which rounding alone would break either way).
    let lead = 0;
    for (let f = 0; f < F; f++) {
      if (Math.abs(u[f * nFields + k]) >= (1 - 1e-8) * amax) {
        lead = u[f * nFields + k];
        break;
      }
    }
    if (lead < 0) for (let f = 0; f < F; f++) u[f * nFields + k] = -u[f * nFields + k];
  }
  return {
    mu: ee.values.slice(0, nFields),
    u: { rows: F, cols: nFields, data: u },
    gramEigenvalues: ge.values,
    gramRank: r,
  };
}

/**
 * Ambient field values at `count` points whose first n2 eigenfunction values are the rows of
 * `Phi` (count × n2, row-major): `v_k(x)_t = Σ_j (Σ_i u_(ij),k φ_i(x)) Γ(φ_j, X_t)(x)` with
 * `Γ(φ_j, X_t)(x) = Σ_p φ_p(x) gammaX[p, j, t]`. Layout `out[(k·count + s)·n + t]`.
 * Cost 2·count·(n1 − 1)·(n2·n + n1·nFields) flops in two blocked products, then
 * 2·count·nFields·(n1 − 1)·n; scratch O(VALUE_BLOCK·(n1 − 1)·(n + nFields)).
 */
function fieldValuesAt(sec: SecFields, Phi: Float64Array, count: number): Float64Array {
  const { n1, n2, nFields, ambientDim: n } = sec;
  const J = n1 - 1;
  // u (F × nFields, row f = i·J + j) read as n1 × (J·nFields): U[i, j·nFields + k] = u_(i,j+1),k.
  const U = { rows: n1, cols: J * nFields, data: sec.u.data };
  const H = { rows: n2, cols: J * n, data: sec.gammaX };
  const out = new Float64Array(nFields * count * n);
  const block = Math.min(VALUE_BLOCK, count);
  const lead = new Float64Array(block * n1);
  for (let s0 = 0; s0 < count; s0 += block) {
    const s1 = Math.min(count, s0 + block);
    const h = s1 - s0;
    const rows = Phi.subarray(s0 * n2, s1 * n2);
    for (let s = 0; s < h; s++) lead.set(rows.subarray(s * n2, s * n2 + n1), s * n1);
    // Gm[s, j·n + t] = Γ(φ_{j+1}, X_t)(x_s);  Al[s, j·nFields + k] = Σ_i u_(i,j+1),k φ_i(x_s).
    const Gm = matmul({ rows: h, cols: n2, data: rows }, H).data;
    const Al = matmul({ rows: h, cols: n1, data: lead.subarray(0, h * n1) }, U).data;
    for (let s = 0; s < h; s++) {
      const gs = s * J * n;
      const as = s * J * nFields;
      for (let k = 0; k < nFields; k++) {
        const o = (k * count + s0 + s) * n;
        for (let j = 0; j < J; j++) {
          const a = Al[as + j * nFields + k];
          const gj = gs + j * n;
          for (let t = 0; t < n; t++) out[o + t] += a * Gm[gj + t];
        }
      }
    }
  }
  return out;
}

/**
 * SEC vector fields of a diffusion basis (GUIDE §4; Berry & Giannakis). With `λ_i = ℓ_i/ℓ_1`,
 * where ℓ = ξ for a basis given without Markov eigenvalues and `ℓ_i = −log λ_i^P` for a CIDM
 * model (P ≈ e^{−tΔ}: unlike ξ = 1 − λ^P, −log λ^P does not saturate on the higher modes, whose
 * underestimated eigenvalues otherwise corrupt Γ and admit spurious zero-energy, non-tangent fields):
 * - triple products `c_{ijm} = Σ_s w_s φ_i φ_j φ_m (x_s)`;
 * - carré du champ `Γ(φ_i, φ_j) = Σ_m g_{ijm} φ_m`, `g_{ijm} = ½(λ_i + λ_j − λ_m) c_{ijm}`;
 * - frame `b_(i,j) = φ_i ∇φ_j` (i < n1, 1 ≤ j < n1); Gram `G_(ij),(kl) = Σ_m c_{ikm} g_{jlm}`;
 * - energy `E = E_δ + E_d`, `(E_δ)_(ij),(kl) = Σ_m a_{ijm} a_{klm}` with
 *   `a_{ijm} = ½(λ_j − λ_i + λ_m) c_{ijm}`, `(E_d)_(ij),(kl) = Σ_m (g_{ikm} g_{jlm} − g_{ilm} g_{jkm})`;
 * - resolution check: every product must lie (to minProductCapture, default 0.9) in the span of
 *   φ_0 … φ_{n2−1}, `Σ_{m<n2} c_{ijm}² ≥ minProductCapture · Σ_s w_s (φ_i φ_j)²(x_s)`;
 * - `E u = μ G u` on the G-eigendirections above `gramTol·max`, μ ascending, uᵀGu = 1;
 * - ambient values `v(x)_t = Σ_(ij) u_(ij) φ_i(x) Γ(φ_j, X_t)(x)`,
 *   `Γ(φ_j, X_t) = Σ_{m,p<n2} x̂_{m,t} ½(λ_j + λ_m − λ_p) c_{jmp} φ_p`, `x̂_{m,t} = Σ_s w_s x_{s,t} φ_m(x_s)`.
 * All sums over m, p run below n2. The fields are orthonormal in L²(w) and ordered by smoothness;
 * the first ones are tangent to the manifold and span its tangent spaces.
 *
 * Cost (F = n1(n1 − 1)): triple products N·n2·n1(n1+1) flops, the resolution check
 * N·n1(n1+1) + n1²·n2; Γ(φ_j, X) coefficients
 * min(2N·n1·n2² + 2n1·n2²·n, 4N·n2·n·(n1+1)) flops (two equivalent contraction orders);
 * Gram/energy 2·n1⁴·n2·2 + 2F²·n2 flops and ≈ 5F² doubles; the eigenproblem ≈ 9F³ flops;
 * values 2N·n2·(n1 − 1)·n + 2N·nFields·(n1 − 1)(n1 + n) flops and nFields·N·n doubles.
 * Row sums are blocked matrix products (O(1024·width) scratch), never an N×(n1²n2) array.
 *
 * @param model - a CIDM model, or any `{ phi, xi, weights, points }` with φ orthonormal in w and
 *   φ_0 ≡ 1 (an exact basis, or the JSON form of either).
 * @param options - {@link SecOptions}: n1 (6), n2 (M, or the modes with Markov λ > 1e-3), nFields
 *   (6), gramTol (1e-2), minProductCapture (0.9), computeValues (true).
 * @throws ManifoldError `INVALID_PARAMETER` (n1 > n2, n2 > M, nFields ∉ [1, F], gramTol ∉ (0, 1),
 *   ξ_1 ≤ 0, M < 2, a Markov eigenvalue λ_ℓ ≤ 0 with ℓ < n2, λ + ξ ≠ 1, or n2 eigenfunctions
 *   capturing less than minProductCapture of some product φ_i φ_j: raise n2 or lower n1), `DIMENSION_MISMATCH` (inconsistent model), `NON_FINITE`,
 *   `RANK_DEFICIENT` (Gram numerically zero, or fewer than nFields directions above gramTol).
 * @example
 * ```ts
 * import { secFields } from "manifold-geom";
 * // The exact Fourier basis of the unit circle at N equispaced points: φ₀ = 1, √2·cos(jθ),
 * // √2·sin(jθ), with ξ = 0, 1, 1, 4, 4, … The vector fields' Dirichlet energies are then those
 * // of the circle's 1-forms: μ = 0 (the rotation field ∂θ), 1, 1, 4, 4.
 * const N = 64;
 * const M = 9;
 * const phi = new Float64Array(N * M);
 * const points = new Float64Array(2 * N);
 * for (let s = 0; s < N; s++) {
 *   const t = (2 * Math.PI * s) / N;
 *   points.set([Math.cos(t), Math.sin(t)], 2 * s);
 *   phi[s * M] = 1;
 *   for (let j = 1; 2 * j < M; j++) {
 *     phi[s * M + 2 * j - 1] = Math.SQRT2 * Math.cos(j * t);
 *     phi[s * M + 2 * j] = Math.SQRT2 * Math.sin(j * t);
 *   }
 * }
 * const sec = secFields(
 *   {
 *     phi: { rows: N, cols: M, data: phi },
 *     xi: [0, 1, 1, 4, 4, 9, 9, 16, 16],
 *     weights: new Float64Array(N).fill(1 / N),
 *     points: { rows: N, cols: 2, data: points },
 *   },
 *   { n1: 5, nFields: 5 },
 * );
 * console.log(Array.from(sec.mu, (m) => Math.abs(+m.toFixed(9)))); // [ 0, 1, 1, 4, 4 ]
 * ```
 */
export function secFields(model: SecBasis | CidmModel, options: SecOptions = {}): SecFields {
  const basis = checkBasis(model);
  const { n1, n2, nFields, gramTol, minProductCapture, computeValues } = resolveSecOptions(
    basis.phi.cols,
    options,
    basis.lambda,
  );
  const N = basis.points.rows;
  const n = basis.points.cols;
  const { lap, scale, spectrum } = laplacianSpectrum(basis, n2);

  const Phi = leadingColumns(basis, n2);
  const c = tripleProducts(basis, Phi, n1, n2);
  const capture = productResolution(basis, c, n1, n2);
  if (capture.ratio < minProductCapture) {
    const { ratio, i, j } = capture;
    throw new ManifoldError(
      "INVALID_PARAMETER",
      `n2 = ${n2} eigenfunctions capture only ${(100 * ratio).toFixed(1)}% of the L² norm of φ_${i}·φ_${j} (minProductCapture = ${minProductCapture}): the products in Γ, the Gram matrix and the energy are truncated and the fields would be wrong. Raise n2 (fit the model with more nEigs${options.n2 === undefined && n2 < basis.phi.cols ? `; the default n2 stopped at the modes with Markov eigenvalue > ${MARKOV_FLOOR}, so refit with a smaller ε or more points` : ""}) or lower n1 (now ${n1}).`,
      { n1, n2, ratio, i, j, minProductCapture },
    );
  }
  const g = carreDuChamp(c, lap, n1, n2);
  const ops = secOperators(c, g, lap, n1, n2);
  const F = n1 * (n1 - 1);
  const E = new Float64Array(F * F);
  const Ed = ops.energyExterior.data;
  const Edelta = ops.energyCodifferential.data;
  for (let t = 0; t < E.length; t++) E[t] = Edelta[t] + Ed[t];
  const eig = galerkinEigen(ops.gram, { rows: F, cols: F, data: E }, gramTol, nFields);

  const xhat = coordinateCoefficients(basis, Phi, n2);
  const gammaX = gammaCoordinates(basis, Phi, lap, xhat, n1, n2, gammaRoute(N, n, n1, n2));
  const sec: SecFields = {
    n1,
    n2,
    nFields,
    frameSize: F,
    numPoints: N,
    ambientDim: n,
    scale,
    spectrum,
    laplacian: lap,
    mu: eig.mu,
    u: eig.u,
    values: null,
    gammaX,
    gram: ops.gram,
    energyCodifferential: ops.energyCodifferential,
    energyExterior: ops.energyExterior,
    gramEigenvalues: eig.gramEigenvalues,
    gramRank: eig.gramRank,
    gramTol,
    productCapture: capture.ratio,
  };
  if (computeValues) sec.values = fieldValuesAt(sec, Phi, N);
  return sec;
}

/**
 * A {@link SecFields} with consistent shapes (revived from JSON when needed).
 * @throws ManifoldError `INVALID_PARAMETER` / `DIMENSION_MISMATCH`.
 * @internal
 */
export function liveSec(sec: unknown): SecFields {
  if (typeof sec !== "object" || sec === null) {
    throw new ManifoldError("INVALID_PARAMETER", "sec must be the object returned by secFields.");
  }
  const s = sec as SecFields;
  const n1 = requireInt(s.n1, "sec.n1", 2);
  const n2 = requireInt(s.n2, "sec.n2", n1);
  const nFields = requireInt(s.nFields, "sec.nFields", 1);
  const n = requireInt(s.ambientDim, "sec.ambientDim", 1);
  const u = reviveMatrix(s.u, "sec.u");
  const gammaX = reviveFloat64(s.gammaX, "sec.gammaX");
  if (u.rows !== n1 * (n1 - 1) || u.cols !== nFields || gammaX.length !== n2 * (n1 - 1) * n) {
    throw new ManifoldError(
      "DIMENSION_MISMATCH",
      `sec is inconsistent: u is ${u.rows}×${u.cols} (expected ${n1 * (n1 - 1)}×${nFields}) and gammaX has ${gammaX.length} entries (expected ${n2 * (n1 - 1) * n}); pass the object returned by secFields unchanged.`,
    );
  }
  if (u === s.u && gammaX === s.gammaX) return s;
  return { ...s, u, gammaX, mu: reviveFloat64(s.mu, "sec.mu") };
}

/** Options of {@link evaluateFields}. */
export interface EvaluateFieldsOptions {
  /** Evaluate only the first `nFields` fields (default: all of `sec`). */
  nFields?: number;
  /** λ_min of the Nyström extension of φ_0 … φ_{n2−1} (default 1e-3; see `nystromExtend`). */
  lambdaMin?: number;
}

/**
 * Field values at new points through the Nyström extension of φ_0 … φ_{n2−1} (GUIDE §3–4):
 * `v_k(x)_t = Σ_(ij) u_(ij),k φ_i(x) Γ(φ_j, X_t)(x)` with `Γ(φ_j, X_t)(x) = Σ_p gammaX[p, j, t] φ_p(x)`.
 * At a training point this reproduces `sec.values` (to the extension's accuracy).
 *
 * Cost: `nystromExtend` of Q queries with n2 eigenfunctions, then 2Q·n2·(n1 − 1)·n +
 * 2Q·nFields·(n1 − 1)(n1 + n) flops; memory nFields·Q·n doubles.
 *
 * @param sec - from {@link secFields} fitted on `model` (or its JSON form).
 * @param model - the CIDM model whose φ the fields were built from.
 * @param queries - Q×n points.
 * @returns a flat Float64Array, `out[(k·Q + q)·n + t]` = component t of field k at query q.
 * @throws ManifoldError `DIMENSION_MISMATCH` (another model, queries' n), `INVALID_PARAMETER`
 *   (malformed sec, nFields), `ILL_CONDITIONED_EXTENSION` (λ_ℓ < lambdaMin for ℓ < n2), and the
 *   query errors of `nystromExtend`.
 * @example
 * ```ts
 * import { cidm, circle, evaluateFields, secFields } from "manifold-geom";
 * const model = cidm(circle({ n: 100 }).points, { k: 10, nEigs: 12 });
 * const sec = secFields(model, { n1: 4, nFields: 2 });
 * // The smoothest field at a new point of the circle is tangent to it: v ⊥ x.
 * const x = [Math.cos(0.3), Math.sin(0.3)];
 * const v = evaluateFields(sec, model, [x], { nFields: 1 });
 * console.log(Math.abs(v[0] * x[0] + v[1] * x[1]) / Math.hypot(v[0], v[1]) < 1e-3); // true
 * ```
 */
export function evaluateFields(
  sec: SecFields,
  model: CidmModel,
  queries: MatrixInput,
  options: EvaluateFieldsOptions = {},
): Float64Array {
  const s = liveSec(sec);
  const nFields = requireInt(options.nFields ?? s.nFields, "nFields", 1, s.nFields);
  const pts = (model as Partial<CidmModel> | null)?.points;
  if (pts?.rows !== s.numPoints || pts?.cols !== s.ambientDim) {
    throw new ManifoldError(
      "DIMENSION_MISMATCH",
      `sec was built on ${s.numPoints} points in R^${s.ambientDim} but the model has ${String(pts?.rows)} in R^${String(pts?.cols)}; evaluate with the model passed to secFields.`,
      { secPoints: s.numPoints, modelPoints: pts?.rows },
    );
  }
  const Phi = nystromExtend(model, queries, { nEigs: s.n2, lambdaMin: options.lambdaMin });
  const Q = Phi.rows;
  if (nFields === s.nFields) return fieldValuesAt(s, Phi.data, Q);
  const F = s.frameSize ?? s.n1 * (s.n1 - 1);
  const u = new Float64Array(F * nFields);
  for (let f = 0; f < F; f++) {
    for (let k = 0; k < nFields; k++) u[f * nFields + k] = s.u.data[f * s.nFields + k];
  }
  return fieldValuesAt({ ...s, nFields, u: { rows: F, cols: nFields, data: u } }, Phi.data, Q);
}
