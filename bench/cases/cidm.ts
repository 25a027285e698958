/**
 * CIDM cases: the whole fit (kNN → kernel → ε → eigenpairs) against the same pipeline in
 * numpy/scipy (cKDTree or blocked brute force, scipy.sparse, eigsh), on identical data.
 */
import { type CidmModel, cidm } from "../../src/cidm/index.js";
import {
  addNoise,
  embeddedTorus,
  embedInHighDim,
  gaussianCloud,
  loadFashionMnist,
} from "../../src/datasets/index.js";
import { ManifoldError } from "../../src/errors/index.js";
import type { Matrix } from "../../src/matrix/index.js";
import { type BenchCase, type CaseData, type CheckResult, defineCase } from "../types.js";

interface CidmData extends CaseData {
  readonly X: Matrix;
  readonly k: number;
  readonly nEigs: number;
}

const TOL = 1e-9;

function cidmData(X: Matrix, k: number, nEigs: number, label: string, threads: number): CidmData {
  return {
    X,
    k,
    nEigs,
    matrices: { X },
    params: { k, kappa: 2 * k, nEigs, tol: TOL, threads },
    label,
  };
}

/** Same ε, and the eigenvalues ξ agree (relative to ξ_1) to 1e-6. */
function checkCidm(ours: CidmModel, reference: unknown): CheckResult {
  const ref = reference as { xi: number[]; eps: number };
  let worst = 0;
  for (let l = 1; l < ref.xi.length; l++) {
    worst = Math.max(worst, Math.abs(ours.xi[l] - ref.xi[l]) / ref.xi[1]);
  }
  const ok = ours.eps === ref.eps && worst < 1e-6;
  return {
    ok,
    detail: `ε ${ours.eps.toPrecision(6)} vs ${ref.eps.toPrecision(6)}; ξ max diff / ξ₁ = ${worst.toExponential(1)}`,
  };
}

async function fashionClass(n: number, threads: number): Promise<CidmData> {
  try {
    const { images, labels } = await loadFashionMnist({ split: "train" });
    const rows: number[] = [];
    for (let i = 0; i < labels.length && rows.length < n; i++) if (labels[i] === 0) rows.push(i);
    const data = new Float64Array(rows.length * 784);
    for (let t = 0; t < rows.length; t++) {
      data.set(images.data.subarray(rows[t] * 784, (rows[t] + 1) * 784), t * 784);
    }
    const X = { rows: rows.length, cols: 784, data };
    return cidmData(X, 16, 20, `N=${X.rows} R^784 k=16 M=20 (Fashion-MNIST class 0)`, threads);
  } catch (e) {
    if (!(e instanceof ManifoldError && e.code === "DATA_NOT_FOUND")) throw e;
    const latent = gaussianCloud({ n, dim: 6, seed: 41 }).points;
    const X = addNoise(embedInHighDim(latent, { dim: 784, seed: 42 }).points, {
      sigma: 0.02,
      seed: 43,
    });
    return cidmData(
      X,
      16,
      20,
      `N=${n} R^784 k=16 M=20 (synthetic: Fashion-MNIST not installed)`,
      threads,
    );
  }
}

export const cases: BenchCase[] = [
  defineCase<CidmData, CidmModel>({
    name: "cidm-torus-3d",
    setup: ({ quick, threads }) => {
      const n = quick ? 5000 : 20_000;
      const X = embeddedTorus({ n, seed: 5 }).points;
      return cidmData(X, 16, 20, `N=${n} R^3 k=16 M=20 (embedded torus)`, threads);
    },
    run: (d) => cidm(d.X, { k: d.k, nEigs: d.nEigs, tol: TOL }),
    python: { script: "cidm.py", args: [] },
    check: checkCidm,
  }),
  defineCase<CidmData, CidmModel>({
    name: "cidm-fmnist-784d",
    setup: ({ quick, threads }) => fashionClass(quick ? 2000 : 6000, threads),
    run: (d) => cidm(d.X, { k: d.k, nEigs: d.nEigs, tol: TOL }),
    python: { script: "cidm.py", args: [] },
    check: checkCidm,
  }),
];
