/**
 * Nyström projection cases: project a batch of queries onto a fitted CIDM model (GUIDE §3),
 * against the same rules in numpy/scipy (bench/python/nystrom.py) on the identical model, which
 * our side fits (untimed) and hands over. Timed: the projection only; both sides build the
 * training neighbour index once, outside the timing (ours caches it per model).
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
import { type NystromProjection, nystromProject } from "../../src/nystrom/index.js";
import { type BenchCase, type CaseData, type CheckResult, defineCase } from "../types.js";

interface ProjectData extends CaseData {
  readonly model: CidmModel;
  readonly Q: Matrix;
  readonly L: number;
  readonly sampleRows: number[];
}

const row = (a: Float64Array): Matrix => ({ rows: 1, cols: a.length, data: a });

function projectData(
  model: CidmModel,
  Q: Matrix,
  L: number,
  label: string,
  threads: number,
): ProjectData {
  const sampleRows = Array.from({ length: 50 }, (_, i) => Math.floor((i * Q.rows) / 50));
  return {
    model,
    Q,
    L,
    sampleRows,
    matrices: {
      X: model.points,
      phi: model.phi,
      weights: row(model.weights),
      rho: row(model.rho),
      rKappa: row(model.rKappa),
      lam: row(model.lambda),
      Q,
    },
    params: {
      k: model.k,
      kappa: model.kernelNeighbors,
      eps: model.eps,
      nEigs: L,
      threads,
      sampleRows,
    },
    label,
  };
}

/** The sampled projected points agree to 1e-9 (relative to the data scale) and so do the outside counts. */
function checkProject(ours: NystromProjection, reference: unknown, d: ProjectData): CheckResult {
  const ref = reference as { rows: number[]; points: number[][]; outside: number };
  const n = d.Q.cols;
  let scale = 0;
  for (const v of d.model.points.data) scale = Math.max(scale, Math.abs(v));
  let worst = 0;
  ref.rows.forEach((q, r) => {
    for (let t = 0; t < n; t++) {
      worst = Math.max(worst, Math.abs(ours.points.data[q * n + t] - ref.points[r][t]));
    }
  });
  const outside = ours.outsideSupport.reduce((a, b) => a + b, 0);
  const rel = worst / scale;
  return {
    ok: rel < 1e-9 && outside === ref.outside,
    detail: `projected points max diff / max|x| = ${rel.toExponential(1)} (${ref.rows.length} rows); outside support ${outside} vs ${ref.outside}`,
  };
}

function torusCase(quick: boolean, threads: number): ProjectData {
  const n = quick ? 5000 : 20_000;
  const nq = quick ? 2000 : 10_000;
  const model = cidm(embeddedTorus({ n, seed: 5 }).points, { k: 16, nEigs: 20 });
  const Q = addNoise(embeddedTorus({ n: nq, seed: 6 }).points, { sigma: 0.1, seed: 7 });
  return projectData(
    model,
    Q,
    20,
    `${nq} queries (σ=0.1 off the torus) onto N=${n} R^3 k=16 L=20 (embedded torus)`,
    threads,
  );
}

function pickClass(images: Matrix, labels: Int32Array, count: number): Matrix {
  const rows: number[] = [];
  for (let i = 0; i < labels.length && rows.length < count; i++) if (labels[i] === 0) rows.push(i);
  const data = new Float64Array(rows.length * 784);
  for (let t = 0; t < rows.length; t++) {
    data.set(images.data.subarray(rows[t] * 784, (rows[t] + 1) * 784), t * 784);
  }
  return { rows: rows.length, cols: 784, data };
}

async function fashionCase(quick: boolean, threads: number): Promise<ProjectData> {
  const nTrain = quick ? 2000 : 6000;
  const nq = quick ? 200 : 1000;
  let X: Matrix;
  let Q: Matrix;
  let origin: string;
  try {
    const train = await loadFashionMnist({ split: "train" });
    const test = await loadFashionMnist({ split: "test" });
    X = pickClass(train.images, train.labels, nTrain);
    Q = pickClass(test.images, test.labels, nq);
    origin = "Fashion-MNIST class 0, test images";
  } catch (e) {
    if (!(e instanceof ManifoldError && e.code === "DATA_NOT_FOUND")) throw e;
    const latent = gaussianCloud({ n: nTrain + nq, dim: 6, seed: 41 }).points;
    const all = addNoise(embedInHighDim(latent, { dim: 784, seed: 42 }).points, {
      sigma: 0.02,
      seed: 43,
    });
    X = { rows: nTrain, cols: 784, data: all.data.slice(0, nTrain * 784) };
    Q = { rows: nq, cols: 784, data: all.data.slice(nTrain * 784) };
    origin = "synthetic: Fashion-MNIST not installed";
  }
  const model = cidm(X, { k: 16, nEigs: 20 });
  return projectData(
    model,
    Q,
    20,
    `${Q.rows} queries onto N=${X.rows} R^784 k=16 L=20 (${origin})`,
    threads,
  );
}

export const cases: BenchCase[] = [
  defineCase<ProjectData, NystromProjection>({
    name: "nystrom-project-torus-3d",
    setup: ({ quick, threads }) => torusCase(quick, threads),
    run: (d) => nystromProject(d.model, d.Q, { nEigs: d.L }),
    python: { script: "nystrom.py", args: [] },
    check: checkProject,
  }),
  defineCase<ProjectData, NystromProjection>({
    name: "nystrom-project-fmnist-784d",
    setup: ({ quick, threads }) => fashionCase(quick, threads),
    run: (d) => nystromProject(d.model, d.Q, { nEigs: d.L }),
    python: { script: "nystrom.py", args: [] },
    check: checkProject,
  }),
];
