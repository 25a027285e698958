/**
 * Landmark CIDM cases: the timed call is the whole landmark fit (selection, CIDM on the m
 * landmarks, Nyström extension of the eigenfunctions to all N points) on the Kronecker torus
 * and the Fibonacci sphere, N = 200 000, m = 5000, k = 32. There is no Python reference; the
 * spectrum is checked against the Laplace–Beltrami truths (GUIDE §10) in `setup` (one untimed
 * fit) and the result shown in the table's data column: "ratios ≤ x%" (target 3%).
 * The `landmarks-error-vs-m` case prints the spectral error against m for each selection rule.
 */
import { cidm } from "../../src/cidm/index.js";
import { flatTorus, sphere } from "../../src/datasets/index.js";
import { type LandmarkMethod, selectLandmarks } from "../../src/landmarks/index.js";
import type { Matrix } from "../../src/matrix/index.js";
import { type BenchCase, type CaseData, defineCase } from "../types.js";

const TORUS20 = [
  ...Array(4).fill(1),
  ...Array(4).fill(2),
  ...Array(4).fill(4),
  ...Array(8).fill(5),
];
const SPHERE15 = [...Array(3).fill(1), ...Array(5).fill(3), ...Array(7).fill(6)];

interface LandmarkData extends CaseData {
  readonly X: Matrix;
  readonly m: number;
  readonly method: LandmarkMethod;
  readonly nEigs: number;
}

/** Largest relative error of ξ_j/ξ_1 against the truth. */
function maxRatioError(xi: Float64Array, truth: number[]): number {
  return Math.max(...truth.map((t, j) => Math.abs(xi[j + 1] / xi[1] - t) / t));
}

function fitCase(d: LandmarkData) {
  return cidm(d.X, { k: 32, nEigs: d.nEigs, landmarks: d.m, landmarkMethod: d.method });
}

function spectrumCase(
  surface: "torus" | "sphere",
  method: LandmarkMethod,
): BenchCase<LandmarkData, ReturnType<typeof fitCase>> {
  const truth = surface === "torus" ? TORUS20 : SPHERE15;
  return {
    name: `landmarks-${surface}-${method}`,
    setup(ctx) {
      const N = ctx.quick ? 50_000 : 200_000;
      const m = ctx.quick ? 2000 : 5000;
      const X =
        surface === "torus"
          ? flatTorus({ n: N, sampling: "kronecker" }).points
          : sphere({ n: N }).points;
      const d: LandmarkData = {
        X,
        m,
        method,
        nEigs: truth.length + 1,
        matrices: {},
        label: "",
      };
      const err = maxRatioError(fitCase(d).xi, truth);
      const name = surface === "torus" ? "Kronecker torus" : "Fibonacci sphere";
      return {
        ...d,
        label: `N=${N} m=${m} ${method} k=32 ${name}: ratios ≤ ${(100 * err).toFixed(2)}%${ctx.quick ? "" : err <= 0.03 ? " (✓ < 3%)" : " (✗ > 3%)"}`,
      };
    },
    run: fitCase,
  };
}

interface SweepData extends CaseData {
  readonly X: Matrix;
}

export const cases: BenchCase[] = [
  defineCase(spectrumCase("torus", "poisson")),
  defineCase(spectrumCase("sphere", "poisson")),
  defineCase(spectrumCase("torus", "farthest")),
  defineCase(spectrumCase("sphere", "farthest")),
  defineCase(spectrumCase("torus", "random")),
  defineCase<SweepData, unknown>({
    name: "landmarks-error-vs-m",
    setup(ctx) {
      const N = ctx.quick ? 50_000 : 200_000;
      const ms = ctx.quick ? [500, 1000, 2000] : [1000, 2000, 5000, 10_000];
      const torus = flatTorus({ n: N, sampling: "kronecker" }).points;
      const sph = sphere({ n: N }).points;
      console.log(`\n  spectral error (max |ratio − truth|/truth) vs m, N = ${N}, k = 32:`);
      for (const [name, X, truth] of [
        ["torus ", torus, TORUS20],
        ["sphere", sph, SPHERE15],
      ] as const) {
        for (const method of ["poisson", "farthest", "random"] as const) {
          const row = ms.map((m) => {
            const L = selectLandmarks(X, m, { method, seed: 1 }).points;
            const model = cidm(L, { k: 32, nEigs: truth.length + 1 });
            return `m=${m}: ${(100 * maxRatioError(model.xi, truth)).toFixed(2)}%`;
          });
          console.log(`    ${name} ${method.padEnd(8)} ${row.join("  ")}`);
        }
      }
      console.log("");
      return { X: torus, matrices: {}, label: `N=${N} torus: selection only (poisson, m=5000)` };
    },
    run: (d) => selectLandmarks(d.X, 5000, { seed: 1 }),
  }),
];
