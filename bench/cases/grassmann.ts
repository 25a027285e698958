/**
 * Grassmann cases: principal angles of 1 000 pairs of 200×10 bases vs
 * scipy.linalg.subspace_angles, flag mean / flag median of 100 points of Gr(10, 1 000) vs numpy
 * SVDs, and the planted mixed set where scipy returns 0 for a 1e-9 angle.
 */
import { gaussianCloud } from "../../src/datasets/index.js";
import {
  type FlagMeanResult,
  type FlagMedianResult,
  flagMean,
  flagMedian,
  orthonormalize,
  principalAngles,
} from "../../src/grassmann/index.js";
import type { Matrix } from "../../src/matrix/index.js";
import { createRng } from "../../src/random/index.js";
import { type BenchCase, type CaseData, type CheckResult, defineCase } from "../types.js";

interface PairsData extends CaseData {
  readonly As: Matrix[];
  readonly Bs: Matrix[];
}

interface PointsData extends CaseData {
  readonly points: Matrix[];
  readonly k: number;
}

function stack(ms: Matrix[]): Matrix {
  const rows = ms.reduce((s, m) => s + m.rows, 0);
  const data = new Float64Array(rows * ms[0].cols);
  let off = 0;
  for (const m of ms) {
    data.set(m.data, off);
    off += m.data.length;
  }
  return { rows, cols: ms[0].cols, data };
}

function randomBasis(n: number, p: number, seed: number): Matrix {
  return orthonormalize(gaussianCloud({ n, dim: p, seed }).points);
}

/** orth(A + eps·G): a basis near span(A). */
function perturbed(A: Matrix, eps: number, seed: number): Matrix {
  const G = gaussianCloud({ n: A.rows, dim: A.cols, seed }).points;
  const data = A.data.map((v, i) => v + eps * G.data[i]);
  return orthonormalize({ rows: A.rows, cols: A.cols, data });
}

/** Largest |ours − reference| over all angles. */
function compareAngles(ours: Float64Array[], ref: number[][]): number {
  let worst = ours.length === ref.length ? 0 : Number.POSITIVE_INFINITY;
  for (let i = 0; i < Math.min(ours.length, ref.length); i++) {
    if (ours[i].length !== ref[i].length) return Number.POSITIVE_INFINITY;
    for (let j = 0; j < ref[i].length; j++)
      worst = Math.max(worst, Math.abs(ours[i][j] - ref[i][j]));
  }
  return worst;
}

function pairsCase(name: string, near: boolean): BenchCase {
  return defineCase<PairsData, Float64Array[]>({
    name,
    setup: ({ quick }) => {
      const [pairs, n, p] = quick ? [200, 200, 10] : [1000, 200, 10];
      const As: Matrix[] = [];
      const Bs: Matrix[] = [];
      for (let i = 0; i < pairs; i++) {
        const A = randomBasis(n, p, 10_000 + i);
        As.push(A);
        // near: B = orth(A + ε G) with ε log-spaced in [1e-6, 1e-1], so angles fall below π/4
        Bs.push(
          near
            ? perturbed(A, 10 ** (-6 + (5 * i) / pairs), 50_000 + i)
            : randomBasis(n, p, 90_000 + i),
        );
      }
      return {
        As,
        Bs,
        matrices: { A: stack(As), B: stack(Bs) },
        params: { pairs, n, p },
        label: `${pairs} pairs ${n}×${p}, ${near ? "near (angles < π/4)" : "random"} (subspace_angles)`,
      };
    },
    run: (d) => d.As.map((A, i) => principalAngles(A, d.Bs[i])),
    python: { script: "grassmann.py", args: ["angles"] },
    check: (ours, reference): CheckResult => {
      const worst = compareAngles(ours, (reference as { angles: number[][] }).angles);
      return {
        ok: worst <= 1e-9,
        detail: `all angles: max |ours − scipy| = ${worst.toExponential(1)} rad (tol 1e-9)`,
      };
    },
  });
}

/** 80 inliers near a common 10-dim subspace K0 of R^1000 plus 20 random outliers. */
function pointsData(quick: boolean, what: string): PointsData {
  const [count, n, k] = quick ? [40, 400, 10] : [100, 1000, 10];
  const K0 = randomBasis(n, k, 7);
  const rng = createRng(8);
  const points: Matrix[] = [];
  for (let i = 0; i < count; i++) {
    if (i % 5 === 4) {
      points.push(randomBasis(n, k, 20_000 + i));
      continue;
    }
    // X = orth(K0·R + 0.01·G), R a random k×k rotation: about 0.3 rad from span(K0)
    const R = randomBasis(k, k, 30_000 + i).data;
    const data = new Float64Array(n * k);
    for (let r = 0; r < n; r++) {
      for (let c = 0; c < k; c++) {
        let s = 0;
        for (let l = 0; l < k; l++) s += K0.data[r * k + l] * R[l * k + c];
        data[r * k + c] = s + 0.01 * rng.normal();
      }
    }
    points.push(orthonormalize({ rows: n, cols: k, data }));
  }
  return {
    points,
    k,
    matrices: { X: stack(points) },
    params: { count, n, k, tol: 1e-9, maxIter: 200, eta: 1e-8 },
    label: `${what} of ${count} points of Gr(${k}, ${n}), 20% outliers (np.linalg.svd)`,
  };
}

function basisAngle(K: Matrix, ref: number[]): number {
  const R = { rows: K.rows, cols: K.cols, data: Float64Array.from(ref) };
  return Math.max(...principalAngles(K, orthonormalize(R)));
}

export const cases: BenchCase[] = [
  pairsCase("grassmann-angles", false),
  pairsCase("grassmann-angles-near", true),
  defineCase<PointsData, FlagMeanResult>({
    name: "grassmann-flagmean",
    setup: ({ quick }) => pointsData(quick, "flag mean"),
    run: (d) => flagMean(d.points, d.k),
    python: { script: "grassmann.py", args: ["flagmean"] },
    check: (ours, reference): CheckResult => {
      const a = basisAngle(ours.mean, (reference as { basis: number[] }).basis);
      return {
        ok: a <= 1e-8,
        detail: `largest principal angle to numpy's mean = ${a.toExponential(1)} rad (${ours.method})`,
      };
    },
  }),
  defineCase<PointsData, FlagMedianResult>({
    name: "grassmann-flagmedian",
    setup: ({ quick }) => pointsData(quick, "flag median"),
    run: (d) => flagMedian(d.points, d.k, { tol: 1e-9, maxIter: 200, eta: 1e-8 }),
    python: { script: "grassmann.py", args: ["flagmedian"] },
    check: (ours, reference): CheckResult => {
      const ref = reference as { basis: number[]; iterations: number };
      const a = basisAngle(ours.median, ref.basis);
      return {
        ok: a <= 1e-6,
        detail: `largest principal angle to numpy's median = ${a.toExponential(1)} rad; IRLS iterations ours ${ours.iterations}, numpy ${ref.iterations}`,
      };
    },
  }),
  defineCase<PairsData, Float64Array>({
    name: "grassmann-planted",
    setup: () => {
      // GUIDE §10: A = [e1..e6] ⊂ R^20, B_i = cos θ_i e_i + sin θ_i e_{6+i}, rotated by one Q.
      const theta = [1e-9, 1e-5, 0.1, 0.5, 1.2, Math.PI / 2];
      const n = 20;
      const p = 6;
      const Q = randomBasis(n, n, 3);
      const A = { rows: n, cols: p, data: new Float64Array(n * p) };
      const B = { rows: n, cols: p, data: new Float64Array(n * p) };
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < p; j++) {
          A.data[i * p + j] = Q.data[i * n + j];
          B.data[i * p + j] =
            Math.cos(theta[j]) * Q.data[i * n + j] + Math.sin(theta[j]) * Q.data[i * n + p + j];
        }
      }
      return {
        As: [A],
        Bs: [B],
        matrices: { A, B },
        params: { theta },
        label: "planted θ = (1e-9, 1e-5, 0.1, 0.5, 1.2, π/2) in R^20, ×1000 calls",
      };
    },
    run: (d) => {
      let theta = principalAngles(d.As[0], d.Bs[0]);
      for (let r = 1; r < 1000; r++) theta = principalAngles(d.As[0], d.Bs[0]);
      return theta;
    },
    python: { script: "grassmann.py", args: ["planted"] },
    check: (ours, reference, d): CheckResult => {
      const theta = d.params!.theta as number[];
      const sp = (reference as { angles: number[] }).angles;
      let worst = 0;
      for (let j = 0; j < theta.length; j++) worst = Math.max(worst, Math.abs(ours[j] - theta[j]));
      const fmt = (a: ArrayLike<number>) => Array.from(a, (v) => v.toExponential(3)).join(", ");
      return {
        ok: worst <= 1e-12,
        detail: `planted θ₁ = 1e-9: ours ${ours[0].toExponential(3)}, scipy ${sp[0].toExponential(3)}; ours − planted ≤ ${worst.toExponential(1)}; ours [${fmt(ours)}] scipy [${fmt(sp)}]`,
      };
    },
  }),
];
