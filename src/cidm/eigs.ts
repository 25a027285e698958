/**
 * Laplacian eigenpairs of the CIDM kernel in the CIDM normalisation.
 *
 * @module
 */
import { lanczosEigs } from "../eigensolver/index.js";
import { ManifoldError, requireInt } from "../errors/index.js";
import { symEig } from "../linalg/index.js";
import { connectedComponents, type SparseMatrix, spmv } from "../sparse/index.js";
import type { CidmKernel, LaplacianEigs } from "./types.js";

/** Options of {@link laplacianEigs}. */
export interface LaplacianEigsOptions {
  /** Residual tolerance |S v − λ v| for each pair (default 1e-9). */
  tol?: number;
  /** Seed of the Lanczos start vector (default 0); results are deterministic given it. */
  seed?: number;
  /** Restart budget of the Lanczos solver (default: the solver's own). */
  maxRestarts?: number;
  /** Use the dense solver when N ≤ this (default 400), or when nEigs > N/3. */
  denseBelow?: number;
}

/**
 * Throw `DISCONNECTED_GRAPH` unless the kernel's support graph (i ~ j when K_ij is stored) is
 * connected: with c > 1 components the eigenvalue λ = 1 of P = D⁻¹K has multiplicity c (the
 * indicator of each component), so the diffusion eigenfunctions are not unique (GUIDE §2 step 7).
 *
 * Cost O(N + nnz) time (one breadth-first sweep), O(N) memory.
 *
 * @param K - an N×N sparse kernel (CSR; its pattern is read, the values are not).
 * @throws ManifoldError `DISCONNECTED_GRAPH` with `details.components` (the count) and
 *   `details.sizes` (component sizes, largest first) when there is more than one component.
 * @example
 * ```ts
 * import { csrFromDense, ManifoldError, requireConnected } from "manifold-geom";
 *
 * // Blocks {0, 1} and {2, 3} with no edge between them: two components.
 * const split = csrFromDense([
 *   [1, 0.5, 0, 0],
 *   [0.5, 1, 0, 0],
 *   [0, 0, 1, 0.5],
 *   [0, 0, 0.5, 1],
 * ]);
 * try {
 *   requireConnected(split);
 * } catch (e) {
 *   if (e instanceof ManifoldError) console.log(e.code, e.details?.components); // DISCONNECTED_GRAPH 2
 * }
 * // The edge (1, 2) joins them: no throw.
 * requireConnected(
 *   csrFromDense([
 *     [1, 0.5, 0, 0],
 *     [0.5, 1, 0.1, 0],
 *     [0, 0.1, 1, 0.5],
 *     [0, 0, 0.5, 1],
 *   ]),
 * );
 * console.log("connected"); // connected
 * ```
 */
export function requireConnected(K: SparseMatrix): void {
  const cc = connectedComponents(K);
  if (cc.count > 1) {
    const sizes = Array.from(cc.sizes).sort((a, b) => b - a);
    const shown = sizes.slice(0, 5).join(", ") + (sizes.length > 5 ? ", …" : "");
    throw new ManifoldError(
      "DISCONNECTED_GRAPH",
      `The kernel graph has ${cc.count} connected components (sizes ${shown}); diffusion eigenfunctions are then not unique. Raise k or kernelNeighbors, or fit each component separately.`,
      { components: cc.count, sizes },
    );
  }
}

/**
 * Top eigenpairs of the diffusion operator P = D⁻¹K, normalised as in GUIDE §2 step 4.
 *
 * Solves the symmetric `S = D^{-1/2} K D^{-1/2}` for its top-M eigenpairs `S v = λ v`
 * (λ descending). `v_0 = D^{1/2}1 / |D^{1/2}1|` is known exactly (λ_0 = 1), so the solver runs on S
 * deflated by it and φ_0 ≡ 1 holds to rounding. Then `φ = √(ΣD) · D^{-1/2} v`, which makes
 * `Σ_i w_i φ_a(x_i) φ_b(x_i) = δ_ab` with `w = D/ΣD`; `ξ = 1 − λ`; each φ_ℓ's entry of largest |value|
 * is made positive.
 *
 * Cost: O(nnz) per matrix–vector product, times the Lanczos iterations (grows as the
 * eigenvalues cluster), plus O(N·ncv²) reorthogonalisation; the dense path (small N) is
 * O(N³). Memory O(nnz + N·ncv).
 *
 * @param kernel - from {@link cidmKernel} (only `K` is read).
 * @param nEigs - M, the number of pairs (1 ≤ M ≤ N; M = N uses the dense solver).
 * @param options - {@link LaplacianEigsOptions}: tol (default 1e-9), seed (default 0),
 *   maxRestarts, denseBelow (default 400).
 * @throws ManifoldError `INVALID_PARAMETER` (nEigs not an integer in [1, N], tol ≤ 0),
 *   `DISCONNECTED_GRAPH` (see {@link requireConnected}), `EIGEN_NOT_CONVERGED` (Lanczos).
 * @example
 * ```ts
 * import { csrFromDense, laplacianEigs } from "manifold-geom";
 *
 * // A ring of N = 12 nodes: K_ii = 1, K_{i,i±1} = a. Every row sums to 1 + 2a, so
 * // P = K/(1 + 2a) and its Fourier modes give ξ_j = 2a(1 − cos(2πj/N))/(1 + 2a), j = 0, ±1, ±2, …
 * const N = 12;
 * const a = 0.5;
 * const ring = Array.from({ length: N }, (_, i) =>
 *   Array.from({ length: N }, (_, j) => {
 *     const gap = (j - i + N) % N;
 *     return gap === 0 ? 1 : gap === 1 || gap === N - 1 ? a : 0;
 *   }),
 * );
 * const { xi, phi, weights } = laplacianEigs({ K: csrFromDense(ring) }, 5);
 * const xiExact = (j: number) => (2 * a * (1 - Math.cos((2 * Math.PI * j) / N))) / (1 + 2 * a);
 * const exact = [0, 1, 1, 2, 2].map(xiExact);
 * console.log(xi.every((v, l) => Math.abs(v - exact[l]) < 1e-12)); // true
 * console.log(phi.data[0], weights[0] * N); // 1 1 (φ_0 ≡ 1; equal degrees give w_i = 1/N)
 * ```
 */
export function laplacianEigs(
  kernel: Pick<CidmKernel, "K">,
  nEigs: number,
  options: LaplacianEigsOptions = {},
): LaplacianEigs {
  const { K } = kernel;
  const N = K.rows;
  const M = requireInt(nEigs, "nEigs", 1, N);
  const tol = options.tol ?? 1e-9;
  if (!(tol > 0)) throw new ManifoldError("INVALID_PARAMETER", `tol must be > 0; got ${tol}.`);
  requireConnected(K);

  const D = new Float64Array(N);
  let sumD = 0;
  for (let i = 0; i < N; i++) {
    let s = 0;
    for (let p = K.indptr[i]; p < K.indptr[i + 1]; p++) s += K.data[p];
    D[i] = s;
    sumD += s;
  }
  const dInvSqrt = new Float64Array(N);
  const v0 = new Float64Array(N);
  const norm0 = Math.sqrt(sumD);
  for (let i = 0; i < N; i++) {
    dInvSqrt[i] = 1 / Math.sqrt(D[i]);
    v0[i] = Math.sqrt(D[i]) / norm0;
  }
  // S = D^{-1/2} K D^{-1/2} as a CSR with the same pattern.
  const Sdata = new Float64Array(K.data.length);
  for (let i = 0; i < N; i++) {
    for (let p = K.indptr[i]; p < K.indptr[i + 1]; p++) {
      Sdata[p] = K.data[p] * (dInvSqrt[i] * dInvSqrt[K.indices[p]]);
    }
  }
  const S: SparseMatrix = { rows: N, cols: N, indptr: K.indptr, indices: K.indices, data: Sdata };

  const lambda = new Float64Array(M);
  const V = new Float64Array(N * M); // N×M, column ℓ = v_ℓ
  const residuals = new Float64Array(M);
  const denseBelow = options.denseBelow ?? 400;
  if (N <= denseBelow || M > N / 3) {
    const dense = { rows: N, cols: N, data: new Float64Array(N * N) };
    for (let i = 0; i < N; i++) {
      for (let p = S.indptr[i]; p < S.indptr[i + 1]; p++)
        dense.data[i * N + S.indices[p]] = S.data[p];
    }
    const eig = symEig(dense);
    for (let l = 0; l < M; l++) {
      const c = N - 1 - l;
      lambda[l] = eig.values[c];
      for (let i = 0; i < N; i++) V[i * M + l] = eig.vectors.data[i * N + c];
    }
    // v_0 is known exactly; keep the dense solver's rounding out of φ_0.
    for (let i = 0; i < N; i++) V[i * M] = v0[i];
    lambda[0] = 1;
  } else {
    lambda[0] = 1;
    for (let i = 0; i < N; i++) V[i * M] = v0[i];
    if (M > 1) {
      // Lanczos on (I − v0 v0ᵀ) S (I − v0 v0ᵀ): v0 is an exact eigenvector of S, so this
      // moves λ = 1 out of the way and leaves the rest of the spectrum.
      const res = lanczosEigs(S, M - 1, {
        which: "largest",
        tol,
        seed: options.seed ?? 0,
        deflate: [v0],
        ...(options.maxRestarts !== undefined ? { maxRestarts: options.maxRestarts } : {}),
      });
      for (let l = 1; l < M; l++) {
        lambda[l] = res.values[l - 1];
        // The start vector's v0 component survives in the Ritz vectors at the level of the
        // residual; project it out so that Σ w φ_ℓ = 0 holds to rounding.
        let a = 0;
        for (let i = 0; i < N; i++) a += v0[i] * res.vectors[i * (M - 1) + (l - 1)];
        let s = 0;
        for (let i = 0; i < N; i++) {
          const v = res.vectors[i * (M - 1) + (l - 1)] - a * v0[i];
          V[i * M + l] = v;
          s += v * v;
        }
        const inv = 1 / Math.sqrt(s);
        for (let i = 0; i < N; i++) V[i * M + l] *= inv;
      }
    }
  }

  // φ = √(ΣD) D^{-1/2} v (φ_0 ≡ 1 exactly), sign: largest |φ| entry positive; residuals of S.
  const phi = new Float64Array(N * M);
  const sv = new Float64Array(N);
  const col = new Float64Array(N);
  for (let l = 0; l < M; l++) {
    let big = 0;
    for (let i = 0; i < N; i++) {
      col[i] = V[i * M + l];
      const f = l === 0 ? 1 : norm0 * dInvSqrt[i] * col[i];
      phi[i * M + l] = f;
      if (Math.abs(f) > Math.abs(big)) big = f;
    }
    if (big < 0) for (let i = 0; i < N; i++) phi[i * M + l] = -phi[i * M + l];
    spmv(S, col, sv);
    let r2 = 0;
    for (let i = 0; i < N; i++) {
      const r = sv[i] - lambda[l] * col[i];
      r2 += r * r;
    }
    residuals[l] = Math.sqrt(r2);
  }
  const weights = new Float64Array(N);
  for (let i = 0; i < N; i++) weights[i] = D[i] / sumD;
  const xi = new Float64Array(M);
  for (let l = 0; l < M; l++) xi[l] = 1 - lambda[l];
  return { lambda, xi, phi: { rows: N, cols: M, data: phi }, weights, residuals };
}
