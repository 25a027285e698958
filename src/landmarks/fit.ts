/**
 * Landmark CIDM: fit on m ≪ N landmarks, then extend the eigenfunctions to all N points by
 * Nyström (GUIDE §3).
 *
 * @module
 */
import type { CidmModel } from "../cidm/types.js";
import { ManifoldError, requireInt } from "../errors/index.js";
import type { Matrix } from "../matrix/index.js";
import { nystromExtend } from "../nystrom/extend.js";
import { createReporter, type ProgressOptions, type Reporter } from "./progress.js";
import {
  type LandmarkMethod,
  type LandmarkSelection,
  resolveLandmarkMethod,
  selectFromMatrix,
} from "./select.js";

/** The landmark-related options of `cidm` (see `CidmOptions`). */
export interface LandmarkFitOptions extends ProgressOptions {
  landmarks?: number | "auto";
  landmarkMethod?: LandmarkMethod;
  landmarkSampleSize?: number;
  seed?: number;
  k?: number;
  kernelNeighbors?: number;
  nEigs?: number;
}

/** Points handled per `nystromExtend` call when extending to all N points (progress/abort granularity). */
export const EXTEND_BATCH = 16_384;

/**
 * The `"auto"` landmark count: `m = min(N, 5000)`.
 *
 * Reason (measured, docs/scale.md): with Poisson-disk landmarks the spectral error of the
 * landmark fit is that of a CIDM fit on m quasi-uniform points, independent of N; at m = 5000
 * the first 20 ratios of the flat torus and the first 15 of the sphere are within ≈ 1% of the
 * truths, well inside the 3% target, while the fit costs seconds and the extension's per-point
 * cost (one kernel row among the landmarks) stays small. Below 5000 points landmarks save
 * nothing, so all points are used.
 *
 * Cost O(1). Never throws (N is not validated: `cidm` passes the validated row count).
 *
 * @param N - the number of input points.
 * @returns m = min(N, 5000).
 * @example
 * ```ts
 * import { autoLandmarkCount } from "manifold-geom";
 *
 * console.log(autoLandmarkCount(1200), autoLandmarkCount(100_000)); // 1200 5000
 * ```
 */
export function autoLandmarkCount(N: number): number {
  return Math.min(N, 5000);
}

/**
 * Resolve the `landmarks` option of `cidm` against N points, k, κ and M: `"auto"` gives
 * {@link autoLandmarkCount}(N), an integer m is checked against the admissible range
 * `max(3, k + 1, κ, M) ≤ m ≤ N` (the landmark fit is a CIDM fit on m points, which needs
 * k + 1 ≤ m for the bandwidth, κ ≤ m for the support and M ≤ m eigenpairs). k defaults to 16
 * as in `cidm`; κ and M count only when given.
 *
 * Cost O(1).
 *
 * @param landmarks - the option's value: an integer m or `"auto"`.
 * @param N - the number of input points.
 * @param options - the fit's `k`, `kernelNeighbors` and `nEigs` (as passed to `cidm`).
 * @returns m, the number of landmarks.
 * @throws ManifoldError `INVALID_PARAMETER` when `landmarks` is neither an integer nor
 *   `"auto"`, or m is outside the admissible range (the message gives the range), including
 *   `"auto"` on fewer than the needed points.
 * @example
 * ```ts
 * import { ManifoldError, resolveLandmarkCount } from "manifold-geom";
 *
 * console.log(resolveLandmarkCount("auto", 20_000, {})); // 5000
 * console.log(resolveLandmarkCount(300, 20_000, { k: 16, nEigs: 20 })); // 300
 * try {
 *   resolveLandmarkCount(10, 20_000, { k: 16 }); // needs m ≥ k + 1 = 17
 * } catch (e) {
 *   if (e instanceof ManifoldError) console.log(e.code, e.details?.min); // INVALID_PARAMETER 17
 * }
 * ```
 */
export function resolveLandmarkCount(
  landmarks: unknown,
  N: number,
  options: { k?: number; kernelNeighbors?: number; nEigs?: number },
): number {
  const k = options.k ?? 16;
  const need = Math.max(3, k + 1, options.kernelNeighbors ?? 0, options.nEigs ?? 0);
  if (landmarks === "auto") {
    const m = autoLandmarkCount(N);
    if (m < need) {
      throw new ManifoldError(
        "INVALID_PARAMETER",
        `landmarks "auto" chose m = ${m} (all ${N} points), fewer than the ${need} needed (k + 1 = ${k + 1}, kernelNeighbors, nEigs); pass more points or lower k/nEigs.`,
        { m, need, N },
      );
    }
    return m;
  }
  if (typeof landmarks !== "number" || !Number.isInteger(landmarks)) {
    throw new ManifoldError(
      "INVALID_PARAMETER",
      `landmarks must be an integer m or "auto"; got ${JSON.stringify(landmarks)}.`,
      { name: "landmarks", value: landmarks },
    );
  }
  if (landmarks < need || landmarks > N) {
    throw new ManifoldError(
      "INVALID_PARAMETER",
      `landmarks = ${landmarks} is outside [${need}, ${N}]: the landmark fit needs m ≥ max(3, k + 1, kernelNeighbors, nEigs) = ${need} (k = ${k}) and at most the N = ${N} input points.`,
      { name: "landmarks", value: landmarks, min: need, max: N },
    );
  }
  return requireInt(landmarks, "landmarks", need, N);
}

/**
 * Relative stage weights for the progress fractions: a rough cost model in ns, calibrated on
 * this 2-core machine (torus in R⁴, N = 30 000, m = 3000; torus in R⁵⁰, N = 100 000, m = 5000:
 * each stage within ≈ 2× of its measured time).
 */
function stageWeights(
  N: number,
  n: number,
  m: number,
  method: LandmarkMethod,
  options: LandmarkFitOptions,
): [string, number][] {
  const kappa = options.kernelNeighbors ?? 2 * (options.k ?? 16);
  const M = options.nEigs ?? 20;
  const S = Math.min(
    N,
    options.landmarkSampleSize ?? (method === "kmeans" ? 10 * m : method === "poisson" ? 5 * m : N),
  );
  const brute = n > 32;
  let select = 1;
  if (m < N && method === "poisson")
    select = S * 45 * 40 * Math.log2(S) + (brute ? 0.5 * S * S * n : 0);
  else if (m < N && method === "farthest") select = 10 * S * m + 30 * S * n;
  else if (m < N && method === "kmeans") select = 10 * S * m + 15 * S * m * (n + 2);
  const kernel = m * kappa * (6000 + 5 * n) + (brute ? 0.5 * m * m * n : 0);
  const eig = m * kappa * M * 300;
  const extend = m === N ? 1 : N * (kappa * (30 + 2 * n + 2 * M) + (brute ? 0.4 * m * n : 60_000));
  return [
    ["landmarks", select],
    ["kernel", kernel],
    ["eigensolve", eig],
    ["extend", extend],
  ];
}

/**
 * Landmark CIDM on validated N×n points X: select m landmarks, fit CIDM on them with `fitCore`
 * (the plain fit), then extend φ_0 … φ_{M−1} to all N points by Nyström in batches of
 * {@link EXTEND_BATCH} (progress and abort checks between batches). At rows that are landmarks
 * the fitted φ is copied exactly. Internal: called by `cidm` when `landmarks` is set.
 *
 * Cost: selection (see `selectLandmarks`) + CIDM on m points + N Nyström rows (each one kNN and
 * one reverse-radius search among the m landmarks, O(|row|·(n + M))). Memory O(N·M) for phiAll
 * plus O(m·(n + κ + M)) for the landmark model; the input is not copied.
 *
 * @throws ManifoldError `INVALID_PARAMETER` (landmarks, landmarkMethod, …), the errors of the
 *   plain fit, `ILL_CONDITIONED_EXTENSION` (some λ_ℓ < 1e-3: lower nEigs), `ABORTED`.
 */
export function landmarkCidm<O extends LandmarkFitOptions>(
  X: Matrix,
  options: O,
  fitCore: (L: Matrix, options: O, rep: Reporter) => CidmModel,
): CidmModel {
  const N = X.rows;
  const n = X.cols;
  const method = resolveLandmarkMethod(options.landmarkMethod);
  const m = resolveLandmarkCount(options.landmarks, N, options);
  const rep = createReporter(stageWeights(N, n, m, method, options), options, "cidm");

  rep.begin("landmarks");
  let sel: LandmarkSelection;
  if (m === N) {
    const indices = new Int32Array(N);
    for (let i = 0; i < N; i++) indices[i] = i;
    sel = {
      method,
      m,
      indices,
      points: { rows: N, cols: n, data: Float64Array.from(X.data) },
    };
  } else {
    sel = selectFromMatrix(
      X,
      m,
      { method, seed: options.seed, sampleSize: options.landmarkSampleSize },
      rep,
    );
  }

  const model = fitCore(sel.points, options, rep);
  const M = model.phi.cols;

  rep.begin("extend");
  const phiAll = new Float64Array(N * M);
  if (m === N) {
    phiAll.set(model.phi.data);
  } else {
    for (let q0 = 0; q0 < N; q0 += EXTEND_BATCH) {
      const q1 = Math.min(N, q0 + EXTEND_BATCH);
      const batch: Matrix = { rows: q1 - q0, cols: n, data: X.data.subarray(q0 * n, q1 * n) };
      const ext = nystromExtend(model, batch, { nEigs: M });
      phiAll.set(ext.data, q0 * M);
      rep.step(q1 / N);
    }
    if (sel.indices !== null) {
      const phi = model.phi.data;
      for (let j = 0; j < m; j++) {
        phiAll.set(phi.subarray(j * M, (j + 1) * M), sel.indices[j] * M);
      }
    }
  }
  rep.finish();
  return {
    ...model,
    landmarks: {
      method,
      m,
      N,
      indices: sel.indices,
      phiAll: { rows: N, cols: M, data: phiAll },
    },
  };
}
