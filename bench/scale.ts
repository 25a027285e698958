/**
 * CIDM at scale: one fit of N points on the embedded torus in R³ (default N = 100 000, k = 16,
 * 20 eigenpairs), reporting wall time per stage and peak resident memory. Targets (issue 4):
 * < 60 s and < 2 GB on a 2-core machine. Writes bench/results-scale.json.
 *
 * Run: npm run bench:scale [-- N]
 */
import { writeFileSync } from "node:fs";
import { cidmKernel, laplacianEigs } from "../src/cidm/index.js";
import { embeddedTorus } from "../src/datasets/index.js";

const N = Number(process.argv[2] ?? 100_000);
let peak = 0;
const sample = () => {
  peak = Math.max(peak, process.memoryUsage().rss);
};
const timer = setInterval(sample, 50);

const { points } = embeddedTorus({ n: N, seed: 7 });
sample();
const t0 = performance.now();
const kernel = cidmKernel(points, { k: 16 });
const t1 = performance.now();
sample();
const eig = laplacianEigs(kernel, 20, { tol: 1e-9, seed: 0 });
const t2 = performance.now();
sample();
clearInterval(timer);

const result = {
  date: new Date().toISOString(),
  node: process.version,
  N,
  k: 16,
  nEigs: 20,
  kernelSeconds: (t1 - t0) / 1000,
  eigenSeconds: (t2 - t1) / 1000,
  totalSeconds: (t2 - t0) / 1000,
  peakRssMiB: peak / 2 ** 20,
  eps: kernel.eps,
  nnz: kernel.stats.nnz,
  maxResidual: Math.max(...eig.residuals),
  ratios: Array.from(eig.xi.subarray(1, 9), (x) => x / eig.xi[1]),
};
console.log(
  `CIDM N=${N} torus R^3 k=16 M=20: kernel (kNN + ε + values) ${result.kernelSeconds.toFixed(2)} s, ` +
    `eigenpairs ${result.eigenSeconds.toFixed(2)} s, total ${result.totalSeconds.toFixed(2)} s ` +
    `(target < 60 s); peak RSS ${result.peakRssMiB.toFixed(0)} MiB (target < 2048 MiB); ` +
    `max residual ${result.maxResidual.toExponential(1)}`,
);
writeFileSync(
  new URL("./results-scale.json", import.meta.url),
  `${JSON.stringify(result, null, 2)}\n`,
);
